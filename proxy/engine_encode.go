package proxy

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/providers/geometry"
	"pgway/translate"
)

// decodeParams turns Bind's parameter values into the Go values that
// providers.Session.Execute accepts, using the statement's parameter
// types.
func (e *engine) decodeParams(st *preparedStatement, formatCodes []int16, values [][]byte) ([]any, error) {
	// PostgreSQL reports these as errors of the statement, and the
	// session goes on.
	if len(values) != len(st.paramOIDs) {
		return nil, errStatement("08P01", fmt.Sprintf("bind message supplies %d parameters, but prepared statement requires %d",
			len(values), len(st.paramOIDs)))
	}
	if len(formatCodes) > 1 && len(formatCodes) != len(values) {
		return nil, errStatement("08P01", fmt.Sprintf("bind message has %d parameter formats but %d parameters",
			len(formatCodes), len(values)))
	}
	args := make([]any, len(values))
	for i, src := range values {
		if src == nil {
			continue
		}
		format := int16(0)
		switch len(formatCodes) {
		case 1:
			format = formatCodes[0]
		case len(values):
			format = formatCodes[i]
		}
		arg, err := e.decodeParam(st.paramOIDs[i], format, src)
		var inputErr *pgError
		switch {
		case errors.As(err, &inputErr):
			return nil, inputErr
		case translate.AsError(err) != nil:
			// An input error of PostgreSQL's, such as one of interval input.
			inputErr := translate.AsError(err)
			return nil, errStatement(inputErr.Code, inputErr.Message)
		case err != nil && format == pgtype.BinaryFormatCode:
			return nil, binaryParamError(st.paramOIDs[i], i, src)
		case err != nil:
			return nil, errStatement("22P02", fmt.Sprintf("invalid value for parameter $%d: %v", i+1, err))
		}
		args[i] = arg
	}
	return args, nil
}

// binaryWidths are the lengths of the binary values of fixed-width types.
var binaryWidths = map[uint32]int{
	pgtype.BoolOID: 1, pgtype.Int2OID: 2, pgtype.Int4OID: 4, pgtype.Int8OID: 8, pgtype.OIDOID: 4,
	pgtype.Float4OID: 4, pgtype.Float8OID: 8, pgtype.DateOID: 4, pgtype.TimeOID: 8,
	pgtype.TimestampOID: 8, pgtype.TimestamptzOID: 8, pgtype.IntervalOID: 16, pgtype.UUIDOID: 16,
}

// binaryParamError returns PostgreSQL's error for the binary value src of
// parameter i that does not decode as type oid: a value shorter than its
// type's width runs out of message (08P01), any other is malformed
// (22P03). Both end the statement only.
func binaryParamError(oid uint32, i int, src []byte) *pgError {
	if width, fixed := binaryWidths[oid]; fixed && len(src) < width {
		return errStatement("08P01", "insufficient data left in message")
	}
	return errStatement("22P03", fmt.Sprintf("incorrect binary data format in bind parameter %d", i+1))
}

