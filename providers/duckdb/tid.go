package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// PostgreSQL clients that find no primary key, QGIS among them, identify
// the rows of a table by its system column ctid, of type tid: a block
// number and an offset in the block. DuckDB's counterpart is rowid, a
// BIGINT. The dialect turns ctid into pgway_ctid(rowid), whose result is a
// STRUCT with the field names below, and mapType sends such a STRUCT as a
// tid: block rowid / 65535, offset rowid % 65535 + 1. PostgreSQL's offsets
// start at 1, so the first row is (0,1) as in a new PostgreSQL table.
// Comparisons with a tid read the text '(block,offset)' into the STRUCT.

const (
	tidBlockField  = "pgway_tid_block"
	tidOffsetField = "pgway_tid_offset"
	// tidOffsets is the number of rows in a block: offsets 1 to 65535.
	tidOffsets = 0xffff
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
	return structUDF{result: tidStruct(), udf: udf{
		params: []duckdb.Type{duckdb.TYPE_BIGINT},
		run: func(args []driver.Value) (any, error) {
			rowid := args[0].(int64)
			if rowid < 0 || rowid/tidOffsets > 0xffffffff {
				return nil, fmt.Errorf("rowid %d does not fit in a tid", rowid)
			}
			return map[string]any{
				tidBlockField:  uint32(rowid / tidOffsets),
				tidOffsetField: uint16(rowid%tidOffsets + 1),
			}, nil
		},
	}}
}

// tidStruct returns the STRUCT type of pgway_ctid's result.
func tidStruct() duckdb.TypeInfo {
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
	return info
}

// tidFunction is pgway_tid(text), the cast of text to tid, which reads
// it as PostgreSQL's tidin does.
func tidFunction() structUDF {
	return structUDF{result: tidStruct(), udf: udf{
		params: []duckdb.Type{duckdb.TYPE_VARCHAR},
		run: func(args []driver.Value) (any, error) {
			text := args[0].(string)
			block, offset, ok := parseTID(text)
			if !ok {
				return nil, &providers.Error{Code: "22P02", Message: fmt.Sprintf("invalid input syntax for type tid: %q", text)}
			}
			return map[string]any{tidBlockField: block, tidOffsetField: offset}, nil
		},
	}}
}

// parseTID reads '(block,offset)' as PostgreSQL's tidin does: it scans
// up to the first ')' for the opening '(' and the ',' after it, reads each
// number as C's strtoul does, and wraps a negative block around 32 bits.
// Text before the numbers and after the ')' is ignored.
func parseTID(text string) (block uint32, offset uint16, ok bool) {
	var starts []int
	for i := 0; i < len(text) && len(starts) < 2 && text[i] != ')'; i++ {
		if text[i] == ',' || text[i] == '(' && len(starts) == 0 {
			starts = append(starts, i+1)
		}
	}
	if len(starts) < 2 {
		return 0, 0, false
	}
	blockText, _, _ := strings.Cut(text[starts[0]:], ",")
	offsetText, _, closed := strings.Cut(text[starts[1]:], ")")
	b, ok1 := strtoul(blockText)
	o, ok2 := strtoul(offsetText)
	switch {
	case !closed || !ok1 || !ok2 || o > 0xffff:
		return 0, 0, false
	case b <= 0xffffffff, b >= 1<<64-1<<31:
		// A negative block, such as -1, wraps when it fits in 32 bits.
		return uint32(b), uint16(o), true
	}
	return 0, 0, false
}

// strtoul reads all of text as C's strtoul in base 10 does: leading
// white space, a sign, then digits, with a minus sign negating the value
// modulo 2^64. Empty text is 0. It reports false for text with anything
// else or out of range.
func strtoul(text string) (uint64, bool) {
	if text == "" {
		// No digits: strtoul returns 0 and stops at the delimiter.
		return 0, true
	}
	digits := strings.TrimLeft(text, " \t\n\v\f\r")
	negative := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(strings.TrimPrefix(digits, "-"), "+")
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	if negative {
		n = -n
	}
	return n, true
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
