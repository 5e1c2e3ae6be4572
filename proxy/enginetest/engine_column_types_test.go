package enginetest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/config"
)

// The DuckDB dialect reads the column types of the warehouse's tables, so
// that a column gets the PostgreSQL semantics of its type where the
// statement does not show it. These tests create the same table through
// pgway on a DuckDB file and on PostgreSQL, and compare the results.

// typedTable is created on both sides. Its name is the test's own, since
// the oracle's database is shared by the package's tests.
const typedTable = "column_types_typed"

var typedTableSetup = []string{
	"create table " + typedTable + ` (id integer, f8 double precision, f4 real, s text, d date,
		ts timestamp, tz timestamptz, b boolean, i2 smallint, i8 bigint, n numeric(10,2))`,
	"insert into " + typedTable + ` values
		(1, 100, 100, '12', '2024-01-03', '2024-01-03 10:30', '2024-01-03 10:30+00', true, 7, 9000000000, 12.5),
		(2, 0.1, 0.1, ' -7 ', '2024-02-29', '2024-02-29 23:59:59.5', '2024-02-29 23:59:59.5+00', false, -3, -1, 0.1),
		(3, 1e300, 3e38, '1.5', '2023-12-31', '2023-12-31 00:00', '2023-12-31 00:00+00', null, 0, 0, -99999999.99),
		(4, -2.5e-300, 1e-30, 'x', null, null, null, true, null, null, null),
		(5, 'Infinity', 'NaN', '99999999999', '2024-06-15', '2024-06-15 12:00', '2024-06-15 12:00+00', false, 1, 2, 0),
		(6, null, null, null, null, null, null, null, null, null, null)`,
}

// columnTypeQueries return the same rows, types and errors on both sides.
var columnTypeQueries = []string{
	// A double precision or real column as text: PostgreSQL writes 100,
	// DuckDB 100.0.
	"select id, f8::text, f4::text, cast(f4 as text) from %s order by id",
	"select id, 'x' || f8, f4 || 'y', concat(f8, '|', f4), concat_ws(',', f8, f4) from %s order by id",
	"select string_agg(f8::text, ' ' order by id) from %s",
	// Text columns cast to integers are read as PostgreSQL reads them.
	"select s::int from %s where id in (1, 2) order by id",
	"select s::int from %s where id = 3",
	"select s::bigint from %s where id = 4",
	"select s::int from %s where id = 5",
	"select s::int2 from %s where id = 1",
	"select s::int8 from %s where id = 5",
	// date_trunc of a date is a timestamptz in PostgreSQL.
	"select id, date_trunc('month', d), date_trunc('week', d), date_trunc('day', ts), date_trunc('hour', tz) from %s order by id",
	// sum of smallint and integer columns is bigint.
	"select sum(id), sum(i2), sum(i8) from %s",
	"select id, sum(i2) over (order by id) from %s order by id",
	// Float arithmetic raises PostgreSQL's range errors.
	"select f8 * 2, f4 * 2, f8 + f4, f4 * f4 from %s where id in (1, 2, 4) order by id",
	"select f8 * f8 from %s where id = 3",
	"select f8 * 1e-300 from %s where id = 4",
	"select f4 * f4 from %s where id = 3",
	"select f8 * 2, f8 - f8 from %s where id = 5",
	"select round(f8), round(f4) from %s where id in (1, 2) order by id",
	// Names resolve through derived tables, WITH queries, joins and
	// subqueries.
	"select v::text from (select f8 as v from %s) q order by 1",
	"with w as (select f4 as v, s from %s) select v::text, s from w order by s",
	"select a.f8::text, b.f4::text from %[1]s a join %[1]s b using (id) order by a.id",
	"select id, (select max(f8)::text from %s x where x.id = t.id) from %[1]s t order by id",
	"select f8::text from %s t where exists (select 1 from %[1]s u where u.id = t.id and u.f4::text = '100')",
	"select id, f8::text from %s group by id, f8 order by id",
	"select x::text from (values (1.5::float8), (2::float8)) v(x) order by 1",
	// A string constant compared with a column takes the column's type,
	// and a real is compared with other numbers in double precision.
	"select id from %s where id = '2' or i2 in ('1', '7') or i8 between '1' and '3' order by id",
	"select id from %s where id = '2.5'",
	"select id from %s where i2 in ('1', 'x')",
	"select id from %s where f4 = 0.1 or f4 > 1e38 order by id",
	"select id from %s where f8 < '0.5' and d > '2024-01-01' order by id",
	"select id from %s where s = 12",
	"select id, n, n * 2, n + '5', n::text, n * f8 from %s order by id",
	"select sum(n), avg(n), max(n) from %s",
	// coalesce and CASE keep the scale of the value they pass on.
	"select coalesce(sum(n), 0), coalesce(max(n), 1.5) from %s where id > 100",
	"select id, coalesce(n, 0), case when n > 1 then n else 0.5 end, greatest(n, 1), nullif(n, 0) from %s order by id",
	"select id, coalesce(n, 0) * 2, coalesce(n, i2) from %s order by id",
}

// connectTyped connects as the demo user to the connection typed.
func connectTyped(t *testing.T, g *gateway) *pgx.Conn {
	return g.connect(t, config.DemoUser, config.DemoPassword, "typed", "disable")
}