// decodeParam decodes one parameter. Types without a matching Go value in
// the provider interface are passed as their PostgreSQL text form, which
// the warehouse casts to the parameter's type.
func (e *engine) decodeParam(oid uint32, format int16, src []byte) (any, error) {
	var err error
	switch oid {
	case pgtype.BoolOID:
		var v bool
		err = e.types.Scan(oid, format, src, &v)
		return v, err
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		if format == pgtype.TextFormatCode {
			return integerInput(oid, string(src))
		}
		var v int64
		err = e.types.Scan(oid, format, src, &v)
		return v, err
	case pgtype.Float4OID, pgtype.Float8OID:
		if format == pgtype.TextFormatCode {
			return floatInput(oid, string(src))
		}
		var v float64
		err = e.types.Scan(oid, format, src, &v)
		return v, err
	case pgtype.ByteaOID:
		if format == pgtype.TextFormatCode {
			// PostgreSQL reads bytea's escape format as well as its hex
			// format, where pgtype reads only hex.
			data, inputErr := translate.DecodeByteaInput(string(src))
			if inputErr != nil {
				return nil, inputErr
			}
			return data, nil
		}
		var v []byte
		err = e.types.Scan(oid, format, src, &v)
		return v, err
	case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID, pgtype.TimeOID:
		if format == pgtype.TextFormatCode {
			// Read PostgreSQL's forms, such as Jan 5 2024 or a time zone
			// abbreviation, into text that pgtype and DuckDB read alike.
			if e.txStart.IsZero() {
				e.txStart = time.Now()
			}
			location := e.location
			if location == nil {
				location = time.UTC
			}
			text, inputErr := translate.DateTimeInput(string(src), dateTimeParamTypes[oid], e.settings.values["datestyle"],
				e.txStart.In(location).Round(time.Microsecond))
			if inputErr != nil {
				return nil, inputErr
			}
			src = []byte(text)
		}
		if oid == pgtype.TimeOID {
			break // decoded below, as text or binary
		}
		if text, ok := binaryInfinity(oid, src); ok && format == pgtype.BinaryFormatCode {
			return text, nil
		}
		var v time.Time
		err = e.types.Scan(oid, format, src, &v)
		if err != nil && format == pgtype.TextFormatCode && oid == pgtype.TimestamptzOID {
			// A timestamptz without an offset is local time in the
			// session's TimeZone.
			var local time.Time
			if e.types.Scan(pgtype.TimestampOID, format, src, &local) == nil {
				v, err = inLocation(local, e.location), nil
			}
		}
		if err != nil && format == pgtype.TextFormatCode && oid != pgtype.TimestamptzOID {
			// PostgreSQL reads a time zone in the input of a timestamp
			// and the time in the input of a date, and ignores them,
			// as when pgjdbc sends "2023-12-31 23:59:59.000001-05" for
			// a parameter whose type the server infers as timestamp.
			if trimmed, ok := withoutIgnoredFields(oid, src); ok && e.types.Scan(oid, format, trimmed, &v) == nil {
				err = nil
			}
		}
		if format == pgtype.TextFormatCode && (err != nil || !plainDateTime(v, src)) {
			// Other spellings, such as 2024-07-01T10:00, a time without
			// seconds, or infinity, go to the warehouse as text, which
			// its cast reads or rejects.
			return string(src), nil
		}
		return v, err
	}
	if oid == pgtype.IntervalOID && format == pgtype.TextFormatCode {
		return translate.IntervalInput(string(src))
	}
	if oid == pgtype.TimetzOID && format == pgtype.TextFormatCode {
		return translate.TimetzInput(string(src))
	}
	if format == pgtype.TextFormatCode {
		return string(src), nil
	}
	t, ok := e.types.TypeForOID(oid)
	if !ok {
		return nil, fmt.Errorf("binary format of type OID %d is not supported", oid)
	}
	value, err := t.Codec.DecodeValue(e.types, oid, format, src)
	if err != nil {
		return nil, err
	}
	text, err := e.types.Encode(oid, pgtype.TextFormatCode, value, nil)
	return string(text), err
}

// integerTypes names the integer types and gives their ranges, for
// integerInput.
var integerTypes = map[uint32]struct {
	name   string
	lo, hi int64
}{
	pgtype.Int2OID: {"smallint", math.MinInt16, math.MaxInt16},
	pgtype.Int4OID: {"integer", math.MinInt32, math.MaxInt32},
	pgtype.Int8OID: {"bigint", math.MinInt64, math.MaxInt64},
}

// integerInput reads a parameter of type int2, int4 or int8 in the text
// format as PostgreSQL's input functions do. White space around the
// number is allowed, and the errors are theirs.
func integerInput(oid uint32, text string) (int64, error) {
	t := integerTypes[oid]
	v, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	var numErr *strconv.NumError
	switch {
	case errors.As(err, &numErr) && numErr.Err == strconv.ErrRange, err == nil && (v < t.lo || v > t.hi):
		return 0, errStatement("22003", fmt.Sprintf("value %q is out of range for type %s", text, t.name))
	case err != nil:
		return 0, errStatement("22P02", fmt.Sprintf("invalid input syntax for type %s: %q", t.name, text))
	}
	return v, nil
}

