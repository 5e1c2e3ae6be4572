package translate

import "testing"

// FuzzBigQueryTranslate checks that the BigQuery rewriter never panics,
// that every error carries a SQLSTATE, and that every rewrite closes the
// strings and quoted identifiers it opens.
func FuzzBigQueryTranslate(f *testing.F) {
	for _, path := range corpusFiles(f) {
		for _, c := range readCorpus(f, path) {
			f.Add(c.sql)
		}
	}
	f.Add("select \"a`b\", E'\\\\''', $1 from \"x\"\"y\"")
	tr := New(1000)
	d := BigQuery(BigQueryOptions{Project: "p"})
	f.Fuzz(func(t *testing.T, query string) {
		stmts, err := tr.Translate(d, query, corpusSession)
		if err != nil {
			if e := AsError(err); e == nil || len(e.Code) != 5 {
				t.Fatalf("error without SQLSTATE for %q: %v", query, err)
			}
			return
		}
		for _, st := range stmts {
			if st.Err != nil {
				if e := AsError(st.Err); e == nil || len(e.Code) != 5 {
					t.Fatalf("error without SQLSTATE for %q: %v", st.SQL, st.Err)
				}
				continue
			}
			if st.Kind == KindWarehouse && !googleSQLQuotesBalanced(st.Rewritten) {
				t.Fatalf("rewrite of %q leaves a quote open: %s", st.SQL, st.Rewritten)
			}
		}
	})
}

// googleSQLQuotesBalanced reports whether every string, bytes literal and
// quoted identifier in sql ends, reading backslash escapes as GoogleSQL
// does, and parentheses balance outside them.
func googleSQLQuotesBalanced(sql string) bool {
	var quote byte
	depth := 0
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case quote != 0 && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '`' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return quote == 0 && depth == 0
}

func TestGoogleSQLQuotesBalanced(t *testing.T) {
	for sql, expected := range map[string]bool{
		"SELECT 'a\\'b', `c\\`d` FROM (t)": true,
		"SELECT 'a''":                      false,
		"SELECT `a":                        false,
		"SELECT (1":                        false,
		"SELECT ')'":                       true,
	} {
		if actual := googleSQLQuotesBalanced(sql); actual != expected {
			t.Errorf("%q: %v, expected %v", sql, actual, expected)
		}
	}
}
