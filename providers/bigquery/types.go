package bigquery

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/providers/geometry"
	"pgway/providers/jsonb"
)

// geographySRID is the SRID of BigQuery's GEOGRAPHY values, WGS 84.
const geographySRID = 4326

// numericScale is the scale of BigQuery's NUMERIC type, NUMERIC(38, 9).
const numericScale = 9

// bigNumericScale is the largest scale of BigQuery's BIGNUMERIC type.
const bigNumericScale = 38

// convertFunc turns a non-nil value from the RowIterator into a Go value
// that pgtype encodes for the column's PostgreSQL type.
type convertFunc func(v bigquery.Value) (any, error)

// pgType is the PostgreSQL side of a BigQuery column type.
type pgType struct {
	oid    uint32
	typmod int32
	size   int16
	// name is the type as PostgreSQL's format_type writes it.
	name    string
	convert convertFunc
}

// numericTypmod packs precision and scale into a numeric typmod, offset
// by the 4-byte varlena header as PostgreSQL does.
func numericTypmod(precision, scale int64) int32 {
	return int32(precision)<<16 | int32(scale) + 4
}

// mapField returns the PostgreSQL type that a BigQuery column is sent as.
// A scalar maps to its PostgreSQL type and an ARRAY of a scalar to the
// array of that type. A STRUCT (RECORD), an ARRAY of STRUCT and an ARRAY
// of JSON map to jsonb.
func mapField(f *bigquery.FieldSchema) pgType {
	if f.Type == bigquery.RecordFieldType || (f.Repeated && f.Type == bigquery.JSONFieldType) {
		return pgType{oid: pgtype.JSONBOID, typmod: -1, size: -1, name: "jsonb",
			convert: func(v bigquery.Value) (any, error) { return jsonbText(f, v) }}
	}
	scalar := mapScalar(f)
	if !f.Repeated {
		return scalar
	}
	return mapArray(f, scalar)
}

func mapScalar(f *bigquery.FieldSchema) pgType {
	switch f.Type {
	case bigquery.IntegerFieldType:
		return pgType{pgtype.Int8OID, -1, 8, "bigint", identity}
	case bigquery.FloatFieldType:
		return pgType{pgtype.Float8OID, -1, 8, "double precision", identity}
	case bigquery.BooleanFieldType:
		return pgType{pgtype.BoolOID, -1, 1, "boolean", identity}
	case bigquery.StringFieldType:
		return pgType{pgtype.TextOID, -1, -1, "text", identity}
	case bigquery.BytesFieldType:
		return pgType{pgtype.ByteaOID, -1, -1, "bytea", identity}
	case bigquery.NumericFieldType:
		precision, scale := int64(38), int64(numericScale)
		if f.Precision > 0 {
			precision, scale = f.Precision, f.Scale
		}
		return pgType{pgtype.NumericOID, numericTypmod(precision, scale), -1,
			fmt.Sprintf("numeric(%d,%d)", precision, scale), numericConverter(int32(scale), false)}
	case bigquery.BigNumericFieldType:
		if f.Precision > 0 {
			return pgType{pgtype.NumericOID, numericTypmod(f.Precision, f.Scale), -1,
				fmt.Sprintf("numeric(%d,%d)", f.Precision, f.Scale), numericConverter(int32(f.Scale), false)}
		}
		return pgType{pgtype.NumericOID, -1, -1, "numeric", numericConverter(bigNumericScale, true)}
	case bigquery.DateFieldType:
		return pgType{pgtype.DateOID, -1, 4, "date", convertDate}
	case bigquery.TimeFieldType:
		return pgType{pgtype.TimeOID, -1, 8, "time without time zone", convertTime}
	case bigquery.DateTimeFieldType:
		return pgType{pgtype.TimestampOID, -1, 8, "timestamp without time zone", convertDateTime}
	case bigquery.TimestampFieldType:
		return pgType{pgtype.TimestamptzOID, -1, 8, "timestamp with time zone", convertTimestamp}
	case bigquery.IntervalFieldType:
		return pgType{pgtype.IntervalOID, -1, 16, "interval", convertInterval}
	case bigquery.JSONFieldType:
		return pgType{pgtype.JSONBOID, -1, -1, "jsonb", convertJSON}
	case bigquery.GeographyFieldType:
		return pgType{geometry.OID, -1, -1, "geometry(Geometry,4326)", convertGeography}
	case bigquery.RangeFieldType:
		return pgType{pgtype.TextOID, -1, -1, "text", convertRange}
	}
	// A type this version does not know is sent as text, which fails
	// clearly when its values are not strings.
	return pgType{pgtype.TextOID, -1, -1, "text", identity}
}