// floatInput reads a parameter of type float4 or float8 in the text
// format as PostgreSQL's input functions do: white space around the
// number, NaN and Infinity are allowed, and a number that overflows, or
// underflows to zero, fails with 22003.
func floatInput(oid uint32, text string) (float64, error) {
	name, bits := "double precision", 64
	if oid == pgtype.Float4OID {
		name, bits = "real", 32
	}
	trimmed := strings.TrimSpace(text)
	number := trimmed
	mantissa, _, _ := strings.Cut(strings.ToLower(trimmed), "e")
	if hex, ok := translate.HexFloatInput(text); ok {
		// PostgreSQL 15 reads hexadecimal numbers such as 0x10 with strtod.
		number = hex
		mantissa, _, _ = strings.Cut(strings.ToLower(hex), "p")
	}
	v, err := strconv.ParseFloat(number, bits)
	var numErr *strconv.NumError
	switch {
	case strings.Contains(number, "_"):
		// Go reads underscores between digits, and PostgreSQL 15's strtod does not.
		return 0, errStatement("22P02", fmt.Sprintf("invalid input syntax for type %s: %q", name, text))
	case errors.As(err, &numErr) && numErr.Err == strconv.ErrRange,
		err == nil && v == 0 && strings.ContainsAny(mantissa, "123456789abcdef"):
		return 0, errStatement("22003", fmt.Sprintf("%q is out of range for type %s", trimmed, name))
	case err != nil:
		return 0, errStatement("22P02", fmt.Sprintf("invalid input syntax for type %s: %q", name, text))
	}
	return v, nil
}

// sendRow encodes one row in the requested formats and sends it.
func (e *engine) sendRow(columns []providers.Column, formats []int16, values []any) error {
	e.stmt.rows++
	row := make([][]byte, len(values))
	for i, v := range values {
		if v == nil {
			continue
		}
		encoded, err := e.encodeValue(columns[i].TypeOID, formats[i], v)
		if err != nil {
			return fmt.Errorf("encode column %q: %w", columns[i].Name, err)
		}
		if encoded == nil {
			encoded = []byte{}
		}
		row[i] = encoded
	}
	return e.s.client.send(&pgproto3.DataRow{Values: row})
}

// encodeValue encodes v with pgtype, except where pgtype's text output
// differs from PostgreSQL's.
func (e *engine) encodeValue(oid uint32, format int16, v any) ([]byte, error) {
	if raw, ok := v.(rawValue); ok {
		return raw, nil
	}
	if oid == geometry.OID {
		return encodeGeometry(format, v)
	}
	if record, ok := v.(providers.Record); ok {
		return e.encodeRecord(format, record)
	}
	if t, ok := v.(providers.RegType); ok {
		if format == pgtype.BinaryFormatCode {
			return binary.BigEndian.AppendUint32(nil, t.OID), nil
		}
		return []byte(t.Name), nil
	}
	if t, ok := v.(providers.TimeTZ); ok {
		return encodeTimeTZ(format, t), nil
	}
	if array, ok := v.(providers.MultiArray); ok {
		return e.encodeMultiArray(oid, format, array)
	}
	if elements, ok := v.([]any); ok && oid == providers.RecordArrayOID {
		return e.encodeRecordArray(format, elements)
	}
	if elements, ok := v.([]any); ok && oid == pgtype.TimetzArrayOID && format == pgtype.BinaryFormatCode {
		// pgtype has no timetz codec, so it cannot encode the array.
		return e.encodeBinaryArray(pgtype.TimetzOID, elements)
	}
	if elements, ok := v.([]any); ok && len(elements) == 0 && format == pgtype.BinaryFormatCode {
		// pgtype writes an empty array with one dimension of length 0,
		// where array_send writes none.
		if element, ok := e.arrayElementOID(oid); ok {
			return e.encodeBinaryArray(element, nil)
		}
	}
	if format == pgtype.TextFormatCode {
		if text, ok := postgresText(v, oid, e.location, e.floatDigits); ok {
			return []byte(text), nil
		}
		if elements, ok := v.([]any); ok {
			if element, ok := textArrayElements[oid]; ok {
				return e.encodeTextArray(element, elements)
			}
		}
	}
	return e.types.Encode(oid, format, v, nil)
}

