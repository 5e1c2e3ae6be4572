package duckdb

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"pgway/providers"
)

// Each function here prepares a value of one PostgreSQL type for a number
// template, as that type's to_char does in PostgreSQL 15. They may change
// t's digit counts: V adds its digits to the integer digits, and floats
// keep at most 15 (double precision) or 6 (real) significant digits.

var (
	errIntegerRange = &providers.Error{Code: "22003", Message: "integer out of range"}
	errBigintRange  = &providers.Error{Code: "22003", Message: "bigint out of range"}
)

// integerDigits prepares an integer or smallint.
func integerDigits(t *numberTemplate, value int32) numberDigits {
	switch {
	case t.has(numberRoman):
		return numberDigits{text: romanNumeral(int64(value))}
	case t.has(numberExponent):
		return floatExponent(float64(value), t.post)
	}
	if t.has(numberMultiply) {
		// PostgreSQL multiplies in 32 bits, wrapping around, and by the
		// smallest integer where 10^multiply does not fit in 32 bits.
		factor := int32(math.MinInt32)
		if t.multiply < 10 {
			factor = int32(pow10(t.multiply).Int64())
		}
		value *= factor
		t.pre += t.multiply
	}
	return placeInteger(t, strconv.FormatInt(int64(value), 10))
}

// bigintDigits prepares a bigint.
func bigintDigits(t *numberTemplate, value int64) (numberDigits, error) {
	switch {
	case t.has(numberRoman):
		if value < math.MinInt32 || value > math.MaxInt32 {
			return numberDigits{}, errIntegerRange
		}
		return numberDigits{text: romanNumeral(value)}, nil
	case t.has(numberExponent):
		return numericExponent(exactNumeric{big.NewInt(value), 0}, t.post), nil
	}
	if t.has(numberMultiply) {
		// 10^19 and more do not fit in a bigint.
		if t.multiply > 18 {
			return numberDigits{}, errBigintRange
		}
		product := new(big.Int).Mul(big.NewInt(value), pow10(t.multiply))
		if !product.IsInt64() {
			return numberDigits{}, errBigintRange
		}
		value = product.Int64()
		t.pre += t.multiply
	}
	return placeInteger(t, strconv.FormatInt(value, 10)), nil
}

// placeInteger prepares the decimal text of an integer: zeros fill the
// fractional digits.
func placeInteger(t *numberTemplate, text string) numberDigits {
	d := numberDigits{sign: '+'}
	if rest, ok := strings.CutPrefix(text, "-"); ok {
		d.sign, text = '-', rest
	}
	integerLength := len(text)
	if t.post > 0 {
		text += "." + strings.Repeat("0", t.post)
	}
	d.text = text
	return padDigits(t, d, integerLength)
}

// padDigits sets the blanks before digits with integerLength integer
// digits, or replaces the digits with '#' where they do not fit.
func padDigits(t *numberTemplate, d numberDigits, integerLength int) numberDigits {
	switch {
	case integerLength < t.pre:
		d.preSpaces = t.pre - integerLength
	case integerLength > t.pre:
		overflow := []byte(strings.Repeat("#", t.pre+t.post+1))
		overflow[t.pre] = '.'
		d.text = string(overflow)
	}
	return d
}

// numericDigits prepares a numeric from its exact value.
func numericDigits(t *numberTemplate, x exactNumeric) (numberDigits, error) {
	switch {
	case t.has(numberRoman):
		rounded := roundNumeric(x, 0, false).unscaled
		if !rounded.IsInt64() || rounded.Int64() < math.MinInt32 || rounded.Int64() > math.MaxInt32 {
			return numberDigits{}, errIntegerRange
		}
		return numberDigits{text: romanNumeral(rounded.Int64())}, nil
	case t.has(numberExponent):
		return numericExponent(x, t.post), nil
	}
	if t.has(numberMultiply) {
		x = exactNumeric{new(big.Int).Mul(x.unscaled, pow10(t.multiply)), x.scale}
		t.pre += t.multiply
	}
	text := roundNumeric(x, t.post, false).String()
	d := numberDigits{sign: '+'}
	if rest, ok := strings.CutPrefix(text, "-"); ok {
		d.sign, text = '-', rest
	}
	d.text = text
	integerLength, _, _ := strings.Cut(text, ".")
	return padDigits(t, d, len(integerLength)), nil
}

