package enginetest

import (
	"testing"
)

// These cases compare pgway on a DuckDB file with PostgreSQL 15, in every
// protocol mode. They cover date/time and float input that DuckDB reads
// otherwise, results beyond PostgreSQL's date and timestamp ranges, and
// arithmetic of a time with a timestamp.

// rejectedInputCases are inputs that PostgreSQL rejects and DuckDB reads:
// inf, underscores in a float, a time of day without a time.
var rejectedInputCases = []string{
	"select 'inf'::timestamptz",
	"select 'inf'::timestamp",
	"select 'inf'::date",
	"select '-inf'::timestamp",
	"select '+infinity'::date",
	"select 'utc'::timestamptz",
	"select '1_0'::float8",
	"select '1_0'::float4",
	"select '1/2/24'::time",
	"select '2024-02-30'::time",
	"select '100'::time",
	"select '10000'::time",
	"select '04050607'::time",
	"select x::timestamptz from (values ('inf'::text)) t(x)",
	"select x::float8 from (values ('1_0'::text)) t(x)",
	"select x::float4 from (values ('1_0'::text)) t(x)",
	"select x::time from (values ('1/2/24'::text)) t(x)",
}

// timeInputCases are time and timetz inputs of PostgreSQL's that DuckDB
// rejects or reads with another SQLSTATE.
var timeInputCases = []string{
	"select '040506'::time, '040506.789'::time, '1000'::time, '1000 pm'::time, '040506 PM'::time",
	"select 'T040506'::time, 'T10:00'::time, 'allballs'::time, '10:00 PM'::time",
	"select '2024-01-05 10:00'::time, '1/2/24 10:00'::time",
	"select '250506'::time",
	"select '240105 10:00'::time",
	"select '20240105 10:00'::time",
	"select '2024.5'::time",
	"select '2024-02-30 10:00'::time",
	"select 'abc'::time",
	"select 'utc'::time",
	"select 'inf'::time",
	"select '25:00:00'::time",
	"select '10:00 PM'::timetz, '10:00 PM +02'::timetz, '10:00:00.5 am'::timetz, '10:00 PM EST'::timetz",
	"select '040506+02'::timetz, '10:00+02'::timetz",
	"select 'abc'::timetz",
	"select x::time from (values ('040506'::text), ('10:00 PM'), ('T10:00'), (null)) t(x)",
	"select x::time from (values ('abc'::text)) t(x)",
	"select x::float8, x::float4 from (values ('1.5'::text), ('-inf'), (null)) t(x)",
}

// dateRangeCases leave PostgreSQL's range of dates and timestamps, which
// DuckDB's reaches beyond, or stay at its edges.
var dateRangeCases = []string{
	"select '5874898-01-01'::date",
	"select '4714-11-23 BC'::date",
	"select '5874897-12-31'::date, '4714-11-24 BC'::date, make_date(300000, 1, 1)",
	"select date '5874897-12-31' + 1",
	"select date '4714-11-24 BC' - 1",
	"select 1 + date '5874897-12-31'",
	"select to_timestamp(-3e11)",
	"select to_timestamp(-210866803200)",
	"select to_timestamp(-210866803201)",
	"select to_timestamp(1e12), to_timestamp(0), to_timestamp(1.5)",
	"select to_timestamp('nan'::float8)",
	"select to_timestamp('infinity'::float8), to_timestamp('-infinity'::float8)",
	"select to_timestamp(x) from (values (1e9::float8), (null), (-3e11)) t(x)",
	"select to_timestamp(x) from (values (1e9::float8)) t(x)",
}

// timeArithmeticCases add a time to a timestamp, through PostgreSQL's
// implicit cast of time to interval, and ask isfinite() of an interval.
var timeArithmeticCases = []string{
	"select timestamp '2024-01-01' + time '10:00'",
	"select time '10:00' + timestamp '2024-01-01'",
	"select timestamptz '2024-01-01 00:00+00' + time '10:30:15.5'",
	"select time '10:00' + date '2024-01-01'",
	"select isfinite(interval '1 day'), isfinite(null::interval)",
	"select isfinite(x) from (values (interval '1 day'), (null)) t(x)",
	"select isfinite(date '2024-01-01'), isfinite(timestamp 'infinity')",
}

// paramInputCases bind the inputs above as parameters.
var paramInputCases = []struct{ sql, arg string }{
	{"select $1::time", "040506"},
	{"select $1::time", "1/2/24"},
	{"select $1::time", "abc"},
	{"select $1::time", "T10:00"},
	{"select $1::timestamptz", "inf"},
	{"select $1::date", "inf"},
	{"select $1::float8", "1_0"},
	{"select $1::float4", "1_0"},
	{"select $1::timetz", "10:00 PM"},
	{"select $1::timetz", "040506+02"},
	{"select $1::timetz", "10:00+02"},
	{"select $1::timetz", "abc"},
}

func TestDateTimeInputGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, rejectedInputCases)
	compareExact(t, gw, pg, timeInputCases)
	compareExact(t, gw, pg, dateRangeCases)
	compareExact(t, gw, pg, timeArithmeticCases)
	compareWithArgs(t, gw, pg, "select to_timestamp($1::float8)", -3e11)
	compareWithArgs(t, gw, pg, "select to_timestamp($1::float8)", 1e9)
	for _, c := range paramInputCases {
		compareWithArgs(t, gw, pg, c.sql, c.arg)
	}

	// timetz without a time zone takes the session's offset.
	execOnBoth(t, gw, pg, []string{"set timezone = 'America/New_York'"})
	compareExact(t, gw, pg, []string{
		"select '10:00 PM'::timetz, '040506'::timetz, '10:00 PM +02'::timetz",
		"select to_timestamp(-3e11)",
		"select timestamptz '2024-01-01 00:00-05' + time '10:00'",
	})
}

// TestDateTimeBeyondDuckDB checks that timestamps that PostgreSQL reads
// and DuckDB cannot hold, after 294247-01-10, fail with 0A000.
func TestDateTimeBeyondDuckDB(t *testing.T) {
	gw, pg := typedFilePair(t)
	checkUnsupportedGaps(t, gw, pg.PgConn(), []string{
		"select '294276-12-31 23:59:59'::timestamp",
		"select to_timestamp(9.224e12)",
	}, "after 294247")
}
