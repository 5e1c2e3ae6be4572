package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 the names of result and table
// columns, and the errors of FROM clauses. Those are a relation named
// twice, column aliases beyond a function's columns, a subquery without
// an alias, positions beyond a select list with *, NATURAL joins, and an
// ambiguous column beside a pgway rejection. GROUP BY of a primary key
// is compared too.

var fromNamesSetup = []string{
	"create table fn_t (id int, s text)",
	"insert into fn_t values (1, 'a'), (2, 'b')",
	"create table fn_u (id int, qty int)",
	"insert into fn_u values (1, 3), (2, 4)",
	"create table fn_pk (id int primary key, a int, s text)",
	"insert into fn_pk values (1, 2, 'b'), (2, 3, 'c')",
	"create table fn_pk2 (k1 int, k2 int, v text, primary key (k1, k2))",
	"insert into fn_pk2 values (1, 1, 'x'), (1, 2, 'y')",
}

// fromNamesCleanup drops the oracle's tables of these cases.
const fromNamesCleanup = "drop table if exists fn_t, fn_u, fn_cx, fn_cs, fn_pk, fn_pk2"

var fromNamesQueries = []string{
	// One relation with and without its schema, or a WITH query and a
	// relation of its name, conflict.
	"select 1 from fn_t, public.fn_t",
	"select 1 from public.fn_t, fn_t",
	"select 1 from fn_t join public.fn_t on true",
	"with fn_t as (select 1) select 1 from fn_t, public.fn_t",
	"select 1 from fn_u where exists (select 1 from fn_t, public.fn_t)",
	"select count(*) from fn_t, public.fn_u",
	"select count(*) from fn_t join public.fn_t x using (id)",

	// Column aliases beyond a function's columns.
	"select * from generate_series(1, 3) g(a, b)",
	"select * from generate_series(1, 3) with ordinality g(a, b, c)",
	"select * from generate_series(1, 3) with ordinality g(a, b)",
	"select * from unnest(array[1, 2]) with ordinality u(a, b, c)",
	"select * from unnest(array[1, 2]) with ordinality u(a, b)",
	"select * from regexp_split_to_table('a,b', ',') x(a, b)",

	// A subquery or VALUES in FROM needs an alias in PostgreSQL 15.
	"select * from (select 1)",
	"select * from (values (1))",
	"select * from lateral (select 1)",
	"select * from fn_t, ((select 1) union (select 2))",
	"select * from fn_t join (select (1)) on true",

	// Positions beyond a select list with *, or a set operation.
	"select * from fn_t order by 99",
	"select * from fn_t order by 0",
	"select * from fn_t order by -1",
	"select * from fn_t group by 99",
	"select fn_t.* from fn_t order by 3",
	"select fn_t.* from fn_t order by 2",
	"select *, 1 from fn_t order by 4",
	"select *, 1 from fn_t order by 3, 1",
	"select * from fn_t, fn_u x order by 5",
	"select * from fn_t, fn_u x order by 4, 1",
	"select 1 union select 2 order by 5",
	"select 1 union select 2 order by 0",
	"select 1 union select 2 order by 1",

	// NATURAL joins whose sides share no column are cross joins, and a
	// common column twice in one side is ambiguous.
	"select * from fn_t natural join unnest(array[1]) x order by 1",
	"select count(*) from fn_t natural join unnest(array[1]) x",
	"select * from fn_t natural join unnest(array[1]) with ordinality x order by 1, 3",
	"select * from fn_t natural join unnest(array[1]) id",
	"select * from fn_t join generate_series(1, 2) g(id) using (id) order by id",
	"select * from fn_t join unnest(array[1, 5]) with ordinality g(id, o) using (id)",
	"select count(*) from fn_t natural join (select 1 as id, 2 as id) s",
	"select count(*) from (select 1 as id, 2 as id) s natural join fn_t",
	"select count(*) from fn_t natural join (fn_t x cross join fn_t y) j",
	"select count(*) from fn_t natural join fn_u",

	// An ambiguous column comes before the mixed scales of VALUES.
	"with p(id, price) as (values (1, 1.5), (2, 2)) select id, price * qty from p join fn_u on fn_u.id = p.id",
	"select id from fn_t, generate_series(1, 2) id",
	"select a.id from fn_t a, fn_t b where id = 1",
	"select a.id from fn_t a, fn_t b group by id",
	"select a.id from fn_t a join fn_t b using (id) where id = 1 order by 1",

	// The other columns of a table depend on its primary key, so a GROUP
	// BY of the key lets the select list use them.
	"select a from fn_pk group by id having s > 'a' order by a",
	"select a, s from fn_pk group by id order by 1",
	"select p.a, count(*) from fn_pk p join fn_t t on t.id = p.id group by p.id order by 1",
	"select v from fn_pk2 group by k1, k2 order by 1",
	"select s, count(*) from fn_pk group by id, s order by 1",
	"select fn_pk.a from fn_pk, fn_pk x group by fn_pk.id order by 1",
	"select p.*, count(*) from fn_pk p group by p.id order by 1",
	"select count(*) from fn_pk group by id order by 1",
}

func TestFromNamesGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), fromNamesCleanup) }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, fromNamesSetup)
	compareExact(t, gw, pg, fromNamesQueries)
}

// fromNamesTables create tables whose column names are compared too.
var fromNamesTables = []string{
	`create table fn_cx as select id as "ID", id from fn_t`,
	`create table fn_cs ("A" int, a int)`,
	`select "ID", id from (select id as "ID", id from fn_t) s`,
	`with w as (select id as "ID", id from fn_t) select * from w`,
}

// TestFromNamesCaseOnly checks that columns whose names differ only in
// case, which DuckDB cannot tell apart, are rejected with 0A000 where
// PostgreSQL keeps both, and that one such pair in a top-level select
// list keeps its names.
func TestFromNamesCaseOnly(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), fromNamesCleanup) }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, fromNamesSetup)
	ctx := context.Background()
	for _, sql := range fromNamesTables {
		if _, err := pg.Exec(ctx, sql); err != nil {
			t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
		}
		if err := queryError(ctx, gw, sql); err == nil || err.Code != "0A000" {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
		}
	}
	sql := `select id as "ID", id from fn_t order by 1`
	got, want := dbtDDLResult(ctx, gw.PgConn(), sql), dbtDDLResult(ctx, pg.PgConn(), sql)
	if got != want {
		t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
	}
}
