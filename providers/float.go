package providers

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FormatFloat writes a float of the given bits, 32 for real and 64 for
// double precision, as PostgreSQL does with extra_float_digits set to
// extraDigits. With extraDigits above 0 that is the shortest text that
// reads back as the same value, with an exponent outside the range
// PostgreSQL writes in plain notation. From 0 down, it is C's %g with 15
// (6 for real) plus extraDigits significant digits.
func FormatFloat(f float64, bits, extraDigits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	digits := 15
	if bits == 32 {
		digits = 6
	}
	if extraDigits <= 0 {
		return strconv.FormatFloat(f, 'g', max(digits+extraDigits, 1), 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, bits)
	mantissa, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	if e < -4 || e >= digits {
		if e < 0 {
			return fmt.Sprintf("%se-%02d", mantissa, -e)
		}
		return fmt.Sprintf("%se+%02d", mantissa, e)
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}
