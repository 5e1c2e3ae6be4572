package duckdb

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	bindings "github.com/duckdb/duckdb-go-bindings"
	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/providers/jsonb"
)

// jsonbFromText rewrites a JSON document as PostgreSQL prints jsonb.
// Numbers keep their digits, as in jsonb, which stores them as numeric.
func jsonbFromText(v any) (any, error) {
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("JSON value has type %T", v)
	}
	return normalizeJSONB(text)
}

// isJSONParam reports whether DuckDB types parameter index (from 1) of
// stmt as JSON, which pgway's jsonb is, as for $1::jsonb.
func isJSONParam(stmt bindings.PreparedStatement, index int) bool {
	lt := bindings.ParamLogicalType(stmt, bindings.IdxT(index))
	defer bindings.DestroyLogicalType(&lt)
	return bindings.LogicalTypeGetAlias(lt) == "JSON"
}

// jsonbListFromText converts a LIST of JSON values, as array_agg() of
// jsonb or ARRAY[...] of jsonb values makes, to the elements of a jsonb[]
// in PostgreSQL's jsonb text, with nil for NULL.
func jsonbListFromText(v any) (any, error) {
	return textList(v, "JSON", jsonbFromText)
}

// textList converts a LIST whose elements toText writes as strings to
// the elements of a PostgreSQL array, with nil for NULL. kind names the
// elements in errors.
func textList(v any, kind string, toText func(any) (any, error)) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s list value has type %T", kind, v)
	}
	out := make([]*string, len(list))
	for i, item := range list {
		if item == nil {
			continue
		}
		text, err := toText(item)
		if err != nil {
			return nil, err
		}
		s, ok := text.(string)
		if !ok {
			return nil, fmt.Errorf("%s element text has type %T", kind, text)
		}
		out[i] = &s
	}
	return out, nil
}

// toJSON encodes a STRUCT, MAP or nested LIST as jsonb text.
func toJSON(v any) (any, error) {
	text, err := jsonb.Format(jsonValue(v))
	if err != nil {
		return nil, fmt.Errorf("encode %T as JSON: %w", v, err)
	}
	return text, nil
}

// jsonValue converts decoded DuckDB values to values that jsonb.Format
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
		return jsonb.Float(float64(x))
	case float64:
		return jsonb.Float(x)
	case time.Time:
		return x.Format("2006-01-02T15:04:05.999999")
	case interface{ Value() (any, error) }:
		// pgtype's date, time, interval, UUID and infinite timestamps.
		text, _ := x.Value()
		return text
	}
	return v
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

// jsonbFunctions returns the functions that the DuckDB dialect calls for
// jsonb's ->, ->>, #> and #>> operators, for the arguments of the
// functions that build jsonb (jsonbValueText) and, from
// jsonbOperatorFunctions, for jsonb's @>, <@, ?, ?| and ?&. DuckDB's own
// operators parse numbers as doubles and write 1.50 as 1.5 and 1e2 as
// 100.0, where jsonb keeps a number's numeric value and scale. These
// decode the document's text instead.
func jsonbFunctions() map[string][]duckdb.ScalarFunc {
	boolean := typeInfo(duckdb.TYPE_BOOLEAN)
	pathInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	functions := map[string][]duckdb.ScalarFunc{
		// pgway_jsonb_field(doc, key, typeof(key), as_text)
		"pgway_jsonb_field": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, boolean},
			result: varcharInfo, run: jsonbField}},
		// pgway_jsonb_path(doc, path, as_text)
		"pgway_jsonb_path": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, pathInfo, boolean},
			result: varcharInfo, run: jsonbPath}},
		// pgway_jsonb_value(value, typeof(value))
		"pgway_jsonb_value": {udfSpec{params: []duckdb.TypeInfo{typeInfo(duckdb.TYPE_ANY), varcharInfo},
			result: varcharInfo, run: jsonbValueText}},
		"pgway_jsonb_key": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) { return jsonb.Canonical(args[0].(string)) }}},
		"pgway_jsonb_array_length": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: typeInfo(duckdb.TYPE_INTEGER),
			run: jsonbArrayLength}},
		"pgway_jsonb_number": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo, run: jsonbNumber}},
		"pgway_jsonb_array":  {udfSpec{variadic: varcharInfo, nulls: true, result: varcharInfo, run: jsonbArrayText}},
		"pgway_jsonb_object": {udfSpec{variadic: varcharInfo, nulls: true, result: varcharInfo, run: jsonbObjectText}},
		"pgway_jsonb_list": {udfSpec{params: []duckdb.TypeInfo{mustTypeInfo(duckdb.NewListInfo(varcharInfo))},
			result: varcharInfo, run: jsonbListText}},
	}
	maps.Copy(functions, jsonbOperatorFunctions())
	maps.Copy(functions, jsonbSetFunctions())
	maps.Copy(functions, jsonbRecordFunctions())
	maps.Copy(functions, jsonbModifyFunctions())
	maps.Copy(functions, jsonTextSetFunctions())
	maps.Copy(functions, jsonTextRecordFunctions())
	maps.Copy(functions, jsonTextFunctions())
	return functions
}

