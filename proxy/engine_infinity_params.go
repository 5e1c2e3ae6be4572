package proxy

import (
	"encoding/binary"
	"math"

	"github.com/jackc/pgx/v5/pgtype"
)

// binaryInfinity returns "infinity" or "-infinity" when src is the binary
// form of that value of a date, timestamp or timestamptz parameter, and
// ok false otherwise. PostgreSQL stores these as the largest and the
// smallest value of the type's integer, which time.Time cannot hold, so
// they go to the warehouse as text that its casts read.
func binaryInfinity(oid uint32, src []byte) (text string, ok bool) {
	switch {
	case oid == pgtype.DateOID && len(src) == 4:
		switch int32(binary.BigEndian.Uint32(src)) {
		case math.MaxInt32:
			return "infinity", true
		case math.MinInt32:
			return "-infinity", true
		}
	case (oid == pgtype.TimestampOID || oid == pgtype.TimestamptzOID) && len(src) == 8:
		switch int64(binary.BigEndian.Uint64(src)) {
		case math.MaxInt64:
			return "infinity", true
		case math.MinInt64:
			return "-infinity", true
		}
	}
	return "", false
}
