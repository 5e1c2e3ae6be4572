package duckdb

import (
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"
)

// PostgreSQL clients that find no primary key, QGIS among them, identify
// the rows of a table by its system column ctid, of type tid: a block
// number and an offset in the block. DuckDB's counterpart is rowid, a
// BIGINT. The dialect turns ctid into pgway_ctid(rowid), whose result is a
// STRUCT with the field names below, and mapType sends such a STRUCT as a
// tid: block rowid / 65536, offset rowid % 65536.

const (
	tidBlockField  = "pgway_tid_block"
	tidOffsetField = "pgway_tid_offset"
)

// structUDF is a udf whose result type has details, such as a STRUCT's
// fields.
type structUDF struct {
	udf
	result duckdb.TypeInfo
}

func (f structUDF) Config() duckdb.ScalarFuncConfig {
	config := duckdb.ScalarFuncConfig{ResultTypeInfo: f.result}
	for _, p := range f.params {
		config.InputTypeInfos = append(config.InputTypeInfos, typeInfo(p))
	}
	return config
}

// ctidFunction is pgway_ctid(rowid).
func ctidFunction() structUDF {
	block, err := duckdb.NewStructEntry(typeInfo(duckdb.TYPE_UINTEGER), tidBlockField)
	if err != nil {
		panic(err)
	}
	offset, err := duckdb.NewStructEntry(typeInfo(duckdb.TYPE_USMALLINT), tidOffsetField)
	if err != nil {
		panic(err)
	}
	info, err := duckdb.NewStructInfo(block, offset)
	if err != nil {
		panic(err)
	}
	return structUDF{result: info, udf: udf{
		params: []duckdb.Type{duckdb.TYPE_BIGINT},
		run: func(args []driver.Value) (any, error) {
			rowid := args[0].(int64)
			if rowid < 0 || rowid>>16 > 0xffffffff {
				return nil, fmt.Errorf("rowid %d does not fit in a tid", rowid)
			}
			return map[string]any{
				tidBlockField:  uint32(rowid >> 16),
				tidOffsetField: uint16(rowid & 0xffff),
			}, nil
		},
	}}
}

// isTIDStruct reports whether t is the result type of pgway_ctid.
func isTIDStruct(t *logicalType) bool {
	return len(t.names) == 2 && t.names[0] == tidBlockField && t.names[1] == tidOffsetField
}

// toTID converts pgway_ctid's STRUCT to the tid pgtype encodes.
func toTID(v any) (any, error) {
	s, ok := v.(structValue)
	if !ok || len(s.values) != 2 {
		return nil, fmt.Errorf("tid value has type %T", v)
	}
	block, ok1 := unsignedValue(s.values[0], 0xffffffff)
	offset, ok2 := unsignedValue(s.values[1], 0xffff)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("tid fields %v and %v", s.values[0], s.values[1])
	}
	return pgtype.TID{BlockNumber: uint32(block), OffsetNumber: uint16(offset), Valid: true}, nil
}

// unsignedValue returns an integer of the vector decoder's widened types
// when it is between 0 and limit.
func unsignedValue(v any, limit int64) (int64, bool) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int32:
		n = int64(x)
	case int16:
		n = int64(x)
	case uint32:
		n = int64(x)
	case uint16:
		n = int64(x)
	default:
		return 0, false
	}
	return n, n >= 0 && n <= limit
}
