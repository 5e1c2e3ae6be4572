package translate

import "testing"

func TestNestedArrayAggRewrites(t *testing.T) {
	cases := []rewriteCase{
		// A whole result column or sort key runs as DuckDB builds it.
		{`select array_agg(x) from t`, `SELECT array_agg(x) AS array_agg FROM t`},
		{`select array_agg(x) from t order by array_agg(x)`, `ORDER BY array_agg(x)`},
		// Elsewhere an argument of unknown type is checked when DuckDB binds it.
		{`select cardinality(array_agg(x)) from t`,
			`array_agg(CASE WHEN typeof(x) LIKE '%]' THEN error('array_agg() of an array inside an expression is not supported on this warehouse (SQLSTATE 0A000)') ELSE x END)`},
		{`select unnest(array_agg(x)) from (select array_agg(y) x from t) s`, `array_agg(CASE WHEN typeof(y) LIKE '%]'`},
		// Constants and casts to scalar types show that no check is needed.
		{`select cardinality(array_agg(x::int8)) from t`, `cardinality(array_agg(x::int8))`},
		{`select cardinality(array_agg(1)) from t`, `array_agg(1)`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestNestedArrayAggErrors(t *testing.T) {
	cases := []errorCase{
		{`select unnest(array_agg(array[1, 2]))`, CodeFeatureNotSupported,
			"array_agg() of an array inside an expression is not supported on this warehouse"},
		{`select (array_agg(x::int[]))[1] from t`, CodeFeatureNotSupported,
			"array_agg() of an array inside an expression is not supported on this warehouse"},
	}
	checkErrorCases(t, cases)
}
