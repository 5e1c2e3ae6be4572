package proxy

import (
	"fmt"

	"github.com/jackc/pgx/v5/pgtype"
)

// bitsFromText converts a bit string that the warehouse sends as text,
// such as DuckDB's BIT, to PostgreSQL's bit or varbit value. Any other
// text fails, since it would not be the value whose type PostgreSQL
// described.
func bitsFromText(v any) (any, error) {
	text, ok := v.(string)
	if !ok {
		return v, nil
	}
	bits := pgtype.Bits{Bytes: make([]byte, (len(text)+7)/8), Len: int32(len(text)), Valid: true}
	for i, r := range text {
		switch r {
		case '1':
			bits.Bytes[i/8] |= 0x80 >> (i % 8)
		case '0':
		default:
			return nil, errStatement("XX000", fmt.Sprintf(
				"the warehouse returned %q where PostgreSQL's result type is a bit string", text))
		}
	}
	return bits, nil
}
