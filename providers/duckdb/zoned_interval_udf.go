package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL adds the months and the days of an interval to a
// timestamptz in local time of the session's TimeZone, and then the
// microseconds. Each time it picks the UTC offset of the new local time
// as DetermineTimeZoneOffset does in PostgreSQL 15's datetime.c. In a
// repeated hour that is the offset after the transition. In a skipped
// hour it is the offset before it, which moves the time forward. DuckDB's ICU
// arithmetic keeps the offset the value had in a repeated hour and adds
// the parts in another order. The DuckDB dialect writes timestamptz plus
// or minus an interval with days or months as
//
//	pgway_timestamptz_pl_interval(ts, iv, zone)::timestamptz
//
// and such a generate_series as
//
//	unnest(pgway_timestamptz_series(start, stop, step, zone)::timestamptz[])
//
// The functions return the text of the values in UTC, so that infinity,
// which the driver cannot write as a timestamp, comes through too.

// maxTimestamptzSeries is the largest number of values that
// pgway_timestamptz_series returns, since it builds them as one list
// where PostgreSQL returns them one at a time.
const maxTimestamptzSeries = 10_000_000

var errTimestampRange = &providers.Error{Code: "22008", Message: "timestamp out of range"}

// errBeyondDuckDB is the error of a result that PostgreSQL's timestamps
// reach, up to 294276 AD, and DuckDB's do not, from 294247 AD on.
var errBeyondDuckDB = &providers.Error{Code: "0A000",
	Message: "a timestamp with time zone after 294246 AD is not supported on DuckDB"}

// maxWallMicros bounds the local times that addZonedInterval computes,
// a few days below the int64 range of microseconds, which DuckDB's
// timestamps end at.
const maxWallMicros = math.MaxInt64 - 3*usecsPerDay

// zonedIntervalFunctions returns the functions of this file by name, for
// registerBuiltinFunctions.
func zonedIntervalFunctions() map[string][]duckdb.ScalarFunc {
	timestampTZ, interval := typeInfo(duckdb.TYPE_TIMESTAMP_TZ), typeInfo(duckdb.TYPE_INTERVAL)
	return map[string][]duckdb.ScalarFunc{
		"pgway_timestamptz_pl_interval": {udfSpec{params: []duckdb.TypeInfo{timestampTZ, interval, varcharInfo},
			result: varcharInfo, run: timestamptzPlusInterval}},
		"pgway_timestamptz_series": {udfSpec{params: []duckdb.TypeInfo{timestampTZ, timestampTZ, interval, varcharInfo},
			result: mustTypeInfo(duckdb.NewListInfo(varcharInfo)), run: timestamptzSeries}},
	}
}

// timestamptzPlusInterval returns the text of args[0] + args[1] in the
// time zone named args[2].
func timestamptzPlusInterval(args []driver.Value) (any, error) {
	loc, err := loadZone(args[2].(string))
	if err != nil {
		return nil, err
	}
	source := args[0].(time.Time)
	if isInfiniteTimestamp(source) {
		return infinityText(source), nil
	}
	micros, err := addZonedInterval(source.UnixMicro(), args[1].(duckdb.Interval), loc)
	if err != nil {
		return nil, err
	}
	return utcTimestampText(micros), nil
}

// timestamptzSeries returns the texts of start, start + step, ... while
// they do not pass stop, as generate_series_timestamptz in PostgreSQL 15
// adds the step to the previous value.
func timestamptzSeries(args []driver.Value) (any, error) {
	loc, err := loadZone(args[3].(string))
	if err != nil {
		return nil, err
	}
	start, stop, step := args[0].(time.Time), args[1].(time.Time), args[2].(duckdb.Interval)
	sign := intervalSign(step)
	if sign == 0 {
		return nil, &providers.Error{Code: "22023", Message: "step size cannot equal zero"}
	}
	texts := []any{}
	current, finish := start.UnixMicro(), stop.UnixMicro()
	if isInfiniteTimestamp(start) || isInfiniteTimestamp(stop) {
		if (sign > 0 && current > finish) || (sign < 0 && current < finish) {
			return texts, nil
		}
		// PostgreSQL returns values without end here.
		return nil, &providers.Error{Code: "0A000",
			Message: "generate_series() of timestamps with time zone to or from infinity is not supported on DuckDB"}
	}
	for (sign > 0 && current <= finish) || (sign < 0 && current >= finish) {
		if len(texts) == maxTimestamptzSeries {
			return nil, &providers.Error{Code: "0A000", Message: fmt.Sprintf(
				"generate_series() of timestamps with time zone of more than %d values is not supported on DuckDB", maxTimestamptzSeries)}
		}
		texts = append(texts, utcTimestampText(current))
		if current, err = addZonedInterval(current, step, loc); err != nil {
			return nil, err
		}
	}
	return texts, nil
}

