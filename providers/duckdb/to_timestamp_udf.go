package duckdb

import (
	"database/sql/driver"
	"fmt"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/translate"
)

// pgway_to_timestamp(text, template, zone, lc_time) and
// pgway_to_date(text, template, lc_time) are PostgreSQL 15's to_timestamp and to_date with a template.
// The DuckDB dialect calls them for every such call
// (translate/duckdb_tochar.go), and translate.ParseToTimestamp reads the
// text.

// toTimestampFunctions returns pgway_to_timestamp and pgway_to_date for
// registerBuiltinFunctions.
func toTimestampFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_to_timestamp": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, varcharInfo},
			result: typeInfo(duckdb.TYPE_TIMESTAMP_TZ), run: toTimestamp}},
		"pgway_to_date": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo},
			result: typeInfo(duckdb.TYPE_DATE), run: toDate}},
	}
}

// PostgreSQL's dates end with 5874897-12-31. DuckDB's timestamps end in
// 294247, before PostgreSQL's, which end before 294277-01-01 UTC.
var (
	dateEnd                = time.Date(5874898, time.January, 1, 0, 0, 0, 0, time.UTC)
	duckTimestampEnd       = time.Date(294247, time.January, 1, 0, 0, 0, 0, time.UTC)
	postgresEpoch          = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)
	errTimestampOutOfRange = &providers.Error{Code: "22008", Message: "timestamp out of range"}
)

func parseToTimestamp(input, template, lcTime string) (translate.ParsedTimestamp, error) {
	parsed, err := translate.ParseToTimestamp(input, template, englishTime(lcTime))
	if err != nil {
		return parsed, &providers.Error{Code: err.Code, Message: err.Message, Hint: err.Hint}
	}
	return parsed, nil
}

func toDate(args []driver.Value) (any, error) {
	input := args[0].(string)
	parsed, err := parseToTimestamp(input, args[1].(string), args[2].(string))
	if err != nil {
		return nil, err
	}
	wall := parsed.Wall
	day := time.Date(wall.Year(), wall.Month(), wall.Day(), 0, 0, 0, 0, time.UTC)
	if !parsed.InJulianRange || day.Before(timestampStart) || !day.Before(dateEnd) {
		return nil, &providers.Error{Code: "22008", Message: fmt.Sprintf("date out of range: %q", input)}
	}
	return day, nil
}

func toTimestamp(args []driver.Value) (any, error) {
	parsed, err := parseToTimestamp(args[0].(string), args[1].(string), args[3].(string))
	if err != nil {
		return nil, err
	}
	if !parsed.InJulianRange {
		return nil, errTimestampOutOfRange
	}
	var instant time.Time
	if parsed.HasOffset {
		instant = parsed.Wall.Add(-time.Duration(parsed.Offset) * time.Second)
	} else {
		loc, err := loadZone(args[2].(string))
		if err != nil {
			return nil, err
		}
		instant = localInstant(parsed.Wall, loc)
	}
	if parsed.Precision > 0 {
		instant = roundAwayFromPostgresEpoch(instant, parsed.Precision)
	}
	if instant.Before(timestampStart) || !instant.Before(timestampEnd) {
		return nil, errTimestampOutOfRange
	}
	if !instant.Before(duckTimestampEnd) {
		return nil, &providers.Error{Code: "0A000", Message: "to_timestamp() of a time after year 294246 is not supported on DuckDB"}
	}
	return instant.UTC(), nil
}

// roundAwayFromPostgresEpoch rounds t to digits fractional digits of a
// second, ties away from 2000-01-01, as PostgreSQL rounds a timestamp to
// a precision.
func roundAwayFromPostgresEpoch(t time.Time, digits int) time.Time {
	scale := int64(1)
	for range 6 - digits {
		scale *= 10
	}
	micros := t.Sub(postgresEpoch).Microseconds()
	negative := micros < 0
	if negative {
		micros = -micros
	}
	micros = (micros + scale/2) / scale * scale
	if negative {
		micros = -micros
	}
	return postgresEpoch.Add(time.Duration(micros) * time.Microsecond)
}

// localInstant returns the instant of the wall clock time wall (its
// fields, read in UTC) in loc, as PostgreSQL 15 resolves a local time.
// Where a transition skips the time or passes it twice, the later of the
// two candidate instants wins, as in localMidnight.
func localInstant(wall time.Time, loc *time.Location) time.Time {
	seconds := wall.Unix()
	nanos := time.Duration(wall.Nanosecond())
	// Offsets are less than a day and transitions more than two days apart,
	// so the first transition after a day before is the only one near.
	dayBefore := time.Unix(seconds-86400, 0).In(loc)
	_, before := dayBefore.Zone()
	_, end := dayBefore.ZoneBounds()
	at := func(unix int64) time.Time { return time.Unix(unix, 0).Add(nanos) }
	if end.IsZero() {
		return at(seconds - int64(before))
	}
	_, after := end.Zone()
	boundary := end.Unix()
	beforeTime, afterTime := seconds-int64(before), seconds-int64(after)
	switch {
	case beforeTime < boundary && afterTime < boundary:
		return at(beforeTime)
	case beforeTime >= boundary && afterTime >= boundary:
		return at(afterTime)
	}
	return at(max(beforeTime, afterTime))
}
