package enginetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Statements that name a column, relation or function that does not
// exist, or a constant that its type cannot read, fail on DuckDB, whose
// error does not say where the client wrote the name or the constant. These cases check that pgway's error has PostgreSQL's
// SQLSTATE, message, hint and position, which psql turns into the LINE
// and caret under the name.

var undefinedNamesObjects = []string{"drop table if exists public.undef_t"}

var undefinedNamesTable = "create table undef_t (id integer, name text, amt numeric(12,2))"

var undefinedNamesCases = []string{
	"select nosuch from undef_t",
	"select id, 'é' as e, nosuch from undef_t",
	"select count(*) from undef_t where nosuch > 1",
	"select count(distinct nosuch) from undef_t",
	"select undef_t.nosuch from undef_t",
	"select u.id from undef_t t",
	"select * from public.undef_nosuch",
	"select *\nfrom undef_nosuch",
	"select nosuchfn(1, 'a', 2.5, null, true, 1::bigint)",
	"select nosuchfn()",
	"select nosuchagg(*) from undef_t",
	"select nosuchfn(name, id, amt) from undef_t",
	"select id from undef_t where nosuchfn(name) > 0 and true",
	"select 1 from undef_t t join undef_t u on t.id = u.nosuch",
	"select 'a'::date",
	"select * from undef_t where id = 'abc'",
	"select '2024-13-01'::date",
	"select 'abc'::int + 1",
	"select true + 1",
	"select '2024-02-30'::text::date",
	"select id from undef_t where name - 1 > 0",
}

func TestUndefinedNamesPosition(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, undefinedNamesObjects)
	t.Cleanup(func() { dropOracleObjects(t, undefinedNamesObjects) })
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		if _, err := conn.Exec(ctx, undefinedNamesTable).ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
	for _, sql := range undefinedNamesCases {
		for _, extended := range []bool{false, true} {
			got, want := placedError(gw, sql, extended), placedError(pg, sql, extended)
			if got != want {
				t.Errorf("%q (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
			}
		}
	}
}

// placedError returns the SQLSTATE, message, hint and position of the
// error that sql fails with.
func placedError(conn *pgconn.PgConn, sql string, extended bool) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var err error
	if extended {
		err = conn.ExecParams(ctx, sql, nil, nil, nil, nil).Read().Err
	} else {
		_, err = conn.Exec(ctx, sql).ReadAll()
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return fmt.Sprintf("no PostgreSQL error: %v", err)
	}
	return fmt.Sprintf("%s %s (hint %q) at %d", pgErr.Code, pgErr.Message, pgErr.Hint, pgErr.Position)
}
