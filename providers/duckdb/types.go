package duckdb

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// convertFunc turns a non-nil value read from DuckDB into a Go value that
// pgtype encodes for the column's PostgreSQL type.
type convertFunc func(v any) (any, error)

// pgType is the PostgreSQL side of a DuckDB type.
type pgType struct {
	oid     uint32
	typmod  int32
	size    int16
	convert convertFunc
}

// scalarTypes maps the DuckDB types that need no details. Unsigned
// integers go to the smallest PostgreSQL type that holds every value.
var scalarTypes = map[duckdb.Type]pgType{
	duckdb.TYPE_BOOLEAN:      {pgtype.BoolOID, -1, 1, identity},
	duckdb.TYPE_TINYINT:      {pgtype.Int2OID, -1, 2, widenInt},
	duckdb.TYPE_SMALLINT:     {pgtype.Int2OID, -1, 2, identity},
	duckdb.TYPE_INTEGER:      {pgtype.Int4OID, -1, 4, identity},
	duckdb.TYPE_BIGINT:       {pgtype.Int8OID, -1, 8, identity},
	duckdb.TYPE_UTINYINT:     {pgtype.Int2OID, -1, 2, widenInt},
	duckdb.TYPE_USMALLINT:    {pgtype.Int4OID, -1, 4, widenInt},
	duckdb.TYPE_UINTEGER:     {pgtype.Int8OID, -1, 8, widenInt},
	duckdb.TYPE_UBIGINT:      {pgtype.NumericOID, -1, -1, toNumeric},
	duckdb.TYPE_HUGEINT:      {pgtype.NumericOID, -1, -1, toNumeric},
	duckdb.TYPE_UHUGEINT:     {pgtype.NumericOID, -1, -1, toNumeric},
	duckdb.TYPE_BIGNUM:       {pgtype.NumericOID, -1, -1, toNumeric},
	duckdb.TYPE_FLOAT:        {pgtype.Float4OID, -1, 4, identity},
	duckdb.TYPE_DOUBLE:       {pgtype.Float8OID, -1, 8, identity},
	duckdb.TYPE_VARCHAR:      {pgtype.TextOID, -1, -1, identity},
	duckdb.TYPE_ENUM:         {pgtype.TextOID, -1, -1, identity},
	duckdb.TYPE_BLOB:         {pgtype.ByteaOID, -1, -1, identity},
	duckdb.TYPE_DATE:         {pgtype.DateOID, -1, 4, identity},
	duckdb.TYPE_TIME:         {pgtype.TimeOID, -1, 8, toTime},
	duckdb.TYPE_TIMESTAMP:    {pgtype.TimestampOID, -1, 8, identity},
	duckdb.TYPE_TIMESTAMP_S:  {pgtype.TimestampOID, -1, 8, identity},
	duckdb.TYPE_TIMESTAMP_MS: {pgtype.TimestampOID, -1, 8, identity},
	duckdb.TYPE_TIMESTAMP_NS: {pgtype.TimestampOID, -1, 8, identity},
	duckdb.TYPE_TIMESTAMP_TZ: {pgtype.TimestamptzOID, -1, 8, identity},
	duckdb.TYPE_INTERVAL:     {pgtype.IntervalOID, -1, 16, toInterval},
	duckdb.TYPE_UUID:         {pgtype.UUIDOID, -1, 16, toUUID},
}

// arrayOIDs maps an element type OID to the OID of its one-dimensional array.
var arrayOIDs = map[uint32]uint32{
	pgtype.BoolOID:        pgtype.BoolArrayOID,
	pgtype.Int2OID:        pgtype.Int2ArrayOID,
	pgtype.Int4OID:        pgtype.Int4ArrayOID,
	pgtype.Int8OID:        pgtype.Int8ArrayOID,
	pgtype.NumericOID:     pgtype.NumericArrayOID,
	pgtype.Float4OID:      pgtype.Float4ArrayOID,
	pgtype.Float8OID:      pgtype.Float8ArrayOID,
	pgtype.TextOID:        pgtype.TextArrayOID,
	pgtype.ByteaOID:       pgtype.ByteaArrayOID,
	pgtype.DateOID:        pgtype.DateArrayOID,
	pgtype.TimeOID:        pgtype.TimeArrayOID,
	pgtype.TimestampOID:   pgtype.TimestampArrayOID,
	pgtype.TimestamptzOID: pgtype.TimestamptzArrayOID,
	pgtype.IntervalOID:    pgtype.IntervalArrayOID,
	pgtype.UUIDOID:        pgtype.UUIDArrayOID,
}

