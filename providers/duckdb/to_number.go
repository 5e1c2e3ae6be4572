package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math/big"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL 15's to_number(text, text), checked against PostgreSQL
// 15.18. The template is parsed as to_char parses it
// (parseNumberTemplate), with the same errors. Then its nodes are walked
// over the input from left to right, and each node reads a few bytes of
// it at most:
//
//   - 9, 0, "." and D read one byte. Each of the four keeps a digit, and
//     the decimal point where the template has "." or D. A blank before
//     it is skipped, and a sign before the first digit is read, "<" too
//     with PR. A sign after a digit is read where the template has S, MI,
//     PL or SG. Any other byte is dropped.
//   - "," and G skip the group separator, L the currency symbol, and MI,
//     PL and SG read their sign. Where the input has none of these, L,
//     MI, PL, SG and TH skip as many characters as they would read,
//     unless a character is a digit, ".", ",", "+" or "-". TH reads
//     nothing in a template with a decimal point.
//   - Literal text skips one character for each of its characters,
//     whatever they are.
//   - S, PR, FM, V, B, C and SP read nothing.
//
// The walk stops at the end of the input. numeric_in then reads the
// digits with a precision of the template's integer digits and V's
// digits plus the fractional digits read, and a scale of those
// fractional digits. So each value has its own scale:
// to_number('12.5', '99.99') is 12.5 and to_number('12.50', '99.99') is
// 12.50. With V followed by n nines, the value is multiplied by
// power(10, -n), which PostgreSQL computes with 16 fractional digits. The
// scale is then 16, and the value 0 for n above 16.

// multiplierScale is the scale of PostgreSQL's power(10, -n), which V
// multiplies by.
const multiplierScale = 16

// toNumberOverloads returns the overloads of pgway_to_number or
// pgway_to_number_result: to_number(input, template, lc_numeric,
// lc_monetary), whose numeric result takes the form out gives.
func toNumberOverloads(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	params := []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, varcharInfo}
	return []duckdb.ScalarFunc{udfSpec{params: params, result: result, run: func(args []driver.Value) (any, error) {
		template := args[1].(string)
		if template == "" {
			// PostgreSQL returns NULL for an empty template.
			return nil, nil
		}
		n, err := toNumber(args[0].(string), template, args[2].(string), args[3].(string))
		if err != nil {
			return nil, err
		}
		return out(n)
	}}}
}

// toNumber converts input as to_number(input, template) does in a session
// whose lc_numeric and lc_monetary are lcNumeric and lcMonetary.
func toNumber(input, template, lcNumeric, lcMonetary string) (exactNumeric, error) {
	t, err := parseNumberTemplate(template)
	if err != nil {
		return exactNumeric{}, err
	}
	switch {
	case t.has(numberExponent):
		return exactNumeric{}, &providers.Error{Code: "0A000", Message: `"EEEE" not supported for input`}
	case t.has(numberRoman):
		return exactNumeric{}, &providers.Error{Code: "0A000", Message: `"RN" not supported for input`}
	}
	locale, err := templateLocale(t, "to_number", "reads", lcNumeric, lcMonetary)
	if err != nil {
		return exactNumeric{}, err
	}
	r := numberReader{template: t, locale: locale, input: input, sign: ' '}
	r.read()
	return r.value()
}

// numberReader is the state of one to_number call: the position in the
// input and what has been read so far.
type numberReader struct {
	template *numberTemplate
	locale   numberLocale
	input    string
	pos      int
	// sign is ' ' until a sign is read, then '-' or '+'.
	sign byte
	// digits are the digits read and the decimal point, if one was read.
	digits            []byte
	readPre, readPost int
	readDecimal       bool
}

func (r *numberReader) atEnd() bool { return r.pos >= len(r.input) }

// remaining reports whether at least n bytes of input are left.
func (r *numberReader) remaining(n int) bool { return len(r.input)-r.pos >= n }

// hasPrefix reports whether the input continues with s, which must not
// be empty.
func (r *numberReader) hasPrefix(s string) bool {
	return s != "" && strings.HasPrefix(r.input[r.pos:], s)
}

