package duckdb

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"
	"unsafe"

	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// vector is one column of a fetched DuckDB data chunk. The C API hands
// out flat vectors: a data array with one fixed-size entry per row and a
// validity bit mask that is nil when no row is NULL. Its memory belongs to
// the chunk and is valid until the chunk is destroyed.
type vector struct {
	t        *logicalType
	data     unsafe.Pointer
	validity unsafe.Pointer
	// children are the element vector of LIST and ARRAY, the key and
	// value vectors of MAP and the field vectors of STRUCT.
	children []vector
}

func loadVector(v bindings.Vector, t *logicalType) vector {
	out := vector{t: t, data: bindings.VectorGetData(v), validity: bindings.VectorGetValidity(v)}
	switch t.id {
	case bindings.TypeList:
		out.children = []vector{loadVector(bindings.ListVectorGetChild(v), &t.children[0])}
	case bindings.TypeArray:
		out.children = []vector{loadVector(bindings.ArrayVectorGetChild(v), &t.children[0])}
	case bindings.TypeMap:
		// A MAP is stored as a LIST of STRUCT(key, value).
		entries := bindings.ListVectorGetChild(v)
		out.children = []vector{
			loadVector(bindings.StructVectorGetChild(entries, 0), &t.children[0]),
			loadVector(bindings.StructVectorGetChild(entries, 1), &t.children[1]),
		}
	case bindings.TypeStruct:
		out.children = make([]vector, len(t.children))
		for i := range t.children {
			out.children[i] = loadVector(bindings.StructVectorGetChild(v, bindings.IdxT(i)), &t.children[i])
		}
	}
	return out
}

func (v *vector) valid(row int) bool {
	if v.validity == nil {
		return true
	}
	word := *(*uint64)(unsafe.Add(v.validity, row/64*8))
	return word>>(row%64)&1 == 1
}

// at returns a pointer to entry row of a data array of size-byte entries.
func (v *vector) at(row, size int) unsafe.Pointer {
	return unsafe.Add(v.data, row*size)
}

func get[T any](v *vector, row int) T {
	var zero T
	return *(*T)(v.at(row, int(unsafe.Sizeof(zero))))
}

// value decodes row of v into the Go value that pgtype encodes for the
// PostgreSQL type that mapType gives, or nil for NULL.
func (v *vector) value(row int) (any, error) {
	if !v.valid(row) {
		return nil, nil
	}
	switch v.t.id {
	case bindings.TypeBoolean:
		return get[bool](v, row), nil
	case bindings.TypeTinyInt:
		return int16(get[int8](v, row)), nil
	case bindings.TypeSmallInt:
		return get[int16](v, row), nil
	case bindings.TypeInteger:
		return get[int32](v, row), nil
	case bindings.TypeBigInt:
		return get[int64](v, row), nil
	case bindings.TypeUTinyInt:
		return int16(get[uint8](v, row)), nil
	case bindings.TypeUSmallInt:
		return int32(get[uint16](v, row)), nil
	case bindings.TypeUInteger:
		return int64(get[uint32](v, row)), nil
	case bindings.TypeUBigInt:
		return numeric(new(big.Int).SetUint64(get[uint64](v, row)), 0), nil
	case bindings.TypeHugeInt:
		return numeric(hugeint(get[[2]uint64](v, row)), 0), nil
	case bindings.TypeUHugeInt:
		return numeric(uhugeint(get[[2]uint64](v, row)), 0), nil
	case bindings.TypeFloat:
		return get[float32](v, row), nil
	case bindings.TypeDouble:
		return get[float64](v, row), nil
	case bindings.TypeVarchar:
		return string(v.bytes(row)), nil
	case bindings.TypeBlob, bindings.TypeGeometry:
		// Not nil when empty, which pgtype would send as NULL.
		return append([]byte{}, v.bytes(row)...), nil
	case bindings.TypeDecimal:
		return v.decimal(row), nil
	case bindings.TypeEnum:
		return v.enum(row), nil
	case bindings.TypeUUID:
		return uuid(get[[2]uint64](v, row)), nil
	case bindings.TypeInterval:
		i := get[struct {
			months, days int32
			micros       int64
		}](v, row)
		return pgtype.Interval{Months: i.months, Days: i.days, Microseconds: i.micros, Valid: true}, nil
	case bindings.TypeTimeTZ:
		return timeTZ(get[uint64](v, row)), nil
	case bindings.TypeBit:
		return formatBit(v.bytes(row)), nil
	case bindings.TypeList, bindings.TypeArray, bindings.TypeMap, bindings.TypeStruct:
		return v.nested(row)
	}
	if value, ok := v.temporal(row); ok {
		return value, nil
	}
	return nil, &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("pgway cannot send values of DuckDB type id %d", v.t.id),
		Hint:    "Cast the column to VARCHAR."}
}

