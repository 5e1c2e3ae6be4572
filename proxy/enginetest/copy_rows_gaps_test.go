package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// copyRowsObjects are the oracle's tables of these tests, which each test
// drops before and after it runs.
var copyRowsObjects = []string{"drop table if exists public.copy_rows_child, public.copy_rows_t"}

// copyRowsTable has a column of each type whose values pgway decodes to
// a different Go type, constraints of each kind, and defaults.
const copyRowsTable = "create table copy_rows_t (id int primary key, i8 bigint check (i8 >= 0), f float8, r real, " +
	"n numeric(8,3), b boolean, t text not null, v varchar(5), d date, ts timestamp, tz timestamptz, " +
	"by bytea, dflt int default 42, note text default 'none')"

// copyRowsPair connects to pgway on a new DuckDB file and to the oracle,
// each with the tables copy_rows_t and copy_rows_child.
func copyRowsPair(t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	gwConn, pgConn := typedFilePair(t)
	dropOracleObjects(t, copyRowsObjects)
	t.Cleanup(func() { dropOracleObjects(t, copyRowsObjects) })
	gw, pg = gwConn.PgConn(), pgConn.PgConn()
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range []string{copyRowsTable, "create table copy_rows_child (id int, parent int references copy_rows_t)"} {
			if _, err := conn.Exec(context.Background(), sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	return gw, pg
}

// copyRowsData returns n text-format rows of copy_rows_t numbered from
// first, more than DuckDB's vector of 2048 rows when n is large, with a
// NULL in every nullable column of each tenth row, and a column of NULLs
// only (note).
func copyRowsData(first, n int) string {
	var out strings.Builder
	for i := first; i < first+n; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&out, "%d\t\\N\t\\N\t\\N\t\\N\t\\N\trow %d\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n", i, i)
			continue
		}
		day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%3000)
		fmt.Fprintf(&out, "%d\t%d\t%d.25\t%d.5\t%d.%03d\t%t\trow %d\tv%d\t%s\t%s 12:34:56.5\t%s 01:02:03+05\t\\\\x%02x\t%d\t\\N\n",
			i, int64(i)*1000000007, i, i, i%10000, i%1000, i%2 == 0, i, i%1000, day.Format(time.DateOnly),
			day.Format(time.DateOnly), day.Format(time.DateOnly), i%256, i%7)
	}
	return out.String()
}

// copyRowsQueries read back every column of copy_rows_t.
var copyRowsQueries = []string{
	"select count(*), count(i8), sum(i8), sum(f), sum(r), sum(n), count(*) filter (where b), count(v), " +
		"min(d), max(d), min(ts), max(ts), min(tz), max(tz), sum(dflt), count(note) from copy_rows_t",
	"select md5(string_agg(concat_ws('|', id, i8, f, r, n, b, t, v, d, ts, tz, by, dflt, note), ';' order by id)) from copy_rows_t",
	"select id, i8, f, r, n, b, t, v::text, d, ts, tz, by, dflt, note from copy_rows_t where id in (1, 10, 2047, 2048, 2049, 5000, 5001) order by id",
}

// TestCopyFromRowsMatchPostgreSQL copies 5,000 rows in the text and CSV
// formats, with a column list whose other columns take their defaults,
// and in a time zone other than UTC.
func TestCopyFromRowsMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := copyRowsPair(t)
	csv := strings.ReplaceAll(copyRowsData(5001, 100), "\t", ",")
	csv = strings.ReplaceAll(csv, "\\N", "")
	for _, c := range []struct{ sql, data string }{
		{"set timezone = 'America/New_York'", ""},
		{"copy copy_rows_t from stdin", copyRowsData(1, 5000)},
		{"copy copy_rows_t from stdin with (format csv)", strings.ReplaceAll(csv, "\\\\x", "\\x")},
		{"copy copy_rows_t (id, t) from stdin", "6001\ta\n6002\tb\n"},
		{"copy copy_rows_t (t, id, ts) from stdin with (format csv, header)", "t,id,ts\nc,6003,2024-01-01\n"},
	} {
		if c.data == "" {
			compareWriteGaps(ctx, t, gw, pg, []string{c.sql})
			continue
		}
		got, want := copyContextResult(ctx, gw, c.sql, c.data), copyContextResult(ctx, pg, c.sql, c.data)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", c.sql, got, want)
		}
	}
	compareWriteGaps(ctx, t, gw, pg, copyRowsQueries)
}

