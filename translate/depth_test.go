package translate

import (
	"strings"
	"testing"
)

func TestExpressionDepthLimit(t *testing.T) {
	tr := New(4)
	d := DuckDB(DuckDBCapabilities{})
	for _, c := range []struct {
		sql  string
		code string
	}{
		{"select " + strings.Repeat("1+", 25000) + "1", "54001"},
		{"select " + strings.Repeat("'a'||", 100000) + "'a'", "54001"},
		{"select " + strings.Repeat("not ", 6000) + "true", "54001"},
		{"select 1" + strings.Repeat("::int", 6000), "54001"},
		{"select (" + strings.Repeat("1+", 5000) + "1)", "54001"},
	} {
		_, err := tr.Translate(d, c.sql, corpusSession)
		if e := AsError(err); e == nil || e.Code != c.code {
			t.Errorf("%.40s...: err = %v, want %s", c.sql, err, c.code)
		}
	}
	// Long statements whose operators do not nest translate.
	for _, sql := range []string{
		"select " + strings.Repeat("1+", 4000) + "1",
		"select " + strings.Repeat("1+1, ", 3000) + "1",
		"select 1 where " + strings.Repeat("1 = 1 and ", 2000) + "true",
		"select x from (values (1)) v(x) where x in (" + strings.Repeat("1, ", 5000) + "2)",
	} {
		if _, err := tr.Translate(d, sql, corpusSession); err != nil {
			t.Errorf("%.40s...: %v", sql, err)
		}
	}
}
