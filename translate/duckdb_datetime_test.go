package translate

import (
	"fmt"
	"strings"
	"testing"
)

// dateTimeCase is a string constant cast to a date/time type and the
// expected DuckDB rewrite: the argument of the cast, the constant itself
// when it is left to DuckDB, or PostgreSQL 15's error.
type dateTimeCase struct {
	typeName, input string
	// dateStyle is the session's DateStyle, "ISO, MDY" when empty.
	dateStyle string
	want      string
	code      string
	message   string
}

// unchanged marks a constant that is left to DuckDB.
const unchanged = "(unchanged)"

var dateTimeCases = []dateTimeCase{
	// Dates in the forms DuckDB cannot read.
	{typeName: "date", input: "0044-03-15 BC", want: "'0044-03-15 (BC)'"},
	{typeName: "date", input: "Jan 5 2024", want: "'2024-01-05'"},
	{typeName: "date", input: "January 5, 2024", want: "'2024-01-05'"},
	{typeName: "date", input: "5 Jan 2024", want: "'2024-01-05'"},
	{typeName: "date", input: "2024 Jan 5", want: "'2024-01-05'"},
	{typeName: "date", input: "05-Jan-2024", want: "'2024-01-05'"},
	{typeName: "date", input: "Jan-05-2024", want: "'2024-01-05'"},
	{typeName: "date", input: "20240105", want: "'2024-01-05'"},
	{typeName: "date", input: "240105", want: "'2024-01-05'"},
	{typeName: "date", input: "2024.01.05", want: "'2024-01-05'"},
	{typeName: "date", input: "2024/01/05", want: "'2024-01-05'"},
	{typeName: "date", input: "2024-1-5", want: "'2024-01-05'"},
	{typeName: "date", input: " 2024-01-05 ", want: "'2024-01-05'"},
	{typeName: "date", input: "Friday Jan 5 2024", want: "'2024-01-05'"},
	{typeName: "date", input: "2024-01-05 10:00", want: "'2024-01-05'"},
	{typeName: "date", input: "January 5, 2024 BC", want: "'2024-01-05 (BC)'"},
	{typeName: "date", input: "4714-11-24 BC", want: "'4714-11-24 (BC)'"},
	{typeName: "date", input: "5874897-12-31", want: "'5874897-12-31'"},
	{typeName: "date", input: "J2451187", want: "'1999-01-08'"},
	{typeName: "date", input: "J0", want: "'4714-11-24 (BC)'"},
	{typeName: "date", input: "2000-02-29", want: "'2000-02-29'"},
	{typeName: "date", input: "0005-02-29 BC", want: "'0005-02-29 (BC)'"},
	{typeName: "date", input: "today", want: "'2024-05-06 07:08:09.123456+00:00'::timestamptz::date::date"},
	{typeName: "date", input: "Tomorrow", want: "('2024-05-06 07:08:09.123456+00:00'::timestamptz::date + 1)::date"},
	{typeName: "date", input: "yesterday", want: "('2024-05-06 07:08:09.123456+00:00'::timestamptz::date - 1)::date"},
	// Dates whose field order DateStyle sets.
	{typeName: "date", input: "1/5/2024", want: "'2024-01-05'"},
	{typeName: "date", input: "1/5/2024", dateStyle: "ISO, DMY", want: "'2024-05-01'"},
	{typeName: "date", input: "1/5/24", dateStyle: "ISO, YMD", want: "'2001-05-24'"},
	{typeName: "date", input: "Jan 5 24", dateStyle: "ISO, YMD", want: "'2005-01-24'"},
	{typeName: "date", input: "24 Jan 5", want: "'2005-01-24'"},
	{typeName: "date", input: "5.1.2024", dateStyle: "ISO, DMY", want: "'2024-01-05'"},
	{typeName: "date", input: "13/5/2024", dateStyle: "ISO, DMY", want: "'2024-05-13'"},
	// An order in which PostgreSQL rejects the text raises its error
	// through DuckDB's error(), which the DuckDB provider converts.
	{typeName: "date", input: "1/5/2024", dateStyle: "ISO, YMD", want: `error('date field value out of range: "1/5/2024"')`},
	{typeName: "date", input: "13/5/2024", want: `error('date field value out of range: "13/5/2024"')`},
	{typeName: "timestamp", input: "1/5/2024 10:00", dateStyle: "ISO, YMD", want: `error('timestamp field value out of range: "1/5/2024 10:00"')`},
	// Dates PostgreSQL rejects.
	{typeName: "date", input: "2024-02-30", code: "22008", message: `date/time field value out of range: "2024-02-30"`},
	{typeName: "date", input: "2023-02-29", code: "22008", message: `date/time field value out of range: "2023-02-29"`},
	{typeName: "date", input: "0000-01-01", code: "22008", message: `date/time field value out of range: "0000-01-01"`},
	{typeName: "date", input: "2024-13-01", code: "22008", message: `date/time field value out of range: "2024-13-01"`},
	{typeName: "date", input: "Jan 32 2024", code: "22008", message: `date/time field value out of range: "Jan 32 2024"`},
	{typeName: "date", input: "4714-11-23 BC", code: "22008", message: `date out of range: "4714-11-23 BC"`},
	{typeName: "date", input: "5874898-01-01", code: "22008", message: `date out of range: "5874898-01-01"`},
	{typeName: "date", input: "Jan 5", code: "22007", message: `invalid input syntax for type date: "Jan 5"`},
	{typeName: "date", input: "2024", code: "22007", message: `invalid input syntax for type date: "2024"`},
	{typeName: "date", input: "allballs", code: "22007", message: `invalid input syntax for type date: "allballs"`},
	{typeName: "date", input: "0044-03-15 AD BC", code: "22007", message: `invalid input syntax for type date: "0044-03-15 AD BC"`},
	{typeName: "date", input: "13:00 PM", code: "22008", message: `date/time field value out of range: "13:00 PM"`},
	{typeName: "date", input: "pgw3fa1b2c4%_.{,}YYYY", code: "22007", message: `invalid input syntax for type date: "pgw3fa1b2c4%_.{,}YYYY"`},
	// Dates left to DuckDB: special values and time zones. An unknown word
	// alone fails as in PostgreSQL.
	{typeName: "date", input: "2024-01-05", want: "'2024-01-05'"},
	{typeName: "date", input: "infinity", want: unchanged},
	{typeName: "date", input: "epoch", want: unchanged},
	{typeName: "date", input: "2024-01-05 PST", want: "'2024-01-05'"},
	{typeName: "date", input: "x", code: "22007", message: `invalid input syntax for type date: "x"`},
	{typeName: "date", input: "1999-008", want: "'1999-01-08'::date"},
	{typeName: "date", input: "2023.366", want: "'2024-01-01'::date"},
	{typeName: "date", input: "2024.367", code: "22007", message: `invalid input syntax for type date: "2024.367"`},
	{typeName: "timestamp", input: "20240115T102030.5", want: "'2024-01-15 10:20:30.500000'::timestamp"},
	{typeName: "timestamp", input: "20240115T250000", code: "0A000",
		message: `an ISO 8601 basic time with a field out of range is not supported on this warehouse: "20240115T250000"`},
	{typeName: "date", input: "Sat 2024-01-05", want: unchanged},
	{typeName: "date", input: "2024-01-05 é", want: unchanged},

	// Timestamps.
	{typeName: "timestamp", input: "Jan 5 2024 10:00 PM", want: "'2024-01-05 22:00:00'"},
	{typeName: "timestamp", input: "2024-01-05 10:00:00 BC", want: "'2024-01-05 (BC) 10:00:00'"},
	{typeName: "timestamp", input: "2024-01-05T10:00", want: "'2024-01-05 10:00:00'"},
	{typeName: "timestamp", input: "2024-01-05 24:00", want: "'2024-01-06 00:00:00'"},
	{typeName: "timestamp", input: "2024-02-29 10:00:00.1234567", want: "'2024-02-29 10:00:00.123457'"},
	// A seventh digit that rounds the fraction up to a second carries.
	{typeName: "timestamp", input: "2024-01-01 00:00:00.9999995", want: "'2024-01-01 00:00:01'"},
	{typeName: "timestamp", input: "2024-01-01 00:00:00.9999994999", want: "'2024-01-01 00:00:00.999999'"},
	{typeName: "timestamp", input: "2024-12-31 23:59:59.9999995", want: "'2025-01-01 00:00:00'"},
	{typeName: "timestamp", input: "Jan 1 2024 11:59:59.9999995 pm", want: "'2024-01-02 00:00:00'"},
	{typeName: "timestamp", input: "Jan 1 2024 11:59:59.9999995 am", want: "'2024-01-01 12:00:00'"},
	{typeName: "timestamptz", input: "2024-01-01 10:59:59.9999995", want: "'2024-01-01 11:00:00'"},
	{typeName: "date", input: "2024-01-01 23:59:59.9999995", want: "'2024-01-01'"},
	{typeName: "time", input: "10:00:00.9999995", want: "'10:00:01'"},
	{typeName: "time", input: "11:59:59.9999995 am", want: "'12:00:00'"},
	{typeName: "time", input: "23:59:59.9999995", want: "'24:00:00'"},
	{typeName: "timestamp", input: "2024-01-05 12:00:00 AM", want: "'2024-01-05 00:00:00'"},
	{typeName: "timestamp", input: "tomorrow", want: "('2024-05-06 07:08:09.123456+00:00'::timestamptz::date + 1)::timestamp"},
	{typeName: "timestamp", input: "2024-01-05 25:00", code: "22008", message: `date/time field value out of range: "2024-01-05 25:00"`},
	{typeName: "timestamp", input: "2024-01-05 10:61", code: "22008", message: `date/time field value out of range: "2024-01-05 10:61"`},
	{typeName: "timestamp", input: "294277-01-01 00:00:00", code: "22008", message: `timestamp out of range: "294277-01-01 00:00:00"`},
	{typeName: "timestamp", input: "10:00 PM", code: "22007", message: `invalid input syntax for type timestamp: "10:00 PM"`},
	{typeName: "timestamp", input: "294276-12-31 23:59:59", code: "0A000",
		message: `a timestamp after 294247 AD is not supported on DuckDB: "294276-12-31 23:59:59"`},
	{typeName: "timestamp", input: "epoch", want: unchanged},
	{typeName: "timestamp", input: "2024-01-05 23:59:60", want: "'2024-01-06 00:00:00'"},
	{typeName: "timestamp", input: "2024-01-05 10:00:60.5", want: "'2024-01-05 10:01:00.500000'"},
	{typeName: "timestamp", input: "2024-01-05 23:59:60.5", code: "22008", message: `date/time field value out of range: "2024-01-05 23:59:60.5"`},
	// timestamptz keeps its time zone as an offset DuckDB reads.
	{typeName: "timestamptz", input: "Jan 5 2024 10:00", want: "'2024-01-05 10:00:00'"},
	{typeName: "timestamptz", input: "today", want: "'2024-05-06 07:08:09.123456+00:00'::timestamptz::date::timestamptz"},
	{typeName: "timestamptz", input: "2024-01-05 10:00:00 PST", want: "'2024-01-05 10:00:00-08:00:00'"},
	{typeName: "timestamptz", input: "2024-07-05 10:00:00 CET", want: "'2024-07-05 10:00:00+01:00:00'"},
	{typeName: "timestamptz", input: "2024-01-05 10:00:00 MSK", code: "0A000",
		message: `this time zone in date/time input is not supported on this warehouse: "2024-01-05 10:00:00 MSK"`},
	{typeName: "timestamptz", input: "2024-01-05 10:00:00 America/New_York", want: unchanged},
	{typeName: "timestamptz", input: "2024-01-05T10:00:00Z", want: unchanged},
	{typeName: "timestamptz", input: "2024-01-05 10:00:00+02", want: unchanged},
	{typeName: "timestamptz", input: "-infinity", want: unchanged},
	{typeName: "timestamptz", input: "now", want: "'2024-05-06 07:08:09.123456+00:00'::timestamptz::timestamptz"},
	{typeName: "time", input: "now", want: "'2024-05-06 07:08:09.123456+00:00'::timestamptz::\"timestamp\"::time"},
	{typeName: "time", input: "epoch", code: "22007", message: `invalid input syntax for type time: "epoch"`},
	{typeName: "timestamptz", input: "yyyy", code: "22007", message: `invalid input syntax for type timestamp with time zone: "yyyy"`},

	// Times.
	{typeName: "time", input: "10:00 PM", want: "'22:00:00'"},
	{typeName: "time", input: "12:00 AM", want: "'00:00:00'"},
	{typeName: "time", input: "0:30 am", want: "'00:30:00'"},
	{typeName: "time", input: "allballs", want: "'00:00:00'"},
	{typeName: "time", input: "10:00:00.5 am", want: "'10:00:00.500000'"},
	{typeName: "time", input: "10:00:00.5", want: unchanged},
	{typeName: "time", input: "13:00 PM", code: "22008", message: `date/time field value out of range: "13:00 PM"`},
	{typeName: "time", input: "10:61", code: "22008", message: `date/time field value out of range: "10:61"`},
	{typeName: "time", input: "tomorrow", code: "22007", message: `invalid input syntax for type time: "tomorrow"`},
	{typeName: "time", input: "24:00", want: "'24:00:00'"},
	{typeName: "time", input: "23:59:60", want: "'24:00:00'"},
	{typeName: "time", input: "11:59:60.000 PM", want: "'24:00:00'"},
	{typeName: "time", input: "2024-01-05 10:00", want: "'10:00:00'"},
	{typeName: "time", input: "10:00 PST", want: "'10:00:00'"},

	// Intervals.
	{typeName: "interval", input: "P1DT2H", want: "'0 months 1 days 7200000000 microseconds'"},
	{typeName: "interval", input: "P1Y2M3W4DT5H6M7S", want: "'14 months 25 days 18367000000 microseconds'"},
	{typeName: "interval", input: "PT1.5S", want: "'0 months 0 days 1500000 microseconds'"},
	{typeName: "interval", input: "P-1D", want: "'0 months -1 days 0 microseconds'"},
	{typeName: "interval", input: "PT", want: "'0 months 0 days 0 microseconds'"},
	{typeName: "interval", input: "1-2", want: "'14 months 0 days 0 microseconds'"},
	{typeName: "interval", input: "-1-2", want: "'-14 months 0 days 0 microseconds'"},
	{typeName: "interval", input: "-1 day +2 hours", want: "'0 months -1 days 7200000000 microseconds'"},
	{typeName: "interval", input: "1 day -2:00", want: "'0 months 1 days -7200000000 microseconds'"},
	{typeName: "interval", input: "1 day 2 hours ago", want: "'0 months -1 days -7200000000 microseconds'"},
	{typeName: "interval", input: "@ 1 day ago", want: "'0 months -1 days 0 microseconds'"},
	{typeName: "interval", input: "-1:30", want: "'0 months 0 days -5400000000 microseconds'"},
	{typeName: "interval", input: "1:30.5", want: "'0 months 0 days 90500000 microseconds'"},
	{typeName: "interval", input: "23:59:60", want: "'0 months 0 days 86400000000 microseconds'"},
	{typeName: "interval", input: "1 mon, 2 days, 03:04:05.5", want: "'1 months 2 days 11045500000 microseconds'"},
	// Plain intervals that DuckDB reads as PostgreSQL does stay as they are.
	{typeName: "interval", input: "1 day 2 hours", want: unchanged},
	{typeName: "interval", input: "1:30", want: unchanged},
	{typeName: "interval", input: "-1 day", want: unchanged},
	{typeName: "interval", input: "1 mon 2 days 03:04:05.5", want: unchanged},
	{typeName: "interval", input: "1.5 days", want: "'0 months 1 days 43200000000 microseconds'"},
	{typeName: "interval", input: "2 decades 1 century 1 millennium", want: "'13440 months 0 days 0 microseconds'"},
	{typeName: "interval", input: "1 week", want: "'0 months 7 days 0 microseconds'"},
	{typeName: "interval", input: "5", want: "'0 months 0 days 5000000 microseconds'"},
	{typeName: "interval", input: "1 hour 30", want: "'0 months 0 days 3630000000 microseconds'"},
	{typeName: "interval", input: "3 microseconds", want: "'0 months 0 days 3 microseconds'"},
	{typeName: "interval", input: "1 hour 2 hours", code: "22007", message: `invalid input syntax for type interval: "1 hour 2 hours"`},
	{typeName: "interval", input: "1 day x", code: "22007", message: `invalid input syntax for type interval: "1 day x"`},
	{typeName: "interval", input: "ago", code: "22007", message: `invalid input syntax for type interval: "ago"`},
	{typeName: "interval", input: "", code: "22007", message: `invalid input syntax for type interval: ""`},
	{typeName: "interval", input: "P", code: "22007", message: `invalid input syntax for type interval: "P"`},
	{typeName: "interval", input: "p1d", code: "22007", message: `invalid input syntax for type interval: "p1d"`},
	{typeName: "interval", input: "1:60", code: "22015", message: `interval field value out of range: "1:60"`},
	{typeName: "interval", input: "1.5 months", want: "'1 months 15 days 0 microseconds'"},
	{typeName: "interval", input: "P0001-02-03T04:05:06", want: "'14 months 3 days 14706000000 microseconds'"},
	{typeName: "interval", input: "2147483648 days", code: "22015", message: `interval field value out of range: "2147483648 days"`},
	{typeName: "interval", input: "1000000000 years", code: "22008", message: "interval out of range"},
	{typeName: "interval", input: "1 quarter", want: unchanged},
	{typeName: "interval", input: "1 2", code: "22007", message: `invalid input syntax for type interval: "1 2"`},
	{typeName: "interval", input: "13 ago", code: "22007", message: `invalid input syntax for type interval: "13 ago"`},
	// PostgreSQL reads the fields from right to left and reports the
	// rightmost bad one.
	{typeName: "interval", input: "jan 1:305", code: "22015", message: `interval field value out of range: "jan 1:305"`},
	{typeName: "interval", input: "1:305 jan", code: "22007", message: `invalid input syntax for type interval: "1:305 jan"`},
	{typeName: "interval", input: "5 day hour", want: "'0 months 5 days 0 microseconds'"},
	{typeName: "interval", input: "1 2:00", want: "'0 months 1 days 7200000000 microseconds'"},
}

