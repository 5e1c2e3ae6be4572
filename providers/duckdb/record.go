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
// types their own columns would have. A geometry field is EWKB with the
// SRID of its coordinate reference system, else with defaultSRID, so its
// text is the upper-case hexadecimal EWKB that PostGIS writes in a record.
// NOTE: the binary form gives a geometry field pgway's own geometry OID,
// even in a session whose catalog database gives geometry another OID.
func recordType(t *logicalType, defaultSRID int32) pgType {
	fields := make([]pgType, len(t.children))
	oids := make([]uint32, len(t.children))
	for i := range t.children {
		child := &t.children[i]
		switch {
		case child.id == bindings.TypeGeometry:
			fields[i] = geometryType(child.crs, defaultSRID)
		case isRowStruct(child):
			fields[i] = recordType(child, defaultSRID)
		default:
			fields[i] = mapType(child)
		}
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

// recordArrayType sends a LIST of unnamed STRUCTs as record[], each
// element as recordType sends a record.
func recordArrayType(child *logicalType) pgType {
	element := recordType(child, 0)
	return pgType{providers.RecordArrayOID, -1, -1, func(v any) (any, error) {
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("record array value has type %T", v)
		}
		out := make([]any, len(list))
		for i, value := range list {
			if value == nil {
				continue
			}
			record, err := element.convert(value)
			if err != nil {
				return nil, err
			}
			out[i] = record
		}
		return out, nil
	}}
}
