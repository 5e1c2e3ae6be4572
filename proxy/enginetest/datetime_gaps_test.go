package enginetest

import (
	"context"
	"testing"
)

// These cases compare date/time input, units, to_date and to_timestamp
// errors, timeofday() and interval comparisons through pgway on the
// DuckDB demo warehouse with PostgreSQL 15, in every protocol mode and in
// the time zone America/New_York. Values that change with the clock are
// compared through expressions whose result does not.

// dateTimeSpecialCases read now, today, tomorrow, yesterday, epoch and
// the infinities from text that is not a constant, from parameters and
// from constants.
var dateTimeSpecialCases = []divisionCase{
	{sql: "select x::date = current_date, x::timestamp = localtimestamp, x::timestamptz = now(), x::time = localtime " +
		"from (values ('now'::text)) t(x)"},
	{sql: "select 'now'::date = current_date, 'now'::timestamp = localtimestamp, 'now'::timestamptz = now(), 'now'::time = localtime"},
	{sql: "select x, x::date - current_date, x::timestamp - current_date::timestamp, x::timestamptz = current_date::timestamptz + (x::date - current_date) " +
		"from (values ('today'::text), ('Tomorrow'), ('YESTERDAY')) t(x) order by x"},
	{sql: "select 'today'::timestamptz = current_date::timestamptz, 'yesterday'::date = current_date - 1"},
	{sql: "select s::date = current_date from (select 'today'::text as s) t"},
	{sql: "select x::date, x::timestamp, x::timestamptz from (values ('epoch'::text), ('infinity'), ('-infinity')) t(x) order by 1"},
	{sql: "select x || 'x', x::time from (values ('epoch'::text)) t(x)"},
	{sql: "select x || 'x', x::time from (values ('infinity'::text)) t(x)"},
	{sql: "select x || 'x', x::time from (values ('-infinity'::text)) t(x)"},
	{sql: "select x || 'x', x::time from (values ('today'::text)) t(x)"},
	{sql: "select 'epoch'::time"},
	{sql: "select 'infinity'::time"},
	{sql: "select $1::date = current_date", args: []any{"today"}},
	{sql: "select $1::date - current_date", args: []any{"tomorrow"}},
	{sql: "select $1::timestamp = localtimestamp", args: []any{"now"}},
	{sql: "select $1::timestamptz = now()", args: []any{"now"}},
	{sql: "select $1::timestamptz = current_date::timestamptz", args: []any{"today"}},
	{sql: "select $1::timestamp, $2::date, $3::timestamptz", args: []any{"epoch", "infinity", "-infinity"}},
}

// dateTimeFormCases read a year with a day of the year and ISO 8601
// basic times, from constants, text that is not a constant and
// parameters.
var dateTimeFormCases = []divisionCase{
	{sql: "select '2024.015'::date, '1999-008'::date, '2023.366'::date, '2024.015 BC'::date, '0001.366 BC'::date"},
	{sql: "select '2024.015 10:00'::timestamp, '2024.015T10:00'::timestamp, '2024.015 10:00'::timestamptz"},
	{sql: "select '2024.000'::date"},
	{sql: "select '2024.367'::date"},
	{sql: "select '24.015'::date"},
	{sql: "select '20240115T102030'::timestamp, '20240115T1020'::timestamp, '20240115T102030.5'::timestamp, '20240115 102030'::timestamp"},
	{sql: "select '20240115T102030'::timestamptz, '20240115T102030+02'::timestamptz, '20240115T102030Z'::timestamptz, '2024-01-15T102030'::timestamp"},
	{sql: "select '20240115'::date, '20240115'::timestamp"},
	{sql: "select '20240115T10'::timestamp"},
	{sql: "select x::date, x::timestamp from (values ('2024.015'::text), ('1999-008'), ('20240115T102030')) t(x) order by 1"},
	{sql: "select $1::timestamp, $2::date", args: []any{"20240115T102030", "2024.015"}},
}

