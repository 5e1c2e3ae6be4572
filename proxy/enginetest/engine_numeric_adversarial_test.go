package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// These cases run the same query, which needs no table, on the DuckDB
// demo warehouse through pgway and on PostgreSQL, and compare the type
// OID and value of every column, or the SQLSTATE and message of the
// error. They probe the exact division of the DuckDB dialect with every
// number type and mixed pairs of them as operands, and with NULL, string
// literals and parameters. Other cases nest quotients, put them inside
// other expressions, set operations, subqueries and CTEs, and aggregate
// them with DISTINCT, FILTER and OVER. The rest divide by zero, overflow,
// and extract each field of each date and time type.

// divisionCase is a query with its parameters. For a known gap, reason
// gives the cause of the difference between pgway and PostgreSQL.
type divisionCase struct {
	sql    string
	args   []any
	reason string
}

// runMatchCases runs each case in every protocol mode on pgway and on
// PostgreSQL, and fails for each result that differs.
func runMatchCases(t *testing.T, cases []divisionCase) {
	t.Helper()
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, c := range cases {
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			want := exactResult(ctx, pg, c.sql, args)
			got := exactResult(ctx, gw, c.sql, args)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, mode, got, want)
			}
		}
	}
}

// runGapCases runs cases with known differences and fails for each that
// matches PostgreSQL in every protocol mode, which then belongs in the
// list named passing.
func runGapCases(t *testing.T, cases []divisionCase, passing string) {
	t.Helper()
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, c := range cases {
		differs := false
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			if exactResult(ctx, gw, c.sql, args) != exactResult(ctx, pg, c.sql, args) {
				differs = true
			}
		}
		if !differs {
			t.Errorf("%s %v now matches PostgreSQL in every mode, so move it to %s (gap: %s)", c.sql, c.args, passing, c.reason)
		}
	}
}

