package translate

import (
	"fmt"
	"testing"
)

// TestFromAliasesRequired checks PostgreSQL 15's error and position for
// a subquery or VALUES in FROM without an alias.
func TestFromAliasesRequired(t *testing.T) {
	for sql, want := range map[string]string{
		"select * from (select 1)":                       "42601 subquery in FROM must have an alias at 15",
		"select * from (values (1))":                     "42601 VALUES in FROM must have an alias at 15",
		"select * from lateral (select 1)":               "42601 subquery in FROM must have an alias at 23",
		"select * from t, ((select 1) union (select 2))": "42601 subquery in FROM must have an alias at 18",
		"select * from t join (select (1)) on true":      "42601 subquery in FROM must have an alias at 22",
		"select 'é', x from (select 1 as x)":             "42601 subquery in FROM must have an alias at 20",
		"select * from (select 1) s, (values (2)) v(a)":  "",
		"select (select 1) from t where x in (select 1)": "",
	} {
		_, err := New(8).Translate(DuckDB(DuckDBCapabilities{}), sql, &Session{})
		got := ""
		if e := AsError(err); e != nil {
			got = fmt.Sprintf("%s %s at %d", e.Code, e.Message, e.Position)
		}
		if got != want {
			t.Errorf("%s: %q, want %q", sql, got, want)
		}
	}
}
