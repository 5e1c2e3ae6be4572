package bigquery

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"
)

// normalizeJSON rewrites a JSON document as PostgreSQL prints jsonb.
func normalizeJSON(text string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return "", fmt.Errorf("decode JSON value: %w", err)
	}
	var b bytes.Buffer
	writeJSONB(&b, doc)
	return b.String(), nil
}

// jsonbText writes a STRUCT, an ARRAY of STRUCT or an ARRAY of JSON as
// jsonb, with each field's value as PostgreSQL's to_jsonb writes the
// value of the mapped type.
func jsonbText(f *bigquery.FieldSchema, v bigquery.Value) (any, error) {
	doc, err := jsonField(f, v)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	writeJSONB(&b, doc)
	return b.String(), nil
}

// jsonField converts the value of column or field f, repeated or not.
func jsonField(f *bigquery.FieldSchema, v bigquery.Value) (any, error) {
	if v == nil {
		return nil, nil
	}
	if !f.Repeated {
		return jsonScalar(f, v)
	}
	items, ok := v.([]bigquery.Value)
	if !ok {
		return nil, fmt.Errorf("ARRAY value has type %T", v)
	}
	list := make([]any, len(items))
	for i, item := range items {
		converted, err := jsonScalar(f, item)
		if err != nil {
			return nil, err
		}
		list[i] = converted
	}
	return list, nil
}

// jsonScalar converts one non-repeated value of field f.
func jsonScalar(f *bigquery.FieldSchema, v bigquery.Value) (any, error) {
	if v == nil {
		return nil, nil
	}
	if f.Type == bigquery.RecordFieldType {
		values, ok := v.([]bigquery.Value)
		if !ok || len(values) != len(f.Schema) {
			return nil, fmt.Errorf("STRUCT value has type %T", v)
		}
		obj := make(map[string]any, len(values))
		for i, field := range f.Schema {
			converted, err := jsonField(field, values[i])
			if err != nil {
				return nil, err
			}
			obj[field.Name] = converted
		}
		return obj, nil
	}
	switch x := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(x, 10)), nil
	case float64:
		return jsonFloat(x), nil
	case *big.Rat:
		return json.Number(ratText(x)), nil
	case []byte:
		return `\x` + hex.EncodeToString(x), nil
	case civil.Date:
		return x.String(), nil
	case civil.Time:
		return timeText6(x), nil
	case civil.DateTime:
		return x.Date.String() + "T" + timeText6(x.Time), nil
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.999999") + "+00:00", nil
	case *bigquery.IntervalValue:
		return x.String(), nil
	case *bigquery.RangeValue:
		return convertRange(x)
	case string:
		if f.Type == bigquery.JSONFieldType {
			dec := json.NewDecoder(strings.NewReader(x))
			dec.UseNumber()
			var doc any
			if err := dec.Decode(&doc); err != nil {
				return nil, fmt.Errorf("decode JSON value: %w", err)
			}
			return doc, nil
		}
		return x, nil
	}
	return v, nil
}

// timeText6 writes a time of day with at most six fractional digits.
func timeText6(t civil.Time) string {
	return time.Date(2000, 1, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, time.UTC).Format("15:04:05.999999")
}

// jsonFloat returns f as a JSON number, or for NaN and the infinities the
// string PostgreSQL's to_jsonb writes.
func jsonFloat(f float64) any {
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

// writeJSONB writes v as PostgreSQL prints jsonb: object keys ordered by
// length and then bytewise, ", " between items, ": " after keys, and
// numbers in plain notation.
func writeJSONB(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case json.Number:
		b.WriteString(plainNumber(string(x)))
	case string:
		writeJSONString(b, x)
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONB(b, item)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := slices.SortedFunc(maps.Keys(x), func(a, b string) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
		b.WriteByte('{')
		for i, key := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONString(b, key)
			b.WriteString(": ")
			writeJSONB(b, x[key])
		}
		b.WriteByte('}')
	default:
		doc, _ := json.Marshal(x)
		b.Write(doc)
	}
}

// writeJSONString writes s with the escapes PostgreSQL's jsonb output
// uses: quote, backslash, \b, \f, \n, \r, \t, and \u00XX for the other
// control characters.
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

// plainNumber writes a JSON number as PostgreSQL's numeric prints it, in
// plain notation that keeps the digits after the decimal point: 1.50e1
// becomes 15.0 and 1e2 becomes 100.
func plainNumber(number string) string {
	r, ok := new(big.Rat).SetString(number)
	if !ok {
		return number
	}
	mantissa, exponent, _ := strings.Cut(strings.ToLower(number), "e")
	_, fraction, _ := strings.Cut(mantissa, ".")
	exp := 0
	if exponent != "" {
		exp, _ = strconv.Atoi(exponent)
	}
	scale := max(len(fraction)-exp, 0)
	return r.FloatString(scale)
}