// divisionRegressions return the same result through pgway as on
// PostgreSQL in every protocol mode.
var divisionRegressions = []divisionCase{
	{sql: "select $1 / 3.0", args: []any{"7"}},
	{sql: "select sum(x), sum(x::int8), sum(x::numeric) from (values (1)) v(x)"},
	{sql: "select $1 / 2", args: []any{"7"}},
	{sql: "select format('%s', 1)"},
	{sql: "select -7::int2 / 2::int2, 7 / -2::int8"},
	{sql: "select 7::float4 / 0"},
	{sql: "select 7::int2 / 0::int2"},
	{sql: "select 7::int8 / 0"},
	{sql: "select 1.0 / 0.0, 1"},
	{sql: "select extract(foo from timestamp '2021-01-01')"},
	{sql: "select 0.0 / 0.0"},
	{sql: "select 0 / 0"},
	{sql: "select 1::numeric / 0::int"},
	{sql: "select (1.0 / 3) / 0"},
	{sql: "select 1 / (1.0 / 3 - 1.0 / 3)"},
	{sql: "select 1::numeric / 3::int2, 1::int2 / 3::numeric"},
	{sql: "select 1::numeric / 3::float8, 2::float8 / 3::numeric"},
	{sql: "select null / 2, 2 / null"},
	{sql: "select null::numeric / 2, 1.5 / null"},
	{sql: "select null::int / null::int"},
	{sql: "select null::numeric / (1.0 / 3)"},
	{sql: "select '7' / 2"},
	{sql: "select 7 / '2'"},
	{sql: "select 10.0 / 3.0 / 3.0"},
	{sql: "select (1.0 / 3) / (2.0 / 7)"},
	{sql: "select 1 / (1.0 / 3), 2::int8 / (1.0 / 3), 3::int2 / (1.0 / 3)"},
	{sql: "select (1.0 / 3) / 2::int2, (1.0 / 3) / 2::int4, (1.0 / 3) / 2::int8"},
	{sql: "select (1.0 / 3) / 2::real, (1.0 / 3) / 2::float8, 2::real / (1.0 / 3)"},
	{sql: "select 1.5::float8 / (1.0 / 3)"},
	{sql: "select 1.0 / 3 / 3 / 3 / 3 / 3 / 3"},
	{sql: "select 1.0 / 3 * 3, 1.0 / 3 * 3.0, 3 * (1.0 / 3), 3::int2 * (1.0 / 3), 3::real * (1.0 / 3)"},
	{sql: "select 1.0 / 3 + 1.0 / 3, 1.0 / 3 - 2.0 / 3, (1.0 / 3) * (1.0 / 3)"},
	{sql: "select 1.0 / 3 * 1.0 / 3"},
	{sql: "select 1 / 3 + 1.0 / 3"},
	{sql: "select -(1.0 / 3), +(1.0 / 3), - - (1.0 / 3)"},
	{sql: "select (1.0 / 3)::float8, (1.0 / 3)::numeric(10, 2), (7.0 / 2)::int"},
	{sql: "select (1.0 / 3)::numeric(30, 25)"},
	{sql: "select 7.0 / 2 = 3.5, 1.0 / 3 > 0.3 and 2.0 / 3 < 1"},
	{sql: "select 7.0 / 2 in (select 7.0 / 2)"},
	{sql: "select interval '1 day' / 2.5, interval '1 day' / 2::int, interval '1 day' / 0.5::numeric"},
	{sql: "select interval '1 day' / 3::int8, interval '1 day' / 3::int2, interval '1 day' / 3::real"},
	{sql: "select interval '1 day' * 2 / 3"},
	{sql: "select interval '1 month' / 0.0"},
	{sql: "select (interval '1 day' / 2)::text"},
	{sql: "select (timestamp '2020-01-02' - timestamp '2020-01-01') / 2"},
	{sql: "select -0.0::float8 / 1, 0.0::float8 / -1, -0.0 / 1"},
	{sql: "select 'Infinity'::float8 / 'Infinity'::float8, 1 / 'Infinity'::float8, '-Infinity'::float8 / 2"},
	{sql: "select 'Infinity'::float8 / 0"},
	{sql: "select 'NaN'::float8 / 'NaN'::float8, 'NaN'::float4 / 0::float4"},
	{sql: "select 1e-320::float8 / 1e10"},
	{sql: "select 3e38::float4 / 0.1::float4"},
	{sql: "select 1e308::float8 / 0.1"},
	{sql: "select (-9223372036854775807 - 1)::int8 / -1"},
	{sql: "select (-2147483647 - 1)::int4 / -1::int4"},
	{sql: "select 5 % 0"},
	{sql: "select case when 7.0 / 2 > 3 then 1 else 0 end"},
	{sql: "select 7.0 / 2 limit 1 offset 0"},
	{sql: "select 7.0 / 2 order by 1"},
	{sql: "select 7.0 / 2 where 7.0 / 2 > 3"},
	{sql: "select x / 2 from (values (1.00), (2.50), (-3.25)) v(x) order by x / 2 desc"},
	{sql: "select distinct x / 2 from (values (1.00), (2.50), (-3.25)) v(x) order by x / 2"},
	{sql: "select distinct x / 2 from (values (1.00), (2.50), (-3.25)) v(x) order by 1"},
	{sql: "select x / 2 as h from (values (1.00), (2.50), (-3.25)) v(x) order by h"},
	{sql: "select x / 3 as q from (values (1.00), (2.50), (-3.25)) v(x) group by x / 3 order by 1"},
	{sql: "select x / 3 as q from (values (1.00), (2.50), (-3.25)) v(x) group by 1 order by 1"},
	{sql: "select distinct on (x / 3) x / 3 from (values (1.00), (2.50), (-3.25)) v(x) order by x / 3"},
	{sql: "select count(*) filter (where x / 2 > 0) from (values (1.00), (2.50), (-3.25)) v(x)"},
	{sql: "select sum(x / 2), max(x / 3), min(x / 3) from (values (1.00), (2.50), (-3.25)) v(x)"},
	{sql: "select sum(x) / count(x) from (values (1.00), (2.50), (-3.25)) v(x) having sum(x) / count(x) > 1"},
	{sql: "select 100.0 * x / sum(x) over () from (values (1), (2), (4)) v(x) order by x"},
	{sql: "select x, x / sum(x) over () from (values (1.00), (2.50), (-3.25)) v(x) order by x"},
	{sql: "select avg(x) from (values (1::int2), (2::int2)) v(x)"},
	{sql: "select avg(x) from (values (9223372036854775807::int8), (9223372036854775807::int8)) v(x)"},
	{sql: "select avg(x) from (values (0.000001::numeric(20, 6)), (0.000002)) v(x)"},
	{sql: "select avg(x::float8) from (values ('Infinity'), ('-Infinity')) v(x)"},
	{sql: "select avg(x) from (values ('NaN'::float8), (1)) v(x)"},
	{sql: "select avg(x) from (values (1::real), (2::real)) v(x)"},
	{sql: "select avg(x) from (values (1), (2)) v(x) where false"},
	{sql: "select avg(x::float8), avg(x::numeric), avg(x::int8) from (values (1), (2)) v(x) where false"},
	{sql: "select avg(x) over () from (values (1)) v(x) where false"},
	{sql: "select avg(x::int) from (values (true), (false), (true)) v(x)"},
	{sql: "select avg(distinct x) from (values (1), (1), (2)) v(x)"},
	{sql: "select avg(x) filter (where x > 1) from (values (1), (2), (4)) v(x)"},
	{sql: "select avg(x) filter (where x > 100) from (values (1), (2), (4)) v(x)"},
	{sql: "select x, avg(x) over (order by x rows between 1 preceding and current row) from (values (1), (2), (4)) v(x) order by x"},
	{sql: "select x % 2 as g, avg(x) from (values (1), (2), (4)) v(x) group by x % 2 having avg(x) > 1.5 order by avg(x) desc"},
	{sql: "select x % 2 as g, avg(x) from (values (1), (2), (4)) v(x) group by 1 order by 2"},
	{sql: "select avg(x) / 2, avg(x) * 2, avg(x) + 1, avg(x) - avg(x) from (values (1), (2), (4)) v(x)"},
	{sql: "select avg(x) / avg(x) from (values (1), (2), (4)) v(x)"},
	{sql: "select avg(x) / 0 from (values (1), (2), (4)) v(x)"},
	{sql: "select avg(x / 2) from (values (1), (2), (4)) v(x)"},
	{sql: "select avg(x / 2.0) from (values (1), (2), (4)) v(x)"},
	{sql: "select $1::numeric / 3", args: []any{"1.5"}},
	{sql: "select $1::float8 / $2::float8", args: []any{1.5, 0.0}},
	{sql: "select $1::int2 / $2::int2", args: []any{-32768, -1}},
	{sql: "select $1::interval / $2::float8", args: []any{"1 day", 3.5}},
	{sql: "select avg($1::int), avg($1::numeric)", args: []any{"5"}},
	{sql: "select $1::numeric / $2::numeric / $3::numeric", args: []any{"1", "3", "7"}},
	{sql: "select $1::numeric / ($2::numeric / 3)", args: []any{"1", "7"}},
	{sql: "select extract(epoch from $1::timestamptz)", args: []any{time.Date(2021, 3, 4, 5, 6, 7, 123456000, time.UTC)}},
	{sql: "select extract(epoch from $1::timestamp)", args: []any{time.Date(2021, 3, 4, 5, 6, 7, 123456000, time.UTC)}},
	{sql: "select 5 / 2 = 2.5"},
	{sql: "select extract(century from timestamp '2021-03-04 05:06:07.123456'), extract(day from timestamp '2021-03-04 05:06:07.123456'), extract(decade from timestamp '2021-03-04 05:06:07.123456'), extract(dow from timestamp '2021-03-04 05:06:07.123456'), extract(doy from timestamp '2021-03-04 05:06:07.123456'), extract(epoch from timestamp '2021-03-04 05:06:07.123456'), extract(hour from timestamp '2021-03-04 05:06:07.123456'), extract(isodow from timestamp '2021-03-04 05:06:07.123456'), extract(isoyear from timestamp '2021-03-04 05:06:07.123456'), extract(microseconds from timestamp '2021-03-04 05:06:07.123456'), extract(millennium from timestamp '2021-03-04 05:06:07.123456'), extract(milliseconds from timestamp '2021-03-04 05:06:07.123456'), extract(minute from timestamp '2021-03-04 05:06:07.123456'), extract(month from timestamp '2021-03-04 05:06:07.123456'), extract(quarter from timestamp '2021-03-04 05:06:07.123456'), extract(second from timestamp '2021-03-04 05:06:07.123456'), extract(week from timestamp '2021-03-04 05:06:07.123456'), extract(year from timestamp '2021-03-04 05:06:07.123456')"},
	{sql: "select extract(century from timestamptz '2021-03-04 05:06:07.123456+00'), extract(day from timestamptz '2021-03-04 05:06:07.123456+00'), extract(decade from timestamptz '2021-03-04 05:06:07.123456+00'), extract(dow from timestamptz '2021-03-04 05:06:07.123456+00'), extract(doy from timestamptz '2021-03-04 05:06:07.123456+00'), extract(epoch from timestamptz '2021-03-04 05:06:07.123456+00'), extract(hour from timestamptz '2021-03-04 05:06:07.123456+00'), extract(isodow from timestamptz '2021-03-04 05:06:07.123456+00'), extract(isoyear from timestamptz '2021-03-04 05:06:07.123456+00'), extract(microseconds from timestamptz '2021-03-04 05:06:07.123456+00'), extract(millennium from timestamptz '2021-03-04 05:06:07.123456+00'), extract(milliseconds from timestamptz '2021-03-04 05:06:07.123456+00'), extract(minute from timestamptz '2021-03-04 05:06:07.123456+00'), extract(month from timestamptz '2021-03-04 05:06:07.123456+00'), extract(quarter from timestamptz '2021-03-04 05:06:07.123456+00'), extract(second from timestamptz '2021-03-04 05:06:07.123456+00'), extract(week from timestamptz '2021-03-04 05:06:07.123456+00'), extract(year from timestamptz '2021-03-04 05:06:07.123456+00')"},
	{sql: "select extract(century from timestamp '1900-01-01 00:00:00.5'), extract(day from timestamp '1900-01-01 00:00:00.5'), extract(decade from timestamp '1900-01-01 00:00:00.5'), extract(dow from timestamp '1900-01-01 00:00:00.5'), extract(doy from timestamp '1900-01-01 00:00:00.5'), extract(epoch from timestamp '1900-01-01 00:00:00.5'), extract(hour from timestamp '1900-01-01 00:00:00.5'), extract(isodow from timestamp '1900-01-01 00:00:00.5'), extract(isoyear from timestamp '1900-01-01 00:00:00.5'), extract(microseconds from timestamp '1900-01-01 00:00:00.5'), extract(millennium from timestamp '1900-01-01 00:00:00.5'), extract(milliseconds from timestamp '1900-01-01 00:00:00.5'), extract(minute from timestamp '1900-01-01 00:00:00.5'), extract(month from timestamp '1900-01-01 00:00:00.5'), extract(quarter from timestamp '1900-01-01 00:00:00.5'), extract(second from timestamp '1900-01-01 00:00:00.5'), extract(week from timestamp '1900-01-01 00:00:00.5'), extract(year from timestamp '1900-01-01 00:00:00.5')"},
	{sql: "select extract(timezone from timestamptz '2021-03-04 05:06:07+00')"},
	{sql: "select extract(timezone_hour from timestamptz '2021-03-04 05:06:07+00')"},
	{sql: "select extract(timezone_minute from timestamptz '2021-03-04 05:06:07+00')"},
	{sql: "select extract(century from interval '-1 month -3 days -00:00:01.5'), extract(day from interval '-1 month -3 days -00:00:01.5'), extract(decade from interval '-1 month -3 days -00:00:01.5'), extract(epoch from interval '-1 month -3 days -00:00:01.5'), extract(hour from interval '-1 month -3 days -00:00:01.5'), extract(microseconds from interval '-1 month -3 days -00:00:01.5'), extract(millennium from interval '-1 month -3 days -00:00:01.5'), extract(milliseconds from interval '-1 month -3 days -00:00:01.5'), extract(minute from interval '-1 month -3 days -00:00:01.5'), extract(month from interval '-1 month -3 days -00:00:01.5'), extract(quarter from interval '-1 month -3 days -00:00:01.5'), extract(second from interval '-1 month -3 days -00:00:01.5'), extract(year from interval '-1 month -3 days -00:00:01.5')"},
	{sql: "select extract(century from interval '1000 years'), extract(day from interval '1000 years'), extract(decade from interval '1000 years'), extract(epoch from interval '1000 years'), extract(hour from interval '1000 years'), extract(microseconds from interval '1000 years'), extract(millennium from interval '1000 years'), extract(milliseconds from interval '1000 years'), extract(minute from interval '1000 years'), extract(month from interval '1000 years'), extract(quarter from interval '1000 years'), extract(second from interval '1000 years'), extract(year from interval '1000 years')"},
	{sql: "select extract(epoch from time '12:34:56.789'), extract(hour from time '12:34:56.789'), extract(microseconds from time '12:34:56.789'), extract(milliseconds from time '12:34:56.789'), extract(minute from time '12:34:56.789'), extract(second from time '12:34:56.789')"},
	{sql: "select extract('epoch' from timestamp '2021-01-01 00:00:01.5')"},
	{sql: "select extract(epoch from x) from (values (timestamp '2021-01-01 00:00:01.5'), (null)) v(x)"},
	{sql: "select extract(epoch from x) / 60 from (values (interval '90 seconds')) v(x)"},
	{sql: "select extract(epoch from timestamp '2021-01-01 00:00:01.5' - timestamp '2021-01-01')"},
	{sql: "select extract(second from timestamp '2021-01-01 00:00:01.5') * 2, extract(hour from timestamp '2021-01-01 05:00') / 2"},
	{sql: "select avg(extract(epoch from x)) from (values (timestamp '2021-01-01'), (timestamp '2021-01-02 00:00:00.000001')) v(x)"},
	{sql: "select sum(extract(second from x)) from (values (timestamp '2021-01-01 00:00:01.25')) v(x)"},
	{sql: "select extract(century from date '2021-03-04'), extract(day from date '2021-03-04'), extract(decade from date '2021-03-04'), extract(dow from date '2021-03-04'), extract(doy from date '2021-03-04'), extract(epoch from date '2021-03-04'), extract(isodow from date '2021-03-04'), extract(isoyear from date '2021-03-04'), extract(millennium from date '2021-03-04'), extract(month from date '2021-03-04'), extract(quarter from date '2021-03-04'), extract(week from date '2021-03-04'), extract(year from date '2021-03-04')"},
	{sql: "select extract(century from interval '1 year 14 months 40 days 25:59:07.5'), extract(day from interval '1 year 14 months 40 days 25:59:07.5'), extract(decade from interval '1 year 14 months 40 days 25:59:07.5'), extract(epoch from interval '1 year 14 months 40 days 25:59:07.5'), extract(hour from interval '1 year 14 months 40 days 25:59:07.5'), extract(microseconds from interval '1 year 14 months 40 days 25:59:07.5'), extract(millennium from interval '1 year 14 months 40 days 25:59:07.5'), extract(milliseconds from interval '1 year 14 months 40 days 25:59:07.5'), extract(minute from interval '1 year 14 months 40 days 25:59:07.5'), extract(month from interval '1 year 14 months 40 days 25:59:07.5'), extract(quarter from interval '1 year 14 months 40 days 25:59:07.5'), extract(second from interval '1 year 14 months 40 days 25:59:07.5'), extract(year from interval '1 year 14 months 40 days 25:59:07.5')"},
	{sql: "select avg(x) from (values (1000000000000000000::int8), (1)) v(x)"},
	{sql: "select x, avg(x) over (partition by x > 0) from (values (1.00), (2.50), (-3.25)) v(x) order by x"},
	{sql: "select 1.0 / 3 from (values (1), (2)) v(x) limit 1"},
	{sql: "select x / y from (values (1.5, null::numeric), (1.50, 3.000)) v(x, y)"},
	{sql: "select 7.0 / 2 * 2::real"},
	{sql: "select (1.0 / 3) + 1::int2, (1.0 / 3) + 2::real, (1.0 / 3) + 2::int4"},
	{sql: "select (1.0 / 3) + null, null + (1.0 / 3), (1.0 / 3) / null, null / (1.0 / 3)"},
	{sql: "select (1.0 / 3) * null::numeric"},
	{sql: "select 1 limit 10 / 3"},
	{sql: "select 1 limit 10.0 / 3"},
	{sql: "select (7.0 / 2 > 3)::int"},
	{sql: "select 5.0 / -0.0, 1"},
	{sql: "select 1::int2 / 0.0"},
	{sql: "select case when x <> 0 then 1.0 / x end from (values (0), (2)) v(x)"},
	{sql: "select case when x <> 0 then 1 / x::float8 end from (values (0), (2)) v(x)"},
	{sql: "select 1.0 / nullif(x, 0) from (values (0), (2)) v(x)"},
	{sql: "select sum(x) / nullif(count(*), 0) from (values (1.5), (2)) v(x)"},
	{sql: "select string_agg((x / 3)::text, ',') from (values (1.00), (2.50), (-3.25)) v(x)"},
	{sql: "select (x / 3)::numeric(10, 4) from (values (1.00), (2.50), (-3.25)) v(x)"},
	{sql: "select 0.1::float4 / 3::float4, 1::float4 / 3::float4"},
	{sql: "select 1.23456789012345678901 / 7"},
	{sql: "select 1 / 3::numeric(10, 5), 1::numeric(10, 5) / 3"},
	{sql: "select avg(x) from (values (1.5::numeric(10, 5)), (2)) v(x)"},
	{sql: "select 2 - (1.0 / 3)::float8"},
	{sql: "select (1.0 / 3 - 1) / 2"},
	{sql: "select distinct avg(x) from (values (1.00), (2.50), (-3.25)) v(x)"},
	{sql: "select avg(x) from (values (1.00), (2.50), (-3.25)) v(x) group by x order by avg(x)"},
	{sql: "select sum(x / 3) over (order by x) from (values (1.00), (2.50), (-3.25)) v(x) order by x"},
	{sql: "select x::numeric / 7 from generate_series(1, 3) x"},
	{sql: "select 10 / 4, -10 / 4, 10 / -4"},
	{sql: "select sum(x) / count(*) from (values (1.5), (2)) v(x)"},
	{sql: "select count(*) / 2, count(*) / 2.0, count(*)::float8 / 3 from (values (1), (2), (3)) v(x)"},
	{sql: "select max(x) / min(x) from (values (1.00), (2.50), (-3.25)) v(x)"},
	{sql: "select x / 3 from (values (1.0)) v(x) group by x / 3 having x / 3 > 0"},
	{sql: "select 10 / 4 from (values (1)) v(x) group by 1"},
	{sql: "select x / 2 from (values (1), (2)) v(x) order by 1 limit 1 offset 1"},
	{sql: "select array_agg(x / 4 order by x) from (values (1.0), (2.0)) v(x)"},
	{sql: "select (1.0 / 3)::real, (2.0 / 3)::int8"},
	{sql: "select 1 / 0.0::float4, 1::int8 / 0::int8"},
	{sql: "select avg(x) from (values (null::numeric)) v(x)"},
	{sql: "select avg(x) from (values (null::int)) v(x)"},
	{sql: "select 7.0 / 2 from (values (1)) v(x) group by grouping sets ((), (x))"},
	{sql: "select $1::numeric / 3, $2::int8 / $1::numeric", args: []any{1.5, 7}},
	{sql: "select 1.0 / x from (values (1), (0)) v(x)"},
	{sql: "select x / y from (values (1, 0)) v(x, y)"},
	{sql: "select x / y from (values (1.5::float4, 0::float4)) v(x, y)"},
	{sql: "select avg(x) from (values (1), (2)) v(x) group by x % 1 having avg(x) / 0 > 1"},
	{sql: "select 5.0 / 3 as q from (values (1)) v(x) group by rollup(x) order by 1"},
	{sql: "select 7.0 / 2 as x order by x desc nulls last"},
	{sql: "select avg(x) over (order by x range between unbounded preceding and current row) from (values (1), (2), (2), (5)) v(x) order by x"},
	{sql: "select avg(x) filter (where x > 1) over () from (values (1), (2), (4)) v(x)"},
	{sql: "select (1.0 / 3) = (1.0 / 3)::float8, (1.0 / 3) * 0, (1.0 / 3) - (1.0 / 3)"},
	{sql: "select 2 ^ 3 / 2, 10 / 3 * 3, -7 / 2"},
	{sql: "select (7 / 2)::numeric / 2"},
	{sql: "select 1.0 / 3 as a, 2.0 / 3 as a, 1.0 / 3 as \"Q\""},
	{sql: "select x / 3 from (values (1.0)) v(x) fetch first 1 rows only"},
	{sql: "select avg(x), sum(x) / count(x) from (values (0.1), (0.2), (0.3)) v(x)"},
	{sql: "select avg(x) from (values (-1), (0), (0)) v(x)"},
	{sql: "select avg(x) from (values (1), (2)) v(x) group by x order by 1 desc"},
	{sql: "select avg(x)::numeric(10, 3), (1.0 / 3)::numeric(10, 3) from (values (1), (2)) v(x)"},
	{sql: "select exists (select 1.0 / 0)"},
	{sql: "select 1 where false and 1.0 / 0 > 1"},
	{sql: "select 1.0 / 3 from (values (1)) v(x) where x in (select 1)"},
	{sql: "select x / 2.5 from (values (7::int2), (8::int2)) v(x)"},
	{sql: "select avg(x) from (values (32767::int2), (32767::int2)) v(x)"},
	{sql: "select sum(x) / 2 from (values (1.5), (2.5)) v(x)"},
	{sql: "select 10.0 / 4 > 2 and 10.0 / 4 < 3, 10.0 / 4 between 2 and 3"},
	{sql: "select 0.0 / 5, -0.0 / 5, 0 / 5.0"},
	{sql: "select 1 / 3.0 + 1 / 3.0 + 1 / 3.0"},
	{sql: "select (1.0 / 3) * (1.0 / 3) * (1.0 / 3)"},
	{sql: "select 7::int2 / 2::int2, 7::int2 / 2, 7::int8 / 2::int2, 7::int4 / 2::int8"},
	{sql: "select 7::real / 2, 7::real / 2::real, 1::real / 3::float8"},
	{sql: "select 1::real / 2::int8, 1::int8 / 3::real"},
	{sql: "select 1::numeric / 3::float4"},
	{sql: "select interval '1 day' / (1.0 / 3)"},
	{sql: "select interval '-1 month 3 days' / 7"},
	{sql: "select interval '178000000 years' / 0.001"},
	{sql: "select 2147483647 / 1.0, 9223372036854775807 / 2.0, 9223372036854775807::int8 / 0.5"},
	{sql: "select extract(epoch from timetz '12:34:56.789+02'), extract(hour from timetz '12:34:56.789+02'), extract(microseconds from timetz '12:34:56.789+02'), extract(milliseconds from timetz '12:34:56.789+02'), extract(minute from timetz '12:34:56.789+02'), extract(second from timetz '12:34:56.789+02')"},
	{sql: "select (-32768)::int2 / -1, (-32768)::int2 / 2"},
	{sql: "select 1000000000000000000::int8 / 1.5"},
	{sql: "select x / 1.5 from (values (1000000000000000000::int8)) v(x)"},
	{sql: "select 1 / 2::float4, 1::float4 / 2"},
	{sql: "select x / 2 from (values (1.5::float4)) v(x)"},
	{sql: "select count(*) / count(*)::float4, count(*)::numeric / 3 from (values (1)) v(x)"},
	{sql: "select x / 2, y / 2 from (values (1::int8, 1::int2)) v(x, y)"},
	{sql: "select 1::real / 2.5, 2.5 / 4::real"},
	{sql: "select * from (select 7.0 / 2) s"},
	{sql: "with t as (select 7.0 / 2 as q) select q from t"},
	{sql: "with t as (select 700.0 / 2 as q) select q / 3 from t"},
	{sql: "select (1.0 / 3)::text, (7.0 / 2)::text"},
	{sql: "select avg(x)::text from (values (1), (2), (4)) v(x)"},
	{sql: "select date_part('epoch', timestamp '2021-01-01 00:00:01.5'), date_part('second', timestamp '2021-01-01 00:00:01.5')"},
	{sql: "select date_part('day', date '2021-03-04'), date_trunc('day', timestamp '2021-03-04 05:06')"},
	{sql: "select interval '-1 day', interval '-1 mon', interval '-1 year', interval '1 day', interval '-1 day -1 hour', interval '1 year 1 mon 1 day'"},
	{sql: "select greatest(7.0 / 2, 1), least(1.0 / 3, 1)"},
	{sql: "select coalesce(7.0 / 2, 0)"},
	{sql: "select case when true then 7.0 / 2 end"},
	{sql: "select (select 7.0 / 2)"},
	{sql: "select coalesce(avg(x), 0) from (values (1), (2), (4)) v(x)"},
	{sql: "select (select avg(x) from (values (1), (2), (4)) v(x))"},
	{sql: "select (7.0 / 2) % 2, avg(x) % 2 from (values (1), (2)) v(x)"},
	{sql: "select (select 700.0 / 2) / 3"},
	{sql: "select coalesce(700.0 / 2, 0) / 3"},
	{sql: "select abs(-7.0 / 2), trunc(1.0 / 3, 4)"},
	{sql: "select (select avg(x) from (values (1), (2)) v(x) where x > y) from (values (0), (5)) w(y)"},
	{sql: "select div(7, 2), div(7.5, 2), mod(7.5, 2)"},
	{sql: "select 7.0 / 2 union all select 1.0 / 3"},
	{sql: "values (7.0 / 2)"},
	{sql: "select avg(x) from (values (1.5), (2.25)) v(x) union all select avg(x) from (values (1), (2)) v(x)"},
	{sql: "select 7.0 / 2 as q union all select 1.0 / 3 order by q"},
	{sql: "select x / 2 from (values (1.00), (2.50), (-3.25)) v(x) union all select 1"},
	{sql: "select * from (values (7.0 / 2)) v(x)"},
	{sql: "select x / 2 * 2, x / 2 + 1, x / 2 - 1, x / 2 % 2 from (values (1), (5)) v(x)"},
	{sql: "select x / 2 * 2 from (values (2147483647)) v(x)"},
	{sql: "select (x / 2.0) % 0 from (values (1)) v(x)"},
	{sql: "select coalesce(x / 2, 0), nullif(x / 2.0, 1), case when x > 1 then x / 2 else 0.50 end from (values (1), (2), (null)) v(x)"},
	{sql: "select coalesce(x / 2, 1.5::float8), greatest(x / 3.0, 0.33333::numeric(10, 5), 1.0 / 3) from (values (1), (2)) v(x)"},
	{sql: "select coalesce(null, x / 4.0, 1.5), case x when 1 then 1.0 / 3 when 2 then 2.50 end from (values (1), (2), (3)) v(x)"},
	{sql: "select greatest(x / 1.0, 2.00, 2), least(x / 1.0, 2.00, 2) from (values (2)) v(x)"},
	{sql: "select coalesce(interval '1 day' / 2, interval '1 hour'), interval '1 day' / 2 + interval '1 hour'"},
	{sql: "select case when x > 1 then 1.0 / x end > 0.3 from (values (1), (2)) v(x)"},
	{sql: "select coalesce(coalesce(1.0 / x, 2), 3) * 2, -abs(1.0 / x), @(-1.0 / x) from (values (3)) v(x)"},
	{sql: "select (coalesce(7.0 / 2, 0))::text, nullif(1.0 / 3, 0) / 2"},
	{sql: "select (select 7.0 / 2 union all select 1) from (values (1)) v(x) limit 0"},
	{sql: "values (7.0 / 2, 1), (1, 2.0 / 3), (null, 0.50), (-2, -1.0 / 3)"},
	{sql: "select * from (select 7.0 / 2 union all select 1) s"},
	{sql: "select 7.0 / 2 union all select 1.5::float8"},
	{sql: "select 1.0 / 3 union all select 2 union all select 5.0 / 4 order by 1 limit 2"},
	{sql: "select a from (select 7.0 / 2 as q) s(a)"},
	{sql: "select coalesce(x / 3.0, $1::numeric), case when $2::bool then 1.0 / 3 else $1::numeric end from (values (1)) v(x)", args: []any{"2.50", true}},
	{sql: "select coalesce(1.0 / 3, 2::numeric), case when x > 0 then 1.0 / 3 else x::numeric end from (values (1)) v(x)"},
	{sql: "select coalesce($1::numeric / 3, 0)", args: []any{"1.5"}},
	{sql: "select interval '1 day' / 2 * 2, 3 * (interval '1 month' / 7), (interval '1 day' / 3) * 1.5, (interval '1 day' / 3) * (1.0 / 3)"},
	{sql: "select interval '1 day' / 2 * 2::int8, (interval '1 day 3 hours' / 2) * 2.5::float8, (interval '2 mons' / 3) * 0"},
	{sql: "select round(7.0 / 3, -1), trunc(-7.0 / 3, 3), round(x / 2, 1), trunc(1.0 / 3, 30), round(-2.5 / 1, 0) from (values (5)) v(x)"},
	{sql: "select round(1.0 / 3, 25) > 0.3, round(1.0 / 3, 22) * 3, round(1.0 / 3, x) from (values (2)) v(x)"},
	{sql: "select round(avg(x), 2), round(avg(x)), round(1.0 / 3, 25) from (values (1), (2), (4)) v(x)"},
	{sql: "with t as (select 7.0 / 2 as q) select q * 2 from t"},
	{sql: "select a + 1 from (select 7.0 / 2 as q) s(a)"},
	{sql: "with t as (select avg(x) as mean from (values (1), (2)) v(x)) select mean, mean * 2 from t"},
	{sql: "with t as (select avg(x) as mean from (values (1), (2)) v(x)) select mean, -mean, mean * 2 + 1, (mean - 1) / 3, t.mean % 1 from t"},
	{sql: "select s.q * 2, s.q * s.q from (select 1.0 / 3 as q) s where s.q > 0"},
	{sql: "select q * 2 from (select 7.0 / 2 as q union all select 1) s"},
	{sql: "select q + 1 from (select x / 2 as q from (values (3)) v(x)) s"},
	{sql: "select q * 2 from (select interval '1 day' / 3 as q) s"},
	{sql: "select q * 2, q from (select 7.0 / 2 as q) s order by q"},
	{sql: "select array[7.0 / 2, 1, null, 2.50, 1.0 / 3], array[x / 2], array_agg(x / 3.0) from (values (1), (3)) v(x) group by x order by x"},
	{sql: "select array_agg(x / 4 order by x), array_agg(x / 3.0), array_agg(distinct x / 3.0) from (values (1.0), (2.0)) v(x)"},
	{sql: "select * from (select array[7.0 / 2] as a) s"},
	{sql: "select array[7.0 / 2]"},
	{sql: "select max(x / 2), min(x / 2), max(x / 4) filter (where x > 1) from (values (7.0), (1.0)) v(x)"},
	{sql: "select max(x / 2) over (), min(x / 2) over (order by x) from (values (7.0), (1.0)) v(x) order by x"},
	{sql: "select x from (values (7.0 / 2)) v(x) where x > 3"},
	{sql: "select q * 2 from (select 7.0 / 2 as q) s where q > 3"},
	{sql: "select * from (select a, b from (select 'x' as a, 7.0 / 2 as b) i where a > 'a') o where b > 1"},
	{sql: "select s.q, t.v from (select 7.0 / 2 as q) s join (values (3.5)) t(v) on t.v = s.q"},
	{sql: "select q, sum(q) over (order by q), coalesce(q, 0), q > 0.3 from (select 1.0 / x as q from (values (3), (4)) v(x)) s order by q"},
	{sql: "with t as (select x / 4.0 as q, x from (values (1), (2)) v(x)) select x, q, q + x, max(q) over () from t where q < 1 order by q desc"},
	{sql: "select avg(avg(x)) over () from (values (1), (2), (4)) v(x)"},
	{sql: "select avg(x) from (select 700.0 / 2 as x) s"},
	{sql: "select sum(x / 2) from (values (7.0), (9.0)) v(x)"},
	{sql: "select sum(x / 2), avg(x / 2), sum(x / 2) filter (where x > 8), avg(x / 2) over () from (values (7.0), (9.0), (null)) v(x) group by x order by x"},
	{sql: "select sum(q), avg(q) from (select x / 4.0 as q from (values (1), (2)) v(x)) s"},
	{sql: "select sum(x / 2.0::float8), avg(x / 2.0::float8), avg(x / 2) from (values (1), (4)) v(x)"},
	{sql: "select sum(x / 2) from (values (7.0)) v(x) where false"},
	{sql: "select avg(x) from (select 700.0 / 2 as x union all select 1) s"},
	{sql: "select case when x = 0 then 0 else 1.0 / x end, coalesce(nullif(x, 0) / 3.0, 0) from (values (0), (2)) v(x)"},
	{sql: "select coalesce(x, 1.0 / 0) from (values (1)) v(x)"},
	{sql: "select greatest(1.0 / x, 0) from (values (0)) v(x)"},
	{sql: "select coalesce(7.0 / 2, 2::float4), abs(-1.0 / 3) = 1.0 / 3, abs(null::numeric / 3)"},
	{sql: "select coalesce(x / 2.0, 0) from (values (1), (2)) v(x) group by coalesce(x / 2.0, 0) order by 1"},
	{sql: "select x, coalesce(x / 2.0, 0) from (values (1), (2)) v(x) group by x order by 1"},
	{sql: "select a, a[1] > 3 from (select array[7.0 / 2] as a) s where a = array[3.5]"},
	{sql: "select m + 1, m from (select max(x / 2) as m from (values (7.0), (1.0)) v(x)) s where m > 1"},
	{sql: "select max(7.0 / 2) union all select 1 union all select min(x / 3.0) from (values (1)) v(x)"},
	{sql: "select 'a' / 2"},
	{sql: "select q::text, q from (select 7.0 / 2 as q) s where q > 1"},
	{sql: "select string_agg(q::text, ',') from (select 1.0 / x as q from (values (3), (4)) v(x)) s"},
	{sql: "select (x / 2)::text, (x / 2.0)::text, (select 7.0 / 2)::text, coalesce(7.0 / 2, 0)::text from (values (7)) v(x)"},
	{sql: "select (x / 2.0::float8)::text, (x / 3.0::float8)::text, (x / 1e-20::float8)::text, (x / 1e20::float8)::text, (x * 1e14 / 1::float8)::text, (x * 1e15 / 1::float8)::text, (x / 70000::float8)::text, (-x / 0.5::float8)::text from (values (7)) v(x)"},
	{sql: "select (x::float4 / 3::float4)::text, (x::float4 * 100000::float4 / 1::float4)::text, (x::float4 * 1000000::float4 / 1::float4)::text, (x::float4 / 700000::float4)::text, ('NaN'::float8 / x)::text, ('-Infinity'::float8 / x)::text, (-0.0::float8 / x)::text from (values (7)) v(x)"},
	{sql: "select q from (select 7.0 / 2 as q) a join (select 3.5 as r) b on a.q = b.r"},
	{sql: "select t.q from (select 7.0 / 2 as q) t order by t.q limit 1"},
	{sql: "select sum(x) / count(*), sum(x)::numeric / count(*) from (values (1), (2), (4)) v(x)"},
	{sql: "select x / sum(x) over (), x / count(*) over () from (values (1), (2), (4)) v(x) order by x"},
	{sql: "select 7.5 / '2'"},
	{sql: "select (date '2020-03-01' - date '2020-01-01') / 7, (date '2020-03-01' - date '2020-01-01') / 7.0"},
	{sql: "select date '2020-03-01' - date '2020-01-01'"},
	{sql: "select timestamp '0044-03-15 12:00:00 BC'"},
	{sql: "select extract(dow from time '12:34:56')"},
	{sql: "select extract(julian from time '12:34:56')"},
	{sql: "select extract(century from time '12:34:56')"},
	{sql: "select extract(day from time '12:34:56')"},
	{sql: "select extract(year from timestamp '0044-03-15 12:00:00 BC'), extract(epoch from timestamp '0044-03-15 12:00:00 BC')"},
	{sql: "select extract(hour from date '2021-03-04')"},
	{sql: "select extract(second from date '2021-03-04')"},
	{sql: "select extract(julian from date '2021-03-04')"},
	{sql: "select extract(julian from timestamp '2021-03-04 05:06:07.123456')"},
	{sql: "select x, count(*) from (values (7.0 / 2), (3.50)) v(x) group by x"},
	{sql: "select (7.0 / 2)::text || 'x', format('%s', 7.0 / 2)"},
	{sql: "select concat(7.0 / 2, 'a', 1.0 / 3), concat_ws(',', 7.0 / 2, x / 4.0), quote_literal(7.0 / 2), format('%s|%s', 1.0 / 3, x / 2) from (values (7)) v(x)"},
	{sql: "with recursive t(n) as (select 100 union all select n / 2 from t where n > 1) select n from t"},
	{sql: "with recursive t(n) as (select 1.0::float8 union all select n / 2 from t where n > 0.1) select n from t"},
	{sql: "select x / 2 from (values (7)) v(x) union select 1 order by 1"},
	{sql: "select array[x / 2, y] from (values (7, 1)) v(x, y)"},
	{sql: "select a[1] * 2 from (select array[7 / 2] as a) s"},
	{sql: "select * from (select x / 2 as q from (values (7)) v(x)) a join (select 3 as q) b using (q)"},
	{sql: "select avg(distinct x / 2) from (values (7), (9)) v(x)"},
	{sql: "select 7.0 / 2 union select 1.5::float8 order by 1"},
	{sql: "select (select q * 2) from (select 7 / 2 as q) s"},
	{sql: "select avg(x) from (values (true), (false)) v(x)"},
	{sql: "select sum(x) from (values (true), (false)) v(x)"},
	{sql: "select avg(true), sum(1 > 0)"},
	{sql: "select sum(x / 2) from (values (1), (4)) v(x)"},
	{sql: "select sum(x / 2::int2), sum(x::int2 / 2::int2), sum(x::int8 / 2), sum(x / 2) filter (where x > 1) from (values (1), (4)) v(x)"},
	{sql: "select x, sum(x / 2) over (order by x) from (values (1), (4)) v(x) order by x"},
	{sql: "select sum(x / 2) from (values (1), (4)) v(x) where false"},
	{sql: "select x / 2.0 from (values (1)) v(x) union all select y from (values (1)) w(y)"},
	// Operands of more than 18 digits before the point, which pass to the
	// division as text.
	{sql: "select 123456789012345678901234567890::numeric / 7"},
	{sql: "select 12345678901234567890.0 / 0.0000000001"},
	{sql: "select 1e30::numeric / 1e-10"},
	{sql: "select 1234567890123456789.5 / 2"},
	{sql: "select (1.0 / 3) * 1e20, (1.0 / 3) * 1.5e0"},
}