// characterLength returns the length of the UTF-8 character that starts
// with b, from its first byte alone, as PostgreSQL's pg_mblen does for a
// UTF-8 database. A byte that starts no character counts as one.
func characterLength(b byte) int {
	switch {
	case b&0xe0 == 0xc0:
		return 2
	case b&0xf0 == 0xe0:
		return 3
	case b&0xf8 == 0xf0:
		return 4
	}
	return 1
}

// read walks the template's nodes over the input.
func (r *numberReader) read() {
	nodes := r.template.nodes
	for i := 0; i < len(nodes); i++ {
		if r.atEnd() {
			return
		}
		node := nodes[i]
		if node.keyword == "" {
			// Adjacent literal nodes are one text, since the parser may
			// split a character of several bytes across nodes.
			text := node.text
			for i+1 < len(nodes) && nodes[i+1].keyword == "" {
				i++
				text += nodes[i].text
			}
			r.skipLiteral(text)
			continue
		}
		if r.readKeyword(node.keyword) {
			r.pos++
		}
	}
}

// skipLiteral skips one input character for each character of text.
func (r *numberReader) skipLiteral(text string) {
	for j := 0; j < len(text); j += characterLength(text[j]) {
		if r.atEnd() {
			return
		}
		r.pos += characterLength(r.input[r.pos])
	}
}

// readKeyword reads what keyword k reads, and reports whether the byte
// at the position is to be dropped afterwards.
func (r *numberReader) readKeyword(k numberKeyword) bool {
	switch k {
	case "9", "0", ".", "D":
		r.readDigit(k)
		return true
	case ",":
		return r.skipSymbol(",")
	case "G":
		return r.skipSymbol(r.locale.groupSeparator)
	case "L":
		r.skipNonData(len([]rune(r.locale.currency)))
	case "TH", "th":
		if !r.template.has(numberDecimal) {
			// Ordinal suffixes have two characters.
			r.skipNonData(2)
		}
	case "MI", "PL", "SG":
		c := r.input[r.pos]
		if c == '-' && k != "PL" || c == '+' && k != "MI" {
			r.sign = c
			return true
		}
		r.skipNonData(1)
	}
	return false
}

// skipSymbol moves to the last byte of symbol where the input continues
// with it, and reports whether it does.
func (r *numberReader) skipSymbol(symbol string) bool {
	if !r.hasPrefix(symbol) {
		return false
	}
	r.pos += len(symbol) - 1
	return true
}

// skipNonData skips up to n characters, and stops at the end of the
// input or at a character that may be part of a number.
func (r *numberReader) skipNonData(n int) {
	for ; n > 0 && !r.atEnd(); n-- {
		if strings.IndexByte("0123456789.,+-", r.input[r.pos]) >= 0 {
			return
		}
		r.pos += characterLength(r.input[r.pos])
	}
}

// readDigit reads for 9, 0, "." or D: a blank, a sign before the first
// digit, a digit or the decimal point, and then a sign after the digit.
func (r *numberReader) readDigit(k numberKeyword) {
	t := r.template
	if r.atEnd() {
		return
	}
	if r.input[r.pos] == ' ' {
		r.pos++
		if r.atEnd() {
			return
		}
	}
	if r.sign == ' ' && (k == "9" || k == "0") && r.readPre+r.readPost == 0 {
		r.readLeadingSign()
		if r.atEnd() {
			return
		}
	}

	read := false
	c := r.input[r.pos]
	switch {
	case c >= '0' && c <= '9':
		if r.readDecimal && r.readPost == t.post {
			// The template has no more fractional digits.
			return
		}
		r.digits = append(r.digits, c)
		if r.readDecimal {
			r.readPost++
		} else {
			r.readPre++
		}
		read = true
	case t.has(numberDecimal) && !r.readDecimal:
		// The decimal point is "." unless the template has D.
		point := "."
		if t.has(numberLocalePoint) {
			point = r.locale.decimalPoint
		}
		if r.skipSymbol(point) {
			r.digits = append(r.digits, '.')
			r.readDecimal = true
			read = true
		}
	}
	if r.atEnd() {
		return
	}
	if r.sign == ' ' && r.readPre+r.readPost > 0 {
		r.readTrailingSign(read)
	}
}

