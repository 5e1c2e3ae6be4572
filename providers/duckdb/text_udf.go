package duckdb

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"math/big"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// pgwayText is pgway_text(value, typeof(value), extra_float_digits): the
// text of a bytea, an array, a row or a float as PostgreSQL's output
// functions write it, where DuckDB's cast to VARCHAR writes a BLOB's bytes
// in its escape form (\x00\xFF, not \x00ff), a LIST in brackets ([1, 2],
// not {1,2}), a STRUCT as {'a': 1} (not (1)), 100.0 for 100, and JSON
// with the spacing of its input ({"a":1}, not jsonb's {"a": 1}). The
// DuckDB dialect calls it for casts to text and for concat().
func pgwayText(args []driver.Value) (any, error) {
	duckType, _ := args[1].(string)
	digits, _ := args[2].(int32)
	var b strings.Builder
	if err := writeText(&b, args[0], duckType, int(digits)); err != nil {
		return nil, err
	}
	return b.String(), nil
}

// writeText writes v, of the DuckDB type duckType, as PostgreSQL's text
// output. It fails with 0A000 for a type it does not know.
func writeText(b *strings.Builder, v any, duckType string, digits int) error {
	if element, ok := listElement(duckType); ok {
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("pgway_text: %s value has Go type %T", duckType, v)
		}
		return writeArray(b, list, element, digits)
	}
	if duckType == jsonStructType {
		// A json value's text is the text it keeps.
		text, err := jsonStructText(v)
		if err != nil {
			return err
		}
		b.WriteString(text.(string))
		return nil
	}
	if fields, ok := structFields(duckType); ok {
		row, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("pgway_text: %s value has Go type %T", duckType, v)
		}
		return writeRecord(b, row, fields, digits)
	}
	if duckType == "JSON" {
		// DuckDB's JSON is pgway's jsonb, whose text has jsonb's spacing
		// and key order.
		// The dialect passes it as VARCHAR: the driver would decode JSON,
		// losing the digits of its numbers. Inside a list it is decoded.
		text, ok := v.(string)
		if !ok {
			return unsupportedText("JSON")
		}
		normalized, err := normalizeJSONB(text)
		if err != nil {
			return err
		}
		b.WriteString(normalized)
		return nil
	}
	switch x := v.(type) {
	case bool:
		if x {
			b.WriteByte('t')
		} else {
			b.WriteByte('f')
		}
	case []byte:
		if duckType != "BLOB" {
			// A GEOMETRY, which PostGIS writes as hexadecimal EWKB.
			return writeGeometryText(b, x, duckType)
		}
		b.WriteString(`\x`)
		b.WriteString(hex.EncodeToString(x))
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		fmt.Fprint(b, x)
	case *big.Int:
		b.WriteString(x.String())
	case float64:
		b.WriteString(providers.FormatFloat(x, 64, digits))
	case float32:
		b.WriteString(providers.FormatFloat(float64(x), 32, digits))
	case duckdb.Decimal:
		b.WriteString(decimalText(x))
	case duckdb.Interval:
		b.WriteString(providers.FormatInterval(x.Months, x.Days, x.Micros))
	case string:
		b.WriteString(x)
	case time.Time:
		if text, ok := infiniteText(x, duckType); ok {
			b.WriteString(text)
			return nil
		}
		switch duckType {
		case "DATE":
			b.WriteString(dateText(x))
		case "TIMESTAMP":
			b.WriteString(dateText(x)[:10] + " " + clockText(x) + bcSuffix(x))
		default:
			return unsupportedText(duckType)
		}
	default:
		return unsupportedText(duckType)
	}
	return nil
}

func unsupportedText(duckType string) error {
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("text of a %s value inside an array, a row or concat() is not supported on DuckDB", duckType),
		Hint:    "Convert the elements to text first, as with array_to_string()."}
}

// listElement returns the element type of a DuckDB LIST or ARRAY type,
// such as INTEGER for INTEGER[] or INTEGER[3].
func listElement(duckType string) (string, bool) {
	if !strings.HasSuffix(duckType, "]") {
		return "", false
	}
	i := strings.LastIndexByte(duckType, '[')
	if i < 0 {
		return "", false
	}
	return duckType[:i], true
}

// writeArray writes a list as PostgreSQL's array_out does: elements
// separated by commas in braces, and NULL for a null. An element that is
// empty, is NULL in any case, or contains a brace, comma, quote, backslash
// or white space is quoted (writeArrayItem). Nested lists are inner
// dimensions.
func writeArray(b *strings.Builder, list []any, element string, digits int) error {
	b.WriteByte('{')
	for i, v := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		if v == nil {
			b.WriteString("NULL")
			continue
		}
		if _, nested := listElement(element); nested {
			if err := writeText(b, v, element, digits); err != nil {
				return err
			}
			continue
		}
		var item strings.Builder
		if err := writeText(&item, v, element, digits); err != nil {
			return err
		}
		writeArrayItem(b, item.String())
	}
	b.WriteByte('}')
	return nil
}

// structField is a field of a DuckDB STRUCT type.
type structField struct{ name, duckType string }

