package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The tables of these tests, which both pgway and PostgreSQL create.
var writeSemanticsObjects = []string{"drop table if exists public.upsert_rows_t, public.upsert_rows_k, " +
	"public.upsert_rows_n, public.time_assign_t, public.time_assign_tx, public.fk_child_t, public.fk_parent_t, " +
	"public.write_clause_t"}

// dropWriteSemanticsTables drops the tables of these tests on pgway.
// writeSemanticsPair connects to the typed gateway and to the oracle,
// with the tables of these cases dropped on both.
func writeSemanticsPair(ctx context.Context, t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	dropOracleObjects(t, writeSemanticsObjects)
	t.Cleanup(func() { dropOracleObjects(t, writeSemanticsObjects) })
	dropWriteSemanticsTables(ctx, t, gwConn.PgConn())
	return gwConn.PgConn(), pgConn.PgConn()
}

func dropWriteSemanticsTables(ctx context.Context, t *testing.T, gw *pgconn.PgConn) {
	t.Helper()
	for _, sql := range []string{"drop table if exists upsert_rows_t", "drop table if exists upsert_rows_k",
		"drop table if exists upsert_rows_n", "drop table if exists time_assign_t", "drop table if exists time_assign_tx",
		"drop table if exists fk_child_t", "drop table if exists fk_parent_t", "drop table if exists write_clause_t"} {
		if _, err := gw.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
}

// upsertRowsCases insert rows of the same conflict key with ON CONFLICT
// DO UPDATE, which PostgreSQL rejects with 21000 before it changes
// anything, and rows of different keys, which it inserts or updates.
var upsertRowsCases = []string{
	"create table upsert_rows_t (a int primary key, b text, c int)",
	"insert into upsert_rows_t values (1, 'x', 1), (1, 'y', 2) on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t select 2, 'x', 1 union all select 2, 'y', 2 on conflict (a) do update set b = excluded.b",
	"select * from upsert_rows_t order by a",
	"insert into upsert_rows_t values (1, 'x', 1), (2, 'y', 2) on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t values (1, 'q', 1), (3, 'y', 2) on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t (b, a) values ('u', 4), ('v', 4.4) on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t (b, a) values ('u', 4), ('v', '4') on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t (b, a) values ('u', 4), ('v', 5) on conflict (a) do update set b = excluded.b where upsert_rows_t.c > 100",
	"insert into upsert_rows_t (b, a) select b || 'z', a from upsert_rows_t on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t (b, a) select b || 'z', a % 2 from upsert_rows_t on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t (b, a) select b || 'z', a % 2 from upsert_rows_t on conflict (a) do nothing returning a, b",
	"insert into upsert_rows_t (a, b) values ($1, 'p'), ($2, 'q') on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t (a, b) values (7, 'r'), (8, 's') on conflict (a) do update set b = excluded.b",
	"select * from upsert_rows_t order by a",
	"create table upsert_rows_k (k1 int, k2 varchar(2), v numeric(4,1), primary key (k1, k2))",
	"insert into upsert_rows_k values (1, 'a', 1), (1, 'b', 2), (2, 'a', 3) on conflict (k1, k2) do update set v = excluded.v",
	"insert into upsert_rows_k values (1, 'a', 1), (1, 'a  ', 2) on conflict (k1, k2) do update set v = excluded.v",
	"insert into upsert_rows_k select 3, 'c', 1 union all select 3, 'c', 2 on conflict (k1, k2) do update set v = excluded.v",
	"select * from upsert_rows_k order by k1, k2",
	"create table upsert_rows_n (k numeric(4,1) unique, v int)",
	"insert into upsert_rows_n values (1.01, 1), (1.04, 2) on conflict (k) do update set v = excluded.v",
	"insert into upsert_rows_n values (null, 6), (2, 7) on conflict (k) do update set v = excluded.v returning *",
	"insert into upsert_rows_n values (null, 3) on conflict (k) do update set v = excluded.v returning *",
	"select * from upsert_rows_n order by k, v",
}

// upsertRowsUnsupported are statements that pgway cannot check for rows
// of the same key, or that DuckDB would run otherwise than PostgreSQL:
// rows with NULL keys, of which DuckDB keeps one.
var upsertRowsUnsupported = []string{
	"insert into upsert_rows_t (b, a) values ('u', 6), ('v', 6) on conflict (a) do update set b = excluded.b where upsert_rows_t.c > 100",
	"insert into upsert_rows_t (a, b) values (9, 'x'), (9 + (random() * 0)::int, 'y') on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_t select * from upsert_rows_t on conflict (a) do update set b = excluded.b",
	"insert into upsert_rows_n values (null, 1), (null, 2) on conflict (k) do update set v = excluded.v",
	"insert into upsert_rows_n values (null, 4), (null, 5) on conflict (k) do nothing",
	"insert into upsert_rows_n select null::numeric, 11 union all select null, 12 on conflict (k) do update set v = excluded.v",
}

func TestUpsertRowsMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeSemanticsPair(ctx, t)
	for _, sql := range upsertRowsCases {
		var args []string
		if strings.Contains(sql, "$1") {
			args = []string{"10", "10"}
		}
		extended := args != nil
		got, want := biResult(ctx, gw, sql, args, extended), biResult(ctx, pg, sql, args, extended)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
	for _, sql := range upsertRowsUnsupported {
		if got := biResult(ctx, gw, sql, nil, false); !strings.HasPrefix(got, "error 0A000 ") {
			t.Errorf("%s\n pgway: %s, want 0A000", sql, got)
		}
	}
	sql := "select * from upsert_rows_n order by k, v"
	got, want := biResult(ctx, gw, sql, nil, false), biResult(ctx, pg, sql, nil, false)
	if got != want {
		t.Errorf("after the statements that failed with 0A000, %s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
	}
}

// timeAssignCases assign values to timestamp(p), timestamptz(p) and
// time(p) columns, which PostgreSQL rounds to p fractional digits. The
// values are read as text, because pgway describes such columns without
// their type modifiers.
var timeAssignCases = []string{
	"create table time_assign_t (id int, a timestamp(0), b timestamptz(2), c time(1), d timestamp, " +
		"e timestamp(3) default '2024-05-05 01:02:03.45678')",
	"insert into time_assign_t values (1, '2024-01-01 10:00:00.567891', '2024-01-01 10:00:00.567891+00', " +
		"'10:00:00.567891', '2024-01-01 10:00:00.567891')",
	"update time_assign_t set a = a + interval '0.6 second', c = '23:59:59.99'",
	"insert into time_assign_t (id, a, b, c) select 2, d, d, d::time from time_assign_t",
	"insert into time_assign_t (id, c, a) values (3, '01:02:03.04', '1999-12-31 23:59:59.5'), (4, null, default)",
	"update time_assign_t set (a, b) = ('2000-01-01 00:00:00.5', '2000-01-01 00:00:00.555+00') where id = 3",
	"insert into time_assign_t (id, a) values (5, $1)",
	"insert into time_assign_t (id, a) values (6, '1969-12-31 23:59:59.5'), (7, '2024-01-01 00:00:00.499999')",
	// MERGE assigns as INSERT and UPDATE do.
	"merge into time_assign_t t using (values (7, timestamp '2024-02-02 02:02:02.7'), (8, timestamp '2024-03-03 03:03:03.2')) " +
		"s(id, ts) on t.id = s.id when matched then update set a = s.ts, c = s.ts::time " +
		"when not matched then insert (id, a, b) values (s.id, s.ts, s.ts)",
	"select id, a::text, b::text, c::text, d::text, e::text from time_assign_t order by id",
}

// timeAssignTransactionCases create the table in a transaction, which
// reads the column types of its own DDL.
var timeAssignTransactionCases = []string{
	"begin",
	"create table time_assign_tx (id int primary key, a timestamp(1))",
	"insert into time_assign_tx values (1, '2024-01-01 10:00:00.55')",
	"insert into time_assign_tx values (1, '2024-01-01 10:00:00.77') on conflict (id) do update set a = excluded.a",
	"select id, a::text from time_assign_tx",
	"commit",
	"select id, a::text from time_assign_tx",
}

func TestTimePrecisionAssignment(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeSemanticsPair(ctx, t)
	for _, sql := range append(timeAssignCases, timeAssignTransactionCases...) {
		var args []string
		if strings.Contains(sql, "$1") {
			args = []string{"2024-02-03 04:05:06.7"}
		}
		extended := args != nil
		got, want := biResult(ctx, gw, sql, args, extended), biResult(ctx, pg, sql, args, extended)
		if got != want {
			t.Errorf("%s %v\n pgway:      %s\n PostgreSQL: %s", sql, args, got, want)
		}
	}
	// A value that pgway does not round, because it cannot tell the width
	// of SELECT *, meets the column's CHECK constraint.
	sql := "insert into time_assign_t (id, a) select * from (select 8, timestamp '2024-01-01 00:00:00.3') s"
	if got := biResult(ctx, gw, sql, nil, false); !strings.HasPrefix(got, "error 0A000 ") {
		t.Errorf("%s\n pgway: %s, want 0A000", sql, got)
	}
}

// foreignKeyCases violate a foreign key by inserting a row without its
// referenced row and by deleting a referenced row. DuckDB's messages do
// not name the constraint, so only the SQLSTATEs are compared.
var foreignKeyCases = []string{
	"create table fk_parent_t (id int primary key)",
	"create table fk_child_t (id int, p int references fk_parent_t (id))",
	"insert into fk_parent_t values (1)",
	"insert into fk_child_t values (1, 2)",
	"insert into fk_child_t values (1, 1)",
	"delete from fk_parent_t where id = 1",
	"select * from fk_child_t",
}

func TestForeignKeyErrorsMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeSemanticsPair(ctx, t)
	compareGapCases(ctx, t, gw, pg, foreignKeyCases)
}

// writeClauseCases are clauses of CREATE TABLE, INSERT and UPDATE that
// pgway rejects with 0A000, which DuckDB would reject with a syntax or
// internal error.
var writeClauseCases = []string{
	"create table write_clause_t (a int generated always as identity, b text)",
	"create table write_clause_t (a int generated by default as identity primary key, b text)",
	"create table write_clause_t (a int, b int generated always as (a * 2) stored)",
	"insert into write_clause_t values (1, 'x', 1) on conflict on constraint write_clause_t_pkey do nothing",
	"update write_clause_t set b = 'z' returning (select count(*) from write_clause_t)",
	"update write_clause_t set (b, c) = (select 'r', 98)",
}

func TestWriteClausesUnsupported(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	gw := gwConn.PgConn()
	dropWriteSemanticsTables(ctx, t, gw)
	if _, err := gw.Exec(ctx, "create table write_clause_t (a int primary key, b text, c int)").ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, sql := range writeClauseCases {
		if got := biResult(ctx, gw, sql, nil, false); !strings.HasPrefix(got, "error 0A000 ") {
			t.Errorf("%s\n pgway: %s, want 0A000", sql, got)
		}
	}
}
