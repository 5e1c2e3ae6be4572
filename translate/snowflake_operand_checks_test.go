package translate

import (
	"strings"
	"testing"
)

// TestSnowflakeOperandChecks checks that the operators whose operands
// Snowflake cannot take as PostgreSQL does fail with 0A000 at their
// position.
func TestSnowflakeOperandChecks(t *testing.T) {
	cases := []struct {
		sql, message string
		position     int
	}{
		{`select time '10:00' - time '09:00'`, "time - time is not supported", 21},
		{`select max(t::time) - min(t::time) from x`, "time - time is not supported", 21},
		{`select arr @> '{1,2}' from t`, "a string constant as an operand of @>", 15},
		{`select '{a}' <@ arr from t`, "a string constant as an operand of <@", 8},
		{`select arr && '{a}' from t`, "a string constant as an operand of &&", 15},
		{`select 'a' = any('{a,b}') from t`, "a string constant as an operand of =", 18},
		{`select arr = '{a,b}' from t`, `the constant '{a,b}' beside = is not supported`, 14},
		{`select arr <> '{}' from t`, `the constant '{}' beside <> is not supported`, 15},
		{`select arr || '{x}' from t`, `the constant '{x}' beside || is not supported`, 15},
		{`select x in ('b', '{a}') from t`, `the constant '{a}' beside IN is not supported`, 19},
		{`select x is distinct from '{a}' from t`, `the constant '{a}' beside IS DISTINCT FROM`, 27},
	}
	for _, c := range cases {
		e := snowflakeError(t, c.sql)
		if e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000: %s", c.sql, e.Code, e.Message)
		}
		if !strings.Contains(e.Message, c.message) {
			t.Errorf("%s: message %q, expected it to contain %q", c.sql, e.Message, c.message)
		}
		if e.Position != c.position {
			t.Errorf("%s: position %d, expected %d", c.sql, e.Position, c.position)
		}
	}
}

// TestSnowflakeOperandsAllowed checks that the operand checks leave
// alone the operators that Snowflake runs as PostgreSQL does.
func TestSnowflakeOperandsAllowed(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select time '10:00' - interval '1 hour'`, `SELECT dateadd('hour', -1, '10:00'::time) AS "?COLUMN?"`},
		{`select arr @> '{1,2}'::int[] from t`,
			`SELECT array_size(array_except(array_distinct(array_construct('1'::number(10, 0), '2'::number(10, 0))), ARR)) = 0 AS "?COLUMN?" FROM T`},
		{`select name::text = '{a,b}' from t`, `SELECT NAME::text = '{a,b}' AS "?COLUMN?" FROM T`},
		{`select name = '{a,b}'::text from t`, `SELECT NAME = '{a,b}'::text AS "?COLUMN?" FROM T`},
		{`select doc = '{"a": 1}' from t`, `SELECT DOC = '{"a": 1}' AS "?COLUMN?" FROM T`},
		{`select name = 'abc', name || 'x' from t`, `SELECT NAME = 'abc' AS "?COLUMN?", NAME || 'x' AS "?COLUMN?" FROM T`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
}

// TestSnowflakeArraySyntaxCached translates comparisons with string
// constants of which some are in array syntax, several times each and
// interleaved, so that shared templates serve most of them, and checks
// each against a fresh translation.
func TestSnowflakeArraySyntaxCached(t *testing.T) {
	cached := New(100)
	d := Snowflake()
	for round := 0; round < 3; round++ {
		for _, lit := range []string{"'a'", "'b'", "'{a,b}'", "'c'", "'{}'"} {
			sql := "select id from t where name = " + lit
			stmts, err := cached.Translate(d, sql, corpusSession)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := New(10).Translate(d, sql, corpusSession)
			if err != nil {
				t.Fatal(err)
			}
			if stmts[0].Rewritten != fresh[0].Rewritten || (stmts[0].Err == nil) != (fresh[0].Err == nil) {
				t.Errorf("%s\ncached: %s %v\nfresh:  %s %v", sql, stmts[0].Rewritten, stmts[0].Err, fresh[0].Rewritten, fresh[0].Err)
			}
		}
	}
}
