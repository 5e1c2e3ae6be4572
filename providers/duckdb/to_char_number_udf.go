package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math/big"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// anyToChar is the overload of pgway_to_char for a value of any type
// that is no date, timestamp or interval. It formats each number type as
// PostgreSQL's to_char of the type that pgway maps to it. SMALLINT
// formats as double precision, INTEGER as integer and BIGINT as bigint.
// HUGEINT, DECIMAL and a numeric quotient format as numeric, FLOAT as real
// and DOUBLE as double precision. The
// arguments after the template are TimeZone, lc_time, lc_numeric and
// lc_monetary.
func anyToChar(args []driver.Value) (any, error) {
	template := args[1].(string)
	format, ok := numberFormatter(args[0])
	if !ok {
		return unsupportedToChar(args)
	}
	if template == "" {
		// PostgreSQL returns empty text here, where to_char of a date
		// returns NULL.
		return "", nil
	}
	t, err := parseNumberTemplate(template)
	if err != nil {
		return nil, err
	}
	locale, err := templateLocale(t, "to_char", "writes", args[4].(string), args[5].(string))
	if err != nil {
		return nil, err
	}
	d, err := format(t)
	if err != nil {
		return nil, err
	}
	return printNumber(*t, d, locale)
}

// numberFormatter returns the function that prepares value for a
// template, or false when value is no number.
func numberFormatter(value any) (func(*numberTemplate) (numberDigits, error), bool) {
	exact := func(x exactNumeric) func(*numberTemplate) (numberDigits, error) {
		return func(t *numberTemplate) (numberDigits, error) { return numericDigits(t, x) }
	}
	switch v := value.(type) {
	case int16:
		// PostgreSQL has no to_char(smallint) and picks to_char(double
		// precision), the preferred type among the candidates.
		return func(t *numberTemplate) (numberDigits, error) { return floatDigits(t, float64(v), false), nil }, true
	case int32:
		return func(t *numberTemplate) (numberDigits, error) { return integerDigits(t, v), nil }, true
	case int64:
		return func(t *numberTemplate) (numberDigits, error) { return bigintDigits(t, v) }, true
	case float32:
		return func(t *numberTemplate) (numberDigits, error) { return floatDigits(t, float64(v), true), nil }, true
	case float64:
		return func(t *numberTemplate) (numberDigits, error) { return floatDigits(t, v, false), nil }, true
	case *big.Int:
		return exact(exactNumeric{v, 0}), true
	case duckdb.Decimal:
		return exact(exactNumeric{v.Value, int(v.Scale)}), true
	case map[string]any:
		// The _result form of a numeric quotient.
		if _, ok := v[numericTextField]; !ok {
			return nil, false
		}
		x, err := toNumeric(v, "")
		if err != nil {
			return func(*numberTemplate) (numberDigits, error) { return numberDigits{}, err }, true
		}
		return exact(x), true
	}
	return nil, false
}

// templateLocale returns the symbols of D, G, L and S for function,
// to_char or to_number, which verb, writes or reads, describes in the
// hint. pgway has those of the C locale only, and fails with 0A000 where
// a template uses them under another lc_numeric or lc_monetary.
func templateLocale(t *numberTemplate, function, verb, lcNumeric, lcMonetary string) (numberLocale, error) {
	if !t.needsLocale {
		return cLocale, nil
	}
	for _, setting := range []struct{ name, value string }{{"lc_numeric", lcNumeric}, {"lc_monetary", lcMonetary}} {
		if !cLocaleName(setting.value) {
			return numberLocale{}, &providers.Error{Code: "0A000",
				Message: fmt.Sprintf("%s() with D, G, L or S under %s %q is not supported on DuckDB", function, setting.name, setting.value),
				Hint:    "pgway " + verb + " the symbols of the C locale only. Use . and , in the template or set " + setting.name + " to C."}
		}
	}
	return cLocale, nil
}

// cLocaleName reports whether a locale name is C or POSIX, with or
// without an encoding such as C.UTF-8, whose symbols are those of C.
func cLocaleName(name string) bool {
	language, _, _ := strings.Cut(name, ".")
	return language == "C" || language == "POSIX"
}
