package enginetest

import (
	"context"
	"testing"
)

// These cases compare sqrt, exp, ln, log and power of numerics, sums of
// real and casts to numeric without a precision with PostgreSQL: the
// type OID and value of every column, or the SQLSTATE and message.

// numericFunctionRegressions return the same result through pgway as on
// PostgreSQL in every protocol mode.
var numericFunctionRegressions = []divisionCase{
	{sql: "select sqrt(2::numeric), power(2::numeric, 0.5), ln(10::numeric), exp(1::numeric), sqrt(2.0)"},
	{sql: "select sqrt(0::numeric), sqrt(0.0001), sqrt(1.50), sqrt(16::numeric), sqrt(123456789.123)"},
	{sql: "select sqrt(-1::numeric)"},
	{sql: "select sqrt(2), sqrt(2::float8), sqrt(2::real), sqrt(2::int8)"},
	{sql: "select exp(0::numeric), exp(-1::numeric), exp(10.5), exp(0.000001), exp(100::numeric)"},
	{sql: "select exp(-100::numeric), exp(1000::numeric)"},
	{sql: "select exp(6000::numeric)"},
	{sql: "select exp(1), exp(1::float8), exp(1000::float8)"},
	{sql: "select exp(1000.0), exp(-1000.0)"},
	{sql: "select ln(1::numeric), ln(0.5), ln(1.0000001), ln(0.95), ln(12345678901234567.89), ln(0.00000000001)"},
	{sql: "select ln(0::numeric)"},
	{sql: "select ln(-1.5)"},
	{sql: "select ln(10), ln(10::float8)"},
	{sql: "select log(100::numeric), log(2.0), log(1::numeric), log(0.001), log(1.0001), log10(123.456)"},
	{sql: "select log(2, 8), log(2.0, 8), log(1.5, 2.25), log(2, 1.0000001), log(100, 10)"},
	{sql: "select log(1, 5)"},
	{sql: "select log(0, 5)"},
	{sql: "select log(100), log(100::float8), log10(100::float8)"},
	{sql: "select power(2::numeric, 3), power(10::numeric, 20), power(2.0, -3), power(0::numeric, 0), power(0.0, 0.5)"},
	{sql: "select power(-2.0, 3), power(-2.0, -3), power(1.50, 2.0), power(0.5, 100), power(3.0, -50)"},
	{sql: "select power(1.0000001, 1000000), power(2.5, 1.5), power(123.456, 7.89), power(0.001, 3.5)"},
	{sql: "select power(2.0, 1000), power(1.1, 10000)"},
	{sql: "select power(-8.0, 0.5)"},
	{sql: "select power(0.0, -1)"},
	{sql: "select power(2, 3), power(2::float8, 0.5), pow(2.0, 2)"},
	{sql: "select 2.0 ^ 3, 2 ^ 0.5, 2 ^ 3, 2::float8 ^ 2.0, (1.0 / 3) ^ 2"},
	{sql: "select sqrt(1.0 / 3), ln(7.0 / 2), sqrt(2.0) * 2, sqrt(2.0) + 1, round(sqrt(2.0), 3)"},
	{sql: "select sqrt(x), ln(x), exp(x), power(x, x) from (values (1.5), (2.25), (3)) v(x)"},
	{sql: "select sqrt(x) from (values (2::numeric(10,4))) v(x)"},
	{sql: "select sqrt(x) from (values (2::float8), (3)) v(x)"},
	{sql: "select sum(sqrt(x)), max(ln(x)) from (values (2.0), (3.0)) v(x)"},
	{sql: "select sqrt(x)::text, ln(x) > 1 from (values (3.0)) v(x)"},
	{sql: "select sqrt(null::numeric), power(null::numeric, 2), log(null::numeric, 2)"},
	{sql: "select sum(x) from (values (0.1::real), (0.2::real)) v(x)"},
	{sql: "select sum(x), avg(x), min(x), max(x) from (values (0.1::real), (0.2::real), (0.7::real)) v(x)"},
	{sql: "select sum(x::real), avg(x::real) from (values (1), (2)) v(x)"},
	{sql: "select sum(x) over (order by x) from (values (0.1::real), (0.2::real)) v(x)"},
	{sql: "select 1.50::numeric, (2.50 * 2)::numeric, (1.5 + 2.25)::numeric, (-1.50)::numeric, 7::numeric"},
	{sql: "select x::numeric, (x * 2)::numeric, (x + 1)::numeric from (values (1.50::numeric(10,2))) v(x)"},
	{sql: "select x::numeric, (x * 2)::numeric from (values (7), (8)) v(x)"},
	{sql: "select x::numeric from (values (0.1::float8), (1e20::float8), (123456789.123456789::float8), (1.5e-10::float8)) v(x)"},
	{sql: "select x::numeric from (values (0.1::real), (1234567.0::real)) v(x)"},
	{sql: "select x::numeric from (values ('1.50'), (' 2.250 '), ('-3e2')) v(x)"},
	{sql: "select x::numeric from (values ('abc')) v(x)"},
	{sql: "select (1.0 / 3)::numeric, (7.0 / 2)::numeric * 2, sqrt(2.0)::numeric"},
	{sql: "select x::numeric(10,1)::numeric, x::numeric > 1 from (values (2.25)) v(x)"},
	{sql: "select sum(x::numeric), avg(x::numeric) from (values (1.5), (2.25)) v(x)"},
	{sql: "select |/ 2.0, |/ 2"},
	{sql: "select sqrt($1::numeric)", args: []any{"2"}},
	{sql: "select sqrt($1::numeric)", args: []any{"2.0000000000000001"}},
	{sql: "select $1::numeric", args: []any{"1.50"}},
	{sql: "select coalesce(sqrt(x), 0), case when x > 0 then ln(x) end, greatest(sqrt(x), 1) from (values (2.0)) v(x)"},
	{sql: "select power(x, 2), log(x, 8) from (values (2::int8), (3)) v(x)"},
	{sql: "select sqrt(sum(x)), ln(avg(x)) from (values (2.0), (3.0)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_samp(x) from (values (1), (2), (4)) v(x)"},
	{sql: "select stddev_samp(x), var_pop(x) from (values (1), (2), (4)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (5), (5), (5)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (7)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (7), (null)) v(x) where x is null"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (-3), (10), (-250), (17), (0)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (1.5), (2.25), (-0.125)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (0.000001), (0.000002), (0.000004)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (123456.7), (123456.8)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (2.50), (2.50)) v(x)"},
	{sql: "select stddev(x), variance(x) from (values (9223372036854775807::int8), (-9223372036854775807::int8)) v(x)"},
	{sql: "select stddev(x), variance(x) from (values (2147483647), (-2147483648), (2147483647)) v(x)"},
	{sql: "select stddev(x), variance(x) from (values (32767::int2), ((-32768)::int2), (1::int2)) v(x)"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (1e15), (1e15 + 1), (1e15 + 3)) v(x)"},
	{sql: "select stddev(x) filter (where x > 1), variance(x) filter (where x < 4) from (values (1), (2), (4), (8)) v(x)"},
	{sql: "select x, stddev(x) over (order by x), var_pop(x) over () from (values (1), (2), (4), (8)) v(x) order by x"},
	{sql: "select stddev(distinct x), variance(distinct x) from (values (1::float8), (2), (2), (4)) v(x)"},
	{sql: "select g, stddev(x), variance(x) from (values (1, 1), (1, 3), (2, 10), (2, 10), (3, 5)) v(g, x) group by g order by g"},
	{sql: "select round(stddev(x), 3), stddev(x) * 2, variance(x)::text from (values (1), (2), (4)) v(x)"},
	{sql: "select stddev(x) from (values (1), (2), (4)) v(x) where false"},
	{sql: "select stddev(x::numeric), variance(x::numeric), var_pop(x::numeric(10,3)) from (values (1), (2), (4)) v(x)"},
	{sql: "select stddev(x / 2.0), var_pop(x / 4), stddev_pop(x / 2::float8) from (values (1), (2), (5)) v(x)"},
	{sql: "select stddev(x * 1.5 + 1), variance(round(x / 7.0, 2)) from (values (1), (2), (5)) v(x)"},
	{sql: "select sqrt(x) from (values (2.0), (3.0)) v(x) group by sqrt(x) order by 1"},
}

