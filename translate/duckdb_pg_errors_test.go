package translate

import (
	"strings"
	"testing"
)

// checkErrors checks that each statement fails for d with its SQLSTATE
// and message.
func checkErrors(t *testing.T, d Dialect, cases []struct{ sql, code, message string }) {
	t.Helper()
	for _, c := range cases {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		terr := AsError(stmts[0].Err)
		if terr == nil {
			t.Errorf("%s: rewritten to %s, expected error %s", c.sql, stmts[0].Rewritten, c.code)
			continue
		}
		if terr.Code != c.code {
			t.Errorf("%s: code %s, expected %s", c.sql, terr.Code, c.code)
		}
		if terr.Message != c.message {
			t.Errorf("%s: message %q, expected %q", c.sql, terr.Message, c.message)
		}
	}
}

func TestPostgresSignatureErrors(t *testing.T) {
	cases := []struct{ sql, code, message string }{
		{`select x, count(distinct x) over () from (values (1), (2)) v(x)`, "0A000", "DISTINCT is not implemented for window functions"},
		{`select array_agg(distinct i) over () from t`, "0A000", "DISTINCT is not implemented for window functions"},
		{`select sum(i order by i) over () from t`, "0A000", "aggregate ORDER BY is not implemented for window functions"},
		{`select min(x), max(x) from (values (true), (false)) v(x)`, "42883", "function min(boolean) does not exist"},
		{`select max(s is null) from t`, "42883", "function max(boolean) does not exist"},
		{`select min(true) over () from t`, "42883", "function min(boolean) does not exist"},
		{`select 5.5::float8 % 2`, "42883", "operator does not exist: double precision % integer"},
		{`select x % 2 from t`, "42883", "operator does not exist: double precision % integer"},
		{`select amount % 2.5 from sales.orders`, "42883", "operator does not exist: real % numeric"},
		{`select 5.5 % 2::float8`, "42883", "operator does not exist: numeric % double precision"},
		{`select 5.5::float8 % '2'`, "42883", "operator does not exist: double precision % unknown"},
		{`select x % abs(i) from t`, "42883", "operator does not exist: double precision % integer"},
		{`select round(2.25::float8, 1)`, "42883", "function round(double precision, integer) does not exist"},
		{`select round(x, 1) from t`, "42883", "function round(double precision, integer) does not exist"},
		{`select round(amount, 2) from sales.orders`, "42883", "function round(real, integer) does not exist"},
		{`select round(sum(x), 2) from t`, "42883", "function round(double precision, integer) does not exist"},
		{`select round(2.5, 1.5)`, "42883", "function round(numeric, numeric) does not exist"},
		{`select round(2.5, 1::int8)`, "42883", "function round(numeric, bigint) does not exist"},
		{`select round(x, i) from t`, "42883", "function round(double precision, integer) does not exist"},
		{`select round(x, abs(i)) from t`, "42883", "function round(double precision, integer) does not exist"},
		{`select mod(5.5::float8, 2)`, "42883", "function mod(double precision, integer) does not exist"},
		{`select percentile_cont(0.5) within group (order by x) from (values (timestamp '2024-01-01')) v(x)`, "42883",
			"function percentile_cont(numeric, timestamp without time zone) does not exist"},
		{`select percentile_cont(0.5::float8) within group (order by d) from t`, "42883",
			"function percentile_cont(double precision, date) does not exist"},
		{`select percentile_cont(array[0.25, 0.5]) within group (order by s) from t`, "42883",
			"function percentile_cont(numeric[], text) does not exist"},
		{`select percentile_cont(1) within group (order by s is null) from t`, "42883", "function percentile_cont(integer, boolean) does not exist"},
		{`select percentile_cont(abs(x)) within group (order by s) from t`, "42883", "function percentile_cont(double precision, text) does not exist"},
	}
	checkErrors(t, WithRelations(DuckDB(DuckDBCapabilities{}), testRelations), cases)
}

func TestPostgresSignaturesKept(t *testing.T) {
	cases := []rewriteCase{
		{`select round(2.25, 1), round(i, 1), round(2.5, 1::int2), round(2.5, '1') from t`, `round(2.25, 1) AS round, i::int4::numeric(20, 1) AS round`},
		{`select round(x) from t`, `round_even(x::float8, 0)`},
		{`select 7.5 % 2, i % 2, mod(7.5, 2), mod(i, 3) from t`, `7.5 % 2 AS "?column?", i::int4 % 2`},
		{`select min(i), max(s), min(d) from t`, `min(i::int4) AS min, max(s::text) AS max, min(d::date) AS min`},
		{`select count(distinct i) from t`, `count(DISTINCT i::int4)`},
		{`select count(i) over (), sum(i) filter (where i > 1) over () from t`, `count(i::int4) OVER ()`},
		{`select percentile_cont(0.5) within group (order by i) from t`, `percentile_cont(0.5) WITHIN GROUP (ORDER BY i::float8)`},
		{`select percentile_cont(0.5) within group (order by x) from (values (interval '1 day')) v(x)`,
			`pgway_interval_percentile_cont(array_agg(x) FILTER (WHERE x IS NOT NULL), (0.5)::float8)`},
		{`select nth_value(i, 2) over () from t`, `nth_value(i::int4, 2) OVER ()`},
		{`select nth_value(i, null) over () from t`, `nth_value(i::int4, NULL) OVER ()`},
	}
	checkRewrites(t, WithRelations(DuckDB(DuckDBCapabilities{}), testRelations), cases)
}

