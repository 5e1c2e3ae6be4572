package enginetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// copyGapPair connects to pgway on a new DuckDB file and to the oracle,
// each with an empty table copy_gap_t.
func copyGapPair(t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	objects := []string{"drop table if exists public.copy_gap_t"}
	gwConn, pgConn := typedFilePair(t)
	dropOracleObjects(t, objects)
	t.Cleanup(func() { dropOracleObjects(t, objects) })
	gw, pg = gwConn.PgConn(), pgConn.PgConn()
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		if _, err := conn.Exec(context.Background(), "create table copy_gap_t (a int, b text, d numeric(5,2))").ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
	return gw, pg
}

// copyResult runs COPY ... FROM STDIN with data and returns its tag, or
// its error with the CONTEXT.
func copyResult(ctx context.Context, conn *pgconn.PgConn, sql, data string) string {
	tag, err := conn.CopyFrom(ctx, strings.NewReader(data), sql)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr):
		return fmt.Sprintf("error %s %s (context %q, hint %q)", pgErr.Code, pgErr.Message, pgErr.Where, pgErr.Hint)
	case err != nil:
		return "error " + err.Error()
	}
	return tag.String()
}

// copyTextCases are text-format data with the end-of-data marker \. in
// a line and alone, escaped newlines, lines that end in \r or \r\n, and
// rows whose errors name their line.
var copyTextCases = []string{
	"1\tx\\.y\t1\n",
	"2\tx\\.\t1\n",
	"3\t\\.\t1\n",
	"\\.x\n",
	"4\tx\t1\n\\.\nafter the end\n",
	"5\tx\t1\n\\.",
	"6\tx\\.\n\\.\n",
	"7\ta\\\nb\t1\n",
	"8\tx\\\n",
	"9\tx\t1\\\n",
	"10\tx\\\\\t1\n",
	"11\tx\\\n\\.\n",
	"12\tx\t1\n\\.\r\n",
	"13\tx\t1\r\n14\ty\t2\n",
	"15\tx\t1\r\n16\ty\t2\r\n\\.\r\n",
	"17\tx\t1\r\n\\.\n",
	"18\tx\t1\r19\ty\t2\r",
	"20\tx\t1\n21\ty\t2\r\n",
	"22\tx\\\r\ny\t1\n",
	"zz\tx\t1\n",
	"23\t\\N\t\\N\n24\tx\t1\t3\n",
	"25\tx\n",
	"26\t" + strings.Repeat("é", 60) + "\n",
}

func TestCopyFromTextMatchesPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := copyGapPair(t)
	for _, data := range copyTextCases {
		got, want := copyResult(ctx, gw, "copy copy_gap_t from stdin", data), copyResult(ctx, pg, "copy copy_gap_t from stdin", data)
		if got != want {
			t.Errorf("%q\n pgway:      %s\n PostgreSQL: %s", data, got, want)
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{"select * from copy_gap_t order by a"})
}

// TestCopyFromBatchesMatchPostgreSQL copies more rows than one INSERT of
// pgway holds, with the last batch partly full, and a COPY whose bad row
// is in the middle of a batch.
func TestCopyFromBatchesMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := copyGapPair(t)
	var rows strings.Builder
	for i := 1; i <= 2345; i++ {
		fmt.Fprintf(&rows, "%d\trow %d\t%d.%02d\n", i, i, i%1000, i%100)
	}
	bad := strings.Replace(rows.String(), "1500\trow 1500", "x1500\trow 1500", 1)
	for _, data := range []string{rows.String(), bad} {
		got, want := copyResult(ctx, gw, "copy copy_gap_t from stdin", data), copyResult(ctx, pg, "copy copy_gap_t from stdin", data)
		if got != want {
			t.Errorf("COPY of %d bytes\n pgway:      %s\n PostgreSQL: %s", len(data), got, want)
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{
		"select count(*), sum(a), sum(d), min(b), max(b) from copy_gap_t",
		"select * from copy_gap_t where a in (1, 999, 1000, 1001, 2000, 2001, 2345) order by a",
	})
}

// TestCopyFromNaNNumeric copies NaN into a numeric(p,s) column, which
// PostgreSQL accepts and DuckDB's DECIMAL cannot contain.
func TestCopyFromNaNNumeric(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, _ := copyGapPair(t)
	for _, c := range []struct{ sql, data string }{
		{"copy copy_gap_t from stdin", "1\tx\tNaN\n"},
		{"copy copy_gap_t (a, d) from stdin with (format csv)", "1,nan\n2,1\n"},
	} {
		got := copyResult(ctx, gw, c.sql, c.data)
		if !strings.HasPrefix(got, "error 0A000 ") || !strings.Contains(got, "NaN") {
			t.Errorf("%s %q\n pgway: %s, want 0A000 naming NaN", c.sql, c.data, got)
		}
	}
	if got := biResult(ctx, gw, "select count(*) from copy_gap_t", nil, false); !strings.Contains(got, "= (0)") {
		t.Errorf("after the failed COPY: %s, want no rows", got)
	}
}

// timeRoundingCases are half microseconds of untyped interval literals
// and of timetz input, and interval input in ISO 8601's alternative
// format and with a fraction of a day before a time.
var timeRoundingCases = []string{
	"select timestamp '2020-01-01' + '0.0000005 s', timestamp '2020-01-01' + '0.0000015 s', " +
		"timestamp '2020-01-01' + '0.0000025 s', timestamp '2020-01-01' + '-0.0000005 s'",
	"select '23:59:59.9999995'::timetz, '23:59:59.9999985'::timetz, '12:00:00.0000005+02'::timetz, " +
		"'12:00:00.0000015-03'::timetz, '12:00:00.0000025'::timetz",
	"select interval 'P0001-02-03T04:05:06.5', interval 'P0001-02', interval 'P1-2-3', interval 'P0001-02-03T04:05', " +
		"interval 'P00010203T040506', interval 'P00010203', interval 'PT04:05:06', interval 'P1Y2MT04:05:06.25', " +
		"interval 'P0001-02-03T1H', interval 'P-1-2-3T-4:05:06', interval 'P0.5-1.5-2.5', interval 'P1.5T2'",
	"select interval 'P0001-02-03T04:05:06:07'",
	"select interval 'P0001-02-03-04'",
	"select interval 'P1Y0001-02'",
	"select interval 'PT1H04:05'",
	"select interval '1.5 1:00', interval '-1.5 1:00', interval '1.5 -1:00:00.5', interval '1 2:00', interval '0.25 12:00 ago'",
	"select interval '1 1.5 1:00'",
	"select interval '1 day 1.5 1:00'",
	"select '1.5 1:00'::interval + timestamp '2020-01-01'",
}

func TestTimeRoundingMatchesPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := copyGapPair(t)
	compareWriteGaps(ctx, t, gw, pg, timeRoundingCases)
}