// readLeadingSign reads a sign before the first digit: the locale's
// signs where S comes before the decimal point, otherwise "-", "+" or,
// with PR, "<".
func (r *numberReader) readLeadingSign() {
	t := r.template
	if t.has(numberLocaleSign) && t.signPlace == signBefore {
		switch {
		case r.remaining(len(r.locale.negative)) && r.hasPrefix(r.locale.negative):
			r.pos += len(r.locale.negative)
			r.sign = '-'
		case r.remaining(len(r.locale.positive)) && r.hasPrefix(r.locale.positive):
			r.pos += len(r.locale.positive)
			r.sign = '+'
		}
		return
	}
	switch c := r.input[r.pos]; {
	case c == '-' || c == '<' && t.has(numberBracket):
		r.sign = '-'
		r.pos++
	case c == '+':
		r.sign = '+'
		r.pos++
	}
}

// readTrailingSign reads a sign after a digit. With S, the sign must
// follow the byte just read, and the byte after it must be no digit.
// With MI, PL or SG, the byte at the position is the sign, where nothing
// was read there.
func (r *numberReader) readTrailingSign(read bool) {
	t := r.template
	switch {
	case t.has(numberLocaleSign):
		if !read || r.pos+1 >= len(r.input) || isDigit(r.input[r.pos+1]) {
			return
		}
		at := r.pos
		r.pos++
		switch {
		case r.hasPrefix(r.locale.negative):
			r.pos += len(r.locale.negative) - 1
			r.sign = '-'
		case r.hasPrefix(r.locale.positive):
			r.pos += len(r.locale.positive) - 1
			r.sign = '+'
		default:
			r.pos = at
		}
	case !read && t.has(numberPlus|numberMinus):
		if c := r.input[r.pos]; c == '-' || c == '+' {
			r.sign = c
		}
	}
}

// value returns the numeric of the digits read, as numeric_in reads them
// with the precision and scale of the template and the input.
func (r *numberReader) value() (exactNumeric, error) {
	digits := string(r.digits)
	if strings.HasSuffix(digits, ".") {
		digits = digits[:len(digits)-1]
	}
	text := string(r.sign) + digits
	if digits == "" {
		return exactNumeric{}, &providers.Error{Code: "22P02",
			Message: fmt.Sprintf("invalid input syntax for type numeric: %q", text)}
	}
	whole, fraction, _ := strings.Cut(digits, ".")
	unscaled, _ := new(big.Int).SetString(whole+fraction, 10)
	if r.sign == '-' {
		unscaled.Neg(unscaled)
	}
	n := exactNumeric{unscaled, r.readPost}

	t := r.template
	maxDigits := t.pre + t.multiply
	if len(strings.TrimLeft(whole, "0")) > maxDigits {
		limit := "1"
		if maxDigits > 0 {
			limit = fmt.Sprintf("10^%d", maxDigits)
		}
		return exactNumeric{}, &providers.Error{Code: "22003", Message: "numeric field overflow",
			Detail: fmt.Sprintf("A field with precision %d, scale %d must round to an absolute value less than %s.",
				maxDigits+r.readPost, r.readPost, limit)}
	}
	if t.has(numberMultiply) {
		n = multiplyByPowerOfTen(n, t.multiply)
	}
	return n, nil
}

// multiplyByPowerOfTen returns n × 10^-exponent, with 10^-exponent rounded
// to multiplierScale fractional digits first, as to_number computes V.
func multiplyByPowerOfTen(n exactNumeric, exponent int) exactNumeric {
	scale := n.scale + multiplierScale
	if exponent > multiplierScale {
		return exactNumeric{new(big.Int), scale}
	}
	return exactNumeric{new(big.Int).Mul(n.unscaled, pow10(multiplierScale-exponent)), scale}
}
