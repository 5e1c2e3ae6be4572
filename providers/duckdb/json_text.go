package duckdb

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	bindings "github.com/duckdb/duckdb-go-bindings"
	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/providers/jsonb"
	"pgway/translate"
)

// PostgreSQL's json keeps the text its functions write: row_to_json()
// writes {"a":1}, json_build_object() {"a" : 1}, and json_agg() puts a
// line feed before each row after the first. DuckDB has one JSON type,
// which is pgway's jsonb and is sent in jsonb's form. So the DuckDB
// dialect builds json's text with the functions below and wraps it in
// pgway_json(text), a STRUCT with the one field jsonTextField. mapType
// sends that STRUCT as json, and the functions that take any value, such
// as pgway_text and pgway_jsonb_value, recognize it by its DuckDB type.

// jsonTextField is the field of the STRUCT that contains a json value's text.
const jsonTextField = translate.DuckDBJSONTextField

// jsonStructType is the STRUCT's type as typeof() writes it.
const jsonStructType = "STRUCT(" + jsonTextField + " VARCHAR)"

// jsonStructInfo is the type of pgway_json's result.
var jsonStructInfo = mustTypeInfo(duckdb.NewStructInfo(mustEntry(varcharInfo, jsonTextField)))

// isJSONStruct reports whether t is the STRUCT of a json value.
func isJSONStruct(t *logicalType) bool {
	return t.id == bindings.TypeStruct && len(t.names) == 1 && t.names[0] == jsonTextField &&
		t.children[0].id == bindings.TypeVarchar
}

// jsonType sends the STRUCT of a json value as json.
var jsonType = pgType{pgtype.JSONOID, -1, -1, jsonStructText}

// jsonArrayType sends a LIST of json values as json[].
var jsonArrayType = pgType{pgtype.JSONArrayOID, -1, -1, func(v any) (any, error) {
	return textList(v, "json", jsonStructText)
}}

// jsonStructText returns the text of a decoded json STRUCT.
func jsonStructText(v any) (any, error) {
	var text any
	switch x := v.(type) {
	case structValue:
		if len(x.values) == 1 {
			text = x.values[0]
		}
	case map[string]any:
		text = x[jsonTextField]
	}
	s, ok := text.(string)
	if !ok {
		return nil, fmt.Errorf("json value has type %T", v)
	}
	return s, nil
}

// jsonTextFunctions returns the functions that build json's text.
func jsonTextFunctions() map[string][]duckdb.ScalarFunc {
	anyInfo := typeInfo(duckdb.TYPE_ANY)
	boolean := typeInfo(duckdb.TYPE_BOOLEAN)
	integer := typeInfo(duckdb.TYPE_INTEGER)
	textList := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	return map[string][]duckdb.ScalarFunc{
		// pgway_json(text) is the json value of text.
		"pgway_json": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: jsonStructInfo,
			run: func(args []driver.Value) (any, error) {
				return map[string]any{jsonTextField: args[0].(string)}, nil
			}}},
		// pgway_json_value(value, typeof(value), extra_float_digits) is
		// to_json(value).
		"pgway_json_value": {udfSpec{params: []duckdb.TypeInfo{anyInfo, varcharInfo, integer}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) {
				var b strings.Builder
				if err := writeJSONValue(&b, args[0], args[1].(string), int(args[2].(int32))); err != nil {
					return nil, err
				}
				return b.String(), nil
			}}},
		// pgway_json_agg_item(value, typeof(value), extra_float_digits) is
		// to_json(value) after a mark of whether json_agg() puts a line
		// feed before it.
		"pgway_json_agg_item": {udfSpec{params: []duckdb.TypeInfo{anyInfo, varcharInfo, integer}, result: varcharInfo,
			run: jsonAggItem}},
		"pgway_json_agg":    {udfSpec{params: []duckdb.TypeInfo{textList}, result: varcharInfo, run: jsonAggText}},
		"pgway_json_array":  {udfSpec{variadic: varcharInfo, nulls: true, result: varcharInfo, run: jsonArrayText}},
		"pgway_json_object": {udfSpec{variadic: varcharInfo, nulls: true, result: varcharInfo, run: jsonObjectText}},
		// pgway_json_object_agg(list of [key, value]) is json_object_agg().
		"pgway_json_object_agg": {udfSpec{params: []duckdb.TypeInfo{mustTypeInfo(duckdb.NewListInfo(textList))},
			result: varcharInfo, run: jsonObjectAggText}},
		// pgway_json_text(value, typeof(value)) is the text of a json value
		// and NULL for a value of another type, so that a cast to jsonb may
		// call it in a branch that DuckDB's optimizer folds.
		"pgway_json_text": {udfSpec{params: []duckdb.TypeInfo{anyInfo, varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) {
				if args[1].(string) != jsonStructType {
					return nil, nil
				}
				return jsonStructText(args[0])
			}}},
		// pgway_json_operand(value, typeof(value), operator) fails for a
		// json value as the operand of jsonb's operator, and is NULL for a
		// value of another type.
		"pgway_json_operand": {udfSpec{params: []duckdb.TypeInfo{anyInfo, varcharInfo, varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) {
				if args[1].(string) != jsonStructType {
					return nil, nil
				}
				return nil, &providers.Error{Code: "0A000",
					Message: fmt.Sprintf("operator %s of a json value that the statement does not show as json is not supported on DuckDB", args[2]),
					Hint:    "Cast the value to jsonb first."}
			}}},
		// pgway_json_field(doc, key, typeof(key), as_text) is json's -> and ->>.
		"pgway_json_field": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, boolean},
			result: varcharInfo, run: jsonField}},
	}
}