// knownDateTimeFormGaps are input forms that PostgreSQL reads and pgway
// rejects with 0A000.
var knownDateTimeFormGaps = []divisionCase{
	{sql: "select '20240115T250000'::timestamp",
		reason: "PostgreSQL carries an ISO 8601 basic hour above 23 into the next day"},
	{sql: "select '2024-01-15 10:00 EST+2EDT'::timestamptz",
		reason: "a POSIX time zone with daylight saving time follows rules that pgway does not apply"},
	{sql: "select timestamptz '2024-07-15 10:00+00' at time zone 'EST+2EDT'",
		reason: "a POSIX time zone with daylight saving time follows rules that pgway does not apply"},
}

// dateTimeUnitCases give date_trunc, extract and date_part a unit that
// PostgreSQL does not recognize, which fails with 22023 and names the
// type of the function PostgreSQL calls.
var dateTimeUnitCases = []divisionCase{
	{sql: "select date_trunc('mnth', timestamp '2024-01-05')"},
	{sql: "select date_trunc('MNTH', timestamptz '2024-01-05')"},
	{sql: "select date_trunc('mnth', date '2024-01-05')"},
	{sql: "select date_trunc('mnth', interval '1 day')"},
	{sql: "select date_trunc('mnth', time '10:00')"},
	{sql: "select date_trunc('mnth', timestamptz '2024-01-05', 'UTC')"},
	{sql: "select date_trunc('dow', timestamp '2024-01-05')"},
	{sql: "select date_trunc('month ', timestamp '2024-01-05')"},
	{sql: "select extract(mnth from timestamp '2024-01-05')"},
	{sql: "select extract(mnth from timestamptz '2024-01-05')"},
	{sql: "select extract(mnth from date '2024-01-05')"},
	{sql: "select extract(mnth from time '10:00')"},
	{sql: "select extract(mnth from interval '1 day')"},
	{sql: "select extract(monthsxxxxxx from timestamp '2024-01-05')"},
	{sql: "select extract(jan from timestamp '2024-01-05')"},
	{sql: "select date_part('mnth', timestamp '2024-01-05')"},
	{sql: "select date_part('mnth', date '2024-01-05')"},
	{sql: "select date_part('mnth', interval '1 day')"},
	{sql: "select date_trunc('mnth', x) from (values (timestamp '2024-01-05'), (null)) t(x)"},
	{sql: "select date_part('mnth', x) from (values (null::timestamp)) t(x)"},
	{sql: "select extract(mnth from x) from (values (date '2024-01-05')) t(x)"},
	// Units that PostgreSQL recognizes keep their results.
	{sql: "select extract(milliseconds from timestamp '2024-01-05 10:00:01.5'), extract(dow from date '2024-01-05'), " +
		"date_part('isoyear', date '2024-01-05'), date_trunc('months', timestamp '2024-01-05')"},
}

// parseTimeRangeCases give to_date and to_timestamp a field that is out
// of range.
var parseTimeRangeCases = []divisionCase{
	{sql: "select to_date('2024-13-01', 'YYYY-MM-DD')"},
	{sql: "select to_date('2024-01-32', 'YYYY-MM-DD')"},
	{sql: "select to_timestamp('2024-13-01', 'YYYY-MM-DD')"},
	{sql: "select to_timestamp('2024-01-01 24:00', 'YYYY-MM-DD HH24:MI')"},
	{sql: "select to_timestamp('2024-01-01 10:61', 'YYYY-MM-DD HH24:MI')"},
	{sql: "select to_timestamp('2024-01-01 10:00:61', 'YYYY-MM-DD HH24:MI:SS')"},
	{sql: "select to_timestamp('2024-01-01 13:00 PM', 'YYYY-MM-DD HH:MI AM')"},
	{sql: "select to_timestamp('2024-01-01 00:00 AM', 'YYYY-MM-DD HH:MI AM')"},
	{sql: "select to_date('2024 400', 'YYYY DDD')"},
	{sql: "select to_date(x, 'YYYY-MM-DD') from (values ('2024-12-01'), ('2024-99-01')) t(x)"},
	{sql: "select to_date($1, 'YYYY-MM-DD')", args: []any{"2024-13-01"}},
	{sql: "select to_date('2023 366', 'YYYY DDD')"},
	{sql: "select to_timestamp('2023 366', 'YYYY DDD')"},
	{sql: "select to_date('2024 366', 'YYYY DDD'), to_date('2023 365', 'YYYY DDD'), to_date('2023 001', 'YYYY DDD')"},
	{sql: "select to_date('2024-02-30', 'YYYY-MM-DD')"},
	{sql: "select to_date('2023-02-29', 'YYYY-MM-DD')"},
	{sql: "select to_timestamp('2024-02-30 10:00', 'YYYY-MM-DD HH24:MI')"},
	{sql: "select to_date(x, 'YYYY-MM-DD'), to_timestamp(x, 'YYYY-MM-DD') from (values ('2024-02-29'), (null), ('2024-2-9')) t(x) order by 1"},
	{sql: "select to_date(x, 'YYYY-MM-DD') from (values ('2024-02-29'), ('2023-02-29')) t(x)"},
	{sql: "select to_date($1, 'YYYY DDD')", args: []any{"2023 366"}},
}

