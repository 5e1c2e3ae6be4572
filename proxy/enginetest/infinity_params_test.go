package enginetest

import (
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// infinityParamCases bind infinity and -infinity as dates, timestamps
// and timestamps with time zone. In the extended protocol pgx sends them
// in the binary format, as the largest and smallest integer of the type.
var infinityParamCases = []divisionCase{
	{sql: "select $1::date, $2::date", args: []any{pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true},
		pgtype.Date{InfinityModifier: pgtype.NegativeInfinity, Valid: true}}},
	{sql: "select $1::timestamp, $2::timestamp", args: []any{pgtype.Timestamp{InfinityModifier: pgtype.Infinity, Valid: true},
		pgtype.Timestamp{InfinityModifier: pgtype.NegativeInfinity, Valid: true}}},
	{sql: "select $1::timestamptz, $2::timestamptz", args: []any{pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Valid: true},
		pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}}},
	{sql: "select $1::date > date '2024-01-01', isfinite($1::date)", args: []any{pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}}},
	{sql: "select $1::timestamptz < now()", args: []any{pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}}},
}

func TestInfinityParamsMatch(t *testing.T) {
	runZonedMatchCases(t, infinityParamCases)
}
