package enginetest

import "testing"

// timeIntervalCastCases cast between time and interval, read a leap
// second into a time of day, and read hexadecimal float input, which
// PostgreSQL 15 reads with strtod.
var timeIntervalCastCases = []divisionCase{
	{sql: "select time '10:00'::interval, time '24:00'::interval, '23:59:59.5'::time::interval, cast(time '00:00' as interval)"},
	{sql: "select interval '10:00'::time, interval '-1 hour'::time, interval '1 month 2 days 25:30:00.7'::time(0), interval '-1 us'::time"},
	{sql: "select (timestamp '2024-01-02 10:00' - timestamp '2024-01-01 00:00')::time"},
	{sql: "select '23:59:60'::time, time '23:59:60', '11:59:60.000 PM'::time, '23:59:59.9999999'::time, '12:59:60'::time"},
	{sql: "select '23:59:60.5'::time"},
	{sql: "select $1::time", args: []any{"23:59:60"}},
	{sql: "select '0x10'::float8, ' 0X1p4 '::float8, '0x1.8'::float4, '-0x10'::float8, '0x.8'::float8, '0x1e'::float8"},
	{sql: "select '0x1p-1070'::float8, '0x1.fffffep127'::float4"},
	{sql: "select '0x1p1024'::float8"},
	{sql: "select '0x1p-150'::float4"},
	{sql: "select '0x'::float8"},
	{sql: "select $1::float8, $2::float4", args: []any{"0x10", " 0x1.8p1 "}},
	{sql: "select $1::float8", args: []any{"0x1p-1100"}},
}

func TestTimeIntervalCastsMatch(t *testing.T) {
	runZonedMatchCases(t, timeIntervalCastCases)
}
