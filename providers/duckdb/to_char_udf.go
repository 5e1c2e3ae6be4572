package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // zone names resolve on hosts without a time zone database

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// pgway_to_char(value, template, zone, lc_time, lc_numeric, lc_monetary)
// is PostgreSQL's to_char for a date, a timestamp, a timestamp with time
// zone, an interval or a number, with the session's TimeZone as an IANA
// name and its locale settings. The DuckDB dialect calls it for every
// to_char(value, template) (translate/duckdb_tochar.go).

// toCharFunctions returns pgway_to_char for registerBuiltinFunctions.
func toCharFunctions() map[string][]duckdb.ScalarFunc {
	overload := func(value duckdb.Type, run func([]driver.Value) (any, error)) duckdb.ScalarFunc {
		params := []duckdb.TypeInfo{typeInfo(value), varcharInfo, varcharInfo, varcharInfo, varcharInfo, varcharInfo}
		return udfSpec{params: params, result: varcharInfo, run: run}
	}
	return map[string][]duckdb.ScalarFunc{
		"pgway_to_char": {
			overload(duckdb.TYPE_DATE, dateToChar),
			overload(duckdb.TYPE_TIMESTAMP, timestampToChar),
			overload(duckdb.TYPE_TIMESTAMP_TZ, timestampTZToChar),
			overload(duckdb.TYPE_INTERVAL, intervalToChar),
			// Numbers and every other type, which DuckDB binds here when no
			// other overload takes them without a cast. ANY passes a
			// DECIMAL with its own width and scale.
			overload(duckdb.TYPE_ANY, anyToChar),
		},
	}
}

func unsupportedToChar([]driver.Value) (any, error) {
	return nil, &providers.Error{Code: "0A000",
		Message: "to_char() of a value that is no number, date, time or interval is not supported on DuckDB"}
}

// DuckDB's infinite values, as the driver returns them: a timestamp of
// ±(2^63-1) microseconds, and the day counts next to the finite dates.
var (
	dateInfinity         = time.Date(5881580, time.July, 11, 0, 0, 0, 0, time.UTC)
	dateNegativeInfinity = time.Date(-5877641, time.June, 24, 0, 0, 0, 0, time.UTC)
)

func infiniteTimestamp(t time.Time) bool {
	micros := t.UnixMicro()
	return micros == math.MaxInt64 || micros == -math.MaxInt64
}

// timestampToChar formats a timestamp without time zone: TZ writes
// nothing and the offset is zero.
func timestampToChar(args []driver.Value) (any, error) {
	t, template := args[0].(time.Time), args[1].(string)
	if template == "" || infiniteTimestamp(t) {
		return nil, nil
	}
	return formatInLocale(newClockFields(t, false), template, args[3].(string))
}

// timestampTZToChar formats a timestamp with time zone in the session's
// zone, with that zone's abbreviation and offset at that instant.
func timestampTZToChar(args []driver.Value) (any, error) {
	t, template := args[0].(time.Time), args[1].(string)
	if template == "" || infiniteTimestamp(t) {
		return nil, nil
	}
	loc, err := loadZone(args[2].(string))
	if err != nil {
		return nil, err
	}
	return formatInLocale(newClockFields(t.In(loc), true), template, args[3].(string))
}

// dateToChar formats a date as PostgreSQL does: cast to timestamp with
// time zone, at midnight in the session's zone.
func dateToChar(args []driver.Value) (any, error) {
	d, template := args[0].(time.Time), args[1].(string)
	if template == "" || d.Equal(dateInfinity) || d.Equal(dateNegativeInfinity) {
		return nil, nil
	}
	loc, err := loadZone(args[2].(string))
	if err != nil {
		return nil, err
	}
	if !d.Before(timestampEnd) {
		return nil, errDateOutOfRange
	}
	midnight := localMidnight(d, loc)
	if midnight.Before(timestampStart) {
		return nil, errDateOutOfRange
	}
	return formatInLocale(newClockFields(midnight, true), template, args[3].(string))
}

// formatInLocale formats f with a to_char template in a session whose
// lc_time is lcTime, and fails with 0A000 where TM would translate names
// into another language than English.
func formatInLocale(f clockFields, template, lcTime string) (any, error) {
	text, localized := formatToChar(f, template)
	if localized && !englishTime(lcTime) {
		return nil, &providers.Error{Code: "0A000",
			Message: fmt.Sprintf("to_char() with TM under lc_time %q is not supported on DuckDB", lcTime),
			Hint:    "pgway writes month and day names in English only. Remove TM or set lc_time to C."}
	}
	return text, nil
}

// englishTime reports whether PostgreSQL writes English month and day
// names under the lc_time locale: C, POSIX, C.UTF-8 and en_US.
func englishTime(lcTime string) bool {
	language, _, _ := strings.Cut(lcTime, ".")
	switch language {
	case "", "C", "POSIX", "en_US":
		return true
	}
	return false
}

// PostgreSQL's timestamps start at 4714-11-24 BC (year -4713) and end
// before 294277-01-01, both in UTC. Casting a date outside them to
// timestamptz fails with errDateOutOfRange.
var (
	timestampStart    = time.Date(-4713, time.November, 24, 0, 0, 0, 0, time.UTC)
	timestampEnd      = time.Date(294277, time.January, 1, 0, 0, 0, 0, time.UTC)
	errDateOutOfRange = &providers.Error{Code: "22008", Message: "date out of range for timestamp"}
)

// localMidnight returns the instant of midnight at the start of date d in
// loc, as PostgreSQL 15 casts a date to timestamptz. Where a transition
// skips midnight or passes it twice, the later of the two candidate
// instants wins: a skipped midnight is read with the offset before the
// transition and a repeated one with the offset after it.
func localMidnight(d time.Time, loc *time.Location) time.Time {
	wall := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Unix()
	// Offsets are less than a day and transitions more than two days apart,
	// so the first transition after a day before is the only one near.
	dayBefore := time.Unix(wall-86400, 0).In(loc)
	_, before := dayBefore.Zone()
	_, end := dayBefore.ZoneBounds()
	if end.IsZero() {
		return time.Unix(wall-int64(before), 0).In(loc)
	}
	_, after := end.Zone()
	boundary := end.Unix()
	beforeTime, afterTime := wall-int64(before), wall-int64(after)
	switch {
	case beforeTime < boundary && afterTime < boundary:
		return time.Unix(beforeTime, 0).In(loc)
	case beforeTime >= boundary && afterTime >= boundary:
		return time.Unix(afterTime, 0).In(loc)
	}
	return time.Unix(max(beforeTime, afterTime), 0).In(loc)
}

// zones caches the locations that loadZone read, by name.
var zones sync.Map

// loadZone returns the location of an IANA zone name, which the proxy
// checked when the session set it.
func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &providers.Error{Code: "22023",
			Message: fmt.Sprintf("invalid value for parameter \"TimeZone\": %q", name), Err: err}
	}
	zones.Store(name, loc)
	return loc, nil
}