// divisionRejections run on PostgreSQL, but pgway cannot run them with
// PostgreSQL's result, so it raises 0A000 for them in every protocol
// mode.
var divisionRejections = []divisionCase{
	{sql: "with recursive t(n) as (select 1.0 union all select n / 2 from t where n > 0.1) select n from t"},
	{sql: "select 7.0 / 2 union select 7.0 / 2"},
	{sql: "select 7.0 / 2 union all select 1 union select 3"},
	{sql: "select array[7.0 / 2, x] from (values (1)) v(x)"},
	{sql: "select sum(distinct x / 2), avg(distinct x / 2) from (values (7.0), (9.0)) v(x)"},
	{sql: "select avg(distinct x / 2) from (values (7.0), (9.0)) v(x)"},
	{sql: "select a[1] * 2 from (select array[7.0 / 2] as a) s"},
	{sql: "select (select q * 2) from (select 7.0 / 2 as q) s"},
	{sql: "select (select 1 + r) from (select 7.0 / 2) s(r)"},
	{sql: "select * from (select 7.0 / 2 as q) a join (select 3.5 as q) b using (q)"},
	{sql: "select * from (select 7.0 / 2 as q) a natural join (select 3.5 as q) b"},
	{sql: "select (1.0 / 3) + $1", args: []any{"2"}},
	{sql: "select $1 + (1.0 / 3)", args: []any{"2"}},
	{sql: "select (1.0 / 3) / $1", args: []any{"2"}},
	{sql: "select 1.0 / 3 + '1'"},
	{sql: "select 1e-30::numeric / 3"},
	{sql: "select 99999999999999999999999999999999999999.0 / 1"},
}

