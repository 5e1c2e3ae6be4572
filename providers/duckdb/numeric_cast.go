package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// The DuckDB dialect writes a cast to numeric without a precision, of an
// expression whose type the statement does not show, as
// pgway_to_numeric(x, typeof(x)). PostgreSQL's numeric keeps the scale of
// the value it is given, which no DECIMAL type of DuckDB does for every
// value, so the cast is a quotient function with a nested and a _result
// form, like pgway_div. It converts as PostgreSQL's casts to numeric do.
// A DECIMAL keeps its own scale and an integer has scale 0. A double takes
// the scale of its text with 15 significant digits, a real with 6
// (float8_numeric and float4_numeric). Text is read as numeric_in reads it.

// numericCastOverloads returns the overloads of pgway_to_numeric or
// pgway_to_numeric_result.
func numericCastOverloads(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(t duckdb.TypeInfo, run func(v any, typeName string) (exactNumeric, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t, varcharInfo}, result: result,
			run: func(args []driver.Value) (any, error) {
				n, err := run(args[0], args[1].(string))
				if err != nil {
					return nil, err
				}
				return out(n)
			}})
	}
	for _, t := range []duckdb.TypeInfo{decimalInfo, numericStructInfo, typeInfo(duckdb.TYPE_SMALLINT),
		typeInfo(duckdb.TYPE_INTEGER), typeInfo(duckdb.TYPE_BIGINT), typeInfo(duckdb.TYPE_HUGEINT)} {
		add(t, toNumeric)
	}
	add(typeInfo(duckdb.TYPE_DOUBLE), func(v any, _ string) (exactNumeric, error) {
		return floatNumeric(v.(float64), 15)
	})
	add(typeInfo(duckdb.TYPE_FLOAT), func(v any, _ string) (exactNumeric, error) {
		return floatNumeric(float64(v.(float32)), 6)
	})
	add(varcharInfo, func(v any, _ string) (exactNumeric, error) {
		text := v.(string)
		// PostgreSQL's numeric input takes no sign before NaN.
		switch strings.ToLower(strings.TrimSpace(text)) {
		case "nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf":
			return exactNumeric{}, unsupportedNumeric(strings.TrimSpace(text))
		}
		return parseNumericInput(text)
	})
	return fs
}

// floatNumeric converts a float to numeric as PostgreSQL's float8_numeric
// and float4_numeric do: through its text with digits significant digits
// (%.*g), which sets the scale.
func floatNumeric(f float64, digits int) (exactNumeric, error) {
	switch {
	case math.IsNaN(f):
		return exactNumeric{}, unsupportedNumeric("NaN")
	case math.IsInf(f, 1):
		return exactNumeric{}, unsupportedNumeric("Infinity")
	case math.IsInf(f, -1):
		return exactNumeric{}, unsupportedNumeric("-Infinity")
	}
	return parseNumericInput(strconv.FormatFloat(f, 'g', digits, 64))
}

// unsupportedNumeric is the error for a numeric value that DuckDB's
// DECIMAL cannot contain.
func unsupportedNumeric(text string) error {
	return &providers.Error{Code: "0A000", Message: fmt.Sprintf("numeric %s is not supported on DuckDB", strconv.Quote(text))}
}