// temporal decodes the date, time and timestamp types.
func (v *vector) temporal(row int) (any, bool) {
	switch v.t.id {
	case bindings.TypeDate:
		return date(get[int32](v, row)), true
	case bindings.TypeTime:
		return pgtype.Time{Microseconds: get[int64](v, row), Valid: true}, true
	case bindings.TypeTimeNS:
		return pgtype.Time{Microseconds: get[int64](v, row) / 1000, Valid: true}, true
	case bindings.TypeTimestamp:
		return timestamp(get[int64](v, row), time.Microsecond, false), true
	case bindings.TypeTimestampS:
		return timestamp(get[int64](v, row), time.Second, false), true
	case bindings.TypeTimestampMS:
		return timestamp(get[int64](v, row), time.Millisecond, false), true
	case bindings.TypeTimestampNS:
		return timestamp(get[int64](v, row), time.Nanosecond, false), true
	case bindings.TypeTimestampTZ:
		return timestamp(get[int64](v, row), time.Microsecond, true), true
	case bindings.TypeTimestampTZNS:
		return timestamp(get[int64](v, row), time.Nanosecond, true), true
	}
	return nil, false
}

// bytes returns the VARCHAR or BLOB at row without copying. A duckdb_string_t
// is 16 bytes: a uint32 length, then the string itself when it fits in 12
// bytes, else a 4-byte prefix and a pointer to the string.
func (v *vector) bytes(row int) []byte {
	p := v.at(row, 16)
	n := *(*uint32)(p)
	if n <= 12 {
		return unsafe.Slice((*byte)(unsafe.Add(p, 4)), n)
	}
	return unsafe.Slice(*(**byte)(unsafe.Add(p, 8)), n)
}

func (v *vector) decimal(row int) pgtype.Numeric {
	var n *big.Int
	switch v.t.storage {
	case bindings.TypeSmallInt:
		n = big.NewInt(int64(get[int16](v, row)))
	case bindings.TypeInteger:
		n = big.NewInt(int64(get[int32](v, row)))
	case bindings.TypeBigInt:
		n = big.NewInt(get[int64](v, row))
	default:
		n = hugeint(get[[2]uint64](v, row))
	}
	return numeric(n, -int32(v.t.scale))
}

func (v *vector) enum(row int) string {
	var i uint64
	switch v.t.storage {
	case bindings.TypeUTinyInt:
		i = uint64(get[uint8](v, row))
	case bindings.TypeUSmallInt:
		i = uint64(get[uint16](v, row))
	default:
		i = uint64(get[uint32](v, row))
	}
	return v.t.dictionary[i]
}