// timeOfDayCases compare timeofday(), whose text changes with the clock,
// by its length, type and time zone.
var timeOfDayCases = []divisionCase{
	{sql: "select length(timeofday()), right(timeofday(), 9), substr(timeofday(), 1, 10) = to_char(clock_timestamp(), 'Dy Mon DD')"},
	{sql: "select timeofday() ~ '^[A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6} [0-9]{4} E[SD]T$'"},
	{sql: "select count(*) from generate_series(1, 3) where timeofday() is not null"},
	{sql: "select timeofday(1)"},
	{sql: "select timeofday('x')"},
}

// intervalComparisonCases compare intervals that differ in their units,
// which PostgreSQL compares with a month of 30 days and a day of 24
// hours.
var intervalComparisonCases = []divisionCase{
	{sql: "select interval '1 month' = interval '30 days'"},
	{sql: "select interval '1 day' = interval '24 hours', interval '1 month' < interval '31 days', interval '1 year' > interval '359 days', " +
		"interval '1 day' <> interval '1440 minutes'"},
	{sql: "select interval '1 day' between interval '24 hours' and interval '1440 minutes', interval '1 mon' in (interval '30 days'), " +
		"interval '1 day' is distinct from interval '24 hours', interval '-1 month' = interval '-30 days'"},
	{sql: "select count(distinct x) from (values (interval '1 day'), (interval '24 hours')) t(x)"},
	{sql: "select x, count(*) from (values (interval '1 day'), (interval '24 hours'), (interval '1 day')) t(x) group by x"},
	{sql: "select distinct x from (values (interval '1 day'), (interval '1 day'), (interval '24 hours'), (interval '1 day 1 hour')) t(x) order by x"},
	{sql: "select x from (values (interval '25 hours'), (interval '1 day 2 hours'), (interval '1 month'), (interval '29 days')) t(x) order by x"},
	{sql: "select x, x = interval '30 days', x < interval '1 month 1 hour' from (values (interval '1 month'), (interval '31 days')) t(x) order by x"},
	{sql: "select d + x, d + interval '30 days' from (values (date '2024-01-31'), (date '2024-02-01')) t(d), " +
		"(values (interval '1 month'), (interval '1 month')) s(x) order by 1"},
	{sql: "select max(x), min(x) from (values (interval '1 month'), (interval '29 days 25 hours'), (interval '30 days 1 hour')) t(x)"},
}

// knownIntervalArithmeticGaps are statements that DuckDB would compute
// otherwise: it takes d + interval '30 days' for the same expression as
// d + interval '1 month', so pgway rejects them with 0A000.
var knownIntervalArithmeticGaps = []divisionCase{
	{sql: "select d + interval '1 month', d + interval '30 days' from (values (date '2024-01-31')) t(d)",
		reason: "DuckDB shares one expression for both sums, so pgway rejects the statement"},
}

