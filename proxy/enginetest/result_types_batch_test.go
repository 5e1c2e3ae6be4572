package enginetest

import (
	"context"
	"testing"
	"time"
)

// resultTypeBatchCases are results whose PostgreSQL type DuckDB gave
// otherwise without a catalog database, which would describe them.
var resultTypeBatchCases = []string{
	"select sum(case when b then 1 else 0 end), sum(case when b then 1 end), sum(case when b then 2::int8 else 0 end) " +
		"from (values (true), (false), (true)) v(b)",
	"select count(*), sum(case x when 1 then 1 else 0 end) from (values (1), (2)) v(x)",
	"select x, ntile(2) over (order by x), ntile(3) over w from (values (1), (2), (3)) v(x) window w as (order by x desc) order by x",
	"select coalesce(x::smallint, 1), greatest(x::smallint, 2), least(x::int2, 1), " +
		"case when x > 0 then x::int2 else 0 end, coalesce(x::int2, 2::int2) from (values (1)) v(x)",
	"select bit_length('a'), gcd(12, 18), lcm(4, 6::int2), gcd(12::int8, 18), lcm(x, 4) from (values (6)) v(x)",
}

func TestResultTypeBatchMatchesPostgreSQL(t *testing.T) {
	g := startDemo(t)
	gwConn := g.connect(t, "demo", "demo", "carto_dw", "disable")
	pgConn, _ := connectRecorded(t, oracleDSN())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, sql := range resultTypeBatchCases {
		for _, extended := range []bool{false, true} {
			got, want := biResult(ctx, gwConn.PgConn(), sql, nil, extended), biResult(ctx, pgConn.PgConn(), sql, nil, extended)
			if got != want {
				t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
			}
		}
	}
}

// nestedAggregateCases nest aggregates, which PostgreSQL rejects with
// 42803 at the inner call.
var nestedAggregateCases = []divisionCase{
	{sql: "select sum(sum(x)) from (values (1)) v(x)"},
	{sql: "select max(x) filter (where count(*) > 1) from (values (1)) v(x)"},
	{sql: "select sum(row_number() over ()) from (values (1)) v(x)"},
	{sql: "select string_agg(s, ',' order by max(s)) from (values ('a')) v(s)"},
	{sql: "select sum((select count(*) from (values (1)) w(y))) from (values (1)) v(x)"},
	{sql: "select max(x) filter (where row_number() over () > 1) from (values (1)) v(x)"},
}

func TestNestedAggregatesMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, nestedAggregateCases)
}

// cubeLimitCases are CUBE at and past PostgreSQL's limit of 12 elements.
var cubeLimitCases = []divisionCase{
	{sql: "select count(*) from (values (1)) v(a) group by cube(a, a, a, a, a, a, a, a, a, a, a, a, a)"},
	{sql: "select count(*) from (values (1)) v(a) group by cube(a, a, a), a"},
}

func TestCubeLimitMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, cubeLimitCases)
}
