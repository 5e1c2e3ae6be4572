package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare result type OIDs with PostgreSQL 15 on a gateway
// whose catalog database describes each statement. They cover bit string
// operators, NULL arguments and array_agg() of varchar. They also cover
// the columns of temporary tables, which the catalog database lacks, and
// of recursive WITH queries. The INSERT cases compare the 42804 of a
// value whose type has no assignment cast to the column's type.

var resultOIDSetup = []string{
	"create table ro_v (s varchar(5), c text)",
	"insert into ro_v values ('ab', 'x'), ('cd', 'yz')",
	"create table ro_pt (s text, n int)",
	"insert into ro_pt values ('a', 1), ('b', 2)",
	"create table ro_i (a int, b text)",
	"create table ro_bd (b bool, d date)",
	"create temp table ro_tt (s text, n int)",
	"insert into ro_tt values ('a', 1), ('b', 2)",
	// A temporary table hides the permanent one of its name.
	"create table ro_shadow (s int)",
	"create temp table ro_shadow (s varchar(4), d date)",
	"insert into ro_shadow values ('ab', '2024-01-02')",
}

var resultOIDQueries = []string{
	// Bit string operators give bit, || gives varbit.
	"select b'101' & b'110', b'101' | b'110', b'101' # b'110', ~b'101', b'101' << 1, b'101' >> 1",
	"select b'101', x'a' & x'b', b'1' || b'0'",
	"select b'101' & b'110' as x union all select b'111'",
	"select (b'101' & b'110') = b'100'",
	"select bit_length(b'101' & b'110'), length(~b'101')",
	"select coalesce(b'101' & b'110', b'1')",
	"select b'101' & b'11'",
	"select b'101' | b'11'",
	"select b'101' # b'11'",

	// A NULL argument takes the type PostgreSQL resolves it to.
	"select repeat(null, 2), nullif(null, 1)",
	"select nullif(null, 'a'), nullif(null, 2.5)",
	"select array_agg(s) from ro_v",
	"select array_agg(c) from ro_v",

	// Temporary tables have their column types.
	"select sum(ascii(s)) from ro_tt",
	"select sum(ascii(s)) from ro_pt",
	"select s::varchar, s::char(3), s::varchar(2) from ro_pt order by n",
	"select sum(n), sum(length(s)) from ro_tt",
	"select s::varchar, s::char(3), s::varchar(2) from ro_tt order by n",
	"select t.s::varchar, p.n from ro_tt t join ro_pt p using (n) order by p.n",
	"with w as (select s::varchar from ro_tt) select * from w order by s",
	"select s, d from ro_shadow",
	"select sum(n) from ro_tt union all select sum(n) from ro_pt",

	// A value whose type has no assignment cast to its column's fails.
	"insert into ro_i values (1, 'x'), ('2'::text, 1)",
	"insert into ro_i values ('2'::text, 'x')",
	"insert into ro_i values (1, 'x'), (true, 'y')",
	"insert into ro_i values (1, 'x'), (2, 'y'), (now(), 'z')",
	"insert into ro_i values (1, 'x'), (2, 'y'), ('3'::varchar, 'z')",
	"insert into ro_i (b, a) values ('x', 1), ('y', '2'::text)",
	"insert into ro_i select '2'::text, 'x'",
	"insert into ro_i values ('2022-01-01'::date, 'x')",
	"insert into ro_i values (1, 'x'), ('2', 1), (3.0, 2), (4::numeric, 3), (5::bigint, 4) returning *",
	"insert into ro_i values (6::int2, true), (7.5::float8, 2::int) returning *",
	"insert into ro_bd (b) values (1)",
	"insert into ro_bd (d) values (1.5)",
	"insert into ro_bd values (true, '2024-01-01'), (null, null) returning *",

	// A recursive WITH query's columns have the non-recursive term's types.
	"with recursive r(x) as (select '1/2/24'::text union all select x from r where false) select x::date from r",
	"with recursive r(x, n) as (select 'yes'::text, 1 union all select x, n + 1 from r where n < 2) select x::boolean, n from r",
}

func TestResultOIDGaps(t *testing.T) {
	_, gw := typedGateway(t)
	pg, err := pgx.Connect(context.Background(), oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ro_v, ro_pt, ro_i, ro_bd, ro_shadow") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, resultOIDSetup)
	compareExact(t, gw, pg, resultOIDQueries)
}
