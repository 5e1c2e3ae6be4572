package translate

import "testing"

func TestAggregateArgumentRewrites(t *testing.T) {
	cases := []rewriteCase{
		// A NULL fraction keeps the call in a branch that never runs.
		{`select percentile_disc(null::float8) within group (order by x) from t`,
			`CASE WHEN count(*) < 0 THEN percentile_disc(0) WITHIN GROUP (ORDER BY x) ELSE NULL END`},
		// percentile_cont of an interval runs in the provider.
		{`select percentile_cont(0.5) within group (order by x::interval) from t`,
			`pgway_interval_percentile_cont(array_agg(x::interval) FILTER (WHERE x::interval IS NOT NULL), (0.5)::float8)`},
		// A DISTINCT aggregate of unknown type is checked around the call.
		{`select cardinality(array_agg(distinct x order by x)) from t`,
			`CASE WHEN typeof(array_agg(DISTINCT x ORDER BY x)) LIKE '%]%]' THEN error(`},
		// WITH TIES numbers the rows by the ORDER BY, with positions and
		// output names replaced by their expressions.
		{`select x as k, y from t order by 1 desc, k offset 1 fetch first 2 rows with ties`,
			`SELECT pgway_ties.c1 AS k, pgway_ties.c2 AS y FROM (SELECT x AS c1, y AS c2, ` +
				`row_number() OVER (ORDER BY x DESC NULLS FIRST, x) AS pgway_row, rank() OVER (ORDER BY x DESC NULLS FIRST, x) AS pgway_rank FROM t) pgway_ties ` +
				`WHERE pgway_ties.pgway_row > 1::int8 AND pgway_ties.pgway_rank <= (1::int8 + 2::int8) ORDER BY pgway_ties.pgway_row`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}