// intervalSign returns the sign of span as PostgreSQL compares intervals:
// a month is 30 days and a day 24 hours.
func intervalSign(span duckdb.Interval) int {
	total := big.NewInt(int64(span.Months))
	total.Mul(total, big.NewInt(daysPerMonth))
	total.Add(total, big.NewInt(int64(span.Days)))
	total.Mul(total, big.NewInt(usecsPerDay))
	total.Add(total, big.NewInt(span.Micros))
	return total.Sign()
}

// addZonedInterval adds span to the timestamp of micros microseconds
// since the epoch as timestamptz_pl_interval does in PostgreSQL 15. It
// adds the months in local time, cutting the day to the month's last
// day, then the days in local time, then the microseconds.
func addZonedInterval(micros int64, span duckdb.Interval, loc *time.Location) (int64, error) {
	if span.Months != 0 {
		local := time.UnixMicro(micros).In(loc)
		months := int64(local.Year())*12 + int64(local.Month()) - 1 + int64(span.Months)
		year, month := floorDivInt64(months, 12), time.Month(months-floorDivInt64(months, 12)*12+1)
		day := min(local.Day(), daysIn(int32(year), int32(month)))
		micros = zonedMicros(int(year), month, day, local, loc)
	}
	if span.Days != 0 {
		if micros < minTimestampMicros {
			return 0, errTimestampRange
		}
		if micros > maxWallMicros {
			return 0, errBeyondDuckDB
		}
		local := time.UnixMicro(micros).In(loc)
		micros = zonedMicros(local.Year(), local.Month(), local.Day()+int(span.Days), local, loc)
	}
	if micros < minTimestampMicros {
		return 0, errTimestampRange
	}
	if micros > maxWallMicros {
		return 0, errBeyondDuckDB
	}
	sum, ok := addInt64(micros, span.Micros)
	switch {
	case !ok && span.Micros > 0, ok && sum == math.MaxInt64:
		return 0, errBeyondDuckDB
	case !ok || sum < minTimestampMicros:
		return 0, errTimestampRange
	}
	return sum, nil
}

// zonedMicros returns the microseconds since the epoch of the local time
// in loc on the given day at the time of day of clock, with the UTC
// offset that PostgreSQL picks.
func zonedMicros(year int, month time.Month, day int, clock time.Time, loc *time.Location) int64 {
	wall := time.Date(year, month, day, clock.Hour(), clock.Minute(), clock.Second(), 0, time.UTC).Unix()
	offset := pgZoneOffset(wall, loc)
	seconds := wall - int64(offset)
	if seconds > maxWallMicros/1_000_000 {
		// Past DuckDB's range, which the caller reports.
		return math.MaxInt64
	}
	if seconds < minTimestampMicros/1_000_000-1 {
		return math.MinInt64
	}
	return seconds*1_000_000 + int64(clock.Nanosecond()/1000)
}

// pgZoneOffset returns the UTC offset in seconds that
// DetermineTimeZoneOffset picks for the local time wall, given in
// seconds since the epoch as if it were UTC. It finds the first
// transition after a day before wall. When wall read with both the
// offset before and the one after falls on one side of the transition,
// that side's offset wins. Otherwise the offset giving the later instant
// wins.
func pgZoneOffset(wall int64, loc *time.Location) int {
	prev := time.Unix(wall-86_400, 0).In(loc)
	_, before := prev.Zone()
	_, end := prev.ZoneBounds()
	if end.IsZero() {
		return before
	}
	_, after := end.In(loc).Zone()
	boundary := end.Unix()
	beforeTime, afterTime := wall-int64(before), wall-int64(after)
	switch {
	case beforeTime < boundary && afterTime < boundary:
		return before
	case beforeTime > boundary && afterTime >= boundary:
		return after
	case beforeTime > afterTime:
		return before
	}
	return after
}

func floorDivInt64(x, y int64) int64 {
	q := x / y
	if x%y != 0 && (x < 0) != (y < 0) {
		q--
	}
	return q
}

// utcTimestampText writes micros since the epoch as timestamptz text in
// UTC that DuckDB's cast reads, a year BC as 0044-03-15 (BC) 10:00:00+00.
func utcTimestampText(micros int64) string {
	t := time.UnixMicro(micros).UTC()
	year, era := t.Year(), ""
	if year <= 0 {
		year, era = 1-year, " (BC)"
	}
	return fmt.Sprintf("%04d-%02d-%02d%s %02d:%02d:%02d.%06d+00", year, int(t.Month()), t.Day(), era,
		t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)
}

func infinityText(t time.Time) string {
	if t.UnixMicro() == math.MaxInt64 {
		return "infinity"
	}
	return "-infinity"
}