// arrayOIDs maps an element type OID to the OID of its array type.
var arrayOIDs = map[uint32]uint32{
	pgtype.BoolOID:        pgtype.BoolArrayOID,
	pgtype.Int8OID:        pgtype.Int8ArrayOID,
	pgtype.NumericOID:     pgtype.NumericArrayOID,
	pgtype.Float8OID:      pgtype.Float8ArrayOID,
	pgtype.TextOID:        pgtype.TextArrayOID,
	pgtype.ByteaOID:       pgtype.ByteaArrayOID,
	pgtype.DateOID:        pgtype.DateArrayOID,
	pgtype.TimeOID:        pgtype.TimeArrayOID,
	pgtype.TimestampOID:   pgtype.TimestampArrayOID,
	pgtype.TimestamptzOID: pgtype.TimestamptzArrayOID,
	pgtype.IntervalOID:    pgtype.IntervalArrayOID,
}

// mapArray maps an ARRAY of a scalar. An ARRAY of GEOGRAPHY is sent as a
// text array of WKT, since pgway's geometry type has no array type.
func mapArray(f *bigquery.FieldSchema, element pgType) pgType {
	if element.oid == geometry.OID {
		element = pgType{pgtype.TextOID, -1, -1, "text", identity}
	}
	arrayOID := arrayOIDs[element.oid]
	t := pgType{oid: arrayOID, typmod: element.typmod, size: -1, name: element.name + "[]"}
	switch element.oid {
	case pgtype.BoolOID:
		t.convert = arrayOf[bool](element.convert)
	case pgtype.Int8OID:
		t.convert = arrayOf[int64](element.convert)
	case pgtype.Float8OID:
		t.convert = arrayOf[float64](element.convert)
	case pgtype.NumericOID:
		t.convert = arrayOf[pgtype.Numeric](element.convert)
	case pgtype.ByteaOID:
		t.convert = arrayOf[[]byte](element.convert)
	case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID:
		t.convert = arrayOf[time.Time](element.convert)
	case pgtype.TimeOID:
		t.convert = arrayOf[pgtype.Time](element.convert)
	case pgtype.IntervalOID:
		t.convert = arrayOf[pgtype.Interval](element.convert)
	default:
		t.convert = arrayOf[string](element.convert)
	}
	return t
}

// arrayOf converts an ARRAY's elements with convert into a []T, which
// pgtype encodes as a one-dimensional array. BigQuery returns no NULL
// elements, but an array with one is sent as a []any with nil for it.
func arrayOf[T any](convert convertFunc) convertFunc {
	return func(v bigquery.Value) (any, error) {
		items, ok := v.([]bigquery.Value)
		if !ok {
			return nil, fmt.Errorf("ARRAY value has type %T", v)
		}
		if slices.Contains(items, nil) {
			return arrayWithNulls(items, convert)
		}
		out := make([]T, len(items))
		for i, item := range items {
			converted, err := convert(item)
			if err != nil {
				return nil, err
			}
			element, ok := converted.(T)
			if !ok {
				return nil, fmt.Errorf("ARRAY element has type %T", converted)
			}
			out[i] = element
		}
		return out, nil
	}
}

func arrayWithNulls(items []bigquery.Value, convert convertFunc) (any, error) {
	out := make([]any, len(items))
	for i, item := range items {
		if item == nil {
			continue
		}
		converted, err := convert(item)
		if err != nil {
			return nil, err
		}
		out[i] = converted
	}
	return out, nil
}

func identity(v bigquery.Value) (any, error) { return v, nil }

// numericConverter converts NUMERIC and BIGNUMERIC values, which the
// client reads as *big.Rat, to a numeric with scale digits after the
// decimal point, or with as few as the value needs when trim is set.
func numericConverter(scale int32, trim bool) convertFunc {
	return func(v bigquery.Value) (any, error) {
		r, ok := v.(*big.Rat)
		if !ok {
			return nil, fmt.Errorf("NUMERIC value has type %T", v)
		}
		return ratNumeric(r, scale, trim), nil
	}
}

var ten = big.NewInt(10)

// ratNumeric rounds r half away from zero to scale decimal places.
func ratNumeric(r *big.Rat, scale int32, trim bool) pgtype.Numeric {
	scaled := new(big.Int).Mul(r.Num(), new(big.Int).Exp(ten, big.NewInt(int64(scale)), nil))
	quotient, remainder := new(big.Int).QuoRem(scaled, r.Denom(), new(big.Int))
	if remainder.Sign() != 0 {
		twice := new(big.Int).Mul(new(big.Int).Abs(remainder), big.NewInt(2))
		if twice.Cmp(r.Denom()) >= 0 {
			quotient.Add(quotient, big.NewInt(int64(r.Sign())))
		}
	}
	exp := -scale
	if trim {
		digit := new(big.Int)
		for exp < 0 {
			q, m := new(big.Int).QuoRem(quotient, ten, digit)
			if m.Sign() != 0 {
				break
			}
			quotient = q
			exp++
		}
	}
	return pgtype.Numeric{Int: quotient, Exp: exp, Valid: true}
}

