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

// copyContextObjects are the oracle's tables of these tests, which each
// test drops before and after it runs.
var copyContextObjects = []string{"drop table if exists public.copy_context_child, public.copy_context_t"}

// copyContextPair connects to pgway on a new DuckDB file and to the
// oracle, each with the tables copy_context_t and copy_context_child.
func copyContextPair(t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	gwConn, pgConn := typedFilePair(t)
	dropOracleObjects(t, copyContextObjects)
	t.Cleanup(func() { dropOracleObjects(t, copyContextObjects) })
	gw, pg = gwConn.PgConn(), pgConn.PgConn()
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range []string{
			"create table copy_context_t (a int primary key, b text not null, c int check (c > 0))",
			"create table copy_context_child (id int, a int references copy_context_t)",
			"insert into copy_context_t values (100, 'x', 1)",
		} {
			if _, err := conn.Exec(context.Background(), sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	return gw, pg
}

// manyCopyRows returns n text-format rows of copy_context_t numbered
// from 1000.
func manyCopyRows(n int) string {
	var b strings.Builder
	for i := 1000; i < 1000+n; i++ {
		fmt.Fprintf(&b, "%d\tr%d\t%d\n", i, i, i)
	}
	return b.String()
}

// copyContextCases are COPY data whose row breaks a constraint after
// rows that do not, in one batch of rows and past the first batch.
var copyContextCases = []struct{ sql, data string }{
	{"copy copy_context_t from stdin", "1\ta\t1\n2\tb\t2\n1\tc\t3\n4\td\t4\n"},
	{"copy copy_context_t from stdin", "1\ta\t1\n2\t\\N\t2\n3\tc\t3\n"},
	{"copy copy_context_t from stdin", "1\ta\t1\n2\tb\t2\n3\tc\t0\n"},
	{"copy copy_context_t from stdin", "1\ta\t1\n100\tb\t2\n"},
	{"copy copy_context_t (a, b) from stdin with (format csv)", "1,a\n2,b\n\"3\",\"c\"\n2,\"d\ne\"\n"},
	{"copy copy_context_t from stdin", manyCopyRows(450) + "1017\tdup\t1\n"},
	{"copy copy_context_t from stdin", manyCopyRows(250) + "1250\t\\N\t1\n"},
	{"copy copy_context_child from stdin", "1\t100\n2\t\\N\n3\t5\n4\t100\n"},
	{"copy copy_context_t from stdin", "1\ta\t1\n2\tb\t2\n"},
}

// copyContextResult runs COPY ... FROM STDIN with data and returns its
// tag, or its error's SQLSTATE and CONTEXT. pgway's messages of unique
// and foreign key errors do not name the constraint, so they are left
// out.
func copyContextResult(ctx context.Context, conn *pgconn.PgConn, sql, data string) string {
	tag, err := conn.CopyFrom(ctx, strings.NewReader(data), sql)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr):
		return fmt.Sprintf("error %s (context %q)", pgErr.Code, pgErr.Where)
	case err != nil:
		return "error " + err.Error()
	}
	return tag.String()
}

func TestCopyFromBatchErrorContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := copyContextPair(t)
	for _, c := range copyContextCases {
		got, want := copyContextResult(ctx, gw, c.sql, c.data), copyContextResult(ctx, pg, c.sql, c.data)
		if got != want {
			t.Errorf("%s\n%.60q\n pgway:      %s\n PostgreSQL: %s", c.sql, c.data, got, want)
		}
	}
	for _, sql := range []string{"select count(*), sum(a) from copy_context_t", "select count(*) from copy_context_child"} {
		if got, want := biResult(ctx, gw, sql, nil, false), biResult(ctx, pg, sql, nil, false); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
