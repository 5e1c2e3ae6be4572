package proxy

import "github.com/jackc/pgx/v5/pgtype"

// dateTimeParamTypes are the type names that translate.DateTimeInput
// takes, by the OID of a parameter's type.
var dateTimeParamTypes = map[uint32]string{
	pgtype.DateOID:        "date",
	pgtype.TimeOID:        "time",
	pgtype.TimestampOID:   "timestamp",
	pgtype.TimestamptzOID: "timestamptz",
}
