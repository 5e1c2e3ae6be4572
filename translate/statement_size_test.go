package translate

import (
	"fmt"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// nested returns inner inside n copies of open and close.
func nested(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// translateOnce translates sql with a new translator and returns the
// rewrite of its only statement.
func translateOnce(t *testing.T, d Dialect, sql string) (string, error) {
	t.Helper()
	out, err := New(4).Translate(d, sql, corpusSession)
	if err != nil {
		return "", err
	}
	if len(out) != 1 {
		t.Fatalf("%.60s...: %d statements", sql, len(out))
	}
	return out[0].Rewritten, out[0].Err
}

func TestNestedExpressionsTranslate(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: testRelations})
	var bi strings.Builder
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(&bi, "case when x < %d then 'band %d' else ", i, i)
	}
	var quotients strings.Builder
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&quotients, "case when x < %d then x / %d else ", i, i+1)
	}
	from := " from (values (1.5)) v(x)"
	for name, sql := range map[string]string{
		"CASE 50 deep":              "select " + bi.String() + "'other'" + strings.Repeat(" end", 50) + from,
		"CASE of quotients 20 deep": "select " + quotients.String() + "0" + strings.Repeat(" end", 20) + from,
		"abs(round()) 20 deep":      "select " + nested("abs(round(", "x", "))", 20) + from,
		"round() 15 deep":           "select " + nested("round(", "x", ")", 15) + from,
		"round(x, 2) 15 deep":       "select " + nested("round(", "x / 3", ", 2)", 15) + from,
		"trunc() 20 deep":           "select " + nested("trunc(", "x", ")", 20) + from,
		"ceil() in round() 20 deep": "select " + nested("round(ceil(", "x", "))", 20) + from,
		"coalesce 20 deep":          "select " + nested("coalesce(", "x", ", 0)", 20) + from,
		"coalesce of quotient":      "select " + nested("coalesce(", "x / 2", ", 0)", 20) + from,
		"abs 20 deep":               "select " + nested("abs(", "x / 2", ")", 20) + from,
		"nullif 8 deep":             "select " + nested("nullif(", "x", ", 0)", 8) + from,
		"greatest 20 deep":          "select " + nested("greatest(", "x", ", 0)", 20) + from,
		"least of round 20 deep":    "select " + nested("least(round(", "x", "), 0)", 20) + from,
	} {
		rewritten, err := translateOnce(t, d, sql)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(rewritten) > 1000+10*len(sql) {
			t.Errorf("%s: the rewrite of %d bytes has %d bytes", name, len(sql), len(rewritten))
		}
	}
}

func TestExponentialRewriteRejected(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: testRelations})
	from := " from (values (1.5)) v(x)"
	for _, c := range []struct{ sql, hint string }{
		{"select " + nested("(", "x / 2", "::float8 / 2)", 13) + from, "division"},
		{"select " + nested("round(x * ", "x", ")", 9) + from, "round()"},
		{"select " + nested("nullif(", "x", ", 1.5)", 14) + from, "nullif()"},
		{"select " + nested("coalesce(nullif(", "x", ", 1.5), 2)", 14) + from, "nullif()"},
	} {
		_, err := translateOnce(t, d, c.sql)
		e := AsError(err)
		if e == nil || e.Code != "54001" {
			t.Errorf("%.50s...: err = %v, want 54001", c.sql, err)
			continue
		}
		if !strings.Contains(e.Hint, c.hint) {
			t.Errorf("%.50s...: hint %q does not name %s", c.sql, e.Hint, c.hint)
		}
	}
}

// integerList returns the integers from 1 to n written as format, joined
// with commas.
func integerList(format string, n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(format, i+1, -i)
	}
	return strings.Join(items, ", ")
}

func TestLongConstantListsTranslate(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: testRelations})
	for _, sql := range []string{
		"select 1 where 5 in (" + integerList("%[1]d", 50000) + ")",
		"values " + integerList("(%[1]d)", 50000),
		"select 5 = any(array[" + integerList("%[1]d", 50000) + "])",
		"insert into t (i, x) values " + integerList("(%d, %d)", 30000),
	} {
		rewritten, err := translateOnce(t, d, sql)
		if err != nil {
			t.Errorf("%.50s...: %v", sql, err)
			continue
		}
		if !keepsCompactLists(t, d, sql) {
			t.Errorf("%.50s...: the rewrite changed its compacted lists, so it was rewritten in full", sql)
		}
		if !strings.Contains(rewritten, "49999") && !strings.Contains(rewritten, "29999") {
			t.Errorf("%.50s...: the rewrite lost elements: %.200s", sql, rewritten)
		}
	}
}

// TestCompactListsRewriteAsWhole checks that statements with long lists
// of constants rewrite as they do when the rewrite sees every element.
func TestCompactListsRewriteAsWhole(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: testRelations}).(*duckDB)
	whole := *d
	whole.fullLists = true
	list := integerList("%[1]d", 100)
	negative := integerList("%[2]d", 100)
	rows := integerList("(%d, %d)", 100)
	for _, sql := range []string{
		"select * from t where i in (" + list + ")",
		"select * from t where x not in (" + list + ")",
		"select * from sales.orders where n in (" + list + ")",
		"select * from t where s in (" + list + ")",
		"select * from t where d in (" + list + ")",
		"select * from t where i in (" + list + ", 2.5)",
		"select * from t where i = any(array[" + list + "])",
		"select * from t where i not in (" + negative + ") and x in (" + list + ")",
		"select array[" + negative + "], array[array[" + list + "]]",
		"select * from (values " + integerList("(%[2]d)", 100) + ") v(a) order by a",
		"select array[" + list + "] || array[1.5]",
		"select sum(a / b) from (values " + rows + ") v(a, b)",
		"select a / b from (values " + rows + ") v(a, b)",
		"select 1 union all values " + integerList("(%[1]d)", 100),
		"insert into t (i, x) values " + rows,
		"insert into u (x, y) values " + rows,
		"insert into u (x) values " + integerList("(%[1]d)", 100) + " on conflict (x) do nothing",
		"select * from (values " + rows + ") v(a, b) where a in (" + list + ")",
		"select (select count(*) from t where i in (" + list + ")) as n, ctid in (" + list + ") from t",
	} {
		got, gotErr := translateOnce(t, d, sql)
		want, wantErr := translateOnce(t, &whole, sql)
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%.60s...:\ncompacted: %.300s %v\nwhole:     %.300s %v", sql, got, gotErr, want, wantErr)
		}
	}
}

// keepsCompactLists reports whether the rewrite of sql, a statement with
// long lists of constants, left the first elements of its lists in place,
// so that translateStatement need not rewrite the full lists.
func keepsCompactLists(t *testing.T, d Dialect, sql string) bool {
	t.Helper()
	tree, err := pg.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	raw := tree.Stmts[0]
	lists := compactConstantLists(raw.Stmt)
	if len(lists) == 0 {
		return false
	}
	compact := *d.(*duckDB)
	compact.lists = lists
	tr := translateOne(&compact, raw, sql)
	return tr.err == nil && !compact.listsRewritten
}
