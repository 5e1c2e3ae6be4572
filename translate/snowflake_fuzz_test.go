package translate

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzSnowflakeTranslate checks that the Snowflake rewriter never panics,
// that every error carries a SQLSTATE, and that every rewrite is
// non-empty and lexes as Snowflake SQL. There is no Snowflake parser
// here, so the check stops at the lexer.
func FuzzSnowflakeTranslate(f *testing.F) {
	for _, path := range corpusFiles(f) {
		for _, c := range readCorpus(f, path) {
			f.Add(c.sql)
		}
	}
	f.Add(`select 'a\b', E'\\x', $1, "Mixed", x from t where y like 'a\_' and z = $2`)
	tr := New(1000)
	f.Fuzz(func(t *testing.T, query string) {
		stmts, err := tr.Translate(Snowflake(), query, corpusSession)
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
			if st.Kind != KindWarehouse {
				continue
			}
			if strings.TrimSpace(st.Rewritten) == "" {
				t.Fatalf("empty rewrite of %q", st.SQL)
			}
			if err := lexSnowflake(st.Rewritten); err != nil {
				t.Fatalf("rewrite of %q does not lex: %v\n%s", st.SQL, err, st.Rewritten)
			}
		}
	})
}

func checkSnowflakeLexes(t *testing.T, sql string) {
	t.Helper()
	if err := lexSnowflake(sql); err != nil {
		t.Errorf("%v\n%s", err, sql)
	}
}

// lexSnowflake scans sql with Snowflake's lexical rules: string literals
// in single quotes with backslash escapes and doubled quotes, $$ strings,
// identifiers in double quotes, comments and :n binds. It reports
// unterminated literals, unbalanced parentheses, and PostgreSQL syntax
// that must not reach Snowflake: $n parameters, E'...' strings and the
// rewrite's markers.
func lexSnowflake(sql string) error {
	depth := 0
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\'':
			end, err := snowflakeStringEnd(sql, i)
			if err != nil {
				return err
			}
			i = end
		case c == '"':
			end := quotedEnd(sql, i, '"', false)
			if end < 0 {
				return fmt.Errorf("unterminated quoted identifier at %d", i)
			}
			i = end - 1
		case strings.HasPrefix(sql[i:], "$$"):
			end := strings.Index(sql[i+2:], "$$")
			if end < 0 {
				return fmt.Errorf("unterminated $$ string at %d", i)
			}
			i += end + 3
		case c == '$' && i+1 < len(sql) && isDigit(sql[i+1]):
			return fmt.Errorf("PostgreSQL parameter at %d", i)
		case (c == 'E' || c == 'e') && i+1 < len(sql) && sql[i+1] == '\'' && (i == 0 || !isIdentCont(sql[i-1])):
			return fmt.Errorf("E'' string at %d", i)
		case strings.HasPrefix(sql[i:], "--"):
			if end := strings.IndexByte(sql[i:], '\n'); end >= 0 {
				i += end
			} else {
				i = len(sql)
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return fmt.Errorf("unbalanced ) at %d", i)
			}
		case isIdentStart(c):
			start := i
			for i < len(sql) && isIdentCont(sql[i]) {
				i++
			}
			if strings.HasPrefix(sql[start:i], "pgway_") {
				return fmt.Errorf("marker %s left at %d", sql[start:i], start)
			}
			i--
		}
	}
	if depth != 0 {
		return fmt.Errorf("%d unclosed (", depth)
	}
	return nil
}

// snowflakeStringEnd returns the offset of the quote that closes the
// string literal opening at pos.
func snowflakeStringEnd(sql string, pos int) (int, error) {
	for i := pos + 1; i < len(sql); i++ {
		switch sql[i] {
		case '\\':
			i++
		case '\'':
			if i+1 < len(sql) && sql[i+1] == '\'' {
				i++
				continue
			}
			return i, nil
		}
	}
	return 0, fmt.Errorf("unterminated string literal at %d", pos)
}

func TestLexSnowflakeRejects(t *testing.T) {
	for _, sql := range []string{`select 'a\'`, `select $1`, `select E'a'`, `select (1`, `select "a`} {
		if lexSnowflake(sql) == nil {
			t.Errorf("%s lexed", sql)
		}
	}
	if err := lexSnowflake(`select 'a\\b''c', "x""y", :1, $$a'b$$ from t -- 'x`); err != nil {
		t.Errorf("valid text: %v", err)
	}
}