// numericExponent writes x with one integer digit and scale fractional
// digits, rounded half away from zero, and an exponent of at least two
// digits, as PostgreSQL's numeric_out_sci does. A blank stands for the
// sign of a positive value. Rounding up may give a significand of 10, as
// in 10.0e+00 for 9.99 with one fractional digit.
func numericExponent(x exactNumeric, scale int) numberDigits {
	exponent := 0
	if x.unscaled.Sign() != 0 {
		exponent = decimalDigits(new(big.Int).Abs(x.unscaled)) - 1 - x.scale
	}
	// significand = x / 10^exponent, with scale fractional digits.
	num := new(big.Int).Set(x.unscaled)
	den := big.NewInt(1)
	shift := scale - x.scale - exponent
	if shift >= 0 {
		num.Mul(num, pow10(shift))
	} else {
		den = pow10(-shift)
	}
	significand := exactNumeric{roundQuotient(num, den), scale}.String()
	sign := "-"
	if !strings.HasPrefix(significand, "-") {
		sign = " "
	}
	text := sign + strings.TrimPrefix(significand, "-") + "e" + exponentText(exponent)
	return numberDigits{text: text}
}

// exponentText writes an exponent as C's %+03d does.
func exponentText(exponent int) string {
	sign := "+"
	if exponent < 0 {
		sign, exponent = "-", -exponent
	}
	digits := strconv.Itoa(exponent)
	if len(digits) < 2 {
		digits = "0" + digits
	}
	return sign + digits
}

// floatDigits prepares a real (single) or a double precision value.
func floatDigits(t *numberTemplate, value float64, single bool) numberDigits {
	switch {
	case t.has(numberRoman):
		// C converts NaN and values beyond 32 bits to the smallest
		// integer, which has no numeral.
		rounded := math.RoundToEven(value)
		if math.IsNaN(rounded) || rounded < math.MinInt32 || rounded > math.MaxInt32 {
			rounded = math.MinInt32
		}
		return numberDigits{text: romanNumeral(int64(rounded))}
	case t.has(numberExponent):
		if math.IsNaN(value) || math.IsInf(value, 0) {
			// Room for the sign, the point, "e", the exponent's sign and
			// two exponent digits.
			text := []byte(strings.Repeat("#", t.pre+t.post+6))
			text[0], text[t.pre+1] = ' ', '.'
			return numberDigits{text: string(text)}
		}
		return floatExponent(value, t.post)
	}

	maxDigits := 15
	if single {
		maxDigits = 6
	}

	if t.has(numberMultiply) {
		if single {
			value = float64(float32(value) * float32(math.Pow(10, float64(t.multiply))))
		} else {
			value *= math.Pow(10, float64(t.multiply))
		}
		t.pre += t.multiply
	}

	// PostgreSQL counts the integer digits first and keeps as many
	// fractional digits as the significant digits leave.
	integerLength := len(formatFixed(math.Abs(value), 0))
	switch {
	case integerLength >= maxDigits:
		t.post = 0
	case integerLength+t.post > maxDigits:
		t.post = maxDigits - integerLength
	}

	text := formatFixed(value, t.post)
	d := numberDigits{sign: '+'}
	if rest, ok := strings.CutPrefix(text, "-"); ok {
		d.sign, text = '-', rest
	}
	d.text = text
	integerPart, _, _ := strings.Cut(text, ".")
	return padDigits(t, d, len(integerPart))
}

// formatFixed writes f as PostgreSQL's snprintf("%.*f") does, which
// writes NaN, Infinity and -Infinity for the values that have no digits.
func formatFixed(f float64, digits int) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	// Both Go and glibc round the exact binary value, ties to even.
	return strconv.FormatFloat(f, 'f', digits, 64)
}

// floatExponent writes f as C's printf("%+.*e") does, with a blank in
// place of the plus sign.
func floatExponent(f float64, digits int) numberDigits {
	text := strconv.FormatFloat(f, 'e', digits, 64)
	if !strings.HasPrefix(text, "-") {
		text = " " + text
	}
	return numberDigits{text: text}
}

// romanNumeral writes 1 to 3999 in Roman numerals and other values as 15
// '#'.
func romanNumeral(n int64) string {
	if n < 1 || n > 3999 {
		return strings.Repeat("#", 15)
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("M", int(n/1000)))
	for _, place := range []struct {
		unit int64
		one  string
		five string
		ten  string
	}{{100, "C", "D", "M"}, {10, "X", "L", "C"}, {1, "I", "V", "X"}} {
		digit := n / place.unit % 10
		switch {
		case digit == 9:
			b.WriteString(place.one + place.ten)
		case digit >= 5:
			b.WriteString(place.five + strings.Repeat(place.one, int(digit-5)))
		case digit == 4:
			b.WriteString(place.one + place.five)
		default:
			b.WriteString(strings.Repeat(place.one, int(digit)))
		}
	}
	return b.String()
}
