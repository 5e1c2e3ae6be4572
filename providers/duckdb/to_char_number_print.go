package duckdb

import (
	"bytes"
	"fmt"
	"strings"

	"pgway/providers"
)

// numberPrinter places prepared digits into a number template, keyword
// by keyword, as PostgreSQL 15's to_char does. Its fields follow the
// digits and the digit positions of the template as it goes.
type numberPrinter struct {
	t      numberTemplate
	locale numberLocale
	out    []byte
	// digits ends with a NUL byte. A template with more digit positions
	// than digits reads that NUL, which ends the result.
	digits []byte
	next   int // index in digits of the next digit to write
	// lastRelevant is the index in digits of the last fractional digit
	// that FM keeps, or of the decimal point; -1 without FM.
	lastRelevant int
	sign         byte
	signWritten  bool
	// inNumber is set once a digit was written, so that a group
	// separator before it writes a blank instead.
	inNumber bool
	position int // digit positions of the template passed
	// lastDigit, plus one for leading blanks and one for a decimal point,
	// is the position after which PR's bracket or a trailing S goes.
	lastDigit    int
	preSpaces    int
	decimalPoint string
}

// printNumber formats prepared digits with template t, whose pre and
// post may have been adjusted for the value's type.
func printNumber(t numberTemplate, d numberDigits, locale numberLocale) (string, error) {
	if t.has(numberExponent) {
		// EEEE writes the value alone, without the template's other text.
		return d.text, nil
	}
	p := &numberPrinter{t: t, locale: locale, digits: append([]byte(d.text), 0),
		lastRelevant: -1, sign: d.sign, preSpaces: d.preSpaces}
	p.start()
	for _, n := range t.nodes {
		if err := p.print(n); err != nil {
			return "", err
		}
	}
	// The result is C text: a NUL written from the digits or by SG ends it.
	if end := bytes.IndexByte(p.out, 0); end >= 0 {
		p.out = p.out[:end]
	}
	return string(p.out), nil
}

// start sets up the sign and the digit count before the first keyword.
func (p *numberPrinter) start() {
	t := &p.t
	if t.has(numberRoman) {
		// RN writes the numeral alone and ignores the other keywords,
		// except for MI, PL, SG and FM.
		t.flags &= numberFillMode
		t.flags |= numberRoman
		t.signPlace, t.signPre, t.pre, t.post = signNone, 0, 0, 0
		p.preSpaces = 0
	}
	if t.has(numberPlus | numberMinus) {
		// MI, PL and SG write the sign where they stand, except that PL
		// alone leaves a negative sign to the digits.
		p.signWritten = !t.has(numberPlus) || t.has(numberMinus)
	} else {
		if p.sign != '-' && t.has(numberFillMode) {
			t.flags &^= numberBracket
		}
		p.signWritten = p.sign == '+' && t.has(numberFillMode) && !t.has(numberLocaleSign)
		if t.signPlace == signBefore && t.pre == t.signPre {
			t.signPlace = signAfter
		}
	}

	p.lastDigit = t.post + t.pre - 1
	if t.has(numberFillMode) && t.has(numberDecimal) {
		p.lastRelevant = lastRelevantDigit(p.digits)
		// FM keeps fractional digits that a 0 requests, within the digits.
		if p.lastRelevant >= 0 && t.zeroEnd > p.preSpaces {
			lastZero := min(len(p.digits)-2, t.zeroEnd-p.preSpaces)
			if p.lastRelevant < lastZero {
				p.lastRelevant = lastZero
			}
		}
	}
	if !p.signWritten && p.preSpaces == 0 {
		p.lastDigit++
	}

	p.decimalPoint = "."
	if t.has(numberLocalePoint) {
		p.decimalPoint = p.locale.decimalPoint
	}
}

// lastRelevantDigit returns the index of the last nonzero digit after the
// decimal point, of the point when none is, or -1 without a point.
func lastRelevantDigit(digits []byte) int {
	point := bytes.IndexByte(digits, '.')
	if point < 0 {
		return -1
	}
	last := point
	for i := point + 1; i < len(digits) && digits[i] != 0; i++ {
		if digits[i] != '0' {
			last = i
		}
	}
	return last
}

func (p *numberPrinter) print(n numberNode) error {
	fill := p.t.has(numberFillMode)
	switch n.keyword {
	case "":
		p.write(n.text)
	case "9", "0", ".", "D":
		p.printDigit(n.keyword)
	case ",", "G":
		separator := ","
		if n.keyword == "G" {
			separator = p.locale.groupSeparator
		}
		switch {
		case p.inNumber:
			p.write(separator)
		case !fill:
			p.write(strings.Repeat(" ", len([]rune(separator))))
		}
	case "L":
		p.write(p.locale.currency)
	case "RN", "rn":
		numeral := string(p.digits[:len(p.digits)-1])
		if n.keyword == "rn" {
			numeral = strings.ToLower(numeral)
		}
		if !fill {
			numeral = fmt.Sprintf("%15s", numeral)
		}
		p.write(numeral)
	case "TH", "th":
		return p.printOrdinal(n.keyword == "th")
	case "MI":
		p.printSign('-', fill)
	case "PL":
		p.printSign('+', fill)
	case "SG":
		p.out = append(p.out, p.sign)
	}
	return nil
}

