package translate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file rounds fractions of interval input to whole days and
// microseconds as PostgreSQL 15's interval input does, in double
// precision. DuckDB would round more than six fractional digits of
// seconds half up.

// fractionMicros returns frac times scale microseconds, rounded as
// PostgreSQL's AdjustFractMicroseconds does: toward zero, then one
// further from zero where the rest is more than a half. The conversions
// keep each product rounded to float64, as C computes it.
func fractionMicros(frac float64, scale int64) int64 {
	product := float64(frac * float64(scale))
	micros := int64(product)
	rest := float64(product - float64(micros))
	switch {
	case rest > 0.5:
		micros++
	case rest < -0.5:
		micros--
	}
	return micros
}

// fractionOfUnit returns frac of one unit as PostgreSQL spreads it. A
// fraction of a year or more becomes whole months, rounded half to even.
// A fraction of a month or a week becomes whole days and microseconds,
// and a fraction of a day or less becomes microseconds.
func fractionOfUnit(frac float64, unit intervalUnit) intervalValue {
	switch {
	case frac == 0:
		return intervalValue{}
	case unit.months >= 12:
		years := float64(unit.months / 12)
		return intervalValue{months: int64(math.RoundToEven(float64(float64(frac*years) * 12)))}
	case unit.months == 1:
		return fractionOfDays(frac, 30)
	case unit.days == 7:
		return fractionOfDays(frac, 7)
	}
	return intervalValue{micros: fractionMicros(frac, unit.micros+unit.days*24*microsPerHour)}
}

// fractionOfDays returns frac times days as whole days and the rest in
// microseconds, as PostgreSQL's AdjustFractDays does.
func fractionOfDays(frac float64, days int64) intervalValue {
	product := float64(frac * float64(days))
	whole := int64(product)
	return intervalValue{days: whole, micros: fractionMicros(float64(product-float64(whole)), 24*microsPerHour)}
}

// roundFractionalSecond returns the digits after the decimal point of a
// time field's seconds in microseconds, rounded half to even as
// PostgreSQL's ParseFractionalSecond does. The result may be a whole
// second.
func roundFractionalSecond(digits string) int64 {
	frac, err := strconv.ParseFloat("0."+digits, 64)
	if err != nil {
		return 0
	}
	return int64(math.RoundToEven(float64(frac * 1e6)))
}

// IntervalInputFunction is the DuckDB provider's function that reads
// text as PostgreSQL's interval input (IntervalInput).
const IntervalInputFunction = "pgway_interval_in"

// IntervalArrayInputFunction is the DuckDB provider's function that
// reads array text as interval[] input, each element as IntervalInput
// does, into a list of texts.
const IntervalArrayInputFunction = "pgway_interval_array_in"

// textToInterval reads text that is not a constant, cast to interval or
// interval[], with IntervalInputFunction or IntervalArrayInputFunction,
// because DuckDB's cast rejects ISO 8601's form and rounds more than six
// fractional digits of seconds half up. textToArray may have wrapped the
// text of an interval[] in textArrayFunction already, whose place
// IntervalArrayInputFunction then takes.
func textToInterval(tc *pg.TypeCast) {
	if len(tc.TypeName.GetArrayBounds()) == 1 {
		if fc := tc.Arg.GetFuncCall(); fc != nil && lastName(fc.Funcname) == textArrayFunction && len(fc.Args) == 1 {
			tc.Arg = fc.Args[0]
		}
	}
	if staticType(tc.Arg) != typeText && !showsTextConcatenation(tc.Arg) || len(tc.Arg.GetTypeCast().GetTypeName().GetArrayBounds()) > 0 {
		return // a text[] cast to interval[] stays DuckDB's
	}
	switch len(tc.TypeName.GetArrayBounds()) {
	case 0:
		tc.Arg = funcCall(IntervalInputFunction, tc.Location, tc.Arg)
	case 1:
		tc.Arg = funcCall(IntervalArrayInputFunction, tc.Location, tc.Arg)
	}
}

// IntervalArrayInput reads text as PostgreSQL 15 reads interval[]
// input: a one-dimensional array whose elements IntervalInput reads. A
// nil element is NULL. Text that array_in rejects fails with 22P02, and
// arrays of more than one dimension, explicit bounds and unquoted
// elements with backslashes fail with 0A000.
func IntervalArrayInput(text string) ([]any, error) {
	if malformedArrayLiteral(text) {
		return nil, malformedIntervalArray(text)
	}
	elements, ok := parseArrayLiteral(text)
	if !ok {
		trimmed := strings.TrimLeft(text, " \t\n\r\v\f")
		nested := strings.HasPrefix(strings.TrimLeft(trimmed[1:], " \t\n\r\v\f"), "{")
		if !nested && trimmed[0] == '{' && unquotedBraceCount(trimmed) > 2 {
			// An element that is an array beside one that is not.
			return nil, malformedIntervalArray(text)
		}
		return nil, &Error{Code: CodeFeatureNotSupported, Message: fmt.Sprintf(
			"interval[] input %q with more than one dimension, explicit bounds or backslashes is not supported on DuckDB", text)}
	}
	out := make([]any, len(elements))
	for i, element := range elements {
		if element.null {
			continue
		}
		value, err := IntervalInput(element.text)
		if err != nil {
			return nil, err
		}
		out[i] = value
	}
	return out, nil
}

// malformedIntervalArray returns PostgreSQL's error for array text that
// array_in rejects, which quotes the text as it is, without escapes.
func malformedIntervalArray(text string) *Error {
	return &Error{Code: "22P02", Message: `malformed array literal: "` + text + `"`}
}

// unquotedBraceCount counts the braces of array text outside quoted
// elements.
func unquotedBraceCount(text string) int {
	count, quoted := 0, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '{' || c == '}'):
			count++
		}
	}
	return count
}