// knownDivisionGaps return a different result through pgway than on
// PostgreSQL in at least one protocol mode. TestDivisionGapsStillDiffer
// fails once one of them matches, so that it moves to
// divisionRegressions.
var knownDivisionGaps = []divisionCase{
	{sql: "select null / null",
		reason: "PostgreSQL rejects unknown / unknown as ambiguous (42725), pgway returns NULL"},
	{sql: "select true / 1",
		reason: "error message names pgway_div_result and lists its overloads"},
	{sql: "select 0.000000000000000000001 / 3",
		reason: "an operand with more than 20 fractional digits is rejected with 0A000; it worked before"},
	{sql: "select round(12345678901234567890.0 / 0.0000000001)",
		reason: "the dividend does not fit the DECIMAL(38,20) parameter; it worked before"},
	{sql: "select 'NaN'::numeric / 2",
		reason: "DuckDB DECIMAL has no NaN"},
	{sql: "select avg(x) from (values (1e20::numeric), (1)) v(x)",
		reason: "a sum of 21 digits does not fit the DECIMAL(38,20) parameter of pgway_avg; it worked before"},
	{sql: "select avg(x) from (values (0.0000000000000000000001), (1)) v(x)",
		reason: "a sum with more than 20 fractional digits is rejected with 0A000; it worked before"},
	{sql: "select x / $1 from (values (1.0)) v(x)", args: []any{"3"},
		reason: "pgway describes the parameter as text (42883); the string constant of the simple protocol beside a column is rejected with 0A000"},
	{sql: "select extract(epoch from 'infinity'::timestamp), extract(year from 'infinity'::timestamp)",
		reason: "extract returns numeric, and DuckDB's DECIMAL has no Infinity, so pgway raises 0A000"},
	{sql: "select extract(epoch from date 'infinity')",
		reason: "extract returns numeric, and DuckDB's DECIMAL has no Infinity, so pgway raises 0A000"},
	{sql: "select avg(x) from (values (1234567890123456789.5), (1)) v(x)",
		reason: "a sum of 19 integer digits does not fit the DECIMAL(38,20) parameter; it worked before"},
	{sql: "select * from generate_series(1, 10 / 3)",
		reason: "generate_series of integers is BIGINT on DuckDB, PostgreSQL int4"},
	{sql: "select 1 / 3::numeric(38, 37)",
		reason: "an operand with more than 20 fractional digits is rejected with 0A000"},
	{sql: "select coalesce(7.0 / 2, 'abc'), case when true then 7.0 / 2 else 'x' end",
		reason: "DuckDB converts a string constant in an operand that is not evaluated without an error, PostgreSQL raises 22P02 while planning"},
}

func TestDivisionAdversarialMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, divisionRegressions)
}

func TestDivisionRejectionsRaise0A000(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, c := range divisionRejections {
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			if got := exactResult(ctx, gw, c.sql, args); !strings.HasPrefix(got, "error 0A000 ") {
				t.Errorf("%s %v (%v): pgway returned %s, want SQLSTATE 0A000", c.sql, c.args, mode, got)
			}
			if want := exactResult(ctx, pg, c.sql, args); strings.HasPrefix(want, "error ") {
				t.Errorf("%s %v (%v): PostgreSQL raised %s, so the case belongs with the errors that pgway matches", c.sql, c.args, mode, want)
			}
		}
	}
}

func TestDivisionGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownDivisionGaps, "divisionRegressions")
}

// exactResult returns the type OID and value of every column, or the
// SQLSTATE and message of the error. A text-format value is compared as
// sent, so a numeric's scale counts. A binary numeric is compared by its
// display scale (dscale) and its value without trailing zeros, since pgx
// decodes an encoded zero's exponent from its digits, which PostgreSQL
// and pgway write differently.
func exactResult(ctx context.Context, conn *pgx.Conn, sql string, args []any) string {
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return errorCode(err)
		}
		raw := rows.RawValues()
		for i, fd := range rows.FieldDescriptions() {
			v := values[i]
			switch n, ok := v.(pgtype.Numeric); {
			case raw[i] == nil:
			case fd.Format == pgx.TextFormatCode:
				v = fmt.Sprintf("%q", raw[i])
			case ok && len(raw[i]) >= 8:
				// The binary numeric header is ndigits, weight, sign and
				// dscale, 16 bits each.
				v = fmt.Sprintf("dscale %d %s", int(raw[i][6])<<8|int(raw[i][7]), numericText(n, true))
			}
			out += fmt.Sprintf("%d:%v ", fd.DataTypeOID, v)
		}
		out += "| "
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out
}