func convertDate(v bigquery.Value) (any, error) {
	d, ok := v.(civil.Date)
	if !ok {
		return nil, fmt.Errorf("DATE value has type %T", v)
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), nil
}

func convertTime(v bigquery.Value) (any, error) {
	t, ok := v.(civil.Time)
	if !ok {
		return nil, fmt.Errorf("TIME value has type %T", v)
	}
	return pgtype.Time{Microseconds: timeMicros(t), Valid: true}, nil
}

func timeMicros(t civil.Time) int64 {
	return ((int64(t.Hour)*60+int64(t.Minute))*60+int64(t.Second))*1_000_000 + int64(t.Nanosecond)/1000
}

func convertDateTime(v bigquery.Value) (any, error) {
	dt, ok := v.(civil.DateTime)
	if !ok {
		return nil, fmt.Errorf("DATETIME value has type %T", v)
	}
	return dt.In(time.UTC), nil
}

func convertTimestamp(v bigquery.Value) (any, error) {
	t, ok := v.(time.Time)
	if !ok {
		return nil, fmt.Errorf("TIMESTAMP value has type %T", v)
	}
	return t.UTC(), nil
}

func convertInterval(v bigquery.Value) (any, error) {
	i, ok := v.(*bigquery.IntervalValue)
	if !ok {
		return nil, fmt.Errorf("INTERVAL value has type %T", v)
	}
	micros := ((int64(i.Hours)*60+int64(i.Minutes))*60+int64(i.Seconds))*1_000_000 +
		int64(i.SubSecondNanos)/1000
	return pgtype.Interval{Months: i.Years*12 + i.Months, Days: i.Days, Microseconds: micros, Valid: true}, nil
}

func convertJSON(v bigquery.Value) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("JSON value has type %T", v)
	}
	return jsonb.Normalize(s)
}

// convertGeography converts the WKT that the API returns for a GEOGRAPHY
// to EWKB with SRID 4326.
func convertGeography(v bigquery.Value) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("GEOGRAPHY value has type %T", v)
	}
	g, _, err := geometry.FromText(s)
	if err != nil {
		return nil, err
	}
	wkbData, err := geometry.ToWKB(g)
	if err != nil {
		return nil, err
	}
	return geometry.ToEWKB(wkbData, geographySRID)
}

// convertRange writes a RANGE as BigQuery prints it: [start, end), with
// UNBOUNDED for a missing bound.
func convertRange(v bigquery.Value) (any, error) {
	r, ok := v.(*bigquery.RangeValue)
	if !ok {
		return nil, fmt.Errorf("RANGE value has type %T", v)
	}
	return "[" + rangeBound(r.Start) + ", " + rangeBound(r.End) + ")", nil
}

func rangeBound(v bigquery.Value) string {
	switch b := v.(type) {
	case nil:
		return "UNBOUNDED"
	case civil.DateTime:
		return b.Date.String() + "T" + b.Time.String()
	case time.Time:
		return b.UTC().Format("2006-01-02 15:04:05.999999") + " UTC"
	case fmt.Stringer:
		return b.String()
	}
	return fmt.Sprint(v)
}

// mapSchema maps a result schema to the columns of a RowDescription and
// a converter per column.
func mapSchema(schema bigquery.Schema) ([]providers.Column, []convertFunc) {
	columns := make([]providers.Column, len(schema))
	converters := make([]convertFunc, len(schema))
	for i, f := range schema {
		t := mapField(f)
		columns[i] = providers.Column{Name: columnName(f.Name), TypeOID: t.oid, TypeModifier: t.typmod, TypeSize: t.size}
		converters[i] = t.convert
	}
	return columns, converters
}

// encodedColumnPrefix starts the alias that pgway's BigQuery dialect
// gives a result column whose PostgreSQL name BigQuery rejects, such as
// ?column? or a repeated name: the prefix, the column's position, an
// underscore and the PostgreSQL name in hexadecimal.
const encodedColumnPrefix = "_pgway_col"

// columnName returns the PostgreSQL name of a result column: the name
// encoded in a dialect's alias, else the name itself.
func columnName(name string) string {
	rest, ok := strings.CutPrefix(name, encodedColumnPrefix)
	if !ok {
		return name
	}
	_, encoded, ok := strings.Cut(rest, "_")
	if !ok {
		return name
	}
	decoded, err := hex.DecodeString(encoded)
	if err != nil {
		return name
	}
	return string(decoded)
}
