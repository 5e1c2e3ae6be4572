package duckdb

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// jsonbFromText rewrites a JSON document as PostgreSQL prints jsonb.
// Numbers keep their digits, as in jsonb, which stores them as numeric.
func jsonbFromText(v any) (any, error) {
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("JSON value has type %T", v)
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}
	var b bytes.Buffer
	if err := writeJSONB(&b, doc); err != nil {
		return nil, err
	}
	return b.String(), nil
}

// toJSON encodes a STRUCT, MAP or nested LIST as jsonb text.
func toJSON(v any) (any, error) {
	var b bytes.Buffer
	if err := writeJSONB(&b, jsonValue(v)); err != nil {
		return nil, fmt.Errorf("encode %T as JSON: %w", v, err)
	}
	return b.String(), nil
}

// writeJSONB writes v as PostgreSQL prints jsonb: object keys ordered by
// length and then bytewise, ", " between items and ": " after keys.
func writeJSONB(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case map[string]any:
		keys := slices.Collect(maps.Keys(x))
		slices.SortFunc(keys, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
		b.WriteByte('{')
		for i, key := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONString(b, key)
			b.WriteString(": ")
			if err := writeJSONB(b, x[key]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeJSONB(b, item); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case string:
		writeJSONString(b, x)
	case json.Number:
		b.WriteString(numericText(string(x)))
	default:
		doc, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(doc)
	}
	return nil
}

// writeJSONString writes s as a JSON string with PostgreSQL's escapes:
// quote, backslash, \b, \f, \n, \r, \t, and \u00XX for other control
// characters. Every other character is written as it is.
func writeJSONString(b *bytes.Buffer, s string) {
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

// numericText writes a JSON number as PostgreSQL's numeric prints it: in
// plain notation, keeping the digits after the decimal point, so 1.50e1
// becomes 15.0 and 1e2 becomes 100.
func numericText(number string) string {
	mantissa, exponent, _ := strings.Cut(strings.ToLower(number), "e")
	negative := strings.HasPrefix(mantissa, "-")
	mantissa = strings.TrimPrefix(mantissa, "-")
	whole, fraction, _ := strings.Cut(mantissa, ".")
	exp := 0
	if exponent != "" {
		fmt.Sscan(exponent, &exp)
	}
	digits := strings.TrimLeft(whole+fraction, "0")
	scale := len(fraction) - exp
	var out string
	switch {
	case scale <= 0:
		out = digits + strings.Repeat("0", -scale)
		if digits == "" {
			out = "0"
		}
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

// jsonValue converts decoded DuckDB values to values that writeJSONB
// writes as PostgreSQL's to_jsonb would.
func jsonValue(v any) any {
	switch x := v.(type) {
	case orderedMap:
		obj := make(map[string]any, len(x.keys))
		for i, key := range x.keys {
			obj[jsonKey(key)] = jsonValue(x.values[i])
		}
		return obj
	case structValue:
		obj := make(map[string]any, len(x.names))
		for i, name := range x.names {
			obj[name] = jsonValue(x.values[i])
		}
		return obj
	case []any:
		list := make([]any, len(x))
		for i, item := range x {
			list[i] = jsonValue(item)
		}
		return list
	case pgtype.Numeric:
		text, _ := x.Value()
		return json.Number(text.(string))
	case float32:
		return jsonFloat(float64(x))
	case float64:
		return jsonFloat(x)
	case time.Time:
		return x.Format("2006-01-02T15:04:05.999999")
	case interface{ Value() (any, error) }:
		// pgtype's date, time, interval, UUID and infinite timestamps.
		text, _ := x.Value()
		return text
	}
	return v
}

// jsonFloat returns f, or for NaN and the infinities the string
// PostgreSQL's to_jsonb writes, since JSON has no such numbers.
func jsonFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return f
}

func jsonKey(key any) string {
	switch k := jsonValue(key).(type) {
	case string:
		return k
	case json.Number:
		return k.String()
	default:
		return fmt.Sprint(k)
	}
}
