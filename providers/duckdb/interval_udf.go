package duckdb

import (
	"database/sql/driver"
	"math"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL's interval and timestamp functions that DuckDB lacks:
// justify_days, justify_hours, justify_interval and date_bin, written
// after PostgreSQL 15's timestamp.c.

const (
	daysPerMonth = 30
	usecsPerDay  = 86_400_000_000
)

var errIntervalRange = &providers.Error{Code: "22008", Message: "interval out of range"}

// daysToMonths moves every whole 30 days of span's day field into its
// month field, or fails as PostgreSQL does when the months leave int32.
func daysToMonths(span *duckdb.Interval) error {
	wholeMonths := span.Days / daysPerMonth
	span.Days -= wholeMonths * daysPerMonth
	months := int64(span.Months) + int64(wholeMonths)
	if months != int64(int32(months)) {
		return errIntervalRange
	}
	span.Months = int32(months)
	return nil
}

// alignTimeSignToDays moves one day between span's day and time fields
// when their signs differ, so that the time takes the sign of the days.
func alignTimeSignToDays(span *duckdb.Interval) {
	switch {
	case span.Days > 0 && span.Micros < 0:
		span.Micros += usecsPerDay
		span.Days--
	case span.Days < 0 && span.Micros > 0:
		span.Micros -= usecsPerDay
		span.Days++
	}
}

// justifyDays is PostgreSQL's justify_days: every 30 days become a month,
// and days take the sign of the months.
func justifyDays(args []driver.Value) (any, error) {
	span := args[0].(duckdb.Interval)
	if err := daysToMonths(&span); err != nil {
		return nil, err
	}
	switch {
	case span.Months > 0 && span.Days < 0:
		span.Days += daysPerMonth
		span.Months--
	case span.Months < 0 && span.Days > 0:
		span.Days -= daysPerMonth
		span.Months++
	}
	return span, nil
}

// justifyHours is PostgreSQL's justify_hours: every 24 hours become a
// day, and the time takes the sign of the days.
func justifyHours(args []driver.Value) (any, error) {
	span := args[0].(duckdb.Interval)
	wholeDays := span.Micros / usecsPerDay
	span.Micros -= wholeDays * usecsPerDay
	days := int64(span.Days) + wholeDays
	if days != int64(int32(days)) {
		return nil, errIntervalRange
	}
	span.Days = int32(days)
	alignTimeSignToDays(&span)
	return span, nil
}

// justifyInterval is PostgreSQL's justify_interval: justify_days and
// justify_hours together, with all three fields of one sign.
func justifyInterval(args []driver.Value) (any, error) {
	span := args[0].(duckdb.Interval)
	// Moving whole months out first keeps days within int32 when the
	// days and the time have the same sign.
	if span.Days > 0 && span.Micros > 0 || span.Days < 0 && span.Micros < 0 {
		if err := daysToMonths(&span); err != nil {
			return nil, err
		}
	}
	wholeDays := span.Micros / usecsPerDay
	span.Micros -= wholeDays * usecsPerDay
	span.Days += int32(wholeDays)

	if err := daysToMonths(&span); err != nil {
		return nil, err
	}
	switch {
	case span.Months > 0 && (span.Days < 0 || span.Days == 0 && span.Micros < 0):
		span.Days += daysPerMonth
		span.Months--
	case span.Months < 0 && (span.Days > 0 || span.Days == 0 && span.Micros > 0):
		span.Days -= daysPerMonth
		span.Months++
	}
	alignTimeSignToDays(&span)
	return span, nil
}

// minTimestampMicros is PostgreSQL's earliest timestamp, 4714-11-24 BC,
// in microseconds since 1970-01-01. PostgreSQL counts from 2000-01-01,
// 946684800 seconds later. Its end, 294277-01-01, lies beyond the int64
// range of microseconds since 1970.
const minTimestampMicros = -211813488000000000 + 946684800000000

// dateBin is PostgreSQL's date_bin(stride, source, origin) for
// timestamp and timestamptz: the start of the stride-long bin, counted
// from origin, that contains source.
func dateBin(args []driver.Value) (any, error) {
	stride := args[0].(duckdb.Interval)
	source, origin := args[1].(time.Time), args[2].(time.Time)
	if isInfiniteTimestamp(source) {
		// PostgreSQL returns it as it is, but the driver cannot write
		// an infinite timestamp as a function's result.
		return nil, &providers.Error{Code: "0A000",
			Message: "date_bin() of an infinite timestamp is not supported on DuckDB"}
	}
	if isInfiniteTimestamp(origin) {
		return nil, &providers.Error{Code: "22008", Message: "origin out of range"}
	}

	if stride.Months != 0 {
		return nil, &providers.Error{Code: "0A000",
			Message: "timestamps cannot be binned into intervals containing months or years"}
	}
	dayMicros := int64(stride.Days) * usecsPerDay
	if dayMicros/usecsPerDay != int64(stride.Days) {
		return nil, errIntervalRange
	}
	strideMicros, ok := addInt64(dayMicros, stride.Micros)
	if !ok {
		return nil, errIntervalRange
	}
	if strideMicros <= 0 {
		return nil, &providers.Error{Code: "22008", Message: "stride must be greater than zero"}
	}

	diff, ok := addInt64(source.UnixMicro(), -origin.UnixMicro())
	if !ok {
		return nil, errIntervalRange
	}
	remainder := diff % strideMicros
	result := origin.UnixMicro() + diff - remainder
	outOfRange := &providers.Error{Code: "22008", Message: "timestamp out of range"}
	if remainder < 0 {
		// Round toward the past, not toward the origin.
		if result, ok = addInt64(result, -strideMicros); !ok {
			return nil, outOfRange
		}
	}
	if result < minTimestampMicros {
		return nil, outOfRange
	}
	return time.UnixMicro(result).In(source.Location()), nil
}

// isInfiniteTimestamp reports whether t is DuckDB's infinity, the
// largest int64 of microseconds, or -infinity, its negation.
func isInfiniteTimestamp(t time.Time) bool {
	micros := t.UnixMicro()
	return micros == math.MaxInt64 || micros == -math.MaxInt64
}

// addInt64 returns x + y and whether the sum fits int64.
func addInt64(x, y int64) (int64, bool) {
	sum := x + y
	return sum, (sum > x) == (y > 0)
}
