package translate

import "testing"

func TestConcatOfTypedOperands(t *testing.T) {
	checkErrorCases(t, []errorCase{
		{"select 1 || 2", CodeUndefinedFunction, "operator does not exist: integer || integer"},
		{"select a || b from (values (1.5::float8, true)) v(a, b)", CodeUndefinedFunction,
			"operator does not exist: double precision || boolean"},
		{"select date '2024-01-01' || 2.5", CodeUndefinedFunction, "operator does not exist: date || numeric"},
	})
	// A text or unknown operand takes the other's text, as in PostgreSQL.
	for _, sql := range []string{"select 1 || '2'", "select 1 || 2::text", "select 1 || 2::varchar", "select x || 1 from t"} {
		if _, err := translateDuckDB(t, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
}
