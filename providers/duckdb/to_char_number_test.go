package duckdb

import (
	"database/sql/driver"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// toCharNumberCases hold PostgreSQL 15.18's results of to_char(value::type,
// template) under lc_numeric and lc_monetary C: "OK:" and the text, or
// "ERR:", the SQLSTATE and the message. PostgreSQL formats smallint
// (int2) as double precision.
var toCharNumberCases = []struct {
	typeName, value, template, want string
}{
	{"int4", "1234", "9999", "OK: 1234"},
	{"int4", "-1234", "9999", "OK:-1234"},
	{"int4", "0", "9999", "OK:    0"},
	{"int4", "1234", "99", "OK: ##"},
	{"int4", "-1234", "99", "OK:-##"},
	{"int4", "12", "0000", "OK: 0012"},
	{"int4", "-12", "0000", "OK:-0012"},
	{"int4", "0", "FM9", "OK:0"},
	{"int4", "123", "FM999", "OK:123"},
	{"int4", "-123", "FM999", "OK:-123"},
	{"int4", "1234", "9,999", "OK: 1,234"},
	{"int4", "123", "9,999", "OK:   123"},
	{"int4", "123", "FM9,999.99", "OK:123."},
	{"int4", "1234", "9G999D99", "OK: 1,234.00"},
	{"int4", "1234", "L9G999D99", "OK:  1,234.00"},
	{"int4", "123", "S999", "OK:+123"},
	{"int4", "-123", "S999", "OK:-123"},
	{"int4", "123", "999S", "OK:123+"},
	{"int4", "-123", "999S", "OK:123-"},
	{"int4", "-123", "FMS999", "OK:-123"},
	{"int4", "123", "FMS999", "OK:+123"},
	{"int4", "-123", "999MI", "OK:123-"},
	{"int4", "123", "999MI", "OK:123 "},
	{"int4", "-123", "MI999", "OK:-123"},
	{"int4", "123", "999PL", "OK: 123+"},
	{"int4", "-123", "PL999", "OK: -123"},
	{"int4", "123", "SG999", "OK:+123"},
	{"int4", "-123", "999SG", "OK:123-"},
	{"int4", "-123", "999PR", "OK:<123>"},
	{"int4", "123", "999PR", "OK: 123 "},
	{"int4", "-123", "FM999PR", "OK:<123>"},
	{"int4", "123", "FM999PR", "OK:123"},
	{"int4", "3999", "RN", "OK:      MMMCMXCIX"},
	{"int4", "1234", "rn", "OK:       mccxxxiv"},
	{"int4", "12", "FMRN", "OK:XII"},
	{"int4", "4000", "RN", "OK:###############"},
	{"int4", "0", "RN", "OK:###############"},
	{"int4", "-1", "FMRN", "OK:###############"},
	{"int4", "3", "RNMI", "OK:            III "},
	{"int4", "1", "999th", "OK:   1st"},
	{"int4", "12", "999TH", "OK:  12TH"},
	{"int4", "3", "FM999th", "OK:3rd"},
	{"int4", "21", "FM999TH", "OK:21ST"},
	{"int4", "-1", "999th", "OK:  -1"},
	{"int4", "1234", "999th", "OK: ###"},
	{"int4", "12", "99V9", "OK: 120"},
	{"int4", "12", "99V99", "OK: 1200"},
	{"int4", "123456789", "9.99EEEE", "OK: 1.23e+08"},
	{"int4", "-1234", "9.9EEEE", "OK:-1.2e+03"},
	{"int4", "0", "9.9EEEE", "OK: 0.0e+00"},
	{"int4", "123", "\"val:\"999", "OK:val: 123"},
	{"int4", "123", "9a9b9", "OK: 1a23"},
	{"int4", "12", "B999", "OK:  12"},
	{"int4", "123", ".99", "OK: .##"},
	{"int4", "0", "FM9.99", "OK:0."},
	{"int4", "12", "9.9.9", "ERR:42601:multiple decimal points"},
	{"int4", "12", "99PR9", "ERR:42601:\"9\" must be ahead of \"PR\""},
	{"int4", "12", "9EEEE9", "ERR:42601:\"EEEE\" must be the last pattern used"},
	{"int4", "12", "FM9.9EEEE", "ERR:42601:\"EEEE\" is incompatible with other formats"},
	{"int4", "12", "S9MI", "ERR:42601:cannot use \"S\" and \"MI\" together"},
	{"int4", "12", "9V9.9", "ERR:42601:cannot use \"V\" and decimal point together"},
	{"int4", "12", "S9S", "ERR:42601:cannot use \"S\" twice"},
	{"int4", "12", "EEEEEEEE", "ERR:42601:cannot use \"EEEE\" twice"},
	{"int4", "12", "0PR0", "ERR:42601:\"0\" must be ahead of \"PR\""},
	{"int8", "9223372036854775807", "9.99EEEE", "OK: 9.22e+18"},
	{"int8", "4999999999", "RN", "ERR:22003:integer out of range"},
	{"int8", "1234", "9V9999999999999999999", "ERR:22003:bigint out of range"},
	{"int8", "3999", "RN", "OK:      MMMCMXCIX"},
	{"int8", "1234", "99V99", "OK: ####"},
	{"numeric", "0.5", "9", "OK: 1"},
	{"numeric", "-0.5", "9", "OK:-1"},
	{"numeric", "2.5", "9", "OK: 3"},
	{"numeric", "-2.5", "9", "OK:-3"},
	{"numeric", "0.05", "9.9", "OK:  .1"},
	{"numeric", "-0.001", "9.99", "OK:  .00"},
	{"numeric", "12.345", "99.99", "OK: 12.35"},
	{"numeric", "99.995", "99.99", "OK: ##.##"},
	{"numeric", "9.999", "9.99EEEE", "OK: 10.00e+00"},
	{"numeric", "-9.999", "9.99EEEE", "OK:-10.00e+00"},
	{"numeric", "0.000123", "9.99EEEE", "OK: 1.23e-04"},
	{"numeric", "123456789012345678901234567890.123456789", "9999999999999999999999999999999999999999.9999", "OK:           123456789012345678901234567890.1235"},
	{"numeric", "-99999999999999999999999999999999999999", "FM9999999999999999999999999999999999999999.9999", "OK:-99999999999999999999999999999999999999."},
	{"numeric", "123456789012345678901234567890.123456789", "99999999999999999999.99", "OK: ####################.##"},
	{"numeric", "123456789012345678901234567890.123456789", "9.99999999EEEE", "OK: 1.23456789e+29"},
	{"numeric", "1234.5", "FM9,999.99", "OK:1,234.5"},
	{"numeric", "0.1", "FM9990.99", "OK:0.1"},
	{"numeric", "1.5", "FM9.0099", "OK:1.50"},
	{"numeric", "0.5", ".99", "OK: .##"},
	{"numeric", "0.5", "FM9.", "OK:1"},
	{"numeric", "1", "FM99.", "OK:1"},
	{"numeric", "0", "9.99", "OK:  .00"},
	{"numeric", "0", "0.00", "OK: 0.00"},
	{"numeric", "3999.5", "RN", "OK:###############"},
	{"numeric", "3999.4", "RN", "OK:      MMMCMXCIX"},
	{"numeric", "4000000000", "RN", "ERR:22003:integer out of range"},
	{"numeric", "1.5", "99V9", "OK:  15"},
	{"numeric", "1.5", "999th", "OK:   2nd"},
	{"float8", "1e20", "99999999999999999999.99", "OK: ####################."},
	{"float8", "2.5", "9", "OK: 2"},
	{"float8", "0.125", "9.99", "OK:  .12"},
	{"float8", "-0", "9.99", "OK: -.00"},
	{"float8", "-0.001", "9.99", "OK: -.00"},
	{"float8", "NaN", "999", "OK: NaN"},
	{"float8", "NaN", "9.99EEEE", "OK: #.######"},
	{"float8", "Infinity", "9", "OK: #"},
	{"float8", "-Infinity", "9.99EEEE", "OK: #.######"},
	{"float8", "1e300", "9.99EEEE", "OK: 1.00e+300"},
	{"float8", "3999.5", "RN", "OK:###############"},
	{"float8", "1e20", "RN", "OK:###############"},
	{"float8", "NaN", "RN", "OK:###############"},
	{"float8", "12.345", "99V99", "OK: 1234"},
	{"float8", "1234.5", "9.99EEEE", "OK: 1.23e+03"},
	{"float4", "2.5", "9", "OK: 2"},
	{"float4", "NaN", "9999", "OK:  NaN"},
	{"float4", "1e38", "9.99EEEE", "OK: 1.00e+38"},
	{"float4", "12.345", "99V99", "OK: 1234"},
	{"float4", "3999.5", "RN", "OK:###############"},
	{"int2", "5", "RN", "OK:              V"},
	{"int2", "1", "9V9999999999999999999", "OK: 10000000000000000000"},
	{"int2", "12", "999th", "OK:  12th"},
	{"int4", "12", "99V99999999999", "OK:             0"},
	{"int8", "9223372036854775807", "9999999999999999999", "OK: 9223372036854775807"},
	{"int8", "-9223372036854775808", "FM9999999999999999999", "OK:-9223372036854775808"},
	{"numeric", "-12.345", "FM99.99", "OK:-12.35"},
	{"numeric", "1234.5", "FM0999.90", "OK:1234.50"},
	{"float8", "0.1", "9.9999999999999999999", "OK:  .10000000000000"},
	{"float8", "123456789.123456789", "999999999.999999999", "OK: 123456789.123457"},
	{"float8", "1e15", "9999999999999999", "OK: 1000000000000000"},
	{"float8", "Infinity", "99999999", "OK: Infinity"},
	{"float8", "-Infinity", "999999999", "OK: -Infinity"},
	{"float4", "123456.7", "999999.99", "OK: 123457"},
	{"float4", "0.1", "9.99999999", "OK:  .10000"},
	{"float4", "1234567", "9999999.9", "OK: 1234567"},
	{"float4", "-Infinity", "FM999999999", "OK:-Infinity"},
	{"int2", "-123", "9999.99", "OK: -123.00"},
	{"int2", "1", "9.9999999999999999999", "OK: 1.00000000000000"},
	{"int4", "1234", "fm9g999d99s", "OK:1,234.+"},
	{"int4", "-5", "9pr", "OK:<5>"},
	{"int4", "5", "9d9", "OK: 5.0"},
	{"int4", "5", "l9", "OK:  5"},
	{"int4", "5", "9v9", "OK: 50"},
	{"int4", "5", "9.9eeee", "OK: 5.0e+00"},
	{"int4", "5", "9sg", "OK:5+"},
	{"int4", "5", "9pl", "OK: 5+"},
	{"int4", "-5", "9mi", "OK:5-"},
}

// toCharNumberArgument returns value as the DuckDB provider receives a
// value of the DuckDB type that pgway maps typeName to.
func toCharNumberArgument(t *testing.T, typeName, value string) any {
	t.Helper()
	switch typeName {
	case "int2":
		n, err := strconv.ParseInt(value, 10, 16)
		if err != nil {
			t.Fatal(err)
		}
		return int16(n)
	case "int4":
		n, err := strconv.ParseInt(value, 10, 32)
		if err != nil {
			t.Fatal(err)
		}
		return int32(n)
	case "int8":
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	case "float4", "float8":
		bits := 64
		if typeName == "float4" {
			bits = 32
		}
		f, err := strconv.ParseFloat(value, bits)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			t.Fatal(err)
		}
		if strings.HasPrefix(value, "-") {
			f = math.Copysign(f, -1) // keeps -0
		}
		if bits == 32 {
			return float32(f)
		}
		return f
	case "numeric":
		x, err := parseNumeric(strings.TrimPrefix(value, "-"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(value, "-") {
			x.unscaled.Neg(x.unscaled)
		}
		return duckdb.Decimal{Width: 38, Scale: uint8(x.scale), Value: x.unscaled}
	}
	t.Fatalf("unknown type %s", typeName)
	return nil
}

// toCharNumberResult formats value with pgway_to_char's overload for
// numbers under the C locale, as "OK:" and the text or "ERR:", the
// SQLSTATE and the message.
func toCharNumberResult(value any, template string) string {
	result, err := anyToChar([]driver.Value{value, template, "UTC", "C", "C", "C"})
	var pgErr *providers.Error
	switch {
	case errors.As(err, &pgErr):
		return "ERR:" + pgErr.Code + ":" + pgErr.Message
	case err != nil:
		return "ERR:" + err.Error()
	case result == nil:
		return "NULL"
	}
	return "OK:" + result.(string)
}

func TestToCharNumberTemplates(t *testing.T) {
	for _, c := range toCharNumberCases {
		value := toCharNumberArgument(t, c.typeName, c.value)
		if got := toCharNumberResult(value, c.template); got != c.want {
			t.Errorf("to_char(%s::%s, %q) = %q, expected %q", c.value, c.typeName, c.template, got, c.want)
		}
	}
}

func TestToCharNumberEmptyTemplate(t *testing.T) {
	// PostgreSQL returns empty text, not NULL, for an empty template.
	if got := toCharNumberResult(int32(5), ""); got != "OK:" {
		t.Errorf("to_char(5, '') = %q, expected empty text", got)
	}
}

func TestToCharNumberHugeintAndQuotient(t *testing.T) {
	huge, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
	if got, want := toCharNumberResult(huge, "FM9.999EEEE"), "ERR:42601:\"EEEE\" is incompatible with other formats"; got != want {
		t.Errorf("to_char(hugeint, FM9.999EEEE) = %q, expected %q", got, want)
	}
	if got, want := toCharNumberResult(huge, "9.999EEEE"), "OK:-1.235e+29"; got != want {
		t.Errorf("to_char(hugeint, 9.999EEEE) = %q, expected %q", got, want)
	}
	quotient := map[string]any{numericKeyField: []byte{}, numericTextField: "3.1428571428571429"}
	if got, want := toCharNumberResult(quotient, "9.99999"), "OK: 3.14286"; got != want {
		t.Errorf("to_char(22.0 / 7, 9.99999) = %q, expected %q", got, want)
	}
}

func TestToCharNumberLocale(t *testing.T) {
	run := func(template, lcNumeric, lcMonetary string) (any, error) {
		return anyToChar([]driver.Value{int32(-1234), template, "UTC", "C", lcNumeric, lcMonetary})
	}
	for _, locale := range []string{"C", "POSIX", "C.UTF-8"} {
		got, err := run("L9G999D99S", locale, locale)
		if err != nil || got != " 1,234.00-" {
			t.Errorf("to_char(-1234, L9G999D99S) under %s = %v, %v; expected \" 1,234.00-\"", locale, got, err)
		}
	}
	for _, template := range []string{"9D9", "9G999", "L9999", "S9999"} {
		_, err := run(template, "de_DE.UTF-8", "de_DE.UTF-8")
		var pgErr *providers.Error
		if !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
			t.Errorf("to_char(-1234, %q) under de_DE.UTF-8: %v, expected error 0A000", template, err)
		}
	}
	// Templates without D, G, L and S do not depend on the locale.
	if got, err := run("9,999.99MI", "de_DE.UTF-8", "de_DE.UTF-8"); err != nil || got != "1,234.00-" {
		t.Errorf("to_char(-1234, 9,999.99MI) under de_DE.UTF-8 = %v, %v", got, err)
	}
}

func TestToCharRejectsOtherTypes(t *testing.T) {
	for _, value := range []any{"5", true, []byte("5"), uint64(5)} {
		_, err := anyToChar([]driver.Value{value, "999", "UTC", "C", "C", "C"})
		var pgErr *providers.Error
		if !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
			t.Errorf("to_char(%T, '999'): %v, expected error 0A000", value, err)
		}
	}
}
