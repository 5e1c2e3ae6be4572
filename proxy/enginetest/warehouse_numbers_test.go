package enginetest

import (
	"context"
	"strings"
	"testing"
)

// These cases compare numbers on the DuckDB warehouse with PostgreSQL.
// They cover sum() of real, which PostgreSQL adds in single precision,
// division of numerics with more than 18 digits before the point and
// generate_series of numerics. They also cover the casts between boolean
// and the numeric types, and the numeric NaN and infinities, which
// DuckDB's DECIMAL lacks.

// realSumCases add reals in single precision, as PostgreSQL's float4pl
// does, in plain, grouped and window aggregates.
var realSumCases = []divisionCase{
	{sql: "select sum(r) from (select 0.1::real r from generate_series(1, 1000)) t"},
	{sql: "select sum(r), sum(r::float8), avg(r) from (select 0.1::real r from generate_series(1, 1000)) t"},
	{sql: "select k, sum(r), count(*) from (select g % 3 k, (1.0 / g)::real r from generate_series(1, 500) g) t group by k order by k"},
	{sql: "select sum(r) filter (where g % 2 = 0), sum(r order by g desc) from (select g, (1.0 / g)::real r from generate_series(1, 300) g) t"},
	{sql: "select sum(distinct r) from (select (1.0 / (g % 40 + 1))::real r from generate_series(1, 400) g) t"},
	{sql: "select g, sum(r) over (order by g) from (select g, (1.0 / g)::real r from generate_series(1, 40) g) t order by g"},
	{sql: "select g, sum(r) over (order by g rows between 3 preceding and current row) from " +
		"(select g, (1.0 / g)::real r from generate_series(1, 40) g) t order by g"},
	{sql: "select g, sum(r) over (partition by g % 2 order by g rows between unbounded preceding and unbounded following) " +
		"from (select g, (0.1 * g)::real r from generate_series(1, 30) g) t order by g"},
	{sql: "select sum(x::real) from (values (1.5), (null), (2.25)) t(x)"},
	{sql: "select sum(x::real) from (values (null::int)) t(x)"},
	{sql: "select sum(r) from (select 0.1::real r) t where false"},
	{sql: "select sum(x::real) from (values ('3e38'), ('3e38')) t(x)"},
	{sql: "select sum(x::real) from (values ('Infinity'), ('1')) t(x)"},
	{sql: "select sum(r) / 2, sum(r) * 2 from (select 0.1::real r from generate_series(1, 1000)) t"},
}

func TestRealSumsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, realSumCases)
}

// wideQuotientCases divide numerics with more than 18 digits before the
// point, which the provider's DECIMAL(38,20) operands do not hold.
var wideQuotientCases = []divisionCase{
	{sql: "select 1733450000000000000::numeric / 1000000000"},
	{sql: "select 9223372036854775807::numeric / 3, 9223372036854775807::numeric / 3.0"},
	{sql: "select 1e19 / 1e10, 2 / 1e19, 1e19 / 7"},
	{sql: "select 12345678901234567890.5 / 2, -12345678901234567890.25 / 0.5"},
	{sql: "select 1e19::numeric(25,2) / 7, 1e19::numeric(25,2) / 1e19::numeric(25,2)"},
	{sql: "select (9223372036854775807::numeric / 3) * 2, round(1733450000000000000::numeric / 1000000000, 2)"},
	{sql: "select x::numeric(30,0) / 1000 from (values (1733450000000000000), (1)) v(x) order by 1"},
	{sql: "select 1733450000000000000::numeric / 0"},
	// A wide operand of arithmetic with a quotient, and avg() of a wide
	// numeric, which divides its sum.
	{sql: "select 1e19 + 1.0 / 3, 1733450000000000000::numeric - 10.0 / 4, 1733450000000000000::numeric * (1.0 / 4)"},
	{sql: "select 1e19::numeric(25,2) % (7.0 / 2)"},
	{sql: "select avg(x::numeric(25,0)), avg(x::numeric(30,3)) from (values (1e19), (1)) v(x)"},
	{sql: "select k, avg(x::numeric(25,2)) filter (where x > 1), avg(x::numeric(25,2)) over () from " +
		"(values (1, 12345678901234567890.25), (1, 3), (2, 7)) v(k, x) group by k, x order by k, x"},
}

func TestWideQuotientsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, wideQuotientCases)
}

// numericSeriesCases are generate_series of numerics, whose values have
// the scale of numeric addition.
var numericSeriesCases = []divisionCase{
	{sql: "select generate_series(1.5, 3.25, 0.5)"},
	{sql: "select * from generate_series(1::numeric, 3::numeric)"},
	{sql: "select g, o from generate_series(-1.25, 1, 0.25) with ordinality t(g, o)"},
	{sql: "select t from generate_series(3.00, 1, -0.5) t"},
	{sql: "select generate_series(1.5, 3.25, 0)"},
	{sql: "select generate_series(null::numeric, 3)"},
	{sql: "select generate_series(2.5, 1)"},
	{sql: "select g from (values (1.5), (2.25)) v(x), generate_series(x::numeric(5,2), 3) g order by 1"},
	{sql: "select generate_series(1.5, 3) + 1, generate_series(0.5::numeric(3,1) + 1, 4)"},
	{sql: "select generate_series(x::numeric(4,2) * 2, 6) from (values (1.5)) v(x)"},
	{sql: "select generate_series(9223372036854775807.5, 9223372036854775809)"},
	{sql: "select 'Infinity'::numeric(10,2), '-inf'::numeric(5)"},
	{sql: "select cast('-nan' as decimal), '+NaN'::numeric(10,2)"},
	{sql: "select x::numeric from (values ('-NaN')) v(x)"},
}

func TestNumericSeriesMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, numericSeriesCases)
}

// booleanCastCases are casts between boolean and the numeric types, of
// which PostgreSQL has only those to and from integer.
var booleanCastCases = []divisionCase{
	{sql: "select 1::int8::bool"},
	{sql: "select 1::int2::bool"},
	{sql: "select true::int8"},
	{sql: "select false::smallint"},
	{sql: "select 3000000000::bool"},
	{sql: "select 1.5::bool"},
	{sql: "select 1::float8::boolean"},
	{sql: "select true::numeric"},
	{sql: "select cast(true as real)"},
	{sql: "select 1::bool, 0::int4::bool, true::int4, cast(false as integer)"},
	{sql: "select x::int4::bool from (values (2::int8)) v(x)"},
}

func TestBooleanCastsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, booleanCastCases)
}

// numericUnsupported are statements that PostgreSQL runs and pgway
// rejects with 0A000 on DuckDB: numeric values that DuckDB's DECIMAL
// cannot hold, and numeric series that pgway cannot give PostgreSQL's
// scales.
var numericUnsupported = []string{
	"select 'NaN'::numeric",
	"select 'Infinity'::numeric",
	"select '-inf'::numeric + 1",
	"select 'NaN'::numeric(10,2)",
	"select numeric 'nan'",
	"select x::numeric from (values ('NaN')) v(x)",
	"select 'NaN'::float8::numeric",
	"select x::numeric from (values ('Infinity'::float8)) v(x)",
	"select generate_series(1, 2, 0.5)",
	"select * from generate_series(0, 1, 0.1)",
	"select generate_series(1.0 / 3, 2)",
}

func TestNumericUnsupportedOnDuckDB(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range numericUnsupported {
		if _, err := pg.Exec(ctx, sql); err != nil {
			t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
		}
		err := queryError(ctx, gw, sql)
		if err == nil || err.Code != "0A000" {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
			continue
		}
		if !strings.Contains(err.Message, "numeric") && !strings.Contains(err.Message, "generate_series") {
			t.Errorf("%s: message %q names neither the numeric value nor generate_series", sql, err.Message)
		}
	}
}
