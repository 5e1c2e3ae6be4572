package translate

import (
	"errors"
	"strings"
	"testing"
)

func TestWideConstants(t *testing.T) {
	cases := []struct {
		sql, code, rewritten string
		position             int
	}{
		{sql: "select 12345678901234567890123456789012345678901234567890", code: "0A000", position: 8},
		{sql: "select 1, 1e-400", code: "0A000", position: 11},
		{sql: "select 1e400", code: "0A000", position: 8},
		{sql: "select 1e39", code: "0A000", position: 8},
		{sql: "select 1, 0.0000000000000000000000000000000000000001", code: "0A000", position: 11},
		{sql: "select 1e39 * 2.5::float8", rewritten: "'1e39'::float8"},
		{sql: "select width_bucket(0::float8, -1e308, 1e308, 10)", rewritten: "'1e308'::float8"},
		{sql: "select 1e400::float8", code: "22003", position: 8},
		{sql: "select 1e300::float8", rewritten: "'1e300'::float8"},
		{sql: "select 99999999999999999999999999999999999999, -1.2345678901234567890123456789012345678e10",
			rewritten: "99999999999999999999999999999999999999"},
	}
	for _, c := range cases {
		stmts, err := New(4).Translate(DuckDB(DuckDBCapabilities{}), c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		st := stmts[0]
		if c.code == "" {
			if st.Err != nil || !strings.Contains(strings.ToLower(st.Rewritten), c.rewritten) {
				t.Errorf("%s: %v %s", c.sql, st.Err, st.Rewritten)
			}
			continue
		}
		var terr *Error
		if !errors.As(st.Err, &terr) || terr.Code != c.code || terr.Position != c.position {
			t.Errorf("%s: error %v, want %s at %d", c.sql, st.Err, c.code, c.position)
		}
	}
}
