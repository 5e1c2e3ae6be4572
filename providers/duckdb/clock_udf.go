package duckdb

import (
	"database/sql/driver"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// volatileUDF is a function that DuckDB must call for every row, never
// folding it to a constant.
type volatileUDF struct{ udfSpec }

func (f volatileUDF) Config() duckdb.ScalarFuncConfig {
	config := f.udfSpec.Config()
	config.Volatile = true
	return config
}

// clockFunctions returns pgway_clock_timestamp, PostgreSQL's
// clock_timestamp(): the time at each call, which changes within a
// statement, and pgway_timeofday(zone), PostgreSQL's timeofday(): the
// same time as text in the IANA time zone zone.
func clockFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_timeofday": {volatileUDF{udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) {
				return timeOfDay(time.Now(), args[0].(string)), nil
			}}}},
		"pgway_clock_timestamp": {volatileUDF{udfSpec{result: typeInfo(duckdb.TYPE_TIMESTAMP_TZ),
			run: func([]driver.Value) (any, error) {
				// PostgreSQL's timestamps have microseconds.
				return time.Now().UTC().Truncate(time.Microsecond), nil
			}}}},
	}
}

// timeOfDay writes now as PostgreSQL 15's timeofday() does, with
// strftime's "%a %b %d %H:%M:%S.<microseconds> %Y %Z" in the zone of the
// IANA name zone, UTC when Go does not know the name.
func timeOfDay(now time.Time, zone string) string {
	location, err := time.LoadLocation(zone)
	if err != nil {
		location = time.UTC
	}
	return now.In(location).Format("Mon Jan 02 15:04:05.000000 2006 MST")
}
