package translate

import "testing"

func TestWindowDefaultCommonType(t *testing.T) {
	cases := []rewriteCase{
		{`select lag(x::int2, 1, 100000) over () from t`, `lag(x::int2::int4, 1, 100000)`},
		{`select lead(x::int4, 1, 5000000000) over () from t`, `lead(x::int4::int8, 1, 5000000000)`},
		{`select lag(x::int8, 1, 7) over () from t`, `lag(x::int8, 1, 7)`},
		// A numeric of another scale than the value's: each row keeps its
		// own, through the texts, in a result column.
		{`select lag(x::int4, 1, 1.5) over () from t`, `pgway_numeric_result(lag(x::int4::text, 1, (1.5)::text) OVER ())`},
		{`select lag(x::numeric(12,2), 1, 0.001) over () from t`, `pgway_numeric_result(lag(x::numeric(12, 2)::text, 1, (0.001)::text) OVER ())`},
		{`select lead(x::numeric(12,2), 1, 5) over () * 2 from t`, `pgway_mul_result(pgway_numeric_result(lead(x::numeric(12, 2)::text, 1, 5::text) OVER ()), 2, '', typeof(2))`},
		{`select lag(x::int4, 1, 1.5) over () > 1 from t`, `lag(x::int4::"numeric"(11, 1), 1, (1.5)::"numeric"(11, 1)) OVER () > 1`},
		{`select lag(x::numeric(12,2), 1, 0.00) over () from t`, `lag(x::numeric(12, 2), 1, 0.00)`},
		{`select lag(x::numeric(12,2), 1, 2.5::float8) over () from t`, `lag(x::numeric(12, 2)::float8, 1, (2.5)::float8)`},
		{`select lag(x::date, 1, now()::timestamp) over () from t`, `lag(x::date::"timestamp", 1, now()::timestamptz::timestamp)`},
		{`select lag(x, 1, 0) over () from t`, `lag(x, 1, 0)`},
		{`select lag(x, 1, x) over () from t`, `lag(x, 1, x)`},
		{`select lag(x, 1, 'a') over () from t`, `lag(x, 1, 'a')`},
		{`select lag(x, 1, null) over () from t`, `lag(x, 1, NULL)`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestWindowRewrites(t *testing.T) {
	cases := []rewriteCase{
		{`select ntile(0) over () from t`, `ntile(CASE WHEN 0 <= 0 THEN error('argument of ntile must be greater than zero (SQLSTATE 22014)') ELSE 0 END)`},
		{`select ntile(3) over () from t`, `ntile(3) OVER ()`},
		{`select percentile_disc(2) within group (order by x) from t`,
			`CASE WHEN count(*) >= 0 THEN error('percentile value 2 is not between 0 and 1 (SQLSTATE 22003)') ELSE percentile_disc(0) WITHIN GROUP (ORDER BY x) END`},
		{`select percentile_cont(0.5) within group (order by x::int4) from t`, `percentile_cont(0.5) WITHIN GROUP`},
		{`select 2 between symmetric 3 and 1`, `2 BETWEEN 3 AND 1 OR 2 BETWEEN 1 AND 3`},
		{`select 2 not between symmetric 3 and 1`, `2 NOT BETWEEN 3 AND 1 AND 2 NOT BETWEEN 1 AND 3`},
		{`select x from t order by 1 limit 0`, `ORDER BY 1 LIMIT 0`},
		{`select * from t order by 5`, `ORDER BY 5`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestWindowAndClauseErrors(t *testing.T) {
	cases := []errorCase{
		{`select lag(x, 1, 0.5) over () from t`, "0A000", "lag() with a default whose type pgway cannot compare with the value's is not supported on DuckDB"},
		{`select lag(x::int4, 1, y) over () from t`, "0A000", "lag() with a default whose type pgway cannot compare with the value's is not supported on DuckDB"},
		{`select lag(x::int4, 1, 'a'::text) over () from t`, "0A000",
			"lag() with a value of type int4 and a default of type text is not supported on DuckDB because their common type is not known"},
		{`select ntile(x) over () from t`, "0A000", "ntile() with an argument that is not a constant is not supported on DuckDB"},
		{`select percentile_cont(0.5) within group (order by x) over () from t`, "0A000", "OVER is not supported for ordered-set aggregate percentile_cont"},
		{`select percentile_disc(null) within group (order by x) from t`, "0A000",
			"percentile_disc(NULL) of an input whose type is not shown is not supported on DuckDB"},
		{`select percentile_disc(null) within group (order by x::text) from t`, "42725", "function percentile_disc(unknown, text) is not unique"},
		{`select x from t limit -1`, "2201W", "LIMIT must not be negative"},
		{`select x from t offset -1`, "2201X", "OFFSET must not be negative"},
		{`select * from t order by x fetch first 1 rows with ties`, "0A000",
			"FETCH FIRST ... WITH TIES with * in the select list is not supported on this warehouse"},
		{`select x from t order by x fetch first null rows with ties`, "2201W", "row count cannot be null in FETCH FIRST ... WITH TIES clause"},
		{`select array_agg(distinct x order by 1) from t`, "42P10", "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"},
		{`select array_agg(distinct x order by x + 1) from t`, "0A000",
			"a sort key that is not written as an argument of an aggregate with DISTINCT is not supported on this warehouse"},
		{`select x from t order by 2`, "42P10", "ORDER BY position 2 is not in select list"},
		{`select x from t order by -1`, "42P10", "ORDER BY position -1 is not in select list"},
		{`select x from t group by 0`, "42P10", "GROUP BY position 0 is not in select list"},
		{`select sum(x) over (rows between -1 preceding and current row) from t`, "22013", "frame starting offset must not be negative"},
		{`select sum(x) over (groups between 1 preceding and -2 following) from t`, "22013", "frame ending offset must not be negative"},
		{`select sum(x) over (order by x range between -1 preceding and current row) from t`, "22013",
			"invalid preceding or following size in window function"},
		{`select sum(x) over (rows between x preceding and current row) from t`, "42P10", "argument of ROWS must not contain variables"},
	}
	checkErrorCases(t, cases)
}

// TestNamedWindowStringOffsets checks that string offsets in a WINDOW
// clause, or in a frame that names a window, take the type of the named
// window's sort key.
func TestNamedWindowStringOffsets(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select count(*) over w from t window w as (order by x::date range between '1 day' preceding and current row)",
			`RANGE BETWEEN '1 day'::"interval" PRECEDING AND CURRENT ROW`},
		{"select count(*) over (w range between '2' preceding and current row) from t window w as (order by x::int8)",
			"RANGE BETWEEN '2'::int8 PRECEDING"},
		{"select count(*) over w2 from t window w1 as (order by x::real), w2 as (w1 range between '1.5' preceding and current row)",
			"RANGE BETWEEN '1.5'::float8 PRECEDING"},
		{"select (select count(*) over (w range '1' preceding) from u window w as (order by y::int2)) from t window w as (order by x::date)",
			"(w RANGE '1'::int2 PRECEDING)"},
	})
}
