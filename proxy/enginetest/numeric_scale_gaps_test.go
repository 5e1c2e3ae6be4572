package enginetest

import (
	"context"
	"strings"
	"testing"
)

// These cases compare with PostgreSQL 15 the scale of numeric results
// that mix integers and numerics, and the type of double precision
// results that pass through abs(), coalesce() or greatest(). Each query
// compares the type OID and value of every column, or the SQLSTATE and
// message of the error, in every protocol mode.

var numericScaleSetup = []string{
	"create table ns_t (i int, b bigint, n numeric(10,2), m numeric(12,4))",
	"insert into ns_t values (3, 30, 7, 1.5), (2, 20, null, null), (0, 0, 0.25, 2)",
}

// integerCastQueries put an integer cast to numeric beside a numeric of
// another scale, which DuckDB's common DECIMAL type rounded to scale 0.
var integerCastQueries = []string{
	"select greatest(0.7, 0::int::numeric)",
	"select least(0.7, 1::int::numeric), greatest(i::numeric, 0.5), least(b::numeric, 0.25) from ns_t order by i",
	"select greatest(i::numeric, n), least(i::numeric, m) from ns_t order by i",
	"select coalesce(n, i::numeric), coalesce(i::numeric, 0.125) from ns_t order by i",
}

// nullifQueries compare nullif(integer, numeric), which PostgreSQL
// promotes to numeric, so that the division is exact.
var nullifQueries = []string{
	"select 3 / nullif(7, n) from ns_t order by i",
	"select nullif(7, n), nullif(i, m), nullif(b, n) from ns_t order by i",
	"select 3 / nullif(7, 2.5), nullif(2, 2.0)",
	"select nullif(7, 2.5::float8), nullif(i, 0.5::real), 3 / nullif(i, 2::float8) from ns_t order by i",
	"select 3 / nullif(7, x), nullif(x, 7) from (values (7), (0)) v(x) order by x",
	"select nullif(1, x) from (select 2.5::float8 x) s",
	"select nullif(1.5, 2::float8), nullif(7, 2.5::real), nullif(n, 2::float8) from ns_t order by i",
}

// roundScaleQueries round a numeric to more places than its scale, which
// PostgreSQL writes with that many places.
var roundScaleQueries = []string{
	"select round(i::numeric, 2) from ns_t order by i",
	"select round(3::numeric, 2), trunc(3::numeric, 1), round(3::int::numeric, 2)",
	"select round(m, 6), round(n, 3), trunc(n, 4), round(n::numeric(10,0), 1), round(n, 1), round(m, 0) from ns_t order by i",
	"select round(i::numeric, 2) * 2, round(n, 3) + 1 from ns_t order by i",
	"select round(b::numeric, 19), round(1.5::numeric(3,1), 35) from ns_t order by i",
}

// coalesceArithmeticQueries pass on a NULL numeric's product or sum, or
// an integer in its place, each with its own scale.
var coalesceArithmeticQueries = []string{
	"select coalesce(n*1, 0) from ns_t order by i",
	"select coalesce(m*1, 0), coalesce(m + 1, 5), coalesce(2 * m, i), coalesce(n - i, 0) from ns_t order by i",
	"select nullif(m * 2, 3), greatest(n * 2, 1) from ns_t order by i",
}

// floatTextQueries cast to text a double precision value that abs(),
// coalesce(), greatest() or least() passes on. PostgreSQL writes 3 where
// DuckDB writes 3.0.
var floatTextQueries = []string{
	"select abs(round(3))::text, (round(3) - 1)::text, coalesce(round(3), 0)::text",
	"select abs(round(i))::text, coalesce(round(i), 0)::text, greatest(round(i), 1)::text from ns_t order by i",
	"select coalesce(round(i), 0.5)::text, least(round(i), n)::text from ns_t order by i",
	"select abs(round(i)), coalesce(round(i), n), greatest(round(i), 1.5), round(i) - n from ns_t order by i",
	"select abs(-2.5::float8)::text, coalesce(null, 4::float8)::text",
}

func TestNumericScaleGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ns_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, numericScaleSetup)
	for _, queries := range [][]string{integerCastQueries, nullifQueries, roundScaleQueries, coalesceArithmeticQueries, floatTextQueries} {
		compareExact(t, gw, pg, queries)
	}
}

// numericScaleRejections are statements whose result pgway cannot give
// exactly, so they fail with 0A000 where PostgreSQL succeeds.
var numericScaleRejections = []string{
	// UNION without ALL of numbers of different scales: PostgreSQL
	// keeps each row's scale, DuckDB's DECIMAL column has one.
	"select 0.7 union select 0::int::numeric",
	"select 1 union select 2.5",
	"select i from ns_t union select n from ns_t",
	// nullif(a, b) is numeric or double precision when one operand is,
	// and pgway does not know the other's type here.
	"select 3 / nullif(7, x) from (values (7.5), (2)) v(x)",
	"select nullif(s, 2.5) from (select sum(i) s from ns_t) q",
	// numeric(38,2) rounded to 3 places needs 39 digits.
	"select round(1::numeric(38,2), 3)",
}

func TestNumericScaleRejections(t *testing.T) {
	gw, pg := typedFilePair(t)
	ctx := context.Background()
	cleanup := func() { pg.Exec(ctx, "drop table if exists ns_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, numericScaleSetup)
	for _, sql := range numericScaleRejections {
		for _, mode := range protocolModes {
			if got := exactResult(ctx, gw, sql, []any{mode}); !strings.HasPrefix(got, "error 0A000 ") {
				t.Errorf("%s (%v): pgway returned %s, want SQLSTATE 0A000", sql, mode, got)
			}
			if want := exactResult(ctx, pg, sql, []any{mode}); strings.HasPrefix(want, "error ") {
				t.Errorf("%s (%v): PostgreSQL raised %s", sql, mode, want)
			}
		}
	}
}

// knownNumericScaleGaps are statements that still differ from
// PostgreSQL. A VALUES or UNION ALL column of numbers of different scales
// has one DuckDB DECIMAL type, and an expression over the column, such as
// a cast to text, reads that type's scale.
var knownNumericScaleGaps = []divisionCase{
	{sql: "select x::text from (values (1), (2.5)) v(x) order by 1", reason: "text of a mixed-scale VALUES column is 1.0"},
	{sql: "select x::text from (select 1 as x union all select 2.5) s order by 1", reason: "text of a mixed-scale UNION ALL column is 1.0"},
	{sql: "select x + 1 from (values (1), (2.5)) v(x) order by 1", reason: "arithmetic on a mixed-scale VALUES column gives 2.0"},
}

func TestNumericScaleGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownNumericScaleGaps, "the queries of TestNumericScaleGaps")
}