// textArrayElements are the array types whose elements postgresText
// writes, by array OID.
var textArrayElements = map[uint32]uint32{
	pgtype.Float4ArrayOID:      pgtype.Float4OID,
	pgtype.Float8ArrayOID:      pgtype.Float8OID,
	pgtype.TimestamptzArrayOID: pgtype.TimestamptzOID,
	pgtype.TimeArrayOID:        pgtype.TimeOID,
	pgtype.TimetzArrayOID:      pgtype.TimetzOID,
	pgtype.IntervalArrayOID:    pgtype.IntervalOID,
}

// encodeTextArray writes a one-dimensional array as PostgreSQL's array_out
// does, each element as encodeValue writes it.
func (e *engine) encodeTextArray(element uint32, elements []any) ([]byte, error) {
	buf := []byte{'{'}
	for i, v := range elements {
		if i > 0 {
			buf = append(buf, ',')
		}
		if v == nil {
			buf = append(buf, "NULL"...)
			continue
		}
		text, err := e.encodeValue(element, pgtype.TextFormatCode, v)
		if err != nil {
			return nil, err
		}
		buf = appendArrayElement(buf, string(text))
	}
	return append(buf, '}'), nil
}

// encodeBinaryArray writes a one-dimensional array as PostgreSQL's
// array_send does: the number of dimensions, whether any element is NULL,
// the element type OID, the length and lower bound 1, then each element's
// length (-1 for NULL) and binary value.
func (e *engine) encodeBinaryArray(element uint32, elements []any) ([]byte, error) {
	return e.encodeBinaryMultiArray(element, providers.MultiArray{Dims: []int{len(elements)}, Elements: elements})
}

// encodeTimeTZ encodes a timetz as PostgreSQL's timetz_out and
// timetz_send do. The binary form is the microseconds since midnight as
// an int64, then the offset as an int32 in seconds west of UTC.
func encodeTimeTZ(format int16, t providers.TimeTZ) []byte {
	if format == pgtype.TextFormatCode {
		return []byte(t.String())
	}
	buf := binary.BigEndian.AppendUint64(nil, uint64(t.Microseconds))
	return binary.BigEndian.AppendUint32(buf, uint32(-t.Offset))
}

// appendArrayElement appends an array element, in double quotes when it
// is empty, reads as NULL, or contains a brace, comma, quote, backslash or
// white space.
func appendArrayElement(buf []byte, text string) []byte {
	if text != "" && !strings.EqualFold(text, "NULL") && !strings.ContainsAny(text, "{},\"\\ \t\n\r\v\f") {
		return append(buf, text...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(text); i++ {
		if text[i] == '"' || text[i] == '\\' {
			buf = append(buf, '\\')
		}
		buf = append(buf, text[i])
	}
	return append(buf, '"')
}

// encodeRecord encodes a record as PostgreSQL's record_out and record_send
// do. The text form is (a,b), NULL fields empty and fields quoted that
// need it. The binary form is the field count, then each field's type OID,
// length (-1 for NULL) and binary value.
func (e *engine) encodeRecord(format int16, r providers.Record) ([]byte, error) {
	if format == pgtype.BinaryFormatCode {
		buf := binary.BigEndian.AppendUint32(nil, uint32(len(r.Fields)))
		for i, v := range r.Fields {
			buf = binary.BigEndian.AppendUint32(buf, r.OIDs[i])
			if v == nil {
				buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32) // -1
				continue
			}
			field, err := e.encodeValue(r.OIDs[i], format, v)
			if err != nil {
				return nil, err
			}
			buf = binary.BigEndian.AppendUint32(buf, uint32(len(field)))
			buf = append(buf, field...)
		}
		return buf, nil
	}
	buf := []byte{'('}
	for i, v := range r.Fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		if v == nil {
			continue
		}
		field, err := e.encodeValue(r.OIDs[i], format, v)
		if err != nil {
			return nil, err
		}
		buf = appendRecordField(buf, string(field))
	}
	return append(buf, ')'), nil
}