func TestDateTimeConstants(t *testing.T) {
	for _, c := range dateTimeCases {
		session := *corpusSession
		session.Settings = map[string]string{"timezone": "UTC", "datestyle": "ISO, MDY"}
		if c.dateStyle != "" {
			session.Settings["datestyle"] = c.dateStyle
		}
		quoted := quoteLiteral(c.input)
		sql := fmt.Sprintf("select %s::%s", quoted, c.typeName)
		stmts, err := New(4).Translate(DuckDB(DuckDBCapabilities{}), sql, &session)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		st := stmts[0]
		name := fmt.Sprintf("%s [%s]", sql, session.Settings["datestyle"])
		if c.code != "" {
			checkDateTimeError(t, name, st.Err, c.code, c.message, len("select ")+1)
			continue
		}
		if st.Err != nil {
			t.Errorf("%s: unexpected error %v", name, st.Err)
			continue
		}
		want := c.want
		if want == unchanged {
			want = quoted + "::"
		}
		if !strings.Contains(st.Rewritten, want) {
			t.Errorf("%s\n got:      %s\n expected: %s", name, st.Rewritten, want)
		}
	}
}

func checkDateTimeError(t *testing.T, name string, err error, code, message string, position int) {
	t.Helper()
	e := AsError(err)
	if e == nil {
		t.Errorf("%s: no error, expected %s %s", name, code, message)
		return
	}
	if e.Code != code {
		t.Errorf("%s: SQLSTATE %s, expected %s", name, e.Code, code)
	}
	if e.Message != message {
		t.Errorf("%s: message %q, expected %q", name, e.Message, message)
	}
	if e.Position != position {
		t.Errorf("%s: position %d, expected %d", name, e.Position, position)
	}
}

