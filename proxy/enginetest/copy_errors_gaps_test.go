package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// copyErrorRows returns n text-format rows of copy_context_t numbered
// from first, each of which inserts.
func copyErrorRows(first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "%d\tr%d\t%d\n", i, i, i)
	}
	return b.String()
}

// TestCopyFromLargeErrorContext copies more rows than pgway keeps to
// replay, with a row that fails in the first batch of rows and in a
// later one.
func TestCopyFromLargeErrorContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	gw, pg := copyContextPair(t)
	const sql = "copy copy_context_t from stdin"
	for _, data := range []string{
		copyErrorRows(1000, 4) + "1005\tx\t0\n" + copyErrorRows(2000, 20000),
		copyErrorRows(1000, 15999) + "1005\tdup\t1\n" + copyErrorRows(20000, 2000),
		copyErrorRows(1000, 15999) + "99999\t\\N\t1\n" + copyErrorRows(20000, 2000),
		copyErrorRows(1000, 20000) + "99999\tx\t-1\n",
		copyErrorRows(1000, 12000) + "abc\tx\t1\n",
	} {
		got, want := copyContextResult(ctx, gw, sql, data), copyContextResult(ctx, pg, sql, data)
		if got != want {
			t.Errorf("%s (%d bytes)\n pgway:      %s\n PostgreSQL: %s", sql, len(data), got, want)
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{"select count(*), sum(a) from copy_context_t"})
}

// TestCopyFromBlockErrorContext copies rows that fail in a transaction
// block, as the block's first change and after others, and checks that
// the block stays failed until ROLLBACK.
func TestCopyFromBlockErrorContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	gw, pg := copyContextPair(t)
	const sql = "copy copy_context_t from stdin"
	for _, c := range []struct {
		before []string
		data   string
	}{
		{nil, "1\tx\t1\n2\tx\t-2\n3\tx\t3\n"},
		{nil, "1\tx\t1\n2\tx\t2\n1\tx\t3\n"},
		{[]string{"select 1"}, copyErrorRows(1000, 15999) + "1005\tdup\t1\n"},
		{[]string{"insert into copy_context_t values (5, 'five', 5)"}, "1\tx\t1\n2\t\\N\t2\n"},
		{[]string{"insert into copy_context_t values (5, 'five', 5)"}, copyErrorRows(1000, 20000) + "99999\tx\t-1\n"},
	} {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, "begin").ReadAll(); err != nil {
				t.Fatal(err)
			}
			for _, before := range c.before {
				if _, err := conn.Exec(ctx, before).ReadAll(); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, want := copyContextResult(ctx, gw, sql, c.data), copyContextResult(ctx, pg, sql, c.data)
		if got != want {
			t.Errorf("%v; %s (%d bytes)\n pgway:      %s\n PostgreSQL: %s", c.before, sql, len(c.data), got, want)
		}
		compareWriteGaps(ctx, t, gw, pg, []string{"select count(*) from copy_context_t", "rollback"})
	}
	compareWriteGaps(ctx, t, gw, pg, []string{"select count(*), sum(a) from copy_context_t"})
}

// TestCopyFromTypmodErrorContext copies values too long for a varchar(n)
// column or too large for a numeric(p, s) one, which PostgreSQL's
// CONTEXT reports with the column and value.
func TestCopyFromTypmodErrorContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	gw, pg := copyRowsPair(t)
	var many strings.Builder
	for i := 1; i <= 12000; i++ {
		fmt.Fprintf(&many, "%d\trow\tv%d\t%d.5\n", i, i%1000, i%1000)
	}
	for _, c := range []struct{ sql, data string }{
		{"copy copy_rows_t (id, t, v) from stdin", "1\tx\tabcdefg\n"},
		{"copy copy_rows_t (id, t, v) from stdin", "1\tx\tab\n2\tx\tabcdefg\n"},
		{"copy copy_rows_t (id, t, v) from stdin", "1\tx\tabcde   \n2\tx\tabcd  f\n"},
		{"copy copy_rows_t (id, v, t) from stdin with (format csv)", "1,ab,x\n2,\"a,b,c,d\",\"x\"\n"},
		{"copy copy_rows_t (id, t, n) from stdin", "1\tx\t123456789\n"},
		{"copy copy_rows_t (id, t, n) from stdin", "1\tx\t1\n2\tx\t-99999.9999\n"},
		{"copy copy_rows_t (id, t, v, n) from stdin", many.String() + "12001\tx\tv\t100000\n"},
		{"copy copy_rows_t (id, t, v, n) from stdin", many.String() + "12001\tx\tvvvvvv\t1\n"},
	} {
		got, want := copyContextResult(ctx, gw, c.sql, c.data), copyContextResult(ctx, pg, c.sql, c.data)
		if got != want {
			t.Errorf("%s\n%.60q\n pgway:      %s\n PostgreSQL: %s", c.sql, c.data, got, want)
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{"select count(*) from copy_rows_t"})
}