// integerTypes are the DuckDB types of a right operand of -> that
// PostgreSQL reads as an array subscript (jsonb -> integer).
var integerTypes = map[string]bool{
	"TINYINT": true, "SMALLINT": true, "INTEGER": true, "BIGINT": true,
	"UTINYINT": true, "USMALLINT": true, "UINTEGER": true,
}

func jsonbField(args []driver.Value) (any, error) {
	doc, err := jsonb.Decode(args[0].(string))
	if err != nil {
		return nil, err
	}
	v, ok := jsonb.Field(doc, args[1].(string), integerTypes[args[2].(string)])
	if !ok {
		return nil, nil
	}
	return jsonbResult(v, args[3].(bool))
}

func jsonbPath(args []driver.Value) (any, error) {
	doc, err := jsonb.Decode(args[0].(string))
	if err != nil {
		return nil, err
	}
	items, _ := args[1].([]any)
	path := make([]string, len(items))
	for i, item := range items {
		step, ok := item.(string)
		if !ok {
			// PostgreSQL's #> returns NULL for a path with a NULL element.
			return nil, nil
		}
		path[i] = step
	}
	v, ok := jsonb.Path(doc, path)
	if !ok {
		return nil, nil
	}
	return jsonbResult(v, args[2].(bool))
}

// jsonbResult writes v as jsonb text, or with asText as ->> writes it.
func jsonbResult(v any, asText bool) (any, error) {
	if !asText {
		return jsonb.Format(v)
	}
	text, ok, err := jsonb.Text(v)
	if err != nil || !ok {
		return nil, err
	}
	return text, nil
}

// jsonbArrayLength is jsonb_array_length(doc), which fails for a scalar
// or an object as PostgreSQL's does, where DuckDB's json_array_length
// returns 0.
func jsonbArrayLength(args []driver.Value) (any, error) {
	doc, err := jsonb.Decode(args[0].(string))
	if err != nil {
		return nil, err
	}
	switch x := doc.(type) {
	case []any:
		return int32(len(x)), nil
	case map[string]any:
		return nil, &providers.Error{Code: "22023", Message: "cannot get array length of a non-array"}
	}
	return nil, &providers.Error{Code: "22023", Message: "cannot get array length of a scalar"}
}

// jsonbNumber is pgway_jsonb_number(doc), the text of the number that a
// cast of jsonb to numeric reads. Another JSON value fails as in
// PostgreSQL.
func jsonbNumber(args []driver.Value) (any, error) {
	doc, err := jsonb.Decode(args[0].(string))
	if err != nil {
		return nil, err
	}
	kind := "null"
	switch x := doc.(type) {
	case json.Number:
		return jsonb.PlainNumber(string(x)), nil
	case string:
		kind = "string"
	case bool:
		kind = "boolean"
	case []any:
		kind = "array"
	case map[string]any:
		kind = "object"
	}
	return nil, &providers.Error{Code: "22023", Message: fmt.Sprintf("cannot cast jsonb %s to type numeric", kind)}
}