// mapType returns the PostgreSQL type that a DuckDB column is sent as.
func mapType(info duckdb.TypeInfo) pgType {
	if info.Alias() == "JSON" {
		return pgType{pgtype.JSONBOID, -1, -1, jsonFromDecoded}
	}
	if t, ok := scalarTypes[info.InternalType()]; ok {
		return t
	}
	switch details := info.Details().(type) {
	case *duckdb.DecimalDetails:
		// PostgreSQL's numeric typmod packs precision and scale, offset by
		// the 4-byte varlena header.
		typmod := int32(details.Width)<<16 | int32(details.Scale) + 4
		return pgType{pgtype.NumericOID, typmod, -1, toNumeric}
	case *duckdb.ListDetails:
		return mapList(details.Child)
	case *duckdb.ArrayDetails:
		return mapList(details.Child)
	case *duckdb.StructDetails, *duckdb.MapDetails:
		return pgType{pgtype.JSONBOID, -1, -1, toJSON}
	}
	// TODO: TIME WITH TIME ZONE, BIT, UNION, VARIANT and extension types
	// are sent as text in Go's formatting. The matching PostgreSQL types
	// are timetz, varbit and jsonb.
	return pgType{pgtype.TextOID, -1, -1, formatAny}
}

// mapList maps a LIST or ARRAY to a one-dimensional PostgreSQL array when
// its elements map to a scalar type, and to jsonb otherwise.
func mapList(child duckdb.TypeInfo) pgType {
	element := mapType(child)
	arrayOID, ok := arrayOIDs[element.oid]
	if !ok {
		// TODO: lists of lists could be multidimensional arrays when every
		// inner list has the same length.
		return pgType{pgtype.JSONBOID, -1, -1, toJSON}
	}
	return pgType{arrayOID, -1, -1, func(v any) (any, error) {
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("list value has type %T", v)
		}
		out := make([]any, len(list))
		for i, item := range list {
			if item == nil {
				continue
			}
			converted, err := element.convert(item)
			if err != nil {
				return nil, err
			}
			out[i] = converted
		}
		return out, nil
	}}
}

func identity(v any) (any, error) { return v, nil }

func widenInt(v any) (any, error) {
	switch n := v.(type) {
	case int8:
		return int16(n), nil
	case uint8:
		return int16(n), nil
	case uint16:
		return int32(n), nil
	case uint32:
		return int64(n), nil
	}
	return nil, fmt.Errorf("integer value has type %T", v)
}

func toNumeric(v any) (any, error) {
	switch n := v.(type) {
	case uint64:
		return pgtype.Numeric{Int: new(big.Int).SetUint64(n), Valid: true}, nil
	case *big.Int:
		return pgtype.Numeric{Int: n, Valid: true}, nil
	case duckdb.Decimal:
		return pgtype.Numeric{Int: n.Value, Exp: -int32(n.Scale), Valid: true}, nil
	}
	return nil, fmt.Errorf("numeric value has type %T", v)
}

// toTime turns DuckDB's TIME, read as a time.Time on 0001-01-01, into
// microseconds since midnight.
func toTime(v any) (any, error) {
	t, ok := v.(time.Time)
	if !ok {
		return nil, fmt.Errorf("time value has type %T", v)
	}
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return pgtype.Time{Microseconds: t.Sub(midnight).Microseconds(), Valid: true}, nil
}

func toInterval(v any) (any, error) {
	i, ok := v.(duckdb.Interval)
	if !ok {
		return nil, fmt.Errorf("interval value has type %T", v)
	}
	return pgtype.Interval{Months: i.Months, Days: i.Days, Microseconds: i.Micros, Valid: true}, nil
}

