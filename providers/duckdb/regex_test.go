package duckdb

import (
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
	"testing"

	"pgway/providers"
)

// The expected values below are PostgreSQL 15's.

func TestRegexTestMatches(t *testing.T) {
	cases := []struct {
		text, pattern, flags string
		want                 bool
	}{
		{"a\nb", "a.b", "", true},
		{"a\nb", "a.b", "n", false},
		{"a\nb", "^b", "", false},
		{"a\nb", "^b", "n", true},
		{"a\nb", "a[^x]b", "p", false},
		{"ab", "(?i)AB", "", true},
		{"ab", "AB", "i", true},
		{"a{,3}", "a{,3}", "", true},
		{"xa", "a{x", "", false},
		{"a\vb", `a\sb`, "", true},
		{"a\bb", `a\bb`, "", true},
		{"a.b", "***=a.b", "", true},
		{"axb", "***=a.b", "", false},
		{"axb", "a.b", "q", false},
		{"foo bar", `\yba`, "", true},
		{"foobar", `\yba`, "", false},
		{"ab", `a\Z`, "", false},
		{"ab", `[[:alpha:]]{2}`, "", true},
		{"a]", `[]a]]`, "", true},
		{"A", `\x41`, "", true},
		{"é", `\u00e9`, "", true},
		{"b-9", "[a-c-]", "", true},
		{"-", "[!---]", "", true},
		{".", "[--/]", "", true},
		{"-", "[^-a]", "", false},
		{"^", "[]-a]", "", true},
		{"9", "[[:digit:]-]", "", true},
		{"-", `[\w-]`, "", true},
		{"ab", "(?x) a b", "", true},
		{"ab", " a  # comment\nb", "x", true},
		{"ab", "a\t\v\f\rb", "x", true},
		{"a b", `a\ b`, "x", true},
		{"ab", `a\ b`, "x", false},
		{"a b", "a[ ]b", "x", true},
		{"a#b", "(?x)a[#]b", "", true},
		{"a#b", `(?x)a\#b`, "", true},
		{"a", "a # (", "x", true},
		{"aa", "(?x)^a{ 2}$", "", true},
		{"a{x", "(?x)^a{ x$", "", true},
		{"aaaaaaaaaaaa", "(?x)^a{1 2}$", "", true},
		{"aaa", "(?x)^a{1 , 2}$", "", false},
		{"aab", "(?x)^a *b$", "", true},
		{"a b", "***=a b", "x", true},
		{"ab", "***:(?x) a", "", true},
	}
	for _, c := range cases {
		got, err := regexTestUDF([]driver.Value{c.text, c.pattern, c.flags})
		if err != nil {
			t.Errorf("%q ~ %q (%s): %v", c.text, c.pattern, c.flags, err)
			continue
		}
		if got != c.want {
			t.Errorf("%q ~ %q (%s) = %v, expected %v", c.text, c.pattern, c.flags, got, c.want)
		}
	}
}