// sprintfTable writes table into each %s or %[1]s of q.
func sprintfTable(q, table string) string {
	return strings.ReplaceAll(strings.ReplaceAll(q, "%[1]s", table), "%s", table)
}

func TestColumnTypesMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	_, pg := connectOraclePair(t)

	if _, err := pg.Exec(ctx, "drop table if exists "+typedTable); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists "+typedTable) })

	for _, sql := range typedTableSetup {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}

	for _, q := range columnTypeQueries {
		sql := sprintfTable(q, typedTable)
		for _, mode := range protocolModes {
			args := []any{mode}
			if got, want := exactResult(ctx, gw, sql, args), exactResult(ctx, pg, sql, args); got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

// TestColumnTypesFollowDDL replaces a table by one whose column has
// another type, and checks that statements translate with the new type,
// in the session that ran the DDL and in another one, whose statement
// was prepared before the change.
func TestColumnTypesFollowDDL(t *testing.T) {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	first, second := connectTyped(t, g), connectTyped(t, g)
	exec := func(conn *pgx.Conn, sql string) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	const query = "select v::text from changing"
	result := func(conn *pgx.Conn, mode pgx.QueryExecMode) string {
		t.Helper()
		return exactResult(ctx, conn, query, []any{mode})
	}

	exec(first, "create table changing (v double precision)")
	exec(first, "insert into changing values (100)")

	if got, want := result(second, pgx.QueryExecModeCacheStatement), `25:"100" | `; got != want {
		t.Fatalf("double precision column: %s, want %s", got, want)
	}

	exec(first, "drop table changing")
	exec(first, "create table changing (v text)")
	exec(first, "insert into changing values ('100.0')")

	for _, c := range []struct {
		name string
		conn *pgx.Conn
		mode pgx.QueryExecMode
	}{
		{"the session that ran the DDL", first, pgx.QueryExecModeSimpleProtocol},
		{"another session", second, pgx.QueryExecModeSimpleProtocol},
		{"a statement prepared before the DDL", second, pgx.QueryExecModeCacheStatement},
	} {
		if got, want := result(c.conn, c.mode), `25:"100.0" | `; got != want {
			t.Errorf("text column in %s: %s, want %s", c.name, got, want)
		}
	}

	// DDL in a transaction block: other sessions read the new types once
	// it commits.
	exec(first, "begin")
	exec(first, "drop table changing")
	exec(first, "create table changing (v double precision)")
	exec(first, "insert into changing values (100)")

	if got, want := result(second, pgx.QueryExecModeSimpleProtocol), `25:"100.0" | `; got != want {
		t.Errorf("text column before COMMIT in another session: %s, want %s", got, want)
	}

	exec(first, "commit")

	if got, want := result(second, pgx.QueryExecModeSimpleProtocol), `25:"100" | `; got != want {
		t.Errorf("double precision column after COMMIT in another session: %s, want %s", got, want)
	}
}

// TestDDLCommandTags compares the command tags of DDL with PostgreSQL's,
// which name the object where DuckDB's are CREATE or DROP.
func TestDDLCommandTags(t *testing.T) {
	ctx := context.Background()
	gw := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	_, pg := connectOraclePair(t)
	statements := []string{
		"create schema ddl_tags_s", "create table ddl_tags_s.t (a integer)", "create view ddl_tags_s.v as select a from ddl_tags_s.t",
		"insert into ddl_tags_s.t values (1), (2)", "update ddl_tags_s.t set a = 3 where a = 2", "drop view ddl_tags_s.v", "delete from ddl_tags_s.t", "drop table ddl_tags_s.t", "drop schema ddl_tags_s",
	}
	pg.Exec(ctx, "drop schema if exists ddl_tags_s cascade")

	for _, sql := range statements {
		want, err := pg.Exec(ctx, sql)
		if err != nil {
			t.Fatalf("PostgreSQL: %s: %v", sql, err)
		}
		got, err := gw.Exec(ctx, sql)
		if err != nil {
			t.Fatalf("pgway: %s: %v", sql, err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: tag %q, PostgreSQL's %q", sql, got, want)
		}
	}
}

// TestReturningMatchesPostgreSQL compares INSERT, UPDATE and DELETE with
// RETURNING, whose rows DuckDB returns in place of its count.
func TestReturningMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	_, pg := connectOraclePair(t)
	pg.Exec(ctx, "drop table if exists returning_t")
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists returning_t") })
	steps := []string{
		"create table returning_t (id integer, v text)",
		"insert into returning_t values (1, 'a'), (2, 'b') returning id, v || '!'",
		"insert into returning_t values (3, 'c')",
		"update returning_t set v = 'x' where id >= 2 returning *",
		"delete from returning_t where id = 1 returning v",
		"delete from returning_t where id = 99 returning v",
		"select * from returning_t order by id",
	}

	for _, sql := range steps {
		args := []any{pgx.QueryExecModeSimpleProtocol}
		if got, want := commandResult(ctx, gw, sql, args), commandResult(ctx, pg, sql, args); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// commandResult returns a statement's rows and command tag.
func commandResult(ctx context.Context, conn *pgx.Conn, sql string, args []any) string {
	rows, err := conn.Query(ctx, sql, args...)

	if err != nil {
		return errorCode(err)
	}

	var out strings.Builder

	for rows.Next() {
		values, _ := rows.Values()
		fmt.Fprintf(&out, "%v | ", values)
	}
	rows.Close()

	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out.String() + rows.CommandTag().String()
}
