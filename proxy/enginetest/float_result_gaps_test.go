package enginetest

import (
	"context"
	"testing"
)

// These cases compare the text of double precision functions with
// PostgreSQL 15. They also compare the result types of sum() and of
// date - date over coalesce(), greatest(), max() and date arithmetic,
// a recursive query that doubles a numeric constant, and
// date_part('epoch', ...) of intervals and times with time zone, which
// PostgreSQL computes in double precision.

var floatResultSetup = []string{
	"create table ft_t (f float8, r real, i int, s smallint, b bigint, n numeric(10,2), d date)",
	"insert into ft_t values (4, 2.25, 9, 3, 5, 4.00, '2024-01-05'), (null, null, null, null, null, null, null)",
}

var floatResultQueries = []string{
	// Functions of double precision write 2 where DuckDB writes 2.0.
	"select sqrt(4::float8)::text, sqrt(4)::text, cbrt(8)::text, exp(0)::text, ln(1)::text, log(100::float8)::text",
	"select log10(100)::text, power(2, 3)::text, pow(2::float8, 2)::text, degrees(0)::text, sin(0)::text, cos(0)::text",
	"select atan2(0, 1)::text, ceil(2.5::float8)::text, floor(2.5::float8)::text, round(2.5::float8)::text",
	"select trunc(2.5::float8)::text, sign(-2::float8)::text, abs(-2::float8)::text, pi()::text",
	"select 'x' || sqrt(4::float8), sqrt(4::float8) || 'x', concat(sqrt(4::float8), 'a'), 'x' || power(2, 3)",
	"select sqrt(f)::text, sqrt(i)::text, ln(r)::text, power(i, 2)::text, 'a' || exp(i - i) from ft_t order by i",
	// The numeric versions keep their scale.
	"select sqrt(4.0)::text, log(2, 8)::text, round(2.5)::text, power(2, 3.0)::text, exp(1.0)::text, sqrt(n)::text from ft_t order by i",
	"select sign(s), sign(i), sign(n), sign(f), mod(i, 2), mod(s, s), mod(b, 2), mod(n, 3) from ft_t order by i",
	"select mod(7.5::float8, 2::float8)",

	// sum() of an integer expression is bigint.
	"select sum(coalesce(i, 0)), sum(coalesce(s, 0)), sum(coalesce(f, 0)), sum(coalesce(n, 0)) from ft_t",
	"select sum(coalesce(i, 0) + 1), sum(greatest(i, 0)), sum(least(s, 1)), sum(coalesce(s, s)), sum(coalesce(i, s)) from ft_t",
	"select sum(coalesce(i::int8, 0)), sum(coalesce(i, b)), sum(max(i)) over () from ft_t",
	"select sum(abs(i)), sum(abs(s)) from ft_t",

	// date - date is integer when either date comes from a function.
	"select coalesce(d, d) - d, greatest(d, d) - d, d - least(d, d), d - coalesce(d, d) from ft_t order by i",
	"select (d + 1) - d, d - (d - 1), (1 + d) - d, (d + s) - d, date_trunc('day', d)::date - d from ft_t order by i",
	"select max(d) - min(d), max(d) - d from ft_t group by d order by d",

	// The non-recursive term's 1.5 does not bound the column.
	"with recursive r(i, x) as (select 1, 1.5 union all select i + 1, x * 2 from r where i < 5) select * from r",
	"with recursive r(i, x) as (select 1, -0.25 union all select i + 1, x * 3 from r where i < 6) select i, x from r",
	"with recursive r(i, x, y) as (select 1, 1.50, 2.0 union all select i + 1, x * 10, y * 3 from r where i < 8) " +
		"select * from r",
	"with recursive r(i, x) as (select 1, 1.5::numeric(5,2) union all select i + 1, x from r where i < 3) select * from r",
	"with r(x) as (select 1.5) select * from r",

	// PostgreSQL computes the epoch of an interval, and of a time with
	// time zone, in double precision, not as extract's numeric.
	"select date_part('epoch', interval '1 year 2 mons 3 days 04:05:06.789'), " +
		"date_part('epoch', interval '-1 year -5 mons 3 days -04:05:06.789')",
	"select date_part('epoch', interval '17 mons 0.000001 sec'), date_part('epoch', interval '1000000 years 7 days 1.1 sec')",
	"select date_part('epoch', x) from (values (interval '3 mons 0.3 sec'), (interval '-7 days 0.1 sec'), (null)) v(x)",
	"select date_part('epoch', timetz '13:14:15.161718+05:30'), date_part('epoch', timetz '23:59:59.999999-11')",
	"select date_part('epoch', timestamp '2024-03-05 01:02:03.456789'), date_part('epoch', date '2024-01-01'), " +
		"date_part('epoch', time '13:14:15.161718')",
	"select extract(epoch from interval '1 year 2 mons 3 days 04:05:06.789'), extract(epoch from timetz '13:14:15.161718+05:30')",
	// abs() of an integer is an integer, which keeps its own scale 0
	// beside a quotient.
	"select 7.0 / 2 union all select abs(x) from (values (1)) v(x)",
}

func TestFloatResultGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ft_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, floatResultSetup)
	compareExact(t, gw, pg, floatResultQueries)
}
