package duckdb

import (
	"database/sql/driver"
	"errors"
	"testing"

	"pgway/providers"
)

// toNumberCases are to_number calls with PostgreSQL 15's results: the
// numeric's text, which shows its scale, or the SQLSTATE and message.
var toNumberCases = []struct {
	input, template, want, code, message string
}{
	{"12.5", "99.99", "12.5", "", ""},
	{"12.50", "99.99", "12.50", "", ""},
	{"12.345", "99.9", "12.3", "", ""},
	{"0012", "9999", "12", "", ""},
	{".5", "9.9", "0.5", "", ""},
	{"5.", "9.9", "5", "", ""},
	{"0", ".9", "0", "", ""},
	{"1,234", "9,999", "1234", "", ""},
	{"1234", "9,999", "1234", "", ""},
	{"1x2", "9,9", "1", "", ""},
	{"1,234.56", "9G999D99", "1234.56", "", ""},
	{"  12", "9999", "12", "", ""},
	{"1 2", "9999", "12", "", ""},
	{"abc12", "99999", "12", "", ""},
	{"-12", "99", "-12", "", ""},
	{"+12", "99", "12", "", ""},
	{"1-2", "999", "12", "", ""},
	{"12-", "99S", "-12", "", ""},
	{"-12", "S99", "-12", "", ""},
	{"x12", "S99", "1", "", ""},
	{"12 -", "99S", "12", "", ""},
	{"1.5-", "9.99S", "-1.5", "", ""},
	{".5-", "9.9S", "-0.5", "", ""},
	{"12-", "99MI", "-12", "", ""},
	{"1x2", "9MI9", "12", "", ""},
	{"x12", "MI99", "12", "", ""},
	{"5.01-", "FM9.999999MI", "-5.01", "", ""},
	{"12+", "99PL", "12", "", ""},
	{"1-2", "9PL9", "-1", "", ""},
	{"+12", "SG99", "12", "", ""},
	{"12-", "99SG", "-12", "", ""},
	{"<12>", "99PR", "-12", "", ""},
	{"(12)", "99PR", "1", "", ""},
	{"$12", "L99", "12", "", ""},
	{"12", "L99", "12", "", ""},
	{"-12", "L99", "-12", "", ""},
	{".12", "L99", "1", "", ""},
	{"1st2", "9TH9", "12", "", ""},
	{"1.5xx", "9.9th", "1.5", "", ""},
	{"123", "9V99", "1.2300000000000000", "", ""},
	{"12", "99V", "12.0000000000000000", "", ""},
	{"-1234", "99999V99999999999999999", "0.0000000000000000", "", ""},
	{"Total: 123", `"Total: "999`, "123", "", ""},
	{"a12", `"ab"99`, "2", "", ""},
	{"x1é2", "9é99", "", "22P02", "invalid input syntax for type numeric: \" \""},
	{"é12", "999", "1", "", ""},
	{"12345", "99", "12", "", ""},
	{"12345", "999.99", "", "22003", "numeric field overflow"},
	{"5", ".9", "", "22003", "numeric field overflow"},
	{"", "99", "", "22P02", "invalid input syntax for type numeric: \" \""},
	{"abc", "99", "", "22P02", "invalid input syntax for type numeric: \" \""},
	{"-", "9", "", "22P02", "invalid input syntax for type numeric: \"-\""},
	{"-.", "9.9", "", "22P02", "invalid input syntax for type numeric: \"-\""},
	{"12", "9EEEE", "", "0A000", "\"EEEE\" not supported for input"},
	{"12", "RN", "", "0A000", "\"RN\" not supported for input"},
	{"1.2.3", "9.9.9", "", "42601", "multiple decimal points"},
	{"12", "PR99", "", "42601", "\"9\" must be ahead of \"PR\""},
	{"12", "9V9.9", "", "42601", "cannot use \"V\" and decimal point together"},
	{"12", `"ab"99`, "", "22P02", "invalid input syntax for type numeric: \" \""},
	{"12345678901234567890.125", "99999999999999999999.999", "12345678901234567890.125", "", ""},
}

