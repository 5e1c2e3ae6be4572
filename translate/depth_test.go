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
		{"select (" + strings.Repeat("1+", 1000) + "1)", "54001"},
		{"select " + strings.Repeat("abs(", 1001) + "1" + strings.Repeat(")", 1001), "54001"},
		{"select " + strings.Repeat("case when true then ", 1001) + "1" + strings.Repeat(" end", 1001), "54001"},
		{"select " + strings.Repeat("not (", 4990) + "true" + strings.Repeat(")", 4990), "54001"},
	} {
		_, err := tr.Translate(d, c.sql, corpusSession)
		if e := AsError(err); e == nil || e.Code != c.code {
			t.Errorf("%.40s...: err = %v, want %s", c.sql, err, c.code)
		}
	}
	// Long statements whose operators do not nest translate.
	for _, sql := range []string{
		"select " + strings.Repeat("1+", 998) + "1",
		"select " + strings.Repeat("abs(", 999) + "1" + strings.Repeat(")", 999),
		"select " + strings.Repeat("case when true then ", 999) + "1" + strings.Repeat(" end", 999),
		"select " + strings.Repeat("1+1, ", 3000) + "1",
		"select 1 where " + strings.Repeat("1 = 1 and ", 2000) + "true",
		"select x from (values (1)) v(x) where x in (" + strings.Repeat("1, ", 5000) + "2)",
	} {
		if _, err := tr.Translate(d, sql, corpusSession); err != nil {
			t.Errorf("%.40s...: %v", sql, err)
		}
	}
}
