package duckdb

import (
	"database/sql/driver"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// epochFloatOverloads returns the overloads of pgway_epoch_float8(x),
// PostgreSQL 15's date_part('epoch', x) in double precision. PostgreSQL
// 15.18 returns an interval's epoch as float arithmetic field by field
// gives it, so 1 year 2 mons 3 days 04:05:06.789 is 37015506.789000005
// where the exact seconds as a double are 37015506.789. A time with time
// zone adds its zone's seconds after the division. The other types take
// one division of exact microseconds, as extract's numeric cast to
// double does.
func epochFloatOverloads() []duckdb.ScalarFunc {
	double := typeInfo(duckdb.TYPE_DOUBLE)
	add := func(fs []duckdb.ScalarFunc, t duckdb.Type, run func(v any) float64) []duckdb.ScalarFunc {
		return append(fs, udfSpec{params: []duckdb.TypeInfo{typeInfo(t)}, result: double,
			run: func(args []driver.Value) (any, error) { return run(args[0]), nil }})
	}
	var fs []duckdb.ScalarFunc
	for _, t := range []duckdb.Type{duckdb.TYPE_TIMESTAMP, duckdb.TYPE_TIMESTAMP_TZ} {
		fs = add(fs, t, func(v any) float64 { return float64(v.(time.Time).UnixMicro()) / 1e6 })
	}
	fs = add(fs, duckdb.TYPE_DATE, func(v any) float64 { return float64(v.(time.Time).Unix()) })
	fs = add(fs, duckdb.TYPE_TIME, func(v any) float64 {
		t := v.(time.Time)
		return float64(int64(t.Hour()*3600+t.Minute()*60+t.Second())*1e6+int64(t.Nanosecond()/1000)) / 1e6
	})
	fs = add(fs, duckdb.TYPE_TIME_TZ, func(v any) float64 {
		// Seconds since midnight in UTC: the time less its zone's offset,
		// subtracted after the division as PostgreSQL does.
		t := v.(time.Time)
		_, offset := t.Zone()
		local := int64(t.Hour()*3600+t.Minute()*60+t.Second())*1e6 + int64(t.Nanosecond()/1000)
		return float64(local)/1e6 - float64(offset)
	})
	fs = add(fs, duckdb.TYPE_INTERVAL, func(v any) float64 { return intervalEpochFloat(v.(duckdb.Interval)) })
	return fs
}

// intervalEpochFloat returns the epoch of iv as date_part returns it in
// PostgreSQL 15.18: the microseconds divided by a million, plus years of
// 365.25 days, months of 30 days and days of 86400 seconds, each added in
// double precision. The float64 conversions round
// each product, so that no fused multiply-add changes the result.
func intervalEpochFloat(iv duckdb.Interval) float64 {
	const secondsPerYear, secondsPerMonth, secondsPerDay = 365.25 * 86400, 30.0 * 86400, 86400.0
	result := float64(iv.Micros) / 1e6
	result += float64(secondsPerYear * float64(iv.Months/12))
	result += float64(secondsPerMonth * float64(iv.Months%12))
	result += float64(secondsPerDay * float64(iv.Days))
	return result
}