func toUUID(v any) (any, error) {
	switch u := v.(type) {
	case []byte:
		if len(u) == 16 {
			return pgtype.UUID{Bytes: [16]byte(u), Valid: true}, nil
		}
	case duckdb.UUID:
		return pgtype.UUID{Bytes: u, Valid: true}, nil
	}
	return nil, fmt.Errorf("uuid value has type %T", v)
}

// jsonFromDecoded re-encodes a JSON value that the driver has already
// decoded.
//
// TODO: the driver decodes JSON numbers into float64, so integers beyond
// 2^53 and long decimals lose precision.
func jsonFromDecoded(v any) (any, error) {
	return toJSON(v)
}

// toJSON encodes a STRUCT, MAP or nested LIST as JSON text for jsonb.
func toJSON(v any) (any, error) {
	var b bytes.Buffer
	if err := writeJSONB(&b, jsonValue(v)); err != nil {
		return nil, fmt.Errorf("encode %T as JSON: %w", v, err)
	}
	return b.String(), nil
}

// writeJSONB writes v as PostgreSQL prints jsonb: object keys ordered by
// length and then bytewise, ", " between items and ": " after keys.
func writeJSONB(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case map[string]any:
		keys := slices.Collect(maps.Keys(x))
		slices.SortFunc(keys, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
		b.WriteByte('{')
		for i, key := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONString(b, key)
			b.WriteString(": ")
			if err := writeJSONB(b, x[key]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeJSONB(b, item); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case string:
		writeJSONString(b, x)
	default:
		doc, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(doc)
	}
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // the newline Encode appends
}

// jsonValue converts the driver's nested values to ones encoding/json
// writes as PostgreSQL would write them in jsonb.
func jsonValue(v any) any {
	switch x := v.(type) {
	case duckdb.OrderedMap:
		obj := make(map[string]any, x.Len())
		keys, values := x.Keys(), x.Values()
		for i, key := range keys {
			obj[fmt.Sprint(jsonValue(key))] = jsonValue(values[i])
		}
		return obj
	case duckdb.Map:
		obj := make(map[string]any, len(x))
		for key, value := range x {
			obj[fmt.Sprint(jsonValue(key))] = jsonValue(value)
		}
		return obj
	case map[string]any:
		obj := make(map[string]any, len(x))
		for key, value := range x {
			obj[key] = jsonValue(value)
		}
		return obj
	case []any:
		list := make([]any, len(x))
		for i, item := range x {
			list[i] = jsonValue(item)
		}
		return list
	case duckdb.Decimal:
		return json.Number(x.String())
	case *big.Int:
		return json.Number(x.String())
	case duckdb.UUID:
		return x.String()
	case duckdb.Interval:
		return fmt.Sprintf("%d months %d days %d microseconds", x.Months, x.Days, x.Micros)
	}
	return v
}

func formatAny(v any) (any, error) {
	return fmt.Sprint(v), nil
}

// describeColumns maps the result columns of a prepared statement.
func describeColumns(stmt *duckdb.Stmt) ([]providers.Column, []convertFunc, error) {
	count, err := stmt.ColumnCount()
	if err != nil {
		return nil, nil, err
	}
	columns := make([]providers.Column, count)
	converters := make([]convertFunc, count)
	for i := range count {
		name, err := stmt.ColumnName(i)
		if err != nil {
			return nil, nil, err
		}
		info, err := stmt.ColumnTypeInfo(i)
		if err != nil {
			return nil, nil, err
		}
		t := mapType(info)
		columns[i] = providers.Column{Name: name, TypeOID: t.oid, TypeModifier: t.typmod, TypeSize: t.size}
		converters[i] = t.convert
	}
	return columns, converters, nil
}

// paramOIDs maps the parameter types DuckDB inferred. A parameter DuckDB
// cannot infer is reported as text, and its value is bound as a string.
func paramOIDs(stmt *duckdb.Stmt) ([]uint32, error) {
	oids := make([]uint32, stmt.NumInput())
	for i := range oids {
		t, err := stmt.ParamType(i + 1)
		if err != nil {
			return nil, err
		}
		oids[i] = pgtype.TextOID
		if scalar, ok := scalarTypes[t]; ok {
			oids[i] = scalar.oid
		}
		if t == duckdb.TYPE_DECIMAL {
			oids[i] = pgtype.NumericOID
		}
	}
	return oids, nil
}
