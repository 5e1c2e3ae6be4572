package duckdb

import (
	"strings"

	"pgway/providers"
)

// PostgreSQL 15's to_char for numbers, checked against PostgreSQL 15.18.
// A number template is read left to right, and at each position the
// longest keyword wins. The keywords are 9, 0, ".", ",", D, G, L, S, MI,
// PL, SG, PR, RN, TH, V, EEEE and FM, in either case. B, C and SP are
// keywords too, for which PostgreSQL writes nothing. Any other text is
// copied, with double quotes and backslashes as in date templates
// (copyLiteral).
//
// Formatting has two steps, as in PostgreSQL. First the value's type
// turns it into digits (to_char_number_value.go). These are its absolute
// value rounded to the template's fractional digits, a sign, and the
// blanks that pad it to the template's integer digits, or '#' where it
// has more integer digits than the template. Then the template places
// those digits, the sign and the separators (numberPrinter).

// numberKeyword is a number template keyword, named by its upper-case
// spelling, except rn and th, which write lower-case text.
type numberKeyword string

// numberKeywords maps each spelling to its keyword. matchNumberKeyword
// tries the longest spelling first, so SG wins over S.
var numberKeywords = func() map[string]numberKeyword {
	m := map[string]numberKeyword{}
	for _, k := range []string{"9", "0", ".", ",", "B", "C", "D", "EEEE", "FM", "G", "L",
		"MI", "PL", "PR", "RN", "SG", "SP", "S", "TH", "V"} {
		m[k] = numberKeyword(k)
		m[strings.ToLower(k)] = numberKeyword(k)
	}
	m["rn"], m["th"] = "rn", "th"
	return m
}()

// numberNode is one element of a parsed template: a keyword, or literal
// text when keyword is empty.
type numberNode struct {
	keyword numberKeyword
	text    string
}

// Flags of a number template.
const (
	numberDecimal     = 1 << iota // "." or D
	numberLocalePoint             // D, the locale's decimal point
	numberZero                    // a 0 before the decimal point
	numberBlank                   // B before any digit
	numberFillMode                // FM
	numberBracket                 // PR
	numberMinus                   // MI or SG
	numberPlus                    // PL or SG
	numberLocaleSign              // S
	numberRoman                   // RN
	numberMultiply                // V
	numberExponent                // EEEE
)

// Where S writes the sign: before the first digit or after the last.
const (
	signNone = iota
	signBefore
	signAfter
)

// numberTemplate is a parsed number template with PostgreSQL's counts of
// its digits.
type numberTemplate struct {
	nodes []numberNode
	flags int
	// pre and post count the digit positions before and after the
	// decimal point, and multiply the digits after V.
	pre, post, multiply int
	// zeroStart is the position of the first 0 among the integer digits,
	// from 0, and zeroEnd the position after the last 0, from 1.
	zeroStart, zeroEnd int
	// signPlace is where S goes, and signPre the integer digits before it.
	signPlace, signPre int
	// needsLocale is set by D, G, L and S, which PostgreSQL reads from
	// lc_numeric and lc_monetary.
	needsLocale bool
}

func (t *numberTemplate) has(flag int) bool { return t.flags&flag != 0 }

func templateError(message string) error {
	return &providers.Error{Code: "42601", Message: message}
}

// parseNumberTemplate parses a number template and checks its keywords
// as PostgreSQL does, with its errors.
func parseNumberTemplate(template string) (*numberTemplate, error) {
	t := &numberTemplate{}
	for i := 0; i < len(template); {
		keyword, size := matchNumberKeyword(template[i:])
		if size == 0 {
			var b strings.Builder
			i = copyLiteral(&b, template, i)
			t.nodes = append(t.nodes, numberNode{text: b.String()})
			continue
		}
		i += size
		if err := t.add(keyword); err != nil {
			return nil, err
		}
		t.nodes = append(t.nodes, numberNode{keyword: keyword})
	}
	if t.has(numberZero) {
		t.zeroStart--
	}
	return t, nil
}

func matchNumberKeyword(s string) (numberKeyword, int) {
	for size := min(4, len(s)); size > 0; size-- {
		if k, ok := numberKeywords[s[:size]]; ok {
			return k, size
		}
	}
	return "", 0
}

