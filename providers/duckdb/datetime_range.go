package duckdb

import (
	"time"

	"pgway/providers"
)

// DuckDB's dates reach beyond PostgreSQL 15's, from 4714-11-24 BC to
// 5874897-12-31, and its timestamps below 4714-11-24 BC. A result
// outside PostgreSQL's range, such as date '5874897-12-31' + 1 or
// to_timestamp(-3e11), fails with PostgreSQL's error as it is read.
var (
	firstPostgresDate = time.Date(-4713, time.November, 24, 0, 0, 0, 0, time.UTC)
	endPostgresDate   = time.Date(5874898, time.January, 1, 0, 0, 0, 0, time.UTC)
	// endPostgresTimestamp is past DuckDB's last timestamp, 294247-01-10.
	endPostgresTimestamp = time.Date(294277, time.January, 1, 0, 0, 0, 0, time.UTC)

	errDateRange = &providers.Error{Code: "22008", Message: "date out of range"}
)

// checkDateRange passes a date of PostgreSQL's range, or an infinity.
func checkDateRange(v any) (any, error) {
	if t, ok := v.(time.Time); ok && (t.Before(firstPostgresDate) || !t.Before(endPostgresDate)) {
		return nil, errDateRange
	}
	return v, nil
}

// checkTimestampRange passes a timestamp, with or without time zone, of
// PostgreSQL's range, or an infinity.
func checkTimestampRange(v any) (any, error) {
	if t, ok := v.(time.Time); ok && (t.Before(firstPostgresDate) || !t.Before(endPostgresTimestamp)) {
		return nil, errTimestampRange
	}
	return v, nil
}