// writeJSONValue writes v, of the DuckDB type duckType, as PostgreSQL's
// to_json() writes it. It fails with 0A000 for a type whose json text it
// does not know, such as GEOMETRY, which PostGIS writes as GeoJSON.
func writeJSONValue(b *strings.Builder, v any, duckType string, digits int) error {
	if v == nil {
		b.WriteString("null")
		return nil
	}
	if duckType == jsonStructType {
		text, err := jsonStructText(v)
		if err != nil {
			return err
		}
		b.WriteString(text.(string))
		return nil
	}
	if duckType == "JSON" {
		// jsonb inside json keeps jsonb's text. The dialect passes a JSON
		// argument as VARCHAR, since the driver would decode it and lose
		// the digits of its numbers.
		text, ok := v.(string)
		if !ok {
			return unsupportedJSON(duckType + " inside an array or a row")
		}
		normalized, err := normalizeJSONB(text)
		if err != nil {
			return err
		}
		b.WriteString(normalized)
		return nil
	}
	if element, ok := listElement(duckType); ok {
		list, ok := v.([]any)
		if !ok {
			return unsupportedJSON(duckType)
		}
		b.WriteByte('[')
		for i, item := range list {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSONValue(b, item, element, digits); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	if fields, ok := structFields(duckType); ok {
		return writeJSONRow(b, v, duckType, fields, digits)
	}
	return writeJSONScalar(b, v, duckType, digits)
}

// writeJSONRow writes a row as an object of its fields in their order,
// and pgway's numeric STRUCT as its number.
func writeJSONRow(b *strings.Builder, v any, duckType string, fields []structField, digits int) error {
	row, ok := v.(map[string]any)
	if !ok {
		return unsupportedJSON(duckType)
	}
	if text, ok := row[numericTextField].(string); ok && len(fields) == 2 {
		return writeJSONNumber(b, text)
	}
	b.WriteByte('{')
	for i, field := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonb.Quote(field.name))
		b.WriteByte(':')
		if err := writeJSONValue(b, row[field.name], field.duckType, digits); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeJSONScalar writes a value that is neither a list nor a row.
// Numbers are written as their output function writes them, and the
// texts that are no JSON number, such as NaN, as strings.
func writeJSONScalar(b *strings.Builder, v any, duckType string, digits int) error {
	switch x := v.(type) {
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		b.WriteString(jsonb.Quote(x))
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		fmt.Fprint(b, x)
	case *big.Int:
		b.WriteString(x.String())
	case duckdb.Decimal:
		b.WriteString(decimalText(x))
	case float64:
		// A float is written as float8out writes it under the session's
		// extra_float_digits.
		return writeJSONNumber(b, providers.FormatFloat(x, 64, digits))
	case float32:
		return writeJSONNumber(b, providers.FormatFloat(float64(x), 32, digits))
	case duckdb.Interval:
		b.WriteString(jsonb.Quote(providers.FormatInterval(x.Months, x.Days, x.Micros)))
	case []byte:
		if duckType != "BLOB" {
			return unsupportedJSON(duckType)
		}
		b.WriteString(jsonb.Quote(`\x` + fmt.Sprintf("%x", x)))
	case time.Time:
		if duckType == "TIME" {
			b.WriteString(jsonb.Quote(clockText(x)))
			return nil
		}
		text, err := jsonbTime(x, duckType)
		if err != nil {
			return unsupportedJSON(duckType)
		}
		b.WriteString(jsonb.Quote(text.(string)))
	default:
		return unsupportedJSON(duckType)
	}
	return nil
}

// writeJSONNumber writes the output text of a number, or that text as a
// string when it is no JSON number, as for NaN and Infinity.
func writeJSONNumber(b *strings.Builder, text string) error {
	var number json.Number
	if err := json.Unmarshal([]byte(text), &number); err != nil || number.String() != text {
		b.WriteString(jsonb.Quote(text))
		return nil
	}
	b.WriteString(text)
	return nil
}

func unsupportedJSON(duckType string) error {
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("json of a %s value is not supported on DuckDB", strings.ToLower(duckType)),
		Hint:    "Cast the value to text or numeric first."}
}

// isStructuredJSON reports whether json_agg() puts a line feed before a
// value of the DuckDB type duckType: an array or a row, but not a numeric
// or a json value.
func isStructuredJSON(duckType string) bool {
	if _, ok := listElement(duckType); ok {
		return true
	}
	fields, ok := structFields(duckType)
	if !ok || duckType == jsonStructType {
		return false
	}
	return len(fields) != 2 || fields[1].name != numericTextField
}

// jsonAggItem is pgway_json_agg_item(value, typeof(value),
// extra_float_digits): the value's
// json text after "\n" when json_agg() puts a line feed before it, or
// else after a space.
func jsonAggItem(args []driver.Value) (any, error) {
	duckType := args[1].(string)
	var b strings.Builder
	if isStructuredJSON(duckType) {
		b.WriteByte('\n')
	} else {
		b.WriteByte(' ')
	}
	if err := writeJSONValue(&b, args[0], duckType, int(args[2].(int32))); err != nil {
		return nil, err
	}
	return b.String(), nil
}

// jsonAggText is pgway_json_agg(list), json_agg() of the items of
// pgway_json_agg_item that list() collects. PostgreSQL separates the
// values with ", " and puts "\n " before each later array or row.
func jsonAggText(args []driver.Value) (any, error) {
	list, _ := args[0].([]any)
	var b strings.Builder
	b.WriteByte('[')
	for i, item := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		text, ok := item.(string)
		if !ok {
			b.WriteString("null")
			continue
		}
		if i > 0 && text[0] == '\n' {
			b.WriteString("\n ")
		}
		b.WriteString(text[1:])
	}
	b.WriteByte(']')
	return b.String(), nil
}

