package enginetest

import "testing"

// intervalSumCases compare sum() and avg() of intervals, whose months,
// days and microseconds PostgreSQL adds apart, with PostgreSQL in the
// time zone America/New_York.
var intervalSumCases = []divisionCase{
	{sql: "select sum(x::interval), avg(x::interval) from (values ('1 day'), ('2 mon'), ('30 hours'), (null)) t(x)"},
	{sql: "select sum(at - timestamp '2024-01-01'), avg(at - timestamp '2024-01-01') from (values (timestamp '2024-03-01 10:00'), " +
		"(timestamp '2024-05-07 13:02:03.3'), (timestamp '2023-12-30 23:59:59.999999')) t(at)"},
	{sql: "select k, sum(x::interval) filter (where x <> '1 mon'), avg(x::interval) from (values (1, '1 mon'), (1, '-3 days 04:00'), " +
		"(2, '1 year 2 mons -10:00:00.5')) t(k, x) group by k order by k"},
	{sql: "select sum(x::interval) over (order by x), avg(x::interval) over () from (values ('1 day'), ('2 days')) t(x) order by 1"},
	{sql: "select sum(x::interval), avg(x::interval) from (values ('1 day')) t(x) where false"},
	{sql: "select avg(x::interval) from (values ('1 mon'), ('1 day'), ('1 hour')) t(x)"},
}

func TestIntervalSumsMatch(t *testing.T) {
	runZonedMatchCases(t, intervalSumCases)
}

// overlapsCases compare OVERLAPS of dates, timestamps and periods given
// by an interval, with ends in either order and NULL ends.
var overlapsCases = []divisionCase{
	{sql: "select (date '2024-01-01', date '2024-02-01') overlaps (date '2024-01-15', date '2024-03-01')"},
	{sql: "select (date '2024-02-01', date '2024-01-01') overlaps (date '2024-02-01', date '2024-03-01'), " +
		"(date '2024-01-01', date '2024-02-01') overlaps (date '2024-02-01', date '2024-03-01')"},
	{sql: "select (timestamp '2024-01-01 10:00', interval '2 hours') overlaps (timestamp '2024-01-01 11:00', interval '1 hour'), " +
		"(timestamptz '2024-01-01 10:00+00', interval '1 hour') overlaps (timestamptz '2024-01-01 11:00+00', interval '1 hour')"},
	{sql: "select a, b, c, d, (a, b) overlaps (c, d) from (values (date '2024-01-01'), (date '2024-01-10'), (null)) t1(a), " +
		"(values (date '2024-01-05'), (null)) t2(b), (values (date '2024-01-03'), (date '2024-01-20'), (null)) t3(c), " +
		"(values (date '2024-01-08'), (null)) t4(d) order by 1, 2, 3, 4"},
	{sql: "select (time '10:00', time '12:00') overlaps (time '11:00', time '13:00')"},
}

func TestOverlapsMatches(t *testing.T) {
	runZonedMatchCases(t, overlapsCases)
}
