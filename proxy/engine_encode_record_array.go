package proxy

import (
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// encodeRecordArray encodes a record[] as PostgreSQL's array_out and
// array_send do: {"(1,a)","(2,)"} in text, and in binary the array header
// with element type record, or no dimensions for an empty array.
func (e *engine) encodeRecordArray(format int16, elements []any) ([]byte, error) {
	if format == pgtype.TextFormatCode {
		return e.encodeTextArray(providers.RecordOID, elements)
	}
	if len(elements) == 0 {
		return e.encodeBinaryMultiArray(providers.RecordOID, providers.MultiArray{})
	}
	return e.encodeBinaryArray(providers.RecordOID, elements)
}
