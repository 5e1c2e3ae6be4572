package proxy

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// encodeMultiArray encodes an array of more than one dimension, as
// PostgreSQL's array_out writes it in text, such as {{1,2},{3,4}}, or as
// its array_send writes it in binary. Each element is written as
// encodeValue writes a value of the array's element type.
func (e *engine) encodeMultiArray(oid uint32, format int16, array providers.MultiArray) ([]byte, error) {
	element, ok := e.arrayElementOID(oid)
	if !ok {
		return nil, fmt.Errorf("type %d is not an array type", oid)
	}
	size := 1
	for _, n := range array.Dims {
		size *= n
	}
	if size != len(array.Elements) {
		return nil, fmt.Errorf("array of dimensions %v has %d elements", array.Dims, len(array.Elements))
	}
	if format == pgtype.TextFormatCode {
		buf, _, err := e.appendTextDimension(nil, element, array, 0, 0)
		return buf, err
	}
	return e.encodeBinaryMultiArray(element, array)
}

// arrayElementOID returns the element type of the array type oid.
func (e *engine) arrayElementOID(oid uint32) (uint32, bool) {
	t, ok := e.types.TypeForOID(oid)
	if !ok {
		return 0, false
	}
	codec, ok := t.Codec.(*pgtype.ArrayCodec)
	if !ok {
		return 0, false
	}
	return codec.ElementType.OID, true
}

// appendTextDimension appends the elements of dimension level from
// array.Elements[next:] in braces, and returns the index of the next
// element.
func (e *engine) appendTextDimension(buf []byte, element uint32, array providers.MultiArray, level, next int) ([]byte, int, error) {
	buf = append(buf, '{')
	for i := range array.Dims[level] {
		if i > 0 {
			buf = append(buf, ',')
		}
		if level+1 < len(array.Dims) {
			var err error
			if buf, next, err = e.appendTextDimension(buf, element, array, level+1, next); err != nil {
				return nil, 0, err
			}
			continue
		}
		v := array.Elements[next]
		next++
		if v == nil {
			buf = append(buf, "NULL"...)
			continue
		}
		text, err := e.encodeValue(element, pgtype.TextFormatCode, v)
		if err != nil {
			return nil, 0, err
		}
		buf = appendArrayElement(buf, string(text))
	}
	return append(buf, '}'), next, nil
}

// encodeBinaryMultiArray writes the array as encodeBinaryArray writes a
// one-dimensional one, with the length and lower bound 1 of each
// dimension. An empty array has no dimensions, as in array_send.
func (e *engine) encodeBinaryMultiArray(element uint32, array providers.MultiArray) ([]byte, error) {
	if len(array.Elements) == 0 {
		array.Dims = nil
	}
	hasNull := uint32(0)
	for _, v := range array.Elements {
		if v == nil {
			hasNull = 1
		}
	}
	buf := binary.BigEndian.AppendUint32(nil, uint32(len(array.Dims)))
	buf = binary.BigEndian.AppendUint32(buf, hasNull)
	buf = binary.BigEndian.AppendUint32(buf, element)
	for _, n := range array.Dims {
		buf = binary.BigEndian.AppendUint32(buf, uint32(n))
		buf = binary.BigEndian.AppendUint32(buf, 1)
	}
	for _, v := range array.Elements {
		if v == nil {
			buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32) // -1
			continue
		}
		encoded, err := e.encodeValue(element, pgtype.BinaryFormatCode, v)
		if err != nil {
			return nil, err
		}
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(encoded)))
		buf = append(buf, encoded...)
	}
	return buf, nil
}
