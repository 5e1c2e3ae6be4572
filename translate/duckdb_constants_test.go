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

func TestBooleanInput(t *testing.T) {
	cases := []struct {
		text  string
		value bool
		ok    bool
	}{
		{"t", true, true}, {"TRUE", true, true}, {"tr", true, true}, {"yes", true, true}, {"Y", true, true},
		{"on", true, true}, {"1", true, true}, {"f", false, true}, {"fAlSe", false, true}, {"no", false, true},
		{"of", false, true}, {"off", false, true}, {"0", false, true},
		{"", false, false}, {"o", false, false}, {"truex", false, false}, {"onn", false, false}, {"01", false, false},
	}
	for _, c := range cases {
		value, ok := parseBoolean(c.text)
		if ok != c.ok {
			t.Errorf("parseBoolean(%q) ok = %v, expected %v", c.text, ok, c.ok)
		}
		if ok && value != c.value {
			t.Errorf("parseBoolean(%q) = %v, expected %v", c.text, value, c.value)
		}
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{`select ' on '::boolean`, `'true'::boolean`},
		{`select boolean 'Off'`, `'false'::boolean`},
	})
	_, err := translateDuckDB(t, `select 'o'::boolean`)
	var terr *Error
	if !errors.As(err, &terr) || terr.Code != "22P02" || terr.Message != `invalid input syntax for type boolean: "o"` {
		t.Errorf("'o'::boolean: error %v, expected 22P02", err)
	}
}
