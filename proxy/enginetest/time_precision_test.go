package enginetest

import "testing"

// These cases compare casts to time(p) and timetz(p), which may round up
// to 24:00:00, timetz input without seconds, the text of dates and
// timestamps BC, and the errors of interval input too large for an
// interval. Both servers run in the time zone America/New_York.

// timePrecisionCases round times from constants, typed constants,
// timestamps and timestamps with time zone.
var timePrecisionCases = []divisionCase{
	{sql: "select '10:00:00.5'::time(0), '10:00:00.567'::time(2), '12:00:00.45'::time(1), '10:00:00.4'::time(0), '10:00:00.5'::time(6)"},
	{sql: "select time(0) '23:59:59.9', '23:59:59.999999'::time(5), '24:00:00'::time(0), cast('08:15:30.75' as time(1))"},
	{sql: "select x::time(0), cast(x as time(0)), x::time(3), x::time from (values (timestamp '2024-02-29 23:59:59.5'), " +
		"(timestamp '2024-03-01 10:20:30.4449'), (null)) t(x) order by 4"},
	{sql: "select x::timetz(0), x::timetz(1), x::time(0) from (values (timestamptz '2024-02-29 23:59:59.5-05'), " +
		"(timestamptz '2024-07-01 10:20:30.45-04')) t(x) order by 1"},
	{sql: "select '10:00:00.5+02'::timetz(0), '23:59:59.75-03:30'::timetz(0), '23:59:59.75-03:30'::timetz(1)"},
}

// timetzInputCases give timetz hours and minutes with a zone offset.
var timetzInputCases = []divisionCase{
	{sql: "select '10:00+02'::timetz, time with time zone '10:00+02', ' 10:00 -03:30'::timetz, '9:05+02'::timetz"},
	{sql: "select x::timetz from (values ('10:00+02'), ('10:00:00.5-01'), (null)) t(x)"},
	{sql: "select '10:00+02'::timetz(0), '10:00:00+02'::timetz"},
}

// bcTextCases cast dates and timestamps BC to text.
var bcTextCases = []divisionCase{
	{sql: "select (date '0001-01-01' - 1)::text, (timestamp '0001-01-01' - interval '1 day')::text, make_date(-44, 3, 15)::text"},
	{sql: "select (d - 800000)::text, (d + 1)::text, d::text from (values (date '2024-01-01')) t(d)"},
	// pgway describes a cast to varchar as text, so the text of the
	// varchar is compared.
	{sql: "select to_date('05', 'DD')::text, make_timestamp(-44, 3, 15, 12, 0, 0)::varchar::text, date '0044-03-15 BC'::text"},
}

// intervalOverflowCases give interval input beyond 32 bits of months,
// days or a field.
var intervalOverflowCases = []divisionCase{
	{sql: "select interval '1000000000 years'"},
	{sql: "select '1000000000 years'::interval"},
	{sql: "select interval '200000000 years ago'"},
	{sql: "select interval '3000000000 days'"},
	{sql: "select interval '2147483648 months'"},
	{sql: "select interval '3000000000 hours'"},
	{sql: "select interval '-2147483648 days', interval '2147483647 days', interval '1500000000 hours', interval '178956970 years'"},
}

func TestTimePrecisionMatches(t *testing.T) {
	runZonedMatchCases(t, timePrecisionCases)
}

func TestTimetzInputMatches(t *testing.T) {
	runZonedMatchCases(t, timetzInputCases)
}

func TestBCDateTextMatches(t *testing.T) {
	runZonedMatchCases(t, bcTextCases)
}

func TestIntervalOverflowErrorsMatch(t *testing.T) {
	runZonedMatchCases(t, intervalOverflowCases)
}
