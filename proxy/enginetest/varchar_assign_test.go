package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL assigns a value longer than n characters to a varchar(n)
// column when only spaces follow the first n, and stores it cut to n.
// Results describe such a column as varchar with type modifier n + 4,
// and pg_typeof() of it is character varying.
var varcharAssignObjects = []string{"drop table if exists public.varchar_assign_t, public.varchar_assign_tx"}

// varcharAssignCase is a statement, with its parameters when it runs
// through the extended protocol.
type varcharAssignCase struct {
	sql  string
	args []string
}

var varcharAssignCases = []varcharAssignCase{
	{sql: "create table varchar_assign_t (id int primary key, v varchar(3), w varchar(5), t text)"},
	{sql: "insert into varchar_assign_t values (1, 'abc   ', 'x', 'abc   ')"},
	{sql: "insert into varchar_assign_t values (2, 'ab  c', 'x', 'x')"},
	{sql: "insert into varchar_assign_t values (2, 'ab' || '     ', 'wxyz' || '  ', 'x'), (3, 'éçà  ', null, null)"},
	{sql: "insert into varchar_assign_t values (4, 'abc' || chr(9), 'x', 'x')"},
	{sql: "insert into varchar_assign_t (w, id, v) values ('abcde ', 4, 'q   ')"},
	{sql: "insert into varchar_assign_t (id, v) values (5, default)"},
	{sql: "insert into varchar_assign_t select 6, 'xyz  ', 'y', 'z'"},
	{sql: "insert into varchar_assign_t (v, id) select v || '  ', id + 100 from varchar_assign_t where id <= 2"},
	{sql: "insert into varchar_assign_t (id, v) select 7, 'a  ' union all select 8, 'b    ' order by 1"},
	{sql: "insert into varchar_assign_t (id, v) select distinct id + 200, 'ab ' || v from varchar_assign_t where id = 1"},
	{sql: "insert into varchar_assign_t (id, v) select 9, 'toolong'"},
	{sql: "insert into varchar_assign_t (id, v) select 9, 12345"},
	{sql: "with s as (select 'ef    ' as x) insert into varchar_assign_t (id, v) select 12, x from s returning v"},
	{sql: "insert into varchar_assign_t (id, w) select 13, 1.5::float8"},
	{sql: "update varchar_assign_t set v = 'q    ', w = 'abcde     ' where id = 2"},
	{sql: "update varchar_assign_t set v = v || 'z' where id = 1"},
	{sql: "update varchar_assign_t set (w, v) = ('w     ', 'vw' || '     ') where id = 3"},
	{sql: "update varchar_assign_t set (w, v) = row('w', 'long') where id = 3"},
	{sql: "insert into varchar_assign_t (id, v) values (1, 'zz      ') on conflict (id) do update set v = excluded.v || '  '"},
	{sql: "insert into varchar_assign_t (id, v) values (1, 'zz') on conflict (id) do update set v = 'long'"},
	{sql: "insert into varchar_assign_t (id, v) values ($1, $2)", args: []string{"10", "pq      "}},
	{sql: "insert into varchar_assign_t (id, v) values ($1, $2)", args: []string{"11", "pqrs"}},
	{sql: "insert into varchar_assign_t (id, v) select $1, $2", args: []string{"14", "rs    "}},
	{sql: "insert into varchar_assign_t (id, w) select $1::int + 1, $2::text", args: []string{"14", "rs    "}},
	{sql: "select id, v, w, t from varchar_assign_t order by id"},
	{sql: "select v, v::text, upper(v), v || 'x', length(v), coalesce(v, v) from varchar_assign_t where id = 1"},
	{sql: "select pg_typeof(v), pg_typeof(w), pg_typeof(t) from varchar_assign_t where id = 1"},
	{sql: "select s.v, pg_typeof(s.v) from (select v from varchar_assign_t) s where s.v = 'zz '"},
	{sql: "select v from varchar_assign_t where id = $1", args: []string{"1"}},
	{sql: "select 'abcdef'::varchar(3), 'abc   '::varchar(3)"},
	{sql: "select column_name, data_type, character_maximum_length, format_type(atttypid, atttypmod) " +
		"from information_schema.columns join pg_attribute on attrelid = 'public.varchar_assign_t'::regclass and attname = column_name " +
		"where table_schema = 'public' and table_name = 'varchar_assign_t' order by ordinal_position"},
}

// varcharAssignTransactionCases create the table in a transaction,
// which reads the column types of its own DDL. The mirror has the table
// only after COMMIT, so the SELECT comes after it.
var varcharAssignTransactionCases = []varcharAssignCase{
	{sql: "begin"},
	{sql: `create table varchar_assign_tx (id int, "V x" varchar(2))`},
	{sql: `insert into varchar_assign_tx values (1, 'ab    ')`},
	{sql: `update varchar_assign_tx set "V x" = 'c   ' || '  ' where id = 1`},
	{sql: `insert into varchar_assign_tx values (2, 'abc')`},
	{sql: "rollback"},
	{sql: "begin"},
	{sql: `create table varchar_assign_tx (id int, "V x" varchar(2))`},
	{sql: `insert into varchar_assign_tx values (1, 'ab    ')`},
	{sql: `update varchar_assign_tx set "V x" = 'c   ' || '  ' where id = 1`},
	{sql: "commit"},
	{sql: `select "V x", pg_typeof("V x") from varchar_assign_tx`},
}

func TestVarcharAssignment(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, varcharAssignObjects)
	t.Cleanup(func() { dropOracleObjects(t, varcharAssignObjects) })
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range []string{"drop table if exists varchar_assign_t", "drop table if exists varchar_assign_tx"} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range append(varcharAssignCases, varcharAssignTransactionCases...) {
		extended := c.args != nil
		got, want := biResult(ctx, gw, c.sql, c.args, extended), biResult(ctx, pg, c.sql, c.args, extended)
		if got != want {
			t.Errorf("%s %v\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, got, want)
		}
	}
}
