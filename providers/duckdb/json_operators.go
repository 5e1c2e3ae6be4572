package duckdb

import (
	"database/sql/driver"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/providers/jsonb"
)

// jsonbOperatorFunctions returns the functions that the DuckDB dialect
// calls for jsonb's @>, <@, ?, ?| and ?& operators and for
// jsonb_contains(), jsonb_contained() and jsonb_exists*(), which DuckDB
// lacks. Each takes jsonb text and, being strict as PostgreSQL's
// operators are, returns NULL for a NULL argument.
func jsonbOperatorFunctions() map[string][]duckdb.ScalarFunc {
	boolean := typeInfo(duckdb.TYPE_BOOLEAN)
	keysInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	return map[string][]duckdb.ScalarFunc{
		// pgway_jsonb_contains(doc, tmpl) is doc @> tmpl.
		"pgway_jsonb_contains": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo}, result: boolean,
			run: jsonbContains}},
		// pgway_jsonb_exists(doc, key) is doc ? key.
		"pgway_jsonb_exists": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo}, result: boolean,
			run: jsonbExists}},
		// pgway_jsonb_exists_any(doc, keys) is doc ?| keys.
		"pgway_jsonb_exists_any": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, keysInfo}, result: boolean,
			run: func(args []driver.Value) (any, error) { return jsonbExistsKeys(args, false) }}},
		// pgway_jsonb_exists_all(doc, keys) is doc ?& keys.
		"pgway_jsonb_exists_all": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, keysInfo}, result: boolean,
			run: func(args []driver.Value) (any, error) { return jsonbExistsKeys(args, true) }}},
		// pgway_jsonb_operand(text, typeof(value), message) is text when
		// the value is DuckDB's JSON.
		"pgway_jsonb_operand": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo},
			result: varcharInfo, run: jsonbOperand}},
	}
}

// decodeJSONB parses an operand's jsonb text. A string constant that is
// not JSON fails with PostgreSQL's SQLSTATE for invalid jsonb input.
func decodeJSONB(v driver.Value) (any, error) {
	doc, err := jsonb.Decode(v.(string))
	if err != nil {
		return nil, &providers.Error{Code: "22P02", Message: "invalid input syntax for type json", Err: err}
	}
	return doc, nil
}

func jsonbContains(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	tmpl, err := decodeJSONB(args[1])
	if err != nil {
		return nil, err
	}
	return jsonb.Contains(doc, tmpl), nil
}

func jsonbExists(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	return jsonb.Exists(doc, args[1].(string)), nil
}

// jsonbExistsKeys is ?| (any key) or, with all, ?& (every key). As in
// PostgreSQL, NULL elements of the keys are skipped, so ?& of no keys is
// true and ?| of no keys false.
func jsonbExistsKeys(args []driver.Value, all bool) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	keys, _ := args[1].([]any)
	for _, item := range keys {
		key, ok := item.(string)
		if !ok {
			continue
		}
		if jsonb.Exists(doc, key) != all {
			return !all, nil
		}
	}
	return all, nil
}

// jsonbOperand returns the text of an operand that a jsonb operator
// takes only as jsonb, and fails with 42883 when DuckDB's type of the
// value, duckType, is not JSON. message is PostgreSQL's message for the
// missing operator with {} in place of the operand's type.
func jsonbOperand(args []driver.Value) (any, error) {
	duckType := args[1].(string)
	if duckType == "JSON" {
		return args[0], nil
	}
	return nil, &providers.Error{Code: "42883",
		Message: strings.ReplaceAll(args[2].(string), "{}", duckTypePostgresName(duckType)),
		Hint:    "No operator matches the given name and argument types. You might need to add explicit type casts."}
}

// duckTypePostgresName returns PostgreSQL's name of the DuckDB type duckType,
// with [] for a list, or the DuckDB name in lower case when
// postgresTypeNames lacks it.
func duckTypePostgresName(duckType string) string {
	base, isList := strings.CutSuffix(duckType, "[]")
	name, ok := postgresTypeNames[base]
	if !ok {
		name = strings.ToLower(base)
	}
	if isList {
		name += "[]"
	}
	return name
}
