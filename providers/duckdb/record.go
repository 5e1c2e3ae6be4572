package duckdb

import (
	"fmt"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// isRowStruct reports whether a STRUCT has no field names, as DuckDB's
// row(a, b), (a, b) and row() make. PostgreSQL's ROW constructor makes a
// record.
func isRowStruct(t *logicalType) bool {
	if t.id != bindings.TypeStruct {
		return false
	}
	for _, name := range t.names {
		if name != "" {
			return false
		}
	}
	return true
}

// recordType sends an unnamed STRUCT as a record whose fields have the
// types their own columns would have.
func recordType(t *logicalType) pgType {
	fields := make([]pgType, len(t.children))
	oids := make([]uint32, len(t.children))
	for i := range t.children {
		fields[i] = mapType(&t.children[i])
		oids[i] = fields[i].oid
	}
	return pgType{providers.RecordOID, -1, -1, func(v any) (any, error) {
		s, ok := v.(structValue)
		if !ok || len(s.values) != len(fields) {
			return nil, fmt.Errorf("record value has type %T", v)
		}
		values := make([]any, len(fields))
		for i, field := range fields {
			if s.values[i] == nil {
				continue
			}
			value, err := field.convert(s.values[i])
			if err != nil {
				return nil, err
			}
			values[i] = value
		}
		return providers.Record{Fields: values, OIDs: oids}, nil
	}}
}
