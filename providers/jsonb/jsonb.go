// Package jsonb writes JSON values in the text form of PostgreSQL's jsonb
// output function. Object keys are ordered by length and then bytewise,
// with one value per key. Items are separated by ", " and keys followed by
// ": ". Numbers are in the plain notation of numeric, and strings carry
// jsonb's escapes. Providers use it to return a warehouse's JSON as a
// client of PostgreSQL reads jsonb.
package jsonb

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Limits of PostgreSQL 15's numeric: at most 131072 digits before the
// decimal point and 16383 after it. jsonb input rejects a number beyond
// them with "value overflows numeric format".
const (
	maxIntegerDigits  = 131072
	maxFractionDigits = 16383
)

// Decode parses one JSON document, keeping each number as a json.Number
// so that its digits survive as jsonb's numeric keeps them. Of duplicate
// object keys the last one wins, as in jsonb.
func Decode(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	return doc, nil
}

// Normalize rewrites the JSON document text as PostgreSQL prints it as
// jsonb.
func Normalize(text string) (string, error) {
	doc, err := Decode(text)
	if err != nil {
		return "", err
	}
	return Format(doc)
}

// Format writes v as jsonb text. v is a value as Decode returns it: nil,
// bool, string, json.Number, []any or map[string]any, nested to any
// depth. A float64 is written as to_jsonb writes a float8 (see Float).
// Other types are written as encoding/json marshals them.
func Format(v any) (string, error) {
	var b strings.Builder
	if err := write(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

func write(b *strings.Builder, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		writeString(b, x)
	case json.Number:
		b.WriteString(PlainNumber(string(x)))
	case float64:
		return write(b, Float(x))
	case []any:
		return writeArray(b, x)
	case map[string]any:
		return writeObject(b, x)
	default:
		doc, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(doc)
	}
	return nil
}

func writeArray(b *strings.Builder, items []any) error {
	b.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := write(b, item); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

// writeObject writes the keys shorter first and keys of equal length in
// byte order, the order in which jsonb stores them.
func writeObject(b *strings.Builder, obj map[string]any) error {
	keys := Keys(obj)
	b.WriteByte('{')
	for i, key := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		writeString(b, key)
		b.WriteString(": ")
		if err := write(b, obj[key]); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeString writes s with the escapes of PostgreSQL's escape_json:
// quote, backslash, \b, \f, \n, \r, \t, and \u00xx for the other control
// characters below 0x20. Every other byte, DEL and non-ASCII included, is
// written as it is.
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

// Float returns f as the json.Number that to_jsonb writes for a float8,
// which goes through float8's shortest text and then numeric. NaN and the
// infinities, which JSON numbers cannot hold, become the strings "NaN",
// "Infinity" and "-Infinity", as to_jsonb writes them.
func Float(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}

// PlainNumber rewrites a JSON number as PostgreSQL's numeric prints it: in
// plain notation, keeping the digits after the decimal point and dropping
// the sign of zero, so 1.50e1 becomes 15.0, 1e2 becomes 100 and -0.0
// becomes 0.0. Text that is not a JSON number, or a number that
// PostgreSQL's numeric cannot hold, is returned unchanged.
func PlainNumber(number string) string {
	mantissa, exponent, hasExponent := strings.Cut(strings.ToLower(number), "e")
	negative := strings.HasPrefix(mantissa, "-")
	whole, fraction, hasPoint := strings.Cut(strings.TrimPrefix(mantissa, "-"), ".")
	if !isDigits(whole) || (hasPoint && !isDigits(fraction)) {
		return number
	}
	exp := 0
	if hasExponent {
		var err error
		if exp, err = strconv.Atoi(exponent); err != nil {
			return number
		}
	}

	digits := strings.TrimLeft(whole+fraction, "0")
	scale := len(fraction) - exp
	if scale > maxFractionDigits || (digits != "" && len(digits)-scale > maxIntegerDigits) {
		return number
	}
	var out string
	switch {
	case scale <= 0 && digits == "":
		out = "0"
	case scale <= 0:
		out = digits + strings.Repeat("0", -scale)
	default:
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		out = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if negative && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
