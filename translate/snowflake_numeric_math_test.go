package translate

import (
	"strings"
	"testing"
)

// TestSnowflakeNumericMath checks that the functions that PostgreSQL
// computes in numeric fail with 0A000 at the call, and that double
// precision and integer arguments translate.
func TestSnowflakeNumericMath(t *testing.T) {
	failing := []struct {
		sql, message string
		position     int
	}{
		{`select sqrt(2.0)`, "sqrt() of numeric", 8},
		{`select exp(a::numeric(10,2)) from t`, "exp() of numeric", 8},
		{`select sqrt(a::numeric(10,0)) from t`, "sqrt() of numeric", 8},
		{`select ln(99999999999999999999)`, "ln() of numeric", 8},
		{`select ln(a) from t`, "ln() of an argument of unknown type", 8},
		{`select x, log10(a) from t`, "log10() of an argument of unknown type", 11},
		{`select log(a::float8) + log(2, 8)`, "log() with a base", 25},
		{`select pow(a::numeric(10,2), 2) from t`, "pow() of numeric", 8},
		{`select 2.0 ^ a::int4 from t`, "operator ^ of numeric", 12},
		{`select a ^ 2 from t`, "operator ^ of an operand of unknown type", 10},
		{`select variance(a::int4) from t`, "variance() of integers", 8},
		{`select stddev_pop(a::numeric(10,2)) from t`, "stddev_pop() of numeric", 8},
		{`select var_samp(a) filter (where b) from t`, "var_samp() of an argument of unknown type", 8},
		{`select stddev(avg(a::float8)) over () from t`, "stddev() of an argument of unknown type", 8},
	}
	for _, c := range failing {
		err := snowflakeError(t, c.sql)
		if err.Code != CodeFeatureNotSupported || !strings.HasPrefix(err.Message, c.message) {
			t.Errorf("%s: %s %q, expected 0A000 %q", c.sql, err.Code, err.Message, c.message)
		}
		if err.Position != c.position {
			t.Errorf("%s: position %d, expected %d", c.sql, err.Position, c.position)
		}
		if !strings.Contains(err.Hint, "double precision") {
			t.Errorf("%s: hint %q, expected one that names double precision", c.sql, err.Hint)
		}
	}

	const sql = `select sqrt(a::float8), exp(2), ln('2'), power(2, 3), a::float8 ^ 0.5, ` +
		`round(stddev(a::float8)), var_pop(a::float8) over () from t`
	const expected = `SELECT sqrt(A::float) AS SQRT, exp(2) AS EXP, ln('2') AS LN, power(2, 3) AS POWER, ` +
		`power(A::float, 0.5) AS "?COLUMN?", CASE WHEN abs(stddev(A::float) - trunc(stddev(A::float))) = 0.5 ` +
		`THEN 2 * round(stddev(A::float) / 2) ELSE round(stddev(A::float)) END AS ROUND, ` +
		`var_pop(A::float) OVER () AS VAR_POP FROM T`
	if actual := snowflakeRewrite(t, sql); actual != expected {
		t.Errorf("%s\nexpected: %s\nactual:   %s", sql, expected, actual)
	}
}
