package duckdb

import (
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// The dialect folds pg_typeof(x) of a result column into
// pgway_regtype(oid, name) when the statement shows x's type. Its result
// is a STRUCT with the field names below, which mapType sends as a
// regtype.

const (
	regTypeOIDField  = "pgway_regtype_oid"
	regTypeNameField = "pgway_regtype_name"
)

// regTypeFunction is pgway_regtype(oid, name).
func regTypeFunction() structUDF {
	return structUDF{result: regTypeStruct(), udf: udf{
		params: []duckdb.Type{duckdb.TYPE_INTEGER, duckdb.TYPE_VARCHAR},
		run: func(args []driver.Value) (any, error) {
			return map[string]any{regTypeOIDField: args[0].(int32), regTypeNameField: args[1].(string)}, nil
		},
	}}
}

// regTypeStruct returns the STRUCT type of pgway_regtype's result.
func regTypeStruct() duckdb.TypeInfo {
	oid, err := duckdb.NewStructEntry(typeInfo(duckdb.TYPE_INTEGER), regTypeOIDField)
	if err != nil {
		panic(err)
	}
	name, err := duckdb.NewStructEntry(varcharInfo, regTypeNameField)
	if err != nil {
		panic(err)
	}
	info, err := duckdb.NewStructInfo(oid, name)
	if err != nil {
		panic(err)
	}
	return info
}

// isRegTypeStruct reports whether t is the result type of pgway_regtype.
func isRegTypeStruct(t *logicalType) bool {
	return len(t.names) == 2 && t.names[0] == regTypeOIDField && t.names[1] == regTypeNameField
}

// toRegType converts pgway_regtype's STRUCT to a providers.RegType.
func toRegType(v any) (any, error) {
	s, ok := v.(structValue)
	if !ok || len(s.values) != 2 {
		return nil, fmt.Errorf("regtype value has type %T", v)
	}
	oid, ok1 := unsignedValue(s.values[0], 0xffffffff)
	name, ok2 := s.values[1].(string)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("regtype fields %v and %v", s.values[0], s.values[1])
	}
	return providers.RegType{OID: uint32(oid), Name: name}, nil
}
