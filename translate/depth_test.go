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
		{"select 1" + strings.Repeat(" union all select 1", 9000), "54001"},
		{"select 1" + strings.Repeat(" intersect select 1", maxSetOperations+1), "54001"},
		{"(select 1)" + strings.Repeat(" union all (select 1)", maxSetOperations+1), "54001"},
		{"select 1 is null" + strings.Repeat(" is not null", 50000), "54001"},
		{"select 'a'" + strings.Repeat(` collate "C"`, 50000), "54001"},
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
		"select 1" + strings.Repeat(" union all select 1", 998),
		"select 1" + strings.Repeat(" union select 1", 3000),
		"(select 1)" + strings.Repeat(" union all (select 1)", 3000),
		"select 1 where " + strings.Repeat("1 is not null and ", 2000) + "true",
		"select " + strings.Repeat("1+1, ", 3000) + "1",
		"select 1 where " + strings.Repeat("1 = 1 and ", 2000) + "true",
		"select x from (values (1)) v(x) where x in (" + strings.Repeat("1, ", 5000) + "2)",
	} {
		if _, err := tr.Translate(d, sql, corpusSession); err != nil {
			t.Errorf("%.40s...: %v", sql, err)
		}
	}
}

func TestArrayDimensionsLimit(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{})
	for depth, code := range map[int]string{6: "", 7: "54000", 999: "54000"} {
		sql := "select " + strings.Repeat("array[", depth) + "1" + strings.Repeat("]", depth)
		out, err := New(4).Translate(d, sql, corpusSession)
		if err == nil && len(out) == 1 {
			err = out[0].Err
		}
		if e := AsError(err); code == "" && err != nil || code != "" && (e == nil || e.Code != code) {
			t.Errorf("%d dimensions: err = %v, want %q", depth, err, code)
		}
	}
}
