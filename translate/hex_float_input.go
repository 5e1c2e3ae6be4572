package translate

import (
	"regexp"
	"strings"
)

// hexFloat is a hexadecimal floating-point number as C's strtod reads it,
// which PostgreSQL 15's float input uses: 0x10, 0x1.8 or 0x1p-3, with a
// binary exponent that may be left out.
var hexFloat = regexp.MustCompile(`^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?$`)

// HexFloatInput returns float input text in a form that Go's
// strconv.ParseFloat reads, which needs the binary exponent of a
// hexadecimal number, and ok false when text is no hexadecimal number.
// White space around the number is dropped, as PostgreSQL does.
func HexFloatInput(text string) (goText string, ok bool) {
	trimmed := strings.Trim(text, " \t\n\r\f\v")
	if !hexFloat.MatchString(trimmed) {
		return "", false
	}
	if !strings.ContainsAny(trimmed, "pP") {
		trimmed += "p0"
	}
	return trimmed, true
}
