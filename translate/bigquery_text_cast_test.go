package translate

import (
	"strings"
	"testing"
)

// bqTextOf is the rewrite of column::text for a column of unknown type in
// a session whose TimeZone is zone.
func bqTextOf(column, zone string) string {
	text := "CAST(" + column + " AS STRING)"
	timestamp := "TIMESTAMP(" + text + ")"
	return "IF(REGEXP_CONTAINS(" + text + ", " + quoteEscapedString(bqTimestampText) + ") AND TO_JSON_STRING(" + column +
		") != TO_JSON_STRING(" + text + "), CONCAT(CAST(DATETIME(" + timestamp + ", '" + zone + "') AS STRING), " +
		"REGEXP_REPLACE(REGEXP_REPLACE(FORMAT_TIMESTAMP('%z', " + timestamp + ", '" + zone + "'), '00$', ''), " +
		`'^([+-]\\d\\d)(\\d\\d)$', '\\1:\\2')), ` + text + ")"
}

func TestBigQueryTextOfUnknownType(t *testing.T) {
	const zone = "Europe/Paris"
	cases := []struct{ name, sql, expected string }{
		{"column", `select a::text as x from t`, "SELECT " + bqTextOf("a", zone) + " AS x FROM t"},
		{"varchar of a length", `select a::varchar(4) as x from t`, "SELECT SUBSTR(" + bqTextOf("a", zone) + ", 1, 4) AS x FROM t"},
		{"integer", `select a::int8::text as x from t`, "SELECT CAST(CAST(a AS INT64) AS STRING) AS x FROM t"},
		{"constant", `select 'x'::text as x`, "SELECT CAST('x' AS STRING) AS x"},
		{"parameter", `select $1::text as x`, "SELECT CAST(@p1 AS STRING) AS x"},
		{"volatile", `select (random() + a)::text as x from t`,
			"SELECT (SELECT " + bqTextOf("_pgway_value", zone) + " FROM UNNEST([RAND() + a]) AS _pgway_value) AS x FROM t"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			actual, err := translateIn(t, New(10), zone, c.sql)
			if err != nil {
				t.Fatalf("%s: %s %s", c.sql, err.Code, err.Message)
			}
			if actual != c.expected {
				t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
			}
		})
	}
}

func TestBigQueryFloatToNumeric(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select a::float8::numeric as x from t`, "SELECT CAST(FORMAT('%.15g', CAST(a AS FLOAT64)) AS BIGNUMERIC) AS x FROM t"},
		{`select 0.1::float8::numeric(10,3) as x`, "SELECT CAST(FORMAT('%.15g', CAST(NUMERIC '0.1' AS FLOAT64)) AS NUMERIC(10, 3)) AS x"},
		{`select a::numeric as x from t`, "SELECT CAST(a AS BIGNUMERIC) AS x FROM t"},
	}
	for _, c := range cases {
		actual, err := translateIn(t, New(10), "UTC", c.sql)
		if err != nil {
			t.Fatalf("%s: %s %s", c.sql, err.Code, err.Message)
		}
		if actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
}

// TestBigQueryNumericMath checks that the functions that PostgreSQL
// computes in numeric fail with 0A000 at the call, and that double
// precision arguments translate.
func TestBigQueryNumericMath(t *testing.T) {
	failing := []struct {
		sql, message string
		position     int
	}{
		{`select sqrt(2.0)`, "sqrt() of numeric", 8},
		{`select exp(a::numeric) from t`, "exp() of numeric", 8},
		{`select sqrt(a::numeric(10,0)) from t`, "sqrt() of numeric", 8},
		{`select ln(a) from t`, "ln() of an argument of unknown type", 8},
		{`select x, log10(a) from t`, "log10() of an argument of unknown type", 11},
		{`select log(2, 8)`, "log() with a base", 8},
		{`select power(a::numeric, 2) from t`, "power() of numeric", 8},
		{`select 2.0 ^ a::int4 from t`, "operator ^ of numeric", 12},
		{`select a ^ 2 from t`, "operator ^ of an operand of unknown type", 10},
		{`select variance(a::int4) from t`, "variance() of integers", 8},
		{`select stddev_pop(a::numeric(10,2)) from t`, "stddev_pop() of numeric", 8},
		{`select var_samp(a) filter (where b) from t`, "var_samp() of an argument of unknown type", 8},
		{`select stddev(a) over () from t`, "stddev() of an argument of unknown type", 8},
	}
	for _, c := range failing {
		_, err := translateIn(t, New(10), "UTC", c.sql)
		if err == nil {
			t.Errorf("%s: translated, expected 0A000", c.sql)
			continue
		}
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
	for _, sql := range []string{
		`select sqrt(a::float8), exp(2), ln('2'), power(2, 3), a::float8 ^ 0.5, stddev(a::float8), var_pop(a::float8) over () from t`,
	} {
		if _, err := translateIn(t, New(10), "UTC", sql); err != nil {
			t.Errorf("%s: %s %s", sql, err.Code, err.Message)
		}
	}
}
