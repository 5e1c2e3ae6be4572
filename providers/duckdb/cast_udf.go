package duckdb

import (
	"database/sql/driver"
	"fmt"
	"maps"
	"math"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/translate"
)

// PostgreSQL 15's float output and integer input, for the casts whose
// DuckDB counterparts write other text or accept other input.
// All of them return NULL for a NULL argument, as udfSpec does by default.

// castFunctions returns the functions of this file by name, for
// registerBuiltinFunctions.
func castFunctions() map[string][]duckdb.ScalarFunc {
	double, float := typeInfo(duckdb.TYPE_DOUBLE), typeInfo(duckdb.TYPE_FLOAT)
	integer := typeInfo(duckdb.TYPE_INTEGER)
	functions := map[string][]duckdb.ScalarFunc{
		"pgway_float8_text": {udfSpec{params: []duckdb.TypeInfo{double, integer}, result: varcharInfo, run: floatText[float64](64)}},
		"pgway_float4_text": {udfSpec{params: []duckdb.TypeInfo{float, integer}, result: varcharInfo, run: floatText[float32](32)}},

		"pgway_text_int2": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: typeInfo(duckdb.TYPE_SMALLINT), run: textToInt2}},
		"pgway_text_int4": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: integer, run: textToInt4}},
		"pgway_text_int8": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: typeInfo(duckdb.TYPE_BIGINT), run: textToInt8}},
		"pgway_text_bool": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: typeInfo(duckdb.TYPE_BOOLEAN), run: textToBool}},

		"pgway_text_array": {udfSpec{params: []duckdb.TypeInfo{varcharInfo},
			result: mustTypeInfo(duckdb.NewListInfo(varcharInfo)), run: textArray}},
	}
	maps.Copy(functions, textArrayFunctions())
	return functions
}

// floatValue is a Go type of DuckDB's FLOAT or DOUBLE.
type floatValue interface{ float32 | float64 }

// floatText returns float8out (bits 64) or float4out (bits 32) with the
// session's extra_float_digits as second argument.
func floatText[F floatValue](bits int) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		extraDigits := args[1].(int32)
		// PostgreSQL's SET rejects other values, so a session never has them.
		if extraDigits < -15 || extraDigits > 3 {
			return nil, &providers.Error{Code: "22023", Message: fmt.Sprintf(
				`%d is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`, extraDigits)}
		}
		return providers.FormatFloat(float64(args[0].(F)), bits, int(extraDigits)), nil
	}
}

func textToInt2(args []driver.Value) (any, error) {
	n, err := parseInteger(args[0].(string), math.MinInt16, math.MaxInt16, "smallint")
	return int16(n), err
}

func textToInt4(args []driver.Value) (any, error) {
	n, err := parseInteger(args[0].(string), math.MinInt32, math.MaxInt32, "integer")
	return int32(n), err
}

func textToInt8(args []driver.Value) (any, error) {
	return parseInteger(args[0].(string), math.MinInt64, math.MaxInt64, "bigint")
}

// textToBool reads text as PostgreSQL 15's boolin does.
func textToBool(args []driver.Value) (any, error) {
	text := args[0].(string)
	value, ok := translate.ParseBooleanInput(text)
	if !ok {
		// boolin quotes the text as it is, without escapes.
		return nil, &providers.Error{Code: "22P02", Message: `invalid input syntax for type boolean: "` + text + `"`}
	}
	return value, nil
}

// parseInteger reads text as PostgreSQL 15's pg_strtoint16, 32 and 64 do,
// for an integer type whose range is minValue to maxValue. It checks in
// their order, which decides the error. An overflow among the digits is
// out of range even when other characters follow, as in
// '99999999999x'::integer. Digits that fit only once negated, followed
// by other characters, as in '2147483648x'::integer, are invalid syntax.
func parseInteger(text string, minValue, maxValue int64, typeName string) (int64, error) {
	i := skipSpaces(text, 0)
	negative := false
	if i < len(text) && (text[i] == '-' || text[i] == '+') {
		negative = text[i] == '-'
		i++
	}
	if i == len(text) || !isDigit(text[i]) {
		return 0, invalidInteger(text, typeName)
	}
	// Accumulate the negated value, as PostgreSQL does, because the
	// smallest value of each type has no positive counterpart.
	var n int64
	for ; i < len(text) && isDigit(text[i]); i++ {
		digit := int64(text[i] - '0')
		if n < (minValue+digit)/10 {
			return 0, integerOutOfRange(text, typeName)
		}
		n = n*10 - digit
	}
	if i = skipSpaces(text, i); i < len(text) {
		return 0, invalidInteger(text, typeName)
	}
	if negative {
		return n, nil
	}
	if n < -maxValue {
		return 0, integerOutOfRange(text, typeName)
	}
	return -n, nil
}

// skipSpaces returns the index of the first byte from i on that C's
// isspace does not count as white space.
func skipSpaces(text string, i int) int {
	for i < len(text) {
		switch text[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// isDigit reports whether b is an ASCII digit: PostgreSQL's integer input
// rejects other scripts' digits.
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// The errors of integer input quote the text as given, untrimmed and
// unescaped, as PostgreSQL's "%s" does.

func invalidInteger(text, typeName string) error {
	return &providers.Error{Code: "22P02",
		Message: fmt.Sprintf(`invalid input syntax for type %s: "%s"`, typeName, text)}
}

func integerOutOfRange(text, typeName string) error {
	return &providers.Error{Code: "22003",
		Message: fmt.Sprintf(`value "%s" is out of range for type %s`, text, typeName)}
}

// textArray is pgway_text_array(text): the elements of a one-dimensional
// array in PostgreSQL's text form, such as {a,"b c",NULL}, as a list of
// strings that the dialect casts to the element type. The engine binds
// array parameters in that form, which DuckDB's own cast does not read.
var textArray = arrayOf(func(element string) (any, error) { return element, nil })

// arrayTypes holds the pgtype.Maps that read array text. A Map caches
// scan plans, so each DuckDB thread needs its own.
var arrayTypes = sync.Pool{New: func() any { return pgtype.NewMap() }}
