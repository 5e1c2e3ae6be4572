package proxy

import (
	"encoding/binary"

	"github.com/jackc/pgx/v5/pgtype"
)

// newTypeMap returns the pgtype map that encodes result values, with
// numeric's binary form as PostgreSQL's numeric_send writes it.
func newTypeMap() *pgtype.Map {
	m := pgtype.NewMap()
	numeric := &pgtype.Type{Name: "numeric", OID: pgtype.NumericOID, Codec: postgresNumericCodec{}}
	m.RegisterType(numeric)
	// The array type keeps the element type it was registered with, so
	// numeric[] must be registered again to use the new codec.
	m.RegisterType(&pgtype.Type{Name: "_numeric", OID: pgtype.NumericArrayOID,
		Codec: &pgtype.ArrayCodec{ElementType: numeric}})
	return m
}

// postgresNumericCodec is pgtype's numeric codec with the binary output
// of PostgreSQL. pgtype keeps base-10000 digit groups of zeros at either
// end (100.00 as the groups 0064 0000), which numeric_send strips.
type postgresNumericCodec struct {
	pgtype.NumericCodec
}

func (c postgresNumericCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	plan := c.NumericCodec.PlanEncode(m, oid, format, value)
	if plan == nil || format != pgtype.BinaryFormatCode {
		return plan
	}
	return strippedNumericPlan{plan}
}

// strippedNumericPlan runs a binary numeric plan and strips the zero
// digit groups of its output.
type strippedNumericPlan struct {
	pgtype.EncodePlan
}

func (p strippedNumericPlan) Encode(value any, buf []byte) ([]byte, error) {
	start := len(buf)
	out, err := p.EncodePlan.Encode(value, buf)
	if err != nil || out == nil {
		return out, err
	}
	return append(out[:start], stripNumericZeros(out[start:])...), nil
}

// numericSpecialSign marks the sign field of NaN and the infinities,
// which have no digits.
const numericSpecialSign = 0xC000

// stripNumericZeros returns the binary numeric src without zero digit
// groups at its start or end, as PostgreSQL's make_result stores it. A
// value without digits left is zero, of weight 0 and positive sign.
// src is returned unchanged when it is not a well-formed binary numeric.
func stripNumericZeros(src []byte) []byte {
	if len(src) < 8 {
		return src
	}
	ndigits := int(binary.BigEndian.Uint16(src[0:]))
	weight := int16(binary.BigEndian.Uint16(src[2:]))
	sign := binary.BigEndian.Uint16(src[4:])
	if len(src) != 8+2*ndigits || sign&numericSpecialSign == numericSpecialSign {
		return src
	}
	digits := src[8:]
	for len(digits) > 0 && digits[0] == 0 && digits[1] == 0 {
		digits = digits[2:]
		weight--
	}
	for len(digits) > 0 && digits[len(digits)-2] == 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-2]
	}
	if len(digits) == 0 {
		weight, sign = 0, 0
	}
	out := make([]byte, 8, 8+len(digits))
	binary.BigEndian.PutUint16(out[0:], uint16(len(digits)/2))
	binary.BigEndian.PutUint16(out[2:], uint16(weight))
	binary.BigEndian.PutUint16(out[4:], sign)
	copy(out[6:8], src[6:8]) // dscale
	return append(out, digits...)
}
