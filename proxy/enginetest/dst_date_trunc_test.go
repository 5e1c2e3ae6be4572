package enginetest

import "testing"

// dstDateTruncCases truncate timestamps with time zone of a derived
// table, whose type the statement does not show, to units below a day
// across the hour that repeats when daylight saving time ends in
// America/New_York. PostgreSQL keeps the offset each value had, so the
// two repeated hours stay apart.
var dstDateTruncCases = []divisionCase{
	{sql: "select date_trunc('hour', tz), count(*) from (select timestamptz '2024-11-03 04:00+00' + n * interval '1 minute' tz " +
		"from generate_series(0, 179) n) s group by 1 order by 1"},
	{sql: "select tz, date_trunc('minute', tz), date_trunc('second', tz), date_trunc('day', tz) from (select timestamptz '2024-11-03 05:10:20.5+00' tz " +
		"union all select timestamptz '2024-11-03 06:10:20.5+00' union all select timestamptz 'infinity') s order by 1"},
	{sql: "select date_trunc('minute', t), date_trunc('hour', d), date_trunc('hour', x) from (select timestamp '2024-11-03 01:30:10', " +
		"date '2024-11-03', null::timestamptz) s(t, d, x)"},
}

func TestDSTDateTruncMatches(t *testing.T) {
	runZonedMatchCases(t, dstDateTruncCases)
}