// knownNumericFunctionGaps still differ from PostgreSQL, for the cause
// that reason gives.
var knownNumericFunctionGaps = []divisionCase{
	{sql: "select stddev(r), variance(r) from (select x / 2.0 as r from (values (1), (2), (4)) v(x)) s",
		reason: "a derived table passes the quotient on as DECIMAL(38,20), whose square DuckDB cannot hold, so it fails with 22003"},
	{sql: "select stddev(x / 3.0) from (values (1), (2)) v(x)",
		reason: "the square of a quotient needs more than 20 fractional digits, so it fails with 0A000"},
	{sql: "select stddev(distinct x / 2.0) from (values (1), (2)) v(x)",
		reason: "stddev(DISTINCT) of a quotient fails with 0A000"},
	{sql: "select stddev(distinct x), var_pop(distinct x) from (values (1), (2), (2), (4)) v(x)",
		reason: "stddev(DISTINCT) of integers and numerics fails with 0A000, because the distinct squares of x and -x are one value"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (1::float8), (2), (4)) v(x)",
		reason: "DuckDB computes stddev and variance of floats with another algorithm, whose last digits can differ"},
	{sql: "select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (1::real), (2), (4)) v(x)",
		reason: "DuckDB computes stddev and variance of floats with another algorithm, whose last digits can differ"},
	{sql: "select x::numeric, (x * 2)::numeric from (values (1.50), (2.125)) v(x)",
		reason: "DuckDB gives a VALUES column of DECIMALs the largest scale among them, so 1.50 has scale 3"},
	{sql: "select x::numeric from (values ('NaN')) v(x)",
		reason: "DuckDB's DECIMAL has no NaN, so the cast fails with 0A000"},
}

func TestNumericFunctionsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, numericFunctionRegressions)
}

func TestNumericFunctionGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownNumericFunctionGaps, "numericFunctionRegressions")
}

// numericColumnsSetup creates a table whose column types pgway reads, so
// that the DuckDB dialect types the column references.
var numericColumnsSetup = []string{
	"create table nf_t (id integer, n numeric(10,2), w numeric(20,5), f double precision, r real, i integer, b bigint, s text)",
	`insert into nf_t values
		(1, 2.00, 1.5, 2, 0.1, 2, 10, '1.50'),
		(2, 100.25, 0.00001, 0.5, 0.2, 7, 123456789012, ' 2.250 '),
		(3, 0.01, 12345.6789, 1e10, 1e6, 1, 1, '-3e2'),
		(4, null, null, null, null, null, null, null)`,
}

// numericColumnsQueries run on the table of numericColumnsSetup.
var numericColumnsQueries = []string{
	"select id, n::numeric, (n * 2)::numeric, (n + w)::numeric, w::numeric from nf_t order by id",
	"select id, f::numeric, r::numeric, i::numeric, b::numeric, s::numeric from nf_t order by id",
	"select id, sqrt(n), ln(n), exp(n), log(n), power(n, 2), n ^ 0.5, log(n, w) from nf_t where id < 4 order by id",
	"select id, sqrt(f), sqrt(i), sqrt(b), power(i, 2), f ^ 2, exp(r) from nf_t order by id",
	"select sum(r), avg(r), min(r), max(r), sum(f), sum(n), sum(sqrt(n)) from nf_t",
	"select id, sqrt(n) * 2, round(ln(w), 4), sqrt(n)::text from nf_t where id < 4 order by id",
	"select stddev(n), variance(n), stddev_pop(n), var_pop(n), stddev(w), variance(w), stddev_pop(w), var_pop(w) from nf_t",
	"select stddev(i), variance(i), stddev(b), var_pop(b), stddev(r), var_pop(r) from nf_t",
	"select stddev(n) filter (where id > 1), variance(w) filter (where id < 3), stddev(distinct r) from nf_t",
	"select id, stddev(n) over (order by id), var_samp(w) over (order by id rows 1 preceding) from nf_t order by id",
}

func TestNumericFunctionColumnsMatchPostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists nf_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, numericColumnsSetup)
	compareExact(t, gw, pg, numericColumnsQueries)
}
