package translate

import (
	"strings"
	"testing"
)

func TestToNumberResultForm(t *testing.T) {
	sql := "select to_number(name, '9,999.99') from cities where to_number(name, '99') > 1"
	out, err := translateDuckDB(t, sql)
	if err != nil {
		t.Fatalf("Translate(%q) failed: %v", sql, err)
	}
	// The result column keeps each value's scale, and the comparison
	// reads the DECIMAL form.
	if !strings.Contains(out, "pgway_to_number_result(") {
		t.Errorf("result column is not pgway_to_number_result: %s", out)
	}
	if strings.Count(out, "pgway_to_number(") != 1 {
		t.Errorf("WHERE clause does not call pgway_to_number once: %s", out)
	}
}

func TestToNumberArgumentsNotText(t *testing.T) {
	for _, sql := range []string{
		"select to_number(12, '99')",
		"select to_number(1.5, '9.9')",
		"select to_number('12')",
		"select to_number('12', '99', '9')",
	} {
		_, err := translateDuckDB(t, sql)
		e := AsError(err)
		if e == nil {
			t.Errorf("Translate(%q) returned %v, expected an error", sql, err)
			continue
		}
		if e.Code != CodeUndefinedFunction {
			t.Errorf("Translate(%q) code = %s, expected %s", sql, e.Code, CodeUndefinedFunction)
		}
		if e.Position != strings.Index(sql, "to_number")+1 {
			t.Errorf("Translate(%q) position = %d, expected %d", sql, e.Position, strings.Index(sql, "to_number")+1)
		}
	}
}

func TestToNumberTextArguments(t *testing.T) {
	for _, sql := range []string{
		"select to_number('12', '99')",
		"select to_number('12'::text, '99'::varchar)",
		"select to_number($1, $2)",
		"select to_number(null, '99')",
	} {
		if _, err := translateDuckDB(t, sql); err != nil {
			t.Errorf("Translate(%q) failed: %v", sql, err)
		}
	}
}