// TestDateTimeTypedLiteralPosition checks that the error of date 'x'
// points at the string, as PostgreSQL's does.
func TestDateTimeTypedLiteralPosition(t *testing.T) {
	sql := "select 1, date '2024-02-30'"
	stmts, err := New(4).Translate(DuckDB(DuckDBCapabilities{}), sql, corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	checkDateTimeError(t, sql, stmts[0].Err, "22008", `date/time field value out of range: "2024-02-30"`, strings.Index(sql, "'")+1)
}

// TestDateTimeFoldedCurrentDate checks that the folded current_date,
// a marker string cast to date, is not read as date input.
func TestDateTimeFoldedCurrentDate(t *testing.T) {
	stmts, err := New(4).Translate(DuckDB(DuckDBCapabilities{}), "select current_date, localtimestamp", corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	if stmts[0].Err != nil {
		t.Fatalf("unexpected error %v", stmts[0].Err)
	}
	if !strings.Contains(stmts[0].Rewritten, "'2024-05-06'::date") {
		t.Errorf("current_date did not fold: %s", stmts[0].Rewritten)
	}
}

// TestDateTimeSharedTemplate checks that a query string that differs from
// an earlier one only in a date constant gets its own rewrite: the
// shared templates must not pass a later constant through unread.
func TestDateTimeSharedTemplate(t *testing.T) {
	tr := New(16)
	d := DuckDB(DuckDBCapabilities{})
	for _, sql := range []string{"select '2024-01-05'::date", "select '2024-01-06'::date", "select '2024-01-07'::date"} {
		if _, err := tr.Translate(d, sql, corpusSession); err != nil {
			t.Fatal(err)
		}
	}
	stmts, err := tr.Translate(d, "select 'Jan 8 2024'::date", corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stmts[0].Rewritten, "'2024-01-08'") {
		t.Errorf("Jan 8 2024 was not read: %s", stmts[0].Rewritten)
	}
	stmts, err = tr.Translate(d, "select 'Jan 32 2024'::date", corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	if e := AsError(stmts[0].Err); e == nil || e.Code != "22008" {
		t.Errorf("Jan 32 2024: error %v, expected 22008", stmts[0].Err)
	}
}

// TestDateTimeJulianDays checks the conversion between Julian day
// numbers and dates at the ends of PostgreSQL's range and around leap
// days.
func TestDateTimeJulianDays(t *testing.T) {
	cases := []struct {
		julian, year, month, day int
	}{
		{0, -4713, 11, 24},
		{2440588, 1970, 1, 1},
		{2451545, 2000, 1, 1},
		{2451604, 2000, 2, 29},
		{1721425, 0, 12, 31},
		{1721426, 1, 1, 1},
		{2147483493, 5874897, 12, 31},
	}
	for _, c := range cases {
		if got := julianFromCivil(c.year, c.month, c.day); got != c.julian {
			t.Errorf("julianFromCivil(%d, %d, %d) = %d, expected %d", c.year, c.month, c.day, got, c.julian)
		}
		y, m, d := civilFromJulian(c.julian)
		if y != c.year || m != c.month || d != c.day {
			t.Errorf("civilFromJulian(%d) = %d-%d-%d, expected %d-%d-%d", c.julian, y, m, d, c.year, c.month, c.day)
		}
	}
}

// TestIntervalConstantsEqualInDuckDB checks that interval constants
// that DuckDB compares as equal but PostgreSQL adds differently cannot
// share a statement, and that others can.
func TestIntervalConstantsEqualInDuckDB(t *testing.T) {
	for sql, want := range map[string]string{
		"select d + interval '1 month', d + interval '30 days' from t":  "0A000",
		"select d + interval '1 day', d + interval '24 hours' from t":   "0A000",
		"select d - interval '1 year', d - '360 days'::interval from t": "0A000",
		"select d + interval '1 month', d + interval '1 month' from t":  "",
		"select d + interval '1 month' - interval '1 day' from t":       "",
		"select d + interval '1 day', d + interval '25 hours' from t":   "",
	} {
		stmts, err := New(8).Translate(DuckDB(DuckDBCapabilities{}), sql, &Session{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if e := AsError(stmts[0].Err); e != nil {
			got = e.Code
		}
		if got != want {
			t.Errorf("%s: %q, want %q (%v)", sql, got, want, stmts[0].Err)
		}
	}
}

// TestTimestampDifferenceInUTC checks that timestamptz - timestamptz
// subtracts in UTC, where DuckDB would count calendar days in the
// session's time zone.
func TestTimestampDifferenceInUTC(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"select timestamptz '2024-11-03 12:00-05' - timestamptz '2024-11-02 12:00-04'",
			"timezone('UTC', '2024-11-03 12:00-05'::timestamptz) - timezone('UTC', '2024-11-02 12:00-04'::timestamptz)"},
		{"select timestamp '2024-11-03' - timestamp '2024-11-02'", "'2024-11-03'::timestamp - '2024-11-02'::timestamp"},
	})
}

func TestDateTruncCentury(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{`select date_trunc('century', x::timestamp) from t`,
			`CASE WHEN isfinite(x::timestamp) THEN date_trunc('year', x::timestamp) - to_years(CASE WHEN year(x::timestamp) > 0 ` +
				`THEN (year(x::timestamp) - 1) % 100 ELSE (100 - ((1 - year(x::timestamp)) % 100)) % 100 END::int4) ELSE x::timestamp END`},
		{`select date_trunc('Millennium', x::date) from t`, `% 1000 END::int4) ELSE x::date::timestamptz END`},
		{`select date_trunc('decade', x::timestamp) from t`, `date_trunc('decade', x::timestamp)`},
	})
}