// extractDomainCases give extract and date_part a unit that the
// source's type does not support, an infinite date or timestamp, and
// years BC, which PostgreSQL counts from 1 BC and DuckDB from year 0.
var extractDomainCases = []divisionCase{
	{sql: "select extract(hour from date '2021-03-04')"},
	{sql: "select extract(Minutes from date '2021-03-04')"},
	{sql: "select extract(timezone_hour from date '2021-03-04')"},
	{sql: "select extract(hour from date 'infinity')"},
	{sql: "select extract(timezone from timestamp '2021-03-04 05:06')"},
	{sql: "select extract(timezone_m from x) from (values (timestamp '2021-03-04 05:06'), (null)) t(x)"},
	{sql: "select extract(timezone from time '10:00')"},
	{sql: "select extract(day from time '10:00')"},
	{sql: "select date_part('dow', time '10:00')"},
	{sql: "select extract(doy from timetz '10:00+02')"},
	{sql: "select extract(dow from interval '1 day')"},
	{sql: "select extract(week from interval '1 day')"},
	{sql: "select extract(hour from x) from (values (null::date)) t(x)"},
	{sql: "select date_part('hour', date '2021-03-04'), date_part('second', date '2021-03-04'), extract(timezone_hour from timestamptz '2021-03-04 05:06+00')"},
	{sql: "select extract(hour from x), extract(dow from x), extract(timezone from x) from (values (timestamp 'infinity'), (timestamp '-infinity')) t(x)"},
	{sql: "select extract(day from date 'infinity'), extract(dow from date '-infinity'), extract(hour from timestamptz 'infinity')"},
	{sql: "select date_part('epoch', date 'infinity'), date_part('year', date '-infinity'), date_part('julian', timestamptz 'infinity'), " +
		"date_part('month', date 'infinity'), date_part('hour', date 'infinity')"},
	{sql: "select date_part('year', x), date_part('epoch', x) from (values (timestamptz '-infinity'), (timestamptz '2021-03-04 05:06+00'), (null)) t(x)"},
	{sql: "select date_part('year', $1::timestamp)", args: []any{"infinity"}},
	{sql: "select u, date_part(u, x), date_part(u, x::date), date_part(u, x::timestamptz) from (values (timestamp '2021-03-04 05:06:07.5'), (null)) t(x), " +
		"(values ('year'), ('hour'), ('epoch'), ('Month')) s(u) order by 1, 2"},
	{sql: "select extract(year from date '0044-03-15 BC'), extract(isoyear from date '0044-03-15 BC'), extract(decade from date '0044-03-15 BC'), " +
		"date_part('year', timestamp '0044-03-15 12:00 BC'), date_part('isoyear', timestamptz '0044-03-15 12:00 BC')"},
	{sql: "select x, extract(year from x), extract(decade from x), extract(century from x), extract(millennium from x), extract(isoyear from x), " +
		"date_part('year', x), date_part('decade', x) from (values (date '0001-01-01 BC'), (date '0002-06-01 BC'), (date '0010-06-01 BC'), " +
		"(date '0011-06-01 BC'), (date '0100-06-01 BC'), (date '0101-06-01 BC'), (date '1001-06-01 BC'), (date '0001-01-01'), (date '2021-03-04'), (null)) t(x) order by x"},
	{sql: "select extract(year from x::date), extract(decade from x::timestamp) from (values ('0044-03-15 BC'::text)) t(x)"},
	{sql: "select x, extract(year from x), extract(decade from x), extract(century from x), extract(isoyear from x), date_part('year', x), date_part('decade', x) " +
		"from (values (timestamptz '0044-03-15 10:00+00 BC'), (timestamptz '0001-01-01 10:00+00 BC'), (timestamptz '0100-01-01 10:00+00 BC'), " +
		"(timestamptz '0002-12-31 10:00+00 BC'), (timestamptz '0001-01-01 02:00+00'), (timestamptz '0101-01-01 00:00+00'), (null)) t(x) order by x"},
	{sql: "select extract(year from $1::date)", args: []any{"0044-03-15 BC"}},
	{sql: "select to_char(date '0044-03-15 BC', 'YYYY Y,YYY IYYY CC YY Y FMYYYY BC'), to_char(timestamptz '0044-03-15 12:00 BC', 'YYYY-MM-DD HH24 AD'), " +
		"to_char(timestamp '0001-01-01 00:00 BC', 'YYYY CC IYYY J')"},
	// Spellings of units that DuckDB rejects or reads without the
	// fraction of a second.
	{sql: "select extract(s from timestamp '2021-03-04 05:06:07.5'), extract(ms from timestamp '2021-03-04 05:06:07.5'), extract(msecs from time '05:06:07.5'), " +
		"extract(j from date '2021-03-04'), extract(qtr from date '2021-03-04'), extract(mm from timestamp '2021-03-04 05:06'), " +
		"date_part('sec', timestamp '2021-03-04 05:06:07.5'), extract(microsecondsxx from timestamp '2021-03-04 05:06:07.5')"},
	{sql: "select $1::date, $2::timestamp, $3::timestamptz", args: []any{"0044-03-15 BC", "0044-03-15 10:00 BC", "0044-03-15 10:00+02 BC"}},
	{sql: "select extract(year from $1::timestamp), extract(year from $2::timestamptz)", args: []any{"0044-03-15 10:00 BC", "0044-03-15 10:00+02 BC"}},
}