// structFields returns the fields of a DuckDB STRUCT type as typeof()
// writes it, such as STRUCT(a INTEGER, "b c" VARCHAR[]).
func structFields(duckType string) ([]structField, bool) {
	inner, ok := strings.CutPrefix(duckType, "STRUCT(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil, false
	}
	inner = inner[:len(inner)-1]
	var fields []structField
	for inner != "" {
		name, rest, ok := cutFieldName(inner)
		if !ok {
			return nil, false
		}
		end := typeEnd(rest)
		fields = append(fields, structField{name: name, duckType: rest[:end]})
		inner = strings.TrimPrefix(strings.TrimPrefix(rest[end:], ","), " ")
	}
	return fields, true
}

// cutFieldName returns the name at the start of a STRUCT's field, quoted
// or not, and the type after it.
func cutFieldName(s string) (name, rest string, ok bool) {
	if !strings.HasPrefix(s, `"`) {
		name, rest, ok = strings.Cut(s, " ")
		return name, rest, ok
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '"' && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		case s[i] == '"':
			return b.String(), strings.TrimPrefix(s[i+1:], " "), true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", false
}

// typeEnd returns the length of the type at the start of s, which ends at
// the first comma outside parentheses and quotes.
func typeEnd(s string) int {
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case quoted:
		case s[i] == '(':
			depth++
		case s[i] == ')':
			depth--
		case s[i] == ',' && depth == 0:
			return i
		}
	}
	return len(s)
}

// writeRecord writes a row as PostgreSQL's record_out does: its fields
// separated by commas in parentheses, and nothing for a null. A field
// that is empty or contains a parenthesis, comma, quote, backslash or
// white space is in double quotes, with quotes and backslashes doubled.
func writeRecord(b *strings.Builder, row map[string]any, fields []structField, digits int) error {
	b.WriteByte('(')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		v := row[f.name]
		if v == nil {
			continue
		}
		var field strings.Builder
		if err := writeText(&field, v, f.duckType, digits); err != nil {
			return err
		}
		text := field.String()
		if text != "" && !strings.ContainsAny(text, "(),\"\\ \t\n\r\v\f") {
			b.WriteString(text)
			continue
		}
		b.WriteByte('"')
		for j := 0; j < len(text); j++ {
			if text[j] == '"' || text[j] == '\\' {
				b.WriteByte(text[j])
			}
			b.WriteByte(text[j])
		}
		b.WriteByte('"')
	}
	b.WriteByte(')')
	return nil
}

// writeArrayItem writes an element of an array, in double quotes with its
// quotes and backslashes escaped, for the elements writeArray lists.
func writeArrayItem(b *strings.Builder, s string) {
	if s != "" && !strings.EqualFold(s, "NULL") && !strings.ContainsAny(s, "{},\"\\ \t\n\r\v\f") {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// decimalText writes a DECIMAL with all the digits of its scale, as
// numeric's output does for a value of that scale.
func decimalText(d duckdb.Decimal) string {
	digits := new(big.Int).Abs(d.Value).String()
	scale := int(d.Scale)
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	text := digits
	if scale > 0 {
		text = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if d.Value.Sign() < 0 {
		text = "-" + text
	}
	return text
}

// dateText writes the date of t as PostgreSQL's ISO style does, with BC
// for years before 1.
func dateText(t time.Time) string {
	year := t.Year()
	if year <= 0 {
		year = 1 - year
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, t.Month(), t.Day()) + bcSuffix(t)
}

// infiniteText returns infinity or -infinity for DuckDB's infinite DATE
// and TIMESTAMP, which reach Go as the instants of their largest day or
// microsecond count, and false for other values.
func infiniteText(t time.Time, duckType string) (string, bool) {
	var count int64
	var largest int64
	switch duckType {
	case "DATE":
		count, largest = t.Unix()/86400, math.MaxInt32
	case "TIMESTAMP":
		count, largest = t.UnixMicro(), math.MaxInt64
	default:
		return "", false
	}
	switch count {
	case largest:
		return "infinity", true
	case -largest:
		return "-infinity", true
	}
	return "", false
}

func bcSuffix(t time.Time) string {
	if t.Year() <= 0 {
		return " BC"
	}
	return ""
}

// clockText writes the time of day of t with its microseconds, trailing
// zeros removed, as PostgreSQL does.
func clockText(t time.Time) string {
	text := t.Format("15:04:05")
	if micros := t.Nanosecond() / 1000; micros != 0 {
		text += strings.TrimRight("."+fmt.Sprintf("%06d", micros), "0")
	}
	return text
}

// textFunctions returns pgway_text and the jsonb functions for
// registerBuiltinFunctions.
func textFunctions() map[string][]duckdb.ScalarFunc {
	functions := map[string][]duckdb.ScalarFunc{
		"pgway_text": {udfSpec{params: []duckdb.TypeInfo{typeInfo(duckdb.TYPE_ANY), varcharInfo, typeInfo(duckdb.TYPE_INTEGER)},
			result: varcharInfo, run: pgwayText}},
	}
	maps.Copy(functions, jsonbFunctions())
	return functions
}
