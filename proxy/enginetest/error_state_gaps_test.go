package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 statements that its parse
// analysis rejects, where DuckDB runs them or fails with its own binder
// error and XX000. They cover DISTINCT with ORDER BY, duplicate column
// and table names, and column aliases beyond a query's columns. They also
// cover RANGE offsets of the wrong type, conflicting explicit collations,
// aggregates in WHERE and GROUP BY, window functions without OVER, window
// frames, rows of different widths and invalid byte sequences. Statements
// that PostgreSQL runs sit beside them, so that the checks reject no more
// than PostgreSQL.

var errorStateSetup = []string{
	"drop view if exists es_v",
	"drop view if exists es_v2",
	"drop table if exists es_t",
	"drop table if exists es_u",
	"drop table if exists es_t2",
	"drop table if exists es_t3",
	"create table es_t (a int, b int, d date, s text)",
	"insert into es_t values (1, 2, '2020-01-01', 'x'), (1, 3, '2020-01-02', 'y'), (2, 1, '2020-01-03', 'z')",
	"create table es_u (a int primary key)",
	"create view es_v2 as select 1 as x",
}

// errorStateMatches give PostgreSQL's rows, or its SQLSTATE and message.
var errorStateMatches = []string{
	// DISTINCT ON must lead ORDER BY, and SELECT DISTINCT sorts by
	// result columns only.
	"select distinct on (a) a, b from es_t order by b",
	"select distinct on (a) a, b from es_t order by b, a",
	"select distinct on (a, b) a, b from es_t order by s, a",
	"select distinct on (a, b) a, b from es_t order by b, a, s",
	"select distinct on (a) a, b from es_t order by a, b",
	"select distinct on (a, b) a, b from es_t order by b",
	"select distinct on (a, b) a, b from es_t order by a, b",
	"select distinct on (x) a as x, b from es_t order by a, b",
	"select distinct on (a) a as x, b from es_t order by x, b",
	"select distinct on (1) a, b from es_t order by a desc, b",
	"select distinct on (es_t.a) a from es_t order by a",
	"select distinct on (a) * from es_t order by a, b",
	"select distinct a from es_t order by b",
	"select distinct a + 1 from es_t order by a",
	"select distinct a from es_t order by lower(s)",
	"select distinct s from es_t order by s collate \"C\"",
	"select distinct a as x from es_t order by x",
	"select distinct a as x from es_t order by a",
	"select distinct es_t.a from es_t order by a",
	"select distinct a from es_t order by es_t.a",
	"select distinct lower(s) from es_t order by lower(s)",
	"select distinct lower(s) from es_t order by lower",
	"select distinct pg_catalog.lower(s) from es_t order by lower(s)",
	"select distinct a + 1 from es_t order by a + 1",
	"select distinct cast(a as integer) from es_t order by a::int4",
	"select distinct a, b from es_t order by 2, 1",
	"select distinct * from es_t order by b",

	// The columns of a created table or view need distinct names.
	"create table es_t2 as select 1 as x, 2 as x",
	"create view es_v as select 1 as x, 2 as x",
	"create table es_t2 as select a, a from es_t",
	"create table es_t2 as select a, es_t.a from es_t",
	"create table es_t2 as select sum(a), sum(b) from es_t",
	"create table es_t2 (p, p) as select 1, 2",
	"create table es_t2 (p) as select 1, 2 as p",
	"create view es_v (p, q) as select 1 as x, 2 as x",
	"create table es_t3 (a int, a int)",

	// Column aliases beyond the columns of a WITH query or subquery.
	"with w(x, y) as (select 1) select * from w",
	"with recursive w(n, m) as (select 1 union all select n + 1 from w where n < 3) select * from w",
	"select * from (select 1) s(x, y)",
	"select * from (values (1)) v(x, y)",
	"with w(x) as (select 1, 2) select * from w",
	"select * from (select 1, 2) s(x)",

	// Two FROM items of one query level with the same name.
	"select * from es_t, es_t",
	"select 1 from es_t t1 join es_t t1 on true",
	"select * from es_t x, es_u x",
	"select * from es_t join es_t using (a)",
	"select * from es_t join es_u on true, es_u",
	"select * from es_t x, (select 1) x",
	"select * from generate_series(1, 2) g, generate_series(1, 3) g",
	"with w as (select 1), w as (select 2) select * from w",
	"select count(*) from es_t t where exists (select 1 from es_t where a = t.a)",

	// RANGE offsets of a type that no in_range function takes.
	"select count(*) over (order by d range between 1 preceding and current row) from es_t",
	"select count(*) over (order by d range between 1.5 preceding and current row) from es_t",
	"select count(*) over (order by d::timestamp range between 1 preceding and current row) from es_t",
	"select count(*) over (order by a range between interval '1 day' preceding and current row) from es_t",
	"select count(*) over (order by a range between 1.5 preceding and current row) from es_t",
	"select count(*) over w from es_t window w as (order by d range between 1 preceding and current row)",
	"select count(*) over (order by d range between interval '1 day' preceding and current row) from es_t",
	"select count(*) over (order by b::float8 range between 1 preceding and current row) from es_t",
	"select count(*) over (order by a range between 1 preceding and current row) from es_t",
	"select sum(a) over (order by a range between '1 day' preceding and current row) from es_t",

	// Explicit collations that differ.
	"select 'a' collate \"C\" < 'b' collate \"POSIX\"",
	"select 'a' collate \"default\" < 'b' collate \"C\"",
	"select s collate \"C\" || 'x' collate \"POSIX\" from es_t",
	"select 'a' collate \"C\" < 'b' collate \"C\"",
	"select 'a' collate pg_catalog.\"C\" < 'b' collate \"C\"",

	// Window functions and frames.
	"select lag(a) from es_t",
	"select row_number() from es_t",
	"select rank() from es_t",
	"select pg_catalog.lead(a) from es_t",
	"select sum(a) over (rows between current row and unbounded preceding) from es_t",
	"select sum(a) over (rows between unbounded following and current row) from es_t",
	"select sum(a) over (rows between 1 following and current row) from es_t",
	"select sum(a) over (rows between current row and 1 preceding) from es_t",
	"select sum(a) over (range between 1 preceding and current row) from es_t",
	"select sum(a) over (order by a, b range between 1 preceding and current row) from es_t",
	"select avg(a) over (w) from es_t window w as (order by a), w as (order by b)",

	// Rows of different widths compared.
	"select row(1, 2) = row(1, 2, 3)",
	"select (1, 2) < (1, 2, 3)",
	"select (1, 2) in ((1, 2), (1, 2, 3))",
	"select (1, 2) is distinct from (1, 2, 3)",
	"select (1, 2) in ((1, 2), (3, 4))",
	"select (a, b) = (1, 2) from es_t order by a, b",

	// DuckDB's binder errors with PostgreSQL's SQLSTATE and message.
	"select a from es_t where sum(a) > 1",
	"select count(*) from es_t group by sum(a)",
	"select 1 from es_t group by rollup(a) having grouping(b) = 0",
	"select grouping(a) from es_t",
	"insert into es_t (zz) values (1)",
	"insert into es_t (a, a) values (1, 2)",
	"update es_t set a = 1, a = 2",
	"select (select a, b from es_t)",
	"drop view es_t",
	"drop table es_v2",
	"select E'\\xff'",
	"select a from es_t where row_number() over () > 1",
	"select a from es_t group by row_number() over ()",
	"insert into es_t values (sum(1))",
	"update es_t set a = sum(a)",
	"select sum(a) over w from es_t window w as (partition by a), w2 as (w partition by b)",
	"select sum(a) over (w order by b) from es_t window w as (order by a)",
	"select sum(a) over (w rows unbounded preceding) from es_t window w as (order by a rows unbounded preceding)",
	"create table es_t4 (a int, primary key (zz))",
	"create table es_t4 (a int, unique (zz))",
	"create table es_t4 (a int check (zz > 0))",
	"create table es_t4 (a int default zz)",
	"select case when true then a else d end from es_t",
}

// errorStateCodes give PostgreSQL's SQLSTATE with another message:
// DuckDB's names the table where PostgreSQL's names its alias, and IN
// gets the message of a scalar subquery.
var errorStateCodes = []string{
	"select * from es_t as x(a, b, c, d, e)",
	"select * from es_t where a in (select a, b from es_t)",
	"select a from es_t join es_u on sum(es_t.a) > 0",
	"select a from es_t join es_u on row_number() over () > 0",
	"select * from es_t where a in (select * from es_t)",
}

func TestErrorStatesMatchPostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, errorStateSetup)
	t.Cleanup(func() {
		for _, sql := range errorStateSetup[:6] {
			pg.Exec(context.Background(), sql)
		}
	})
	compareExact(t, gw, pg, errorStateMatches)
	ctx := context.Background()
	for _, sql := range errorStateCodes {
		want, got := resultCode(exactResult(ctx, pg, sql, nil)), resultCode(exactResult(ctx, gw, sql, nil))
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