func TestToNumberResults(t *testing.T) {
	for _, c := range toNumberCases {
		n, err := toNumber(c.input, c.template, "C", "C")
		if c.code == "" {
			if err != nil {
				t.Errorf("to_number(%q, %q) failed: %v, expected %s", c.input, c.template, err, c.want)
			} else if got := n.String(); got != c.want {
				t.Errorf("to_number(%q, %q) = %s, expected %s", c.input, c.template, got, c.want)
			}
			continue
		}
		var e *providers.Error
		if !errors.As(err, &e) {
			t.Errorf("to_number(%q, %q) returned %v, %v, expected error %s", c.input, c.template, n, err, c.code)
			continue
		}
		if e.Code != c.code {
			t.Errorf("to_number(%q, %q) code = %s, expected %s", c.input, c.template, e.Code, c.code)
		}
		if e.Message != c.message {
			t.Errorf("to_number(%q, %q) message = %q, expected %q", c.input, c.template, e.Message, c.message)
		}
	}
}

func TestToNumberOverflowDetail(t *testing.T) {
	for _, c := range []struct{ input, template, detail string }{
		{"12345", "999.99", "A field with precision 3, scale 0 must round to an absolute value less than 10^3."},
		{"123456.5", "99999.99", "A field with precision 6, scale 1 must round to an absolute value less than 10^5."},
		{"5", ".9", "A field with precision 0, scale 0 must round to an absolute value less than 1."},
		{"12", "9D9", "A field with precision 1, scale 0 must round to an absolute value less than 10^1."},
	} {
		_, err := toNumber(c.input, c.template, "C", "C")
		var e *providers.Error
		if !errors.As(err, &e) {
			t.Errorf("to_number(%q, %q) returned %v, expected error 22003", c.input, c.template, err)
			continue
		}
		if e.Detail != c.detail {
			t.Errorf("to_number(%q, %q) detail = %q, expected %q", c.input, c.template, e.Detail, c.detail)
		}
	}
}

func TestToNumberScale(t *testing.T) {
	for _, c := range []struct {
		input, template string
		scale           int
	}{
		{"12.5", "99.99", 1}, {"12.50", "99.99", 2}, {"12", "99.99", 0}, {"12.", "99.99", 0}, {"123", "9V99", 16},
	} {
		n, err := toNumber(c.input, c.template, "C", "C")
		if err != nil {
			t.Errorf("to_number(%q, %q) failed: %v", c.input, c.template, err)
			continue
		}
		if n.scale != c.scale {
			t.Errorf("to_number(%q, %q) scale = %d, expected %d", c.input, c.template, n.scale, c.scale)
		}
	}
}

func TestToNumberLocale(t *testing.T) {
	for _, setting := range [][2]string{{"de_DE.UTF-8", "C"}, {"C", "fr_FR"}} {
		_, err := toNumber("1,234.5", "9G999D9", setting[0], setting[1])
		var e *providers.Error
		if !errors.As(err, &e) || e.Code != "0A000" {
			t.Errorf("to_number with D and G under lc_numeric %s, lc_monetary %s returned %v, expected 0A000",
				setting[0], setting[1], err)
		}
	}
	for _, locale := range []string{"C", "POSIX", "C.UTF-8", "de_DE.UTF-8"} {
		// Without D, G, L or S, the locale is never read.
		n, err := toNumber("1,234.5", "9,999.9", locale, locale)
		if err != nil || n.String() != "1234.5" {
			t.Errorf("to_number under %s = %v, %v, expected 1234.5", locale, n, err)
		}
	}
	n, err := toNumber("1,234.5-", "9G999D9S", "POSIX", "C.UTF-8")
	if err != nil || n.String() != "-1234.5" {
		t.Errorf("to_number with D, G and S under POSIX = %v, %v, expected -1234.5", n, err)
	}
}

func TestToNumberEmptyTemplateIsNull(t *testing.T) {
	run := toNumberOverloads(resultNumeric, numericStructInfo)[0].(udfSpec).run
	got, err := run([]driver.Value{"12", "", "C", "C"})
	if err != nil || got != nil {
		t.Errorf("to_number('12', '') = %v, %v, expected NULL", got, err)
	}
	got, err = run([]driver.Value{"12.50", "99.99", "C", "C"})
	if err != nil {
		t.Fatalf("to_number('12.50', '99.99') failed: %v", err)
	}
	if text := got.(map[string]any)[numericTextField]; text != "12.50" {
		t.Errorf("to_number('12.50', '99.99') text = %v, expected 12.50", text)
	}
}