func TestRegexErrors(t *testing.T) {
	cases := []struct{ text, pattern, flags, code, message string }{
		{"x", "(", "", "2201B", "invalid regular expression: parentheses () not balanced"},
		{"x", "a)", "", "2201B", "invalid regular expression: parentheses () not balanced"},
		{"x", "[a", "", "2201B", "invalid regular expression: brackets [] not balanced"},
		{"x", "a{2", "", "2201B", "invalid regular expression: braces {} not balanced"},
		{"x", "a{3,2}", "", "2201B", "invalid regular expression: invalid repetition count(s)"},
		{"x", "a{256}", "", "2201B", "invalid regular expression: invalid repetition count(s)"},
		{"x", "*a", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", "a**", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", "^*", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", `\q`, "", "2201B", "invalid regular expression: invalid escape \\ sequence"},
		{"x", `a\`, "", "2201B", "invalid regular expression: invalid escape \\ sequence"},
		{"x", "[z-a]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[[:foo:]]", "", "2201B", "invalid regular expression: invalid character class"},
		{"x", "(?z)a", "", "2201B", "invalid regular expression: invalid embedded option"},
		{"x", "a(?i)", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", "a", "z", "22023", `invalid regular expression option: "z"`},
		{"x", `(a)\1`, "", "0A000", ""},
		{"x", `a(?=b)`, "", "0A000", ""},
		{"x", `(?<=a)b`, "", "0A000", ""},
		{"x", `\ma`, "", "0A000", ""},
		{"x", `[[:<:]]a`, "", "0A000", ""},
		{"x", `a`, "b", "0A000", ""},
		{"x", "[a-c-e]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[a--]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", `[\d-a]`, "", "2201B", "invalid regular expression: invalid character range"},
		{"x", `[a-\d]`, "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[[:digit:]-a]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[a-[:digit:]]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[[=a=]-c]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[a-[=b=]]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[a-[]", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[a-c-", "", "2201B", "invalid regular expression: invalid character range"},
		{"x", "[a-", "", "2201B", "invalid regular expression: brackets [] not balanced"},
		{"x", "[-", "", "2201B", "invalid regular expression: brackets [] not balanced"},
		{"x", "[a-[.c.]]", "", "0A000", ""},
		{"x", "a", "qx", "2201B", "invalid regular expression: invalid argument to regex function"},
		{"x", "a", "nq", "2201B", "invalid regular expression: invalid argument to regex function"},
		{"x", "a* ?b", "x", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", "(?x)a{1} ?b", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", "(?x)( ?:a)", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", " (?x)a", "", "2201B", "invalid regular expression: quantifier operand invalid"},
		{"x", "(?x)a{ 3 , 2 }", "", "2201B", "invalid regular expression: invalid repetition count(s)"},
		{"x", "(?x)a\u00a0b", "", "0A000", ""},
		{"é", `\w`, "", "0A000", ""},
		{"\u212a", `k`, "i", "0A000", ""},
		{"x", "(?i)é", "", "0A000", ""},
		{"x", "é", "i", "0A000", ""},
	}
	for _, c := range cases {
		_, err := regexTestUDF([]driver.Value{c.text, c.pattern, c.flags})
		var perr *providers.Error
		if !errors.As(err, &perr) {
			t.Errorf("%q: error %v, expected %s", c.pattern, err, c.code)
			continue
		}
		if perr.Code != c.code {
			t.Errorf("%q: code %s (%s), expected %s", c.pattern, perr.Code, perr.Message, c.code)
		}
		if c.message != "" && perr.Message != c.message {
			t.Errorf("%q: message %q, expected %q", c.pattern, perr.Message, c.message)
		}
	}
}

func TestRegexExtraction(t *testing.T) {
	cases := []struct {
		name string
		run  func([]driver.Value) (any, error)
		args []driver.Value
		want any
	}{
		{"substring group", substringRegex, []driver.Value{"XY1234Z", "Y*([0-9]{1,3})"}, "123"},
		{"substring whole", substringRegex, []driver.Value{"foobar", "o.b"}, "oob"},
		{"substring unset group", substringRegex, []driver.Value{"abc", "b(x)?"}, nil},
		{"substring no match", substringRegex, []driver.Value{"abc", "z"}, nil},
		{"substring longest", substringRegex, []driver.Value{"abcd", "a|ab|abc"}, "abc"},
		{"substring last digits", substringRegex, []driver.Value{"ab123", `.*(\d+)`}, "3"},
		{"match groups", regexpMatch, []driver.Value{"foobarbequebaz", "(bar)(beque)", ""}, []any{"bar", "beque"}},
		{"match repeated group", regexpMatch, []driver.Value{"xaaay", "(a)*", ""}, []any{nil}},
		{"match newline", regexpMatch, []driver.Value{"a\nb", "a.b", ""}, []any{"a\nb"}},
		{"matches empty after match", regexpMatches, []driver.Value{"ab", "a*", "g"},
			[]any{[]any{"a"}, []any{""}, []any{""}}},
		{"matches first only", regexpMatches, []driver.Value{"abab", "(b)", ""}, []any{[]any{"b"}}},
		{"matches none", regexpMatches, []driver.Value{"abab", "z", "g"}, []any{}},
		{"split empty", regexpSplit("regexp_split_to_array"), []driver.Value{"ab", "a*", ""}, []any{"", "b"}},
		{"split characters", regexpSplit("regexp_split_to_array"), []driver.Value{"abc", "", ""}, []any{"a", "b", "c"}},
		{"split commas", regexpSplit("regexp_split_to_array"), []driver.Value{"a,b,,c", ",", ""}, []any{"a", "b", "", "c"}},
		{"replace empty matches", regexpReplace, []driver.Value{"ab", "a*", "X", "g"}, "XXbX"},
		{"replace references", regexpReplace, []driver.Value{"abc", "(b)", `[\1\&\\\q]`, ""}, `a[bb\\q]c`},
	}
	for _, c := range cases {
		got, err := c.run(c.args)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %#v, expected %#v", c.name, got, c.want)
		}
	}
}

func TestRegexExtractionRejects(t *testing.T) {
	cases := []struct{ pattern, flags string }{
		{"(a|ab)(c|bcd)(d*)", ""},
		{"(a.*?)b", ""},
		{"a.*?b", ""},
		{"(ab*)*", ""},
		{"^(a*)", "g"},
	}
	for _, c := range cases {
		_, err := regexpMatches([]driver.Value{"abcd", c.pattern, c.flags})
		var perr *providers.Error
		if !errors.As(err, &perr) || perr.Code != "0A000" {
			t.Errorf("%q: error %v, expected 0A000", c.pattern, err)
		}
	}
}

func TestSubstringSimilarLongText(t *testing.T) {
	text := strings.Repeat("ab", maxSimilarText/2-1) + "xa"
	got, err := substringSimilar([]driver.Value{text, `%#"x_#"%`, "#"})
	if err != nil {
		t.Fatal(err)
	}
	if got != "xa" {
		t.Errorf("got %v, expected xa", got)
	}
	_, err = substringSimilar([]driver.Value{text + "abc", `%#"x_#"%`, "#"})
	var perr *providers.Error
	if !errors.As(err, &perr) || perr.Code != "0A000" {
		t.Errorf("text over the bound: error %v, expected 0A000", err)
	}
}