// jsonArrayText is pgway_json_array(value, ...), json_build_array() of
// values that are json text already, with NULL as the JSON null.
func jsonArrayText(args []driver.Value) (any, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i, arg := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		writeJSONText(&b, arg)
	}
	b.WriteByte(']')
	return b.String(), nil
}

// jsonObjectText is pgway_json_object(key, value, ...),
// json_build_object() of text keys and json text values. A NULL key
// fails as in PostgreSQL 15, and a NULL value is the JSON null.
func jsonObjectText(args []driver.Value) (any, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(args); i += 2 {
		key, ok := args[i].(string)
		if !ok {
			return nil, &providers.Error{Code: "22023", Message: fmt.Sprintf("argument %d cannot be null", i+1),
				Hint: "Object keys should be text."}
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonb.Quote(key))
		b.WriteString(" : ")
		writeJSONText(&b, args[i+1])
	}
	b.WriteByte('}')
	return b.String(), nil
}

// jsonObjectAggText is pgway_json_object_agg(pairs), json_object_agg()
// of the [key, value] pairs that list() collects, whose values are json
// text already.
func jsonObjectAggText(args []driver.Value) (any, error) {
	pairs, _ := args[0].([]any)
	var b strings.Builder
	b.WriteString("{ ")
	for i, item := range pairs {
		pair, _ := item.([]any)
		if len(pair) != 2 {
			return nil, fmt.Errorf("json_object_agg pair has type %T", item)
		}
		key, ok := pair[0].(string)
		if !ok {
			return nil, &providers.Error{Code: "22023", Message: "field name must not be null"}
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonb.Quote(key))
		b.WriteString(" : ")
		writeJSONText(&b, pair[1])
	}
	b.WriteString(" }")
	return b.String(), nil
}

// writeJSONText writes json text, or null for NULL.
func writeJSONText(b *strings.Builder, v any) {
	text, ok := v.(string)
	if !ok {
		b.WriteString("null")
		return
	}
	b.WriteString(text)
}

// jsonField is pgway_json_field(doc, key, typeof(key), as_text): json's
// -> and ->>, which return a field's or an element's text as the document
// has it. A key of an integer type is an array subscript, negative from
// the end, and NULL comes back where there is no such field or element.
func jsonField(args []driver.Value) (any, error) {
	doc := []byte(args[0].(string))
	key := args[1].(string)
	var value json.RawMessage
	if integerTypes[args[2].(string)] {
		var items []json.RawMessage
		if json.Unmarshal(doc, &items) != nil {
			return nil, nil
		}
		index, err := strconv.Atoi(key)
		if err != nil {
			return nil, nil
		}
		if index < 0 {
			index += len(items)
		}
		if index < 0 || index >= len(items) {
			return nil, nil
		}
		value = items[index]
	} else {
		var fields map[string]json.RawMessage
		if json.Unmarshal(doc, &fields) != nil || fields == nil {
			return nil, nil
		}
		var ok bool
		if value, ok = fields[key]; !ok {
			return nil, nil
		}
	}
	if !args[3].(bool) {
		return string(value), nil
	}
	if string(value) == "null" {
		return nil, nil
	}
	var text string
	if value[0] == '"' && json.Unmarshal(value, &text) == nil {
		return text, nil
	}
	return string(value), nil
}