// printSign writes the sign when it is want, and otherwise a blank
// unless fill is set.
func (p *numberPrinter) printSign(want byte, fill bool) {
	switch {
	case p.sign == want:
		p.out = append(p.out, want)
	case !fill:
		p.out = append(p.out, ' ')
	}
}

// printOrdinal writes TH: the ordinal suffix of an integer that is not
// negative, and nothing for other values.
func (p *numberPrinter) printOrdinal(lower bool) error {
	digits := string(p.digits[:len(p.digits)-1])
	if p.t.has(numberRoman|numberDecimal) || p.sign == '-' || strings.HasPrefix(digits, "#") {
		return nil
	}
	if digits == "" || digits[len(digits)-1] < '0' || digits[len(digits)-1] > '9' {
		return &providers.Error{Code: "22P02", Message: fmt.Sprintf("%q is not a number", digits)}
	}
	suffix := ordinalSuffix(digits)
	if lower {
		suffix = strings.ToLower(suffix)
	}
	p.write(suffix)
	return nil
}

func (p *numberPrinter) write(s string) { p.out = append(p.out, s...) }

// beforeFirstDigit reports whether the next digit is the leading zero
// of a value below one that a template with fractional digits and no 0
// drops, as in " .10" for 0.1 with 9.99.
func (p *numberPrinter) beforeFirstDigit() bool {
	return !p.t.has(numberZero) && p.next == 0 && p.digits[0] == '0' && p.t.post != 0
}

// printDigit writes what a digit position or the decimal point of the
// template stands for: a blank, a 0, a digit or the point, with the sign
// before the first digit and PR's bracket or S after the last.
func (p *numberPrinter) printDigit(k numberKeyword) {
	t := &p.t
	if t.has(numberRoman) {
		return
	}
	p.inNumber = false
	p.printLeadingSign()

	fill := t.has(numberFillMode)
	pointRelevant := p.lastRelevant >= 0 && p.digits[p.lastRelevant] == '.'
	switch {
	case p.position < p.preSpaces && (t.zeroStart > p.position || !t.has(numberZero)):
		if !fill {
			p.write(" ")
		}
	case t.has(numberZero) && p.position < p.preSpaces && t.zeroStart <= p.position:
		p.write("0")
		p.inNumber = true
	default:
		c := p.digits[p.next]
		switch {
		case c == '.':
			// FM writes the point also when no digit follows it.
			if !pointRelevant || fill {
				p.write(p.decimalPoint)
			}
		case p.lastRelevant >= 0 && p.next > p.lastRelevant && k != "0":
			// FM drops trailing zeros that no 0 requests.
		case p.beforeFirstDigit():
			if !fill {
				p.write(" ")
			} else if pointRelevant {
				p.write("0")
			}
		default:
			p.out = append(p.out, c)
			p.inNumber = true
		}
		if c != 0 {
			p.next++
		}
	}

	end := p.lastDigit
	if p.preSpaces > 0 {
		end++
	}
	if t.has(numberDecimal) {
		end++
	}
	if p.lastRelevant >= 0 && p.lastRelevant == p.next {
		end = p.position
	}
	if p.position+1 == end {
		switch {
		case p.signWritten && t.has(numberBracket) && p.sign == '+':
			p.write(" ")
		case p.signWritten && t.has(numberBracket):
			p.write(">")
		case t.has(numberLocaleSign) && t.signPlace == signAfter:
			p.write(p.localeSign())
		}
	}
	p.position++
}

// printLeadingSign writes the sign before the first digit or the point,
// unless MI, PL, SG or a trailing S writes it.
func (p *numberPrinter) printLeadingSign() {
	t := &p.t
	if p.signWritten {
		return
	}
	reached := p.position >= p.preSpaces || t.has(numberZero) && t.zeroStart == p.position
	pointRelevant := p.lastRelevant >= 0 && p.digits[p.lastRelevant] == '.'
	if !reached || p.beforeFirstDigit() && !pointRelevant {
		return
	}
	switch {
	case t.has(numberLocaleSign):
		if t.signPlace == signBefore {
			p.write(p.localeSign())
			p.signWritten = true
		}
	case t.has(numberBracket):
		if p.sign == '+' {
			p.write(" ")
		} else {
			p.write("<")
		}
		p.signWritten = true
	case p.sign == '+':
		if !t.has(numberFillMode) {
			p.write(" ")
		}
		p.signWritten = true
	case p.sign == '-':
		p.write("-")
		p.signWritten = true
	}
}

func (p *numberPrinter) localeSign() string {
	if p.sign == '-' {
		return p.locale.negative
	}
	return p.locale.positive
}
