package translate

import "testing"

// TestDateTruncBelowDay checks that date_trunc of a timestamptz to a unit
// below a day keeps the UTC offset of the value, and that other units
// and types keep DuckDB's date_trunc.
func TestDateTruncBelowDay(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select date_trunc('hour', x::timestamptz) from t",
			`CASE WHEN isfinite(x::timestamptz) THEN x::timestamptz - (x::timestamptz::"timestamp" - ` +
				`date_trunc('hour', x::timestamptz::"timestamp")) ELSE x::timestamptz END`},
		{"select date_trunc('Minutes', x::timestamptz) from t", `date_trunc('Minutes', x::timestamptz::"timestamp")`},
		{"select date_trunc('milliseconds', now())", "- date_trunc('milliseconds', "},
		{"select date_trunc('hour', x::timestamptz, 'Asia/Kolkata') from t",
			"CASE WHEN isfinite(x::timestamptz::timestamptz) THEN x::timestamptz::timestamptz - (timezone('Asia/Kolkata', " +
				"x::timestamptz::timestamptz) - date_trunc('hour', timezone('Asia/Kolkata', x::timestamptz::timestamptz)))"},
		{"select date_trunc('day', x::timestamptz) from t", "SELECT date_trunc('day', x::timestamptz)"},
		{"select date_trunc('hour', x::timestamp) from t", "SELECT date_trunc('hour', x::timestamp)"},
		{"select date_trunc('day', x::timestamptz, 'UTC') from t",
			"timezone('UTC', date_trunc('day', timezone('UTC', x::timestamptz::timestamptz)))"},
		{"select date_trunc(u, x::timestamptz) from t", "SELECT date_trunc(u, x::timestamptz)"},
	})
}

// TestDateTruncOfTime checks that date_trunc of a time truncates it as
// an interval, the function PostgreSQL's resolution picks.
func TestDateTruncOfTime(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select date_trunc('hour', time '10:11:12')",
			"date_trunc('hour', to_microseconds(((hour('10:11:12'::time)::int8 * 3600000000) + " +
				"(minute('10:11:12'::time)::int8 * 60000000)) + microsecond('10:11:12'::time)::int8))"},
		{"select date_trunc('hour', interval '1 day 10:11:12')", "date_trunc('hour', '1 day 10:11:12'::interval)"},
	})
	for _, c := range []struct{ sql, unit string }{
		{"select date_trunc('week', time '10:11:12')", "week"},
		{"select date_trunc('Weeks', interval '1 day')", "weeks"},
		{"select date_trunc('w', x::interval) from t", "w"},
	} {
		_, err := translateDuckDB(t, c.sql)
		checkDateTimeError(t, c.sql, err, "0A000", `unit "`+c.unit+`" not supported for type interval`, 0)
	}
}

// TestTimestamptzToTime checks that a cast of a timestamptz to time takes
// the time of the timestamp in the session's time zone.
func TestTimestamptzToTime(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select x::timestamptz::time from t", `x::timestamptz::"timestamp"::time`},
		{"select now()::time", `::timestamptz::"timestamp"::time`},
		{"select x::timestamp::time from t", "SELECT x::timestamp::time"},
		{"select '10:00'::time", "SELECT '10:00'::time"},
	})
}

