package snowflakeemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// encodeChunk writes rows as one Arrow IPC stream in the layout Snowflake
// uses for each column type:
//
//   - fixed: Int64 holding the unscaled value when every value of the
//     chunk fits, else Decimal128
//   - real: Float64; text and semi-structured types: Utf8 (JSON text)
//   - date: Date32; time: Int64 nanoseconds (scale 9)
//   - timestamp_ntz and timestamp_ltz: Struct(epoch Int64, fraction Int32)
//   - timestamp_tz: Struct(epoch, fraction, timezone Int32), where timezone
//     is the UTC offset in minutes plus 1440
//   - binary: Binary; geography and geometry: Binary WKB, or Utf8 GeoJSON
//     unless the session's output format is WKB
//   - vector: FixedSizeList of Int32 or Float32
func encodeChunk(columns []resultColumn, rows [][]any, wkbOutput bool) ([]byte, error) {
	mem := memory.DefaultAllocator
	fields := make([]arrow.Field, len(columns))
	arrays := make([]arrow.Array, len(columns))
	defer func() {
		for _, a := range arrays {
			if a != nil {
				a.Release()
			}
		}
	}()
	for i, c := range columns {
		a, err := buildColumn(mem, c, rows, i, wkbOutput)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.name, err)
		}
		arrays[i] = a
		meta := arrow.NewMetadata([]string{"logicalType", "scale", "precision"},
			[]string{strings.ToUpper(c.typ.name), strconv.Itoa(c.typ.scale), strconv.Itoa(c.typ.precision)})
		fields[i] = arrow.Field{Name: c.name, Type: a.DataType(), Nullable: true, Metadata: meta}
	}
	schema := arrow.NewSchema(fields, nil)
	record := array.NewRecord(schema, arrays, int64(len(rows)))
	defer record.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	if err := w.Write(record); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func buildColumn(mem memory.Allocator, c resultColumn, rows [][]any, col int, wkbOutput bool) (arrow.Array, error) {
	switch c.typ.name {
	case "fixed":
		return buildFixed(mem, c.typ, rows, col)
	case "real":
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		return fill(b, rows, col, func(v any) error {
			f, err := toFloat(v)
			b.Append(f)
			return err
		})
	case "boolean":
		b := array.NewBooleanBuilder(mem)
		defer b.Release()
		return fill(b, rows, col, func(v any) error {
			x, ok := v.(bool)
			b.Append(x)
			return typeError(ok, v)
		})
	case "date":
		b := array.NewDate32Builder(mem)
		defer b.Release()
		return fill(b, rows, col, func(v any) error {
			t, ok := v.(time.Time)
			b.Append(arrow.Date32(int32(math.Floor(float64(t.Unix()) / 86400))))
			return typeError(ok, v)
		})
	case "time":
		b := array.NewInt64Builder(mem)
		defer b.Release()
		return fill(b, rows, col, func(v any) error {
			t, ok := v.(time.Time)
			midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
			b.Append(int64(t.Sub(midnight)))
			return typeError(ok, v)
		})
	case "timestamp_ntz", "timestamp_ltz", "timestamp_tz":
		return buildTimestamp(mem, c.typ.name == "timestamp_tz", rows, col)
	case "binary":
		b := array.NewBinaryBuilder(mem, arrow.BinaryTypes.Binary)
		defer b.Release()
		return fill(b, rows, col, func(v any) error {
			x, ok := v.([]byte)
			b.Append(x)
			return typeError(ok, v)
		})
	case "geography", "geometry":
		if wkbOutput {
			b := array.NewBinaryBuilder(mem, arrow.BinaryTypes.Binary)
			defer b.Release()
			return fill(b, rows, col, func(v any) error {
				x, ok := v.([]byte)
				b.Append(x)
				return typeError(ok, v)
			})
		}
		b := array.NewStringBuilder(mem)
		defer b.Release()
		return fill(b, rows, col, func(v any) error {
			text, err := geoJSON(v)
			b.Append(text)
			return err
		})
	case "vector":
		return buildVector(mem, c.typ, rows, col)
	}
	b := array.NewStringBuilder(mem)
	defer b.Release()
	return fill(b, rows, col, func(v any) error {
		text, err := textValue(v, c.typ.name)
		b.Append(text)
		return err
	})
}

// appender is an Arrow builder of any type.
type appender interface {
	AppendNull()
	NewArray() arrow.Array
}

func fill(b appender, rows [][]any, col int, add func(any) error) (arrow.Array, error) {
	for _, row := range rows {
		if row[col] == nil {
			b.AppendNull()
			continue
		}
		if err := add(row[col]); err != nil {
			return nil, err
		}
	}
	return b.NewArray(), nil
}

func typeError(ok bool, v any) error {
	if ok {
		return nil
	}
	return fmt.Errorf("unexpected value of type %T", v)
}

// unscaled returns the value of a fixed-point column as an integer times
// 10^-scale.
func unscaled(v any, scale int) (*big.Int, error) {
	switch x := v.(type) {
	case duckdb.Decimal:
		n := new(big.Int).Set(x.Value)
		for s := int(x.Scale); s < scale; s++ {
			n.Mul(n, big.NewInt(10))
		}
		return n, nil
	case *big.Int:
		return scaleUp(new(big.Int).Set(x), scale), nil
	case int8, int16, int32, int64, uint8, uint16, uint32:
		n, _ := strconv.ParseInt(fmt.Sprint(x), 10, 64)
		return scaleUp(big.NewInt(n), scale), nil
	case uint64:
		return scaleUp(new(big.Int).SetUint64(x), scale), nil
	}
	return nil, fmt.Errorf("unexpected number of type %T", v)
}