// TestCopyFromRowsConstraints copies rows that break each kind of
// constraint, and values that are invalid input for the column, after
// 3,000 rows that do not. Each COPY inserts no rows.
func TestCopyFromRowsConstraints(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := copyRowsPair(t)
	// good returns 3,000 rows of the columns id, t and one more, whose
	// value is extra.
	good := func(extra string) string {
		var out strings.Builder
		for i := 1; i <= 3000; i++ {
			fmt.Fprintf(&out, "%d\trow %d\t%s\n", i, i, extra)
		}
		return out.String()
	}
	for _, c := range []struct{ sql, data string }{
		{"copy copy_rows_t from stdin", copyRowsData(1, 3000) + "3001\t1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"},
		{"copy copy_rows_t (id, t, i8) from stdin", good("7") + "3001\tx\t-1\n"},
		{"copy copy_rows_t (id, t, i8) from stdin", good("7") + "17\tx\t1\n"},
		{"copy copy_rows_t (id, t, by) from stdin", good("\\\\x01") + "3001\tx\t\\\\xz\n"},
		{"copy copy_rows_t (id, t, tz) from stdin", good("2024-01-01 00:00:00+02") + "3001\tx\t2024-13-01\n"},
		{"copy copy_rows_child from stdin", "1\t\\N\n2\t5\n"},
		// CHECK's error on line 3,001 comes before a row of too many
		// columns, and bad input before a duplicate key PostgreSQL has
		// not checked yet.
		{"copy copy_rows_t (id, t, i8) from stdin", good("7") + "3001\tx\t-1\n3002\tx\t1\t2\n"},
		{"copy copy_rows_t (id, t, i8) from stdin", good("7") + "17\tx\t1\n3001\tx\tnot a number\n"},
	} {
		got, want := copyContextResult(ctx, gw, c.sql, c.data), copyContextResult(ctx, pg, c.sql, c.data)
		if got != want {
			t.Errorf("%s (%d bytes)\n pgway:      %s\n PostgreSQL: %s", c.sql, len(c.data), got, want)
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{"select count(*) from copy_rows_t", "select count(*) from copy_rows_child"})
}

// TestCopyFromRowsTransaction copies rows in a transaction block that
// rolls back, and in one that commits.
func TestCopyFromRowsTransaction(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := copyRowsPair(t)
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, end := range []string{"rollback", "commit"} {
			if _, err := conn.Exec(ctx, "begin").ReadAll(); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.CopyFrom(ctx, strings.NewReader(copyRowsData(1, 3000)), "copy copy_rows_t from stdin"); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.Exec(ctx, end).ReadAll(); err != nil {
				t.Fatal(err)
			}
		}
	}
	compareWriteGaps(ctx, t, gw, pg, copyRowsQueries)
}

// TestCopyFromRowsOrder copies 20,000 rows, more than one batch of pgway
// and many DuckDB vectors, and reads them back without ORDER BY, in the
// order of their lines on both.
func TestCopyFromRowsOrder(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := copyRowsPair(t)
	var data strings.Builder
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&data, "%d\tline %d\n", i, i)
	}
	got := copyContextResult(ctx, gw, "copy copy_rows_t (id, t) from stdin", data.String())
	want := copyContextResult(ctx, pg, "copy copy_rows_t (id, t) from stdin", data.String())
	if got != want {
		t.Errorf("pgway: %s, PostgreSQL: %s", got, want)
	}
	compareWriteGaps(ctx, t, gw, pg, []string{
		"select count(*), md5(string_agg(t, ',')) from copy_rows_t",
	})
}