// add counts a keyword into the template and rejects the combinations
// that PostgreSQL rejects.
func (t *numberTemplate) add(k numberKeyword) error {
	if t.has(numberExponent) && k != "EEEE" {
		return templateError(`"EEEE" must be the last pattern used`)
	}
	switch k {
	case "9", "0":
		return t.addDigit(k)
	case "B":
		if t.pre == 0 && t.post == 0 && !t.has(numberZero) {
			t.flags |= numberBlank
		}
	case "D", ".":
		if k == "D" {
			t.flags |= numberLocalePoint
			t.needsLocale = true
		}
		if t.has(numberDecimal) {
			return templateError("multiple decimal points")
		}
		if t.has(numberMultiply) {
			return templateError(`cannot use "V" and decimal point together`)
		}
		t.flags |= numberDecimal
	case "FM":
		t.flags |= numberFillMode
	case "S":
		return t.addLocaleSign()
	case "MI", "PL", "SG":
		return t.addSign(k)
	case "PR":
		if t.has(numberLocaleSign | numberPlus | numberMinus) {
			return templateError(`cannot use "PR" and "S"/"PL"/"MI"/"SG" together`)
		}
		t.flags |= numberBracket
	case "RN", "rn":
		t.flags |= numberRoman
	case "L", "G":
		t.needsLocale = true
	case "V":
		if t.has(numberDecimal) {
			return templateError(`cannot use "V" and decimal point together`)
		}
		t.flags |= numberMultiply
	case "EEEE":
		if t.has(numberExponent) {
			return templateError(`cannot use "EEEE" twice`)
		}
		if t.has(numberBlank | numberFillMode | numberLocaleSign | numberBracket | numberMinus |
			numberPlus | numberRoman | numberMultiply) {
			return &providers.Error{Code: "42601", Message: `"EEEE" is incompatible with other formats`,
				Detail: `"EEEE" may only be used together with digit and decimal point patterns.`}
		}
		t.flags |= numberExponent
	}
	return nil
}

func (t *numberTemplate) addDigit(k numberKeyword) error {
	if t.has(numberBracket) {
		return templateError(`"` + string(k) + `" must be ahead of "PR"`)
	}
	if k == "9" && t.has(numberMultiply) {
		t.multiply++
		return nil
	}
	if k == "0" && !t.has(numberZero) && !t.has(numberDecimal) {
		t.flags |= numberZero
		t.zeroStart = t.pre + 1
	}
	if t.has(numberDecimal) {
		t.post++
	} else {
		t.pre++
	}
	if k == "0" {
		t.zeroEnd = t.pre + t.post
	}
	return nil
}

func (t *numberTemplate) addLocaleSign() error {
	if t.has(numberLocaleSign) {
		return templateError(`cannot use "S" twice`)
	}
	if t.has(numberPlus | numberMinus | numberBracket) {
		return templateError(`cannot use "S" and "PL"/"MI"/"SG"/"PR" together`)
	}
	switch {
	case !t.has(numberDecimal):
		t.signPlace, t.signPre = signBefore, t.pre
	case t.signPlace == signNone:
		t.signPlace = signAfter
	}
	t.needsLocale = true
	t.flags |= numberLocaleSign
	return nil
}

func (t *numberTemplate) addSign(k numberKeyword) error {
	if t.has(numberLocaleSign) {
		return templateError(`cannot use "S" and "` + string(k) + `" together`)
	}
	switch k {
	case "MI":
		t.flags |= numberMinus
	case "PL":
		t.flags |= numberPlus
	case "SG":
		t.flags |= numberMinus | numberPlus
	}
	return nil
}

// numberLocale holds the symbols that D, G, L and S write.
type numberLocale struct {
	decimalPoint, groupSeparator, currency string
	negative, positive                     string
}

// cLocale holds the symbols of the C locale. C has no group separator,
// currency symbol or signs, and PostgreSQL writes ",", a blank, "-" and
// "+" in their place.
var cLocale = numberLocale{decimalPoint: ".", groupSeparator: ",", currency: " ", negative: "-", positive: "+"}

// numberDigits is a value prepared for a template: its digits without a
// sign, and the blanks before them.
type numberDigits struct {
	text string
	// sign is '-', '+' or, for RN, 0, which SG writes as a NUL byte that
	// ends the result, as in PostgreSQL.
	sign      byte
	preSpaces int
}