// TestAtTimeZoneFixedOffset checks AT TIME ZONE with an interval and with
// a POSIX offset, whose sign is the opposite of an interval's.
func TestAtTimeZoneFixedOffset(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select timestamptz '2024-03-05 12:00+00' at time zone interval '02:00'",
			"timezone('UTC', '2024-03-05 12:00+00'::timestamptz) + to_microseconds(7200000000)"},
		{"select timestamp '2024-03-05 12:00' at time zone interval '-02:30:10.5'",
			"timezone('UTC', '2024-03-05 12:00'::timestamp - to_microseconds(-9010000000))"},
		{"select x::timestamptz at time zone '+02:00' from t", "timezone('UTC', x::timestamptz) + to_microseconds(-7200000000)"},
		{"select x::timestamp at time zone '-2' from t", "timezone('UTC', x::timestamp - to_microseconds(7200000000))"},
		{"select x::date at time zone '00:30:15' from t", "timezone('UTC', x::date::timestamptz) + to_microseconds(-1815000000)"},
		{"select x::timestamptz at time zone 'UTC+2' from t", "timezone('UTC', x::timestamptz) + to_microseconds(-7200000000)"},
		{"select x::timestamptz at time zone 'gmt-3' from t", "timezone('UTC', x::timestamptz) + to_microseconds(10800000000)"},
		{"select x::timestamptz at time zone '<+0530>-5:30' from t", "timezone('UTC', x::timestamptz) + to_microseconds(19800000000)"},
		{"select x::timestamptz at time zone 'Europe/Paris' from t", "x::timestamptz AT TIME ZONE 'Europe/Paris'"},
		{"select x::timestamptz at time zone 'Etc/GMT+2' from t", "x::timestamptz AT TIME ZONE 'Etc/GMT+2'"},
		{"select x::timestamptz at time zone 'EST5EDT' from t", "x::timestamptz AT TIME ZONE 'EST5EDT'"},
		{"select x::timestamptz at time zone 'japan' from t", "x::timestamptz AT TIME ZONE 'japan'"},
		{"select x::timestamptz at time zone 'Z' from t", "timezone('UTC', x::timestamptz) + to_microseconds(0)"},
	})
	for _, c := range []struct {
		sql, code, message string
		position           int
	}{
		{"select timestamptz '2024-03-05 12:00+00' at time zone interval '-1 mon 2 days -02:00:00.5'",
			"22023", `interval time zone "-1 mons +2 days -02:00:00.5" must not include months or days`, 0},
		{"select x::timestamptz at time zone '+0230' from t", "22023", `time zone "+0230" not recognized`, 0},
		{"select timezone('CAT', x::timestamp) from t", "22023", `time zone "CAT" not recognized`, 0},
		{"select x::timestamptz at time zone 'EST+2EDT' from t", "0A000",
			`AT TIME ZONE "EST+2EDT" is not supported on this warehouse: it is a POSIX time zone with daylight saving time`, 36},
		{"select timestamptz '2024-03-05 12:00+00' at time zone interval '1 year 1 day'",
			"22023", `interval time zone "1 year 1 day" must not include months or days`, 0},
		{"select x::timestamptz at time zone y::interval from t",
			"0A000", "AT TIME ZONE with an interval that is not a plain constant is not supported on this warehouse", 37},
	} {
		_, err := translateDuckDB(t, c.sql)
		checkDateTimeError(t, c.sql, err, c.code, c.message, c.position)
	}
	_, err := translateDuckDB(t, "select x at time zone interval '1 hour' from t")
	if e := AsError(err); e == nil || e.Code != "0A000" {
		t.Errorf("AT TIME ZONE of a value of unknown type: %v, expected 0A000", err)
	}
}

// TestRangeStringOffsets checks that string constant offsets of a RANGE
// frame take the type PostgreSQL reads them as.
func TestRangeStringOffsets(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select count(*) over (order by d range between '1 day' preceding and current row) from t",
			`RANGE BETWEEN '1 day'::"interval" PRECEDING AND CURRENT ROW`},
		{"select count(*) over (order by x::date range between '1' preceding and '2 hours' following) from t",
			`RANGE BETWEEN '0 months 0 days 1000000 microseconds'::"interval" PRECEDING AND '2 hours'::"interval" FOLLOWING`},
		{"select count(*) over (order by x::int4 range between '1' preceding and current row) from t",
			"RANGE BETWEEN '1'::int4::int8 PRECEDING"},
		{"select count(*) over (order by x::real range between '1.5' preceding and current row) from t",
			"RANGE BETWEEN '1.5'::float8 PRECEDING"},
		{"select count(*) over (order by x range between '1' preceding and current row) from t",
			"RANGE BETWEEN '1' PRECEDING"},
		{"select count(*) over (order by d rows between '1' preceding and current row) from t",
			"ROWS BETWEEN '1' PRECEDING"},
		{"select count(*) over (order by d range between '-1 day' preceding and current row) from t",
			`RANGE BETWEEN error('invalid preceding or following size in window function (SQLSTATE 22013)')::"interval" PRECEDING`},
		{"select count(*) over (order by x::int8 range between '-2' preceding and current row) from t",
			`RANGE BETWEEN error('invalid preceding or following size in window function (SQLSTATE 22013)')::int8::"numeric"(20, 0) PRECEDING`},
	})
}

// TestIntervalPostgresText checks the interval text of PostgreSQL's
// IntervalStyle postgres.
func TestIntervalPostgresText(t *testing.T) {
	for _, c := range []struct {
		value intervalValue
		want  string
	}{
		{intervalValue{}, "00:00:00"},
		{intervalValue{months: 14, days: 3, micros: 4*microsPerHour + 500_000}, "1 year 2 mons 3 days 04:00:00.5"},
		{intervalValue{months: -1, days: 2, micros: -7_200_500_000}, "-1 mons +2 days -02:00:00.5"},
		{intervalValue{days: 1}, "1 day"},
		{intervalValue{days: -1, micros: 1}, "-1 days +00:00:00.000001"},
		{intervalValue{micros: 30 * microsPerHour}, "30:00:00"},
	} {
		if got := c.value.postgresText(); got != c.want {
			t.Errorf("%+v: %q, expected %q", c.value, got, c.want)
		}
	}
}