// nested decodes LIST and ARRAY to []any, MAP to orderedMap and STRUCT to
// structValue.
func (v *vector) nested(row int) (any, error) {
	var offset, length int
	switch v.t.id {
	case bindings.TypeStruct:
		fields := make([]any, len(v.children))
		for i := range v.children {
			value, err := v.children[i].value(row)
			if err != nil {
				return nil, err
			}
			fields[i] = value
		}
		return structValue{names: v.t.names, values: fields}, nil
	case bindings.TypeArray:
		offset, length = row*v.t.arraySize, v.t.arraySize
	default:
		entry := get[[2]uint64](v, row)
		offset, length = int(entry[0]), int(entry[1])
	}
	if v.t.id == bindings.TypeMap {
		m := orderedMap{keys: make([]any, length), values: make([]any, length)}
		for i := range length {
			var err error
			if m.keys[i], err = v.children[0].value(offset + i); err != nil {
				return nil, err
			}
			if m.values[i], err = v.children[1].value(offset + i); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	list := make([]any, length)
	for i := range length {
		value, err := v.children[0].value(offset + i)
		if err != nil {
			return nil, err
		}
		list[i] = value
	}
	return list, nil
}

// structValue is a decoded STRUCT: field names and values in order.
type structValue struct {
	names  []string
	values []any
}

// orderedMap is a decoded MAP, keys in their stored order.
type orderedMap struct {
	keys, values []any
}

func numeric(n *big.Int, exp int32) pgtype.Numeric {
	return pgtype.Numeric{Int: n, Exp: exp, Valid: true}
}

// hugeint converts a two's-complement 128-bit integer stored as lower and
// upper 64-bit halves.
func hugeint(h [2]uint64) *big.Int {
	n := uhugeint(h)
	if int64(h[1]) < 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), 128))
	}
	return n
}

func uhugeint(h [2]uint64) *big.Int {
	n := new(big.Int).SetUint64(h[1])
	n.Lsh(n, 64)
	return n.Or(n, new(big.Int).SetUint64(h[0]))
}

// uuid converts DuckDB's UUID, a hugeint whose top bit is flipped so that
// UUIDs sort as their text does.
func uuid(h [2]uint64) pgtype.UUID {
	u := pgtype.UUID{Valid: true}
	upper := h[1] ^ 1<<63
	for i := range 8 {
		u.Bytes[i] = byte(upper >> (56 - 8*i))
		u.Bytes[8+i] = byte(h[0] >> (56 - 8*i))
	}
	return u
}

// date converts days since 1970-01-01. DuckDB stores infinity and
// -infinity as the largest and smallest int32 but one.
func date(days int32) any {
	switch days {
	case math.MaxInt32:
		return pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}
	case -math.MaxInt32:
		return pgtype.Date{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
	}
	return time.Unix(int64(days)*86400, 0).UTC()
}

// timestamp converts a count of unit since 1970-01-01 00:00:00 UTC. DuckDB
// stores infinity and -infinity as the largest and smallest int64 but one.
func timestamp(n int64, unit time.Duration, withZone bool) any {
	modifier := pgtype.Finite
	switch n {
	case math.MaxInt64:
		modifier = pgtype.Infinity
	case -math.MaxInt64:
		modifier = pgtype.NegativeInfinity
	}
	if modifier != pgtype.Finite {
		if withZone {
			return pgtype.Timestamptz{InfinityModifier: modifier, Valid: true}
		}
		return pgtype.Timestamp{InfinityModifier: modifier, Valid: true}
	}
	var t time.Time
	switch unit {
	case time.Second:
		t = time.Unix(n, 0)
	case time.Millisecond:
		t = time.UnixMilli(n)
	case time.Nanosecond:
		t = time.Unix(0, n)
	default:
		t = time.UnixMicro(n)
	}
	return t.UTC()
}

// timeTZ decodes DuckDB's TIME WITH TIME ZONE. The value packs
// microseconds since midnight in its upper 40 bits and, in the lower 24,
// the offset in seconds subtracted from 15:59:59, DuckDB's largest offset.
func timeTZ(bits uint64) providers.TimeTZ {
	const maxOffset = 16*3600 - 1
	return providers.TimeTZ{Microseconds: int64(bits >> 24), Offset: int32(maxOffset - int64(bits&(1<<24-1)))}
}

// formatBit writes a BIT value as its string of 0s and 1s. The first byte
// holds the number of padding bits at the start of the second.
func formatBit(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	var b strings.Builder
	for i, octet := range data[1:] {
		start := 0
		if i == 0 {
			start = int(data[0])
		}
		for bit := start; bit < 8; bit++ {
			b.WriteByte('0' + octet>>(7-bit)&1)
		}
	}
	return b.String()
}