func TestNthValueGuard(t *testing.T) {
	cases := []rewriteCase{
		{`select nth_value(i, 0) over () from t`,
			`nth_value(i::int4, CASE WHEN 0 <= 0 THEN error('argument of nth_value must be greater than zero (SQLSTATE 22016)') ELSE 0 END) OVER ()`},
		{`select nth_value(i, -1) over () from t`, `CASE WHEN -1 <= 0 THEN error('argument of nth_value`},
		{`select nth_value(i, i - 1) over (order by i) from t`,
			`nth_value(i::int4, CASE WHEN (i::int4 - 1) <= 0 THEN error('argument of nth_value must be greater than zero (SQLSTATE 22016)') ELSE i::int4 - 1 END)`},
		{`select nth_value(i, $1) over () from t`, `CASE WHEN $1 <= 0 THEN error('argument of nth_value`},
	}
	checkRewrites(t, WithRelations(DuckDB(DuckDBCapabilities{}), testRelations), cases)
}

func TestFloatAggregateOverflowGuard(t *testing.T) {
	cases := []rewriteCase{
		{`select sum(x) from t`,
			`CASE WHEN NOT isfinite(sum(x::float8)) AND bool_and(isfinite(x::float8)) ` +
				`THEN error('value out of range: overflow (SQLSTATE 22003)') ELSE sum(x::float8) END::float8 AS sum`},
		{`select sum(x) filter (where i > 1) over (partition by s) from t`,
			`bool_and(isfinite(x::float8)) FILTER (WHERE i::int4 > 1) OVER (PARTITION BY s)`},
		{`select sum(distinct x) from t`, `bool_and(DISTINCT isfinite(x::float8))`},
		{`select avg(x) from t`,
			`CASE WHEN (NOT isfinite(sum(x::float8)) OR NOT isfinite(var_pop(x::float8))) AND bool_and(isfinite(x::float8)) ` +
				`THEN error('value out of range: overflow (SQLSTATE 22003)') ELSE pgway_avg`},
		{`select sum(x) * 2 from t`, `ELSE sum(x::float8) END::float8 * 2::float8`},
		{`select sum(i), avg(i), sum(amount) from t, sales.orders`, `SELECT sum(i::int4)::int8 AS sum, pgway_avg`},
	}
	checkRewrites(t, WithRelations(DuckDB(DuckDBCapabilities{}), testRelations), cases)

	stmts, err := New(8).Translate(WithRelations(DuckDB(DuckDBCapabilities{}), testRelations),
		`select sum(i), avg(i), sum(amount), sum(lat) from t, sales.orders, cities`, &Session{})
	if err != nil || stmts[0].Err != nil {
		t.Fatalf("%v %v", err, stmts[0].Err)
	}
	if got := stmts[0].Rewritten; strings.Contains(got, "isfinite") {
		t.Errorf("sum and avg of integers, reals and untyped columns got an overflow guard: %s", got)
	}
}

func TestHavingNamesBindColumns(t *testing.T) {
	d := WithRelations(DuckDB(DuckDBCapabilities{}), testRelations)
	checkErrors(t, d, []struct{ sql, code, message string }{
		{`select s, count(*) as x from t group by s having x > 1`, "42803",
			`column "t.x" must appear in the GROUP BY clause or be used in an aggregate function`},
		{`select s, count(*) as x from t a group by s having x > 1`, "42803",
			`column "a.x" must appear in the GROUP BY clause or be used in an aggregate function`},
		{`select count(*) as x from t having x > 1`, "42803",
			`column "t.x" must appear in the GROUP BY clause or be used in an aggregate function`},
		{`select s, count(*) as total from t group by s having total > 1`, "42703", `column "total" does not exist`},
		// A name that two FROM items have is ambiguous.
		{`select s, count(*) as x from t join u using (s) group by s having x > 1`, "42702", `column reference "x" is ambiguous`},
	})
	checkRewrites(t, d, []rewriteCase{
		{`select s, count(*) as total from t group by s having count(*) > 1`, `HAVING count(*) > 1`},
		{`select s, count(*) as x from t group by s, x having x > 1`, `HAVING t.x::float8 > 1`},
		{`select s, count(*) as x from t group by s having sum(x) > 1`, `sum(t.x::float8)`},
		{`select s, count(*) as x from t a group by s having abs(x) > 1`, `HAVING abs(a.x::float8) > 1`},
		// PostgreSQL reports the ungrouped column i first, so DuckDB raises it.
		{`select s, count(*) as x from t group by s having i > 1 and x > 1`, `HAVING i::int4 > 1 AND t.x::float8 > 1`},
		{`select s, i, count(*) as x from t group by s having x > 1`, `HAVING t.x::float8 > 1`},
		{`select count(*) as x from t group by 1 having x > 1`, `HAVING t.x::float8 > 1`},
	})
	// Without Relations, the names are not known to be columns.
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{`select s, count(*) as x from t group by s having x > 1`, `HAVING x > 1`},
	})
}
