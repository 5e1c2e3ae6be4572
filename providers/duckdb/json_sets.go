package duckdb

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/providers/jsonb"
)

// jsonbSetFunctions returns the functions behind jsonb's set-returning
// functions, which the DuckDB dialect unnests: each returns one list of
// the rows' values. Being strict, each returns NULL, so no rows, for a
// NULL document, as PostgreSQL's functions do.
func jsonbSetFunctions() map[string][]duckdb.ScalarFunc {
	boolean := typeInfo(duckdb.TYPE_BOOLEAN)
	listInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	return map[string][]duckdb.ScalarFunc{
		// pgway_jsonb_elements(doc, as_text) is jsonb_array_elements(doc),
		// or with as_text jsonb_array_elements_text(doc).
		"pgway_jsonb_elements": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, boolean},
			result: listInfo, run: jsonbElements}},
		// pgway_jsonb_keys(doc, function) is the keys of the object doc,
		// and function names the SQL function in the error for another
		// value.
		"pgway_jsonb_keys": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo},
			result: listInfo, run: jsonbKeys}},
		// pgway_jsonb_values(doc, as_text, function) is the values of the
		// object doc in the order of its keys.
		"pgway_jsonb_values": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, boolean, varcharInfo},
			result: listInfo, run: jsonbValues}},
	}
}

// jsonbElements returns the elements of an array as jsonb text, or with
// as_text as ->> writes them, which is nil for a JSON null.
func jsonbElements(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	var items []any
	switch x := doc.(type) {
	case []any:
		items = x
	case map[string]any:
		return nil, &providers.Error{Code: "22023", Message: "cannot extract elements from an object"}
	default:
		return nil, &providers.Error{Code: "22023", Message: "cannot extract elements from a scalar"}
	}
	return formatItems(items, args[1].(bool))
}

func jsonbKeys(args []driver.Value) (any, error) {
	obj, err := jsonbObjectOf(args[0], args[1].(string))
	if err != nil {
		return nil, err
	}
	keys := jsonb.Keys(obj)
	out := make([]any, len(keys))
	for i, key := range keys {
		out[i] = key
	}
	return out, nil
}

func jsonbValues(args []driver.Value) (any, error) {
	obj, err := jsonbObjectOf(args[0], args[2].(string))
	if err != nil {
		return nil, err
	}
	keys := jsonb.Keys(obj)
	items := make([]any, len(keys))
	for i, key := range keys {
		items[i] = obj[key]
	}
	return formatItems(items, args[1].(bool))
}

// jsonbObjectOf decodes an object, and fails for another value with the
// error that PostgreSQL's function raises.
func jsonbObjectOf(text driver.Value, function string) (map[string]any, error) {
	doc, err := decodeJSONB(text)
	if err != nil {
		return nil, err
	}
	if obj, ok := doc.(map[string]any); ok {
		return obj, nil
	}
	message := fmt.Sprintf("cannot call %s on a non-object", function)
	if function == "jsonb_object_keys" {
		// jsonb_object_keys names the kind of value.
		message = "cannot call jsonb_object_keys on a scalar"
		if _, ok := doc.([]any); ok {
			message = "cannot call jsonb_object_keys on an array"
		}
	}
	return nil, &providers.Error{Code: "22023", Message: message}
}

// formatItems writes each value as jsonb text, or with asText as ->>
// writes it.
func formatItems(items []any, asText bool) ([]any, error) {
	out := make([]any, len(items))
	for i, item := range items {
		text, err := jsonbResult(item, asText)
		if err != nil {
			return nil, err
		}
		out[i] = text
	}
	return out, nil
}

// jsonbRecordFunctions returns the functions behind jsonb_to_record()
// and jsonb_to_recordset(). Each takes the document, the names of the
// declared columns, whether each column is jsonb, and the SQL function's
// name for its errors.
func jsonbRecordFunctions() map[string][]duckdb.ScalarFunc {
	listInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	flagsInfo := mustTypeInfo(duckdb.NewListInfo(typeInfo(duckdb.TYPE_BOOLEAN)))
	params := []duckdb.TypeInfo{varcharInfo, listInfo, flagsInfo, varcharInfo}
	return map[string][]duckdb.ScalarFunc{
		// pgway_jsonb_record(...) is the fields of the object doc.
		"pgway_jsonb_record": {udfSpec{params: params, result: listInfo, run: jsonbRecord}},
		// pgway_jsonb_records(...) is the fields of each object of the
		// array doc.
		"pgway_jsonb_records": {udfSpec{params: params, result: mustTypeInfo(duckdb.NewListInfo(listInfo)),
			run: jsonbRecords}},
	}
}

func jsonbRecord(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		// PostgreSQL 15 names its internal function in this error.
		kind := "a scalar"
		if _, isArray := doc.([]any); isArray {
			kind = "an array"
		}
		return nil, &providers.Error{Code: "22023", Message: "cannot call populate_composite on " + kind}
	}
	return recordFields(obj, args[1], args[2])
}

func jsonbRecords(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	function := args[3].(string)
	items, ok := doc.([]any)
	if !ok {
		return nil, &providers.Error{Code: "22023", Message: fmt.Sprintf("cannot call %s on a non-array", function)}
	}
	out := make([]any, len(items))
	for i, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, &providers.Error{Code: "22023",
				Message: fmt.Sprintf("argument of %s must be an array of objects", function)}
		}
		if out[i], err = recordFields(obj, args[1], args[2]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// recordFields returns the text of the fields of obj named by names: the
// JSON text for a jsonb column, as ->> writes it for another, and nil
// for a missing key or a JSON null, which is NULL in a jsonb column too,
// as in PostgreSQL 15.
func recordFields(obj map[string]any, names, asJSON driver.Value) ([]any, error) {
	nameList, _ := names.([]any)
	flags, _ := asJSON.([]any)
	out := make([]any, len(nameList))
	for i, item := range nameList {
		name, _ := item.(string)
		value := obj[name]
		if value == nil {
			continue
		}
		jsonColumn := false
		if i < len(flags) {
			jsonColumn, _ = flags[i].(bool)
		}
		text, err := jsonbResult(value, !jsonColumn)
		if err != nil {
			return nil, err
		}
		out[i] = text
	}
	return out, nil
}