// knownExtractInfinityGaps are extracts of a monotonic unit from an
// infinite date or timestamp, which PostgreSQL returns as a numeric
// Infinity and pgway rejects with 0A000.
var knownExtractInfinityGaps = []divisionCase{
	{sql: "select extract(epoch from timestamp 'infinity')",
		reason: "extract returns numeric, and DuckDB's DECIMAL has no Infinity, so pgway raises 0A000"},
	{sql: "select extract(year from date '-infinity')",
		reason: "extract returns numeric, and DuckDB's DECIMAL has no Infinity, so pgway raises 0A000"},
	{sql: "select date_part(u, x) from (values (timestamp 'infinity'), (timestamp '-infinity')) t(x), " +
		"(values ('epoch'), ('year'), ('hour')) s(u) order by 1",
		reason: "date_part with a unit that is not a constant fails with 0A000 for an infinite timestamp"},
	{sql: "select date_part(u, x) from (values (date '0044-03-15 BC')) t(x), (values ('year')) s(u)",
		reason: "date_part with a unit that is not a constant fails with 0A000 for a date BC"},
	{sql: "select date_part(u, timestamp '2021-03-04 05:06:07.5') from (values ('second')) s(u)",
		reason: "date_part with a unit that is not a constant fails with 0A000 for second, whose fraction DuckDB drops"},
}

func TestDateTimeSpecialValuesMatch(t *testing.T) {
	runZonedMatchCases(t, dateTimeSpecialCases)
}

func TestDateTimeFormsMatch(t *testing.T) {
	runZonedMatchCases(t, dateTimeFormCases)
}

func TestDateTimeFormGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownDateTimeFormGaps, "dateTimeFormCases")
}

func TestDateTimeUnknownUnitsMatch(t *testing.T) {
	runZonedMatchCases(t, dateTimeUnitCases)
}

func TestParseTimeRangeErrorsMatch(t *testing.T) {
	runZonedMatchCases(t, parseTimeRangeCases)
}

func TestExtractDomainsMatch(t *testing.T) {
	runZonedMatchCases(t, extractDomainCases)
}

func TestExtractInfinityGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownExtractInfinityGaps, "extractDomainCases")
}

func TestTimeOfDayMatches(t *testing.T) {
	runZonedMatchCases(t, timeOfDayCases)
}

func TestIntervalComparisonsMatch(t *testing.T) {
	runZonedMatchCases(t, intervalComparisonCases)
}

func TestIntervalArithmeticGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownIntervalArithmeticGaps, "intervalComparisonCases")
}

// runZonedMatchCases runs each case in every protocol mode on pgway and
// on PostgreSQL, both in the time zone America/New_York, and fails for
// each result that differs.
func runZonedMatchCases(t *testing.T, cases []divisionCase) {
	t.Helper()
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, setup := range []string{"set timezone = 'America/New_York'", "set datestyle = 'ISO, MDY'"} {
		if _, err := gw.Exec(ctx, setup); err != nil {
			t.Fatalf("pgway: %s: %v", setup, err)
		}
		if _, err := pg.Exec(ctx, setup); err != nil {
			t.Fatalf("PostgreSQL: %s: %v", setup, err)
		}
	}
	for _, c := range cases {
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			want := exactResult(ctx, pg, c.sql, args)
			got := exactResult(ctx, gw, c.sql, args)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, mode, got, want)
			}
		}
	}
}
