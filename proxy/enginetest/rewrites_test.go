package enginetest

import "testing"

// These cases compare with PostgreSQL, in both protocols, the RANGE
// offsets of named windows, || of operands that show their types, casts
// of floats to numeric and generate_series inside select-list
// expressions.
var rewriteCases = []biCase{
	{sql: "select d, count(*) over w from (values (date '2024-01-01'), (date '2024-01-02'), (date '2024-01-05')) v(d) " +
		"window w as (order by d range between '1 day' preceding and current row) order by d"},
	{sql: "select x, sum(x) over (w range between '1' preceding and '1' following) from (values (1), (2), (4)) v(x) " +
		"window w as (order by x) order by x"},
	{sql: "select x, count(*) over w2 from (values (1.5::real), (2.0), (4.0)) v(x) " +
		"window w1 as (order by x), w2 as (w1 range between '0.5' preceding and current row) order by x"},
	{sql: "select a || b from (values (1, 2)) v(a, b)"},
	{sql: "select a || b from (values (1.5::float8, true)) v(a, b)"},
	{sql: "select 1 || '2', 1 || 2::text, 2.5 || 'x'::varchar"},
	{sql: "select 0.1::float8::numeric, (1/3.0::float8)::numeric, 1e20::float8::numeric, 123.456::float4::numeric, " +
		"(2/3.0::float4)::numeric, (x/7)::numeric, (1/3.0)::numeric from (values (0.25::float8)) v(x)"},
	{sql: "select 1.005::float8::numeric(5,2), 0.1::float4::numeric(20,15), 2.675::float4::numeric(10,2), " +
		"123456789012345678::float8::numeric(30,2), (-2.5)::float8::numeric(3,0), (0.1::float8*3)::numeric(20,18), " +
		"r::numeric(38,20), (lat/3)::numeric(10,4) from (values (0.1::real, 10.0::float8)) v(r, lat)"},
	{sql: "select 1e300::float8::numeric(5,2)"},
	{sql: "select generate_series(1,3)::text"},
	{sql: "select count(*) from (select generate_series(1,10)::text) t"},
	{sql: "select length(generate_series(1,3)::text), -generate_series(1,2)"},
	{sql: "select generate_series(date '2024-01-01', date '2024-03-01', interval '1 month')::date as m"},
	{sql: "select to_char(generate_series(date '2024-01-01', date '2024-03-01', '1 month'), 'Mon')"},
	{sql: "select generate_series(1,3) * 10, generate_series(1,2), generate_series(1,3)::numeric / 2"},
	{sql: "select coalesce(generate_series(1,2), 0)"},
	{sql: "select case when true then generate_series(1,2) end"},
	{sql: "select sum(generate_series(1,2))"},
	{sql: "select generate_series(1,2), 'x' union all select 5, 'y' union all (select generate_series(7,8)::int, 'z')"},
	{sql: "select quote_literal(true), quote_nullable(false), quote_literal(1 > 2), format('%s %L', true, true)"},
	{sql: "select x ilike 'ÑA', x ilike 'ña', x not ilike 'ña%', x ilike 'Ñ_', 'É' ilike 'é%', 'abc' ilike 'A\\_C', " +
		"x ilike 'x#_' escape '#' from (values ('ña'), ('ÑA'), ('x_'), (null)) v(x)"},
	{sql: "select t, t.a from (select 1 a, 'x' b) t"},
	{sql: `select '\x0102'::bytea || 'x', '\x0102'::bytea || 'x'::text, '(0,1)'::tid || 'x', (1, 'a') || 'x', 'y' || '\x03'::bytea`},
	{sql: "select v, to_jsonb(v) from (values (1, 'a'), (2, null)) v(x, y) order by x"},
	{sql: "select array['infinity'::date, '-infinity'::date, '2024-01-02']::text, row('infinity'::date, '-infinity'::timestamp)::text, " +
		"array['infinity'::timestamp]::text, array_to_string(array['infinity'::date], ','), concat(row('-infinity'::date))"},
	{sql: "select to_jsonb('infinity'::date), to_jsonb('-infinity'::timestamp), jsonb_agg(d) from (values ('infinity'::date)) v(d)"},
	{sql: "select jsonb_build_object('d', d) from (values ('-infinity'::date)) v(d)"},
	{sql: "select * from generate_series(1, 3)"},
	{sql: "select x, n from generate_series(10, 1, -3) with ordinality x(x, n)"},
	{sql: "select s, s + 1, generate_series.s from generate_series(-2, 2) s order by s desc"},
	{sql: "select count(*), max(g) from generate_series(1, 5) g where g > 2"},
	{sql: "select a.x, g from (values (1), (2)) a(x), generate_series(1, 2) g order by 1, 2"},
}

func TestRewritesMatchPostgreSQL(t *testing.T) {
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	for _, c := range rewriteCases {
		for _, diff := range biDifferences(t, gwConn.PgConn(), pgConn.PgConn(), c) {
			t.Error(diff)
		}
	}
}