// appendRecordField appends a record field, in double quotes when it is
// empty or contains a parenthesis, comma, quote, backslash or white space.
// Inside quotes, quotes and backslashes are doubled.
func appendRecordField(buf []byte, text string) []byte {
	if text != "" && !strings.ContainsAny(text, "(),\"\\ \t\n\r\v\f") {
		return append(buf, text...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(text); i++ {
		if text[i] == '"' || text[i] == '\\' {
			buf = append(buf, text[i])
		}
		buf = append(buf, text[i])
	}
	return append(buf, '"')
}

// encodeGeometry encodes EWKB as PostGIS sends geometry: the bytes in the
// binary format, upper-case hexadecimal in the text format.
func encodeGeometry(format int16, v any) ([]byte, error) {
	ewkb, ok := v.([]byte)
	if !ok {
		return nil, fmt.Errorf("geometry value has type %T", v)
	}
	if format == pgtype.BinaryFormatCode {
		return ewkb, nil
	}
	return []byte(strings.ToUpper(hex.EncodeToString(ewkb))), nil
}

// postgresText formats the values whose text form pgtype writes
// differently from PostgreSQL 15 with DateStyle ISO and IntervalStyle
// postgres, writing timestamptz in loc and floats with extra_float_digits
// set to floatDigits.
func postgresText(v any, oid uint32, loc *time.Location, floatDigits int) (string, bool) {
	switch x := v.(type) {
	case time.Time:
		if oid == pgtype.TimestamptzOID {
			return formatTimestamptz(x, loc), true
		}
	case pgtype.Time:
		// A time of day is never negative.
		return providers.FormatTimeOfDay(uint64(x.Microseconds)), true
	case []byte:
		// pgtype writes nothing for an empty bytea.
		if oid == pgtype.ByteaOID && len(x) == 0 {
			return `\x`, true
		}
	case pgtype.Interval:
		return providers.FormatInterval(x.Months, x.Days, x.Microseconds), true
	case float64:
		return providers.FormatFloat(x, 64, floatDigits), true
	case float32:
		return providers.FormatFloat(float64(x), 32, floatDigits), true
	}
	return "", false
}

// fourDigitOffset is an offset such as -1559, which pgtype reads as
// another offset than PostgreSQL.
var fourDigitOffset = regexp.MustCompile(`[+-][0-9]{4}$`)

// plainDateTime reports whether pgtype's reading v of a date or time
// parameter's text is PostgreSQL's: within the years whose microseconds
// since 1970 fit 64 bits, as providers bind a time, and without an
// offset of the form -1559.
func plainDateTime(v time.Time, src []byte) bool {
	return v.Year() >= -290000 && v.Year() <= 290000 && !fourDigitOffset.Match(src)
}

// ignoredZone is a time zone offset at the end of a timestamp's text.
var ignoredZone = regexp.MustCompile(`(?:[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?|Z)( BC)?$`)

// withoutIgnoredFields returns the text of a date or timestamp parameter
// without the fields that PostgreSQL ignores in the input of its type:
// the time zone of a timestamp, the time of a date.
func withoutIgnoredFields(oid uint32, src []byte) ([]byte, bool) {
	text := string(src)
	if oid == pgtype.DateOID {
		date, rest, ok := strings.Cut(text, " ")
		if !ok {
			return nil, false
		}
		// translate.DateTimeInput writes a date BC as DuckDB's
		// 0044-03-15 (BC).
		if strings.HasSuffix(rest, " BC") || strings.HasPrefix(rest, "(BC)") {
			date += " BC"
		}
		return []byte(date), true
	}
	loc := ignoredZone.FindStringSubmatchIndex(text)
	if loc == nil || !strings.Contains(text, ":") {
		return nil, false
	}
	trimmed := text[:loc[0]]
	if loc[2] >= 0 {
		trimmed += " BC"
	}
	return []byte(trimmed), true
}
