package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// A varchar(n) column takes values of at most n characters: longer ones
// fail with 22001, on INSERT, UPDATE and INSERT ... SELECT, in a table
// created through pgway. DuckDB keeps VARCHAR(n) as
// VARCHAR and would store them whole.
var varcharColumnObjects = []string{"drop table if exists public.varchar_t"}

var varcharColumnCases = []string{
	"create table varchar_t (id int, c varchar(3), u varchar, t text)",
	"insert into varchar_t values (1, 'abc', 'long value', 'long value')",
	"insert into varchar_t values (2, 'abcd', 'x', 'x')",
	"insert into varchar_t values (3, 'éçà', null, null), (4, null, null, null)",
	"insert into varchar_t select 5, 'toolong', 'x', 'x'",
	"insert into varchar_t select 6, 1234, 'x', 'x'",
	"update varchar_t set c = 'abcd' where id = 1",
	"update varchar_t set c = 'ab' where id = 1",
	"select id, c, u, t from varchar_t order by id",
}

func TestVarcharColumnLength(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, varcharColumnObjects)
	t.Cleanup(func() { dropOracleObjects(t, varcharColumnObjects) })
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		if _, err := conn.Exec(ctx, "drop table if exists varchar_t").ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
	for _, sql := range varcharColumnCases {
		got, want := biResult(ctx, gw, sql, nil, false), biResult(ctx, pg, sql, nil, false)
		if strings.HasPrefix(sql, "select") {
			// The varchar column u, without a length, is described as
			// text (TestVarcharAssignment checks varchar(n) columns).
			got, want = rowsOnly(got), rowsOnly(want)
		}
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
	// DuckDB's message does not name the table, which PostgreSQL's does.
	if got := placedError(gw, "update varchar_t set nosuch = 'x'", false); !strings.HasPrefix(got, "42703 ") {
		t.Errorf("UPDATE of a column that does not exist: %s, want 42703", got)
	}
}

// rowsOnly drops the column descriptions of a biResult.
func rowsOnly(result string) string {
	if _, rows, ok := strings.Cut(result, " = "); ok {
		return rows
	}
	return result
}