func scaleUp(n *big.Int, scale int) *big.Int {
	for range scale {
		n.Mul(n, big.NewInt(10))
	}
	return n
}

func buildFixed(mem memory.Allocator, typ sfType, rows [][]any, col int) (arrow.Array, error) {
	values := make([]*big.Int, len(rows))
	fitsInt64 := true
	for i, row := range rows {
		if row[col] == nil {
			continue
		}
		n, err := unscaled(row[col], typ.scale)
		if err != nil {
			return nil, err
		}
		values[i] = n
		fitsInt64 = fitsInt64 && n.IsInt64()
	}
	if fitsInt64 {
		b := array.NewInt64Builder(mem)
		defer b.Release()
		for _, n := range values {
			if n == nil {
				b.AppendNull()
			} else {
				b.Append(n.Int64())
			}
		}
		return b.NewArray(), nil
	}
	b := array.NewDecimal128Builder(mem, &arrow.Decimal128Type{Precision: int32(typ.precision), Scale: int32(typ.scale)})
	defer b.Release()
	for _, n := range values {
		if n == nil {
			b.AppendNull()
		} else {
			b.Append(decimal128.FromBigInt(n))
		}
	}
	return b.NewArray(), nil
}

func buildTimestamp(mem memory.Allocator, withZone bool, rows [][]any, col int) (arrow.Array, error) {
	fields := []arrow.Field{
		{Name: "epoch", Type: arrow.PrimitiveTypes.Int64},
		{Name: "fraction", Type: arrow.PrimitiveTypes.Int32},
	}
	if withZone {
		fields = append(fields, arrow.Field{Name: "timezone", Type: arrow.PrimitiveTypes.Int32})
	}
	b := array.NewStructBuilder(mem, arrow.StructOf(fields...))
	defer b.Release()
	epoch := b.FieldBuilder(0).(*array.Int64Builder)
	fraction := b.FieldBuilder(1).(*array.Int32Builder)
	for _, row := range rows {
		t, ok := row[col].(time.Time)
		if row[col] == nil {
			// AppendNull appends a NULL to each field too.
			b.AppendNull()
			continue
		}
		if !ok {
			return nil, typeError(ok, row[col])
		}
		b.Append(true)
		epoch.Append(t.Unix())
		fraction.Append(int32(t.Nanosecond()))
		if withZone {
			_, offset := t.Zone()
			b.FieldBuilder(2).(*array.Int32Builder).Append(int32(offset/60 + 1440))
		}
	}
	return b.NewArray(), nil
}

func buildVector(mem memory.Allocator, typ sfType, rows [][]any, col int) (arrow.Array, error) {
	element := arrow.DataType(arrow.PrimitiveTypes.Float32)
	if typ.vectorElement == "int" {
		element = arrow.PrimitiveTypes.Int32
	}
	b := array.NewFixedSizeListBuilder(mem, int32(typ.length), element)
	defer b.Release()
	for _, row := range rows {
		if row[col] == nil {
			b.AppendNull()
			continue
		}
		items, ok := row[col].([]any)
		if !ok || len(items) != typ.length {
			return nil, fmt.Errorf("unexpected vector value %v", row[col])
		}
		b.Append(true)
		for _, item := range items {
			f, err := toFloat(item)
			if err != nil {
				return nil, err
			}
			if typ.vectorElement == "int" {
				b.ValueBuilder().(*array.Int32Builder).Append(int32(f))
			} else {
				b.ValueBuilder().(*array.Float32Builder).Append(float32(f))
			}
		}
	}
	return b.NewArray(), nil
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		return strconv.ParseFloat(fmt.Sprint(x), 64)
	case duckdb.Decimal:
		f, _ := new(big.Float).SetInt(x.Value).Float64()
		return f / math.Pow10(int(x.Scale)), nil
	}
	return 0, fmt.Errorf("unexpected number of type %T", v)
}

// textValue formats a value for a text or semi-structured column as
// Snowflake does: VARIANT, OBJECT and ARRAY values as indented JSON.
func textValue(v any, typeName string) (string, error) {
	switch typeName {
	case "variant", "object", "array":
		if s, ok := v.(string); ok {
			var parsed any
			if err := json.Unmarshal([]byte(s), &parsed); err != nil {
				return "", fmt.Errorf("invalid JSON value: %w", err)
			}
			v = parsed
		}
		data, err := json.MarshalIndent(v, "", "  ")
		return string(data), err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999999"), nil
	case duckdb.Decimal:
		return x.String(), nil
	}
	return fmt.Sprint(v), nil
}

// geoJSON converts a WKB value to GeoJSON text, Snowflake's default
// output format for GEOGRAPHY.
func geoJSON(v any) (string, error) {
	data, ok := v.([]byte)
	if !ok {
		return "", typeError(ok, v)
	}
	g, err := wkb.Unmarshal(data)
	if err != nil {
		return "", err
	}
	text, err := json.Marshal(geoJSONObject(g))
	return string(text), err
}

// geoJSONObject returns the GeoJSON geometry object of g.
func geoJSONObject(g orb.Geometry) map[string]any {
	if c, ok := g.(orb.Collection); ok {
		members := make([]map[string]any, len(c))
		for i, member := range c {
			members[i] = geoJSONObject(member)
		}
		return map[string]any{"type": "GeometryCollection", "geometries": members}
	}
	return map[string]any{"type": g.GeoJSONType(), "coordinates": g}
}
