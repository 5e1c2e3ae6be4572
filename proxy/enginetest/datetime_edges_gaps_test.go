package enginetest

import (
	"context"
	"testing"
)

// These cases compare date and time edges with PostgreSQL 15: steps of
// generate_series() that are zero only at run time, extract(epoch) of
// intervals of millions of years, and RANGE frames over a real column.

var seriesStepSetup = []string{
	"create table dte_steps (a int, ts timestamp)",
	"insert into dte_steps values (1, '2024-01-01'), (2, '2024-01-02')",
}

// seriesStepQueries compute an interval step per row, which is zero for
// a = 1, so PostgreSQL fails with 22023.
var seriesStepQueries = []string{
	"select generate_series(date '2024-01-01', date '2024-01-02', (a - 1) * interval '1 day') from dte_steps",
	"select generate_series(timestamp '2024-01-01', timestamp '2024-01-02', interval '1 day' * (a - 1)) from dte_steps",
	"select * from dte_steps, generate_series(timestamp '2024-01-01', timestamp '2024-01-02', (a - 1) * interval '1 day') g",
	"select generate_series(timestamptz '2024-01-01', timestamptz '2024-01-02', interval '1 day' - a * interval '1 day') from dte_steps",
	"select generate_series(date '2024-01-01', date '2024-01-03', -interval '1 day' + interval '1 day')",
	// A step that is zero on no row keeps its rows.
	"select a, generate_series(ts, timestamp '2024-01-03', a * interval '12 hours') from dte_steps order by 1, 2",
	"select a, g from dte_steps, generate_series(date '2024-01-01', date '2024-01-02', a * interval '1 day') g order by 1, 2",
}

func TestSeriesIntervalStepZero(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists dte_steps") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, seriesStepSetup)
	compareExact(t, gw, pg, seriesStepQueries)
}

// intervalEpochQueries take the epoch of intervals whose microseconds
// pass 64 bits, which PostgreSQL computes in numeric.
var intervalEpochQueries = []string{
	"select extract(epoch from interval '178000000 years'), extract(epoch from interval '-178000000 years -2147483648 days')",
	"select extract(epoch from interval '2147483647 months 2147483647 days 2562047788:00:54.775807')",
	"select extract(epoch from interval '-178000000 years -2147483648 days -2562047788:00:54.775807')",
	"select extract(epoch from interval '100000001 years 5 mons 3 days 00:00:00.000007')",
	"select date_part('epoch', interval '178000000 years'), date_part('epoch', interval '123456789 years 5 mons 3 days 00:00:00.000007')",
	"select extract(epoch from a * interval '50000000 years 7 days 00:00:00.5') from dte_epochs order by a",
	"select extract(epoch from i) from dte_epochs order by a",
}

var intervalEpochSetup = []string{
	"create table dte_epochs (a int, i interval)",
	"insert into dte_epochs values (1, '292000 years'), (2, '-300000 years 5 days 00:00:01.25'), (3, '1 day')",
}

func TestIntervalEpochLarge(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists dte_epochs") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, intervalEpochSetup)
	compareExact(t, gw, pg, intervalEpochQueries)
}

// realRangeSetup holds reals whose neighbours lie at a distance that
// single precision rounds, such as 16777214 and 16777216, 2 apart where
// an offset of 1.5 reaches 16777214.5.
var realRangeSetup = []string{
	"create table dte_reals (r real)",
	"insert into dte_reals values (16777214), (16777216), (16777218), (0.1), (0.2), (0.3), (1e30), ('infinity'), ('nan')",
}

// realRangeQueries have RANGE frames with offsets over a real sort key,
// which PostgreSQL's in_range_float4_float8 bounds in double precision.
var realRangeQueries = []string{
	"select r, count(*) over (order by r range between 1.5::float4 preceding and current row) from dte_reals order by r",
	"select r, count(*) over (order by r range between current row and 1.5::float4 following) from dte_reals order by r",
	"select r, count(*) over (order by r range between 0.1::float4 preceding and 0.1::float4 following) from dte_reals order by r",
	"select r, sum(r) over (order by r desc range between 0.1 preceding and 2 following) from dte_reals order by r",
	"select r, count(*) over w from dte_reals window w as (order by r range between 1.5::float4 preceding and current row) order by r",
	"select r, count(*) over (order by r range between 1.5::float8 preceding and 1 following) from dte_reals order by r",
}

func TestRealRangeOffsets(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists dte_reals") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, realRangeSetup)
	compareExact(t, gw, pg, realRangeQueries)
}

// timetzZoneCases give timetz input a time zone abbreviation, allballs or
// a zone name, as constants and as parameters. A zone name is valid only
// for a zone that has had one offset ever.
var timetzZoneCases = []divisionCase{
	{sql: "select '10:30 UTC'::timetz, '10:30:00 EST'::timetz, 'allballs'::timetz, '10:30 utc'::timetz, '10:30 Z'::timetz"},
	{sql: "select '23:59:59.999999 PST'::timetz, '10:30 NZDT'::timetz, '10:30 ACST'::timetz, '10:30:00 IST'::timetz, '24:00 UTC'::timetz"},
	{sql: "select '10:30 Etc/GMT+5'::timetz, '10:30 etc/gmt-14'::timetz, '10:30 pm'::timetz"},
	{sql: "select '10:30 America/New_York'::timetz"},
	{sql: "select '10:30 Asia/Tokyo'::timetz"},
	{sql: "select '10:30 XYZ'::timetz"},
	{sql: "select '10:30 UTC UTC'::timetz"},
	{sql: "select $1::timetz", args: []any{"10:30 EST"}},
	{sql: "select $1::timetz", args: []any{"allballs"}},
	{sql: "select $1::timetz", args: []any{"10:30 America/New_York"}},
}

func TestTimetzZoneInput(t *testing.T) {
	runZonedMatchCases(t, timetzZoneCases)
}

// dateRangeQueries overflow DuckDB's 32 bits of days, beyond PostgreSQL's
// last date, which fails with 22008.
var dateRangeQueries = []string{
	"select date '2024-01-01' + 2147483647",
	"select date '2024-01-01' + (a + 2147483640) from dte_steps order by a",
}

// timestampPastDuckDB are timestamp results past DuckDB's last timestamp,
// 294247-01-10. PostgreSQL returns the first, whose year 294247 is in
// its range, and fails with 22008 for the others, which pgway cannot
// tell apart, so it fails with 0A000 for all of them.
var timestampPastDuckDB = []string{
	"select timestamp '294246-12-31' + interval '1 year'",
	"select timestamp '2024-01-01' + interval '300000 years'",
	"select timestamp '2024-01-01' - interval '300000 years'",
	"select ts + a * interval '150000 years' from dte_steps order by a",
}

func TestDateTimeResultRange(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists dte_steps") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, seriesStepSetup)
	compareExact(t, gw, pg, dateRangeQueries)
	ctx := context.Background()
	for _, sql := range timestampPastDuckDB {
		if code := resultCode(functionResult(ctx, gw, sql, protocolModes[0])); code != "0A000" {
			t.Errorf("%s: SQLSTATE %q, want 0A000", sql, code)
		}
	}
}
