package duckdb

import (
	"database/sql/driver"
	"math"
	"testing"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// These cases hold PostgreSQL 15.18's results. The engine tests compare
// many more templates and values with a running PostgreSQL.

func TestFormatToCharTemplates(t *testing.T) {
	ts := time.Date(2021, time.January, 1, 0, 5, 6, 789012000, time.UTC)
	bc := time.Date(-43, time.March, 15, 13, 45, 0, 500000000, time.UTC)
	cases := []struct {
		value    time.Time
		template string
		want     string
	}{
		{ts, "YYYY-MM-DD HH24:MI:SS.US", "2021-01-01 00:05:06.789012"},
		{ts, "IYYY-IW-ID IDDD", "2020-53-5 369"},
		{ts, "Day|Month|DY|mon", "Friday   |January  |FRI|jan"},
		{ts, "FMDay|FMMonth|TMMonth", "Friday|January|January"},
		{ts, "DDth DDTH FMDDth", "01st 01ST 1st"},
		{ts, "HH12:MI am A.M.", "12:05 am A.M."},
		{ts, "CC J Q RM rm W WW", "21 2459216 1 I    i    1 01"},
		{ts, "FF1 FF2 FF3 FF4 FF5 FF6 MS US", "7 78 789 7890 78901 789012 789 789012"},
		{ts, "SSSS SSSSS", "306 306"},
		{ts, "Y,YYY YYY YY Y", "2,021 021 21 1"},
		{ts, "TZ|tz|TZH|TZM|OF", "||+00|00|+00"},
		{ts, `"YYYY" \"Y\" "a\"b" \Y FMx`, `YYYY "1" a"b \1 x`},
		{ts, `"a\\b" "unclosed YYYY`, `a\b unclosed YYYY`},
		{ts, "MonthTH DDSP FMDDTHSP FX fx", "January   01 1STSP  "},
		{ts, "FMTMMonth TMFMDay", "T01onth FMFriday   "},
		{ts, "Ww Dd Mm yYyY Rm", "11 66 Mm 1111 Rm"},
		{bc, "YYYY BC b.c. AD", "0044 BC b.c. BC"},
		{bc, "CC FMCC CCth", "-01 -1 -01st"},
		{bc, "IYYY IW J", "0044 11 1705428"},
		{time.Date(2021, time.January, 3, 12, 0, 0, 0, time.UTC), "IYYY-IW-ID IDDD", "2020-53-7 371"},
		{time.Date(2021, time.January, 11, 23, 0, 0, 0, time.UTC), "Dth Wth IWth HH12th", "2nd 2nd 02nd 11th"},
		{time.Date(2012, time.December, 13, 0, 0, 0, 0, time.UTC), "DDth PM", "13th AM"},
	}
	for _, c := range cases {
		if got, _ := formatToChar(newClockFields(c.value, false), c.template); got != c.want {
			t.Errorf("to_char(%s, %q) = %q, expected %q", c.value, c.template, got, c.want)
		}
	}
}

func TestToCharInSessionZone(t *testing.T) {
	cases := []struct {
		run      func([]driver.Value) (any, error)
		value    time.Time
		zone     string
		template string
		want     string
	}{
		{timestampTZToChar, time.Date(2021, time.November, 7, 5, 30, 0, 0, time.UTC), "America/New_York", "HH24:MI TZ tz OF", "01:30 EDT edt -04"},
		{timestampTZToChar, time.Date(1800, time.June, 1, 12, 0, 0, 0, time.UTC), "America/New_York",
			"HH24:MI:SS TZ OF FMOF TZH TZM", "07:03:58 LMT -04:56 -4:56 -04 56"},
		{timestampTZToChar, time.Date(2021, time.March, 4, 5, 6, 7, 0, time.UTC), "Asia/Kolkata", "HH24:MI TZ OF", "10:36 IST +05:30"},
		// Sao Paulo skipped midnight on 2018-11-04 for summer time.
		{dateToChar, time.Date(2018, time.November, 4, 0, 0, 0, 0, time.UTC), "America/Sao_Paulo", "YYYY-MM-DD HH24:MI TZ OF", "2018-11-04 01:00 -02 -02"},
		{dateToChar, time.Date(2019, time.February, 16, 0, 0, 0, 0, time.UTC), "America/Sao_Paulo", "YYYY-MM-DD HH24:MI TZ OF", "2019-02-16 00:00 -02 -02"},
		{timestampToChar, time.Date(2021, time.March, 4, 5, 6, 7, 0, time.UTC), "Asia/Kolkata", "HH24:MI TZ TZH OF", "05:06  +00 +00"},
	}
	for _, c := range cases {
		got, err := c.run([]driver.Value{c.value, c.template, c.zone, "C"})
		if err != nil || got != c.want {
			t.Errorf("to_char(%s, %q) in %s = %v, %v; expected %q", c.value, c.template, c.zone, got, err, c.want)
		}
	}
}

func TestToCharNullResults(t *testing.T) {
	infinity := time.UnixMicro(math.MaxInt64).UTC()
	cases := []struct {
		run  func([]driver.Value) (any, error)
		args []driver.Value
	}{
		{timestampToChar, []driver.Value{infinity, "YYYY", "UTC", "C"}},
		{timestampToChar, []driver.Value{time.UnixMicro(-math.MaxInt64).UTC(), "YYYY", "UTC", "C"}},
		{timestampTZToChar, []driver.Value{infinity, "YYYY", "UTC", "C"}},
		{dateToChar, []driver.Value{dateInfinity, "YYYY", "UTC", "C"}},
		{dateToChar, []driver.Value{dateNegativeInfinity, "YYYY", "UTC", "C"}},
		{timestampToChar, []driver.Value{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), "", "UTC", "C"}},
	}
	for _, c := range cases {
		if got, err := c.run(c.args); got != nil || err != nil {
			t.Errorf("to_char(%v) = %v, %v; expected NULL", c.args, got, err)
		}
	}
}

func TestIntervalToChar(t *testing.T) {
	positive := duckdb.Interval{Months: 14, Days: 3, Micros: 14706789000}
	negative := duckdb.Interval{Months: -14, Days: -3, Micros: -14706789000}
	zero := duckdb.Interval{}
	long := duckdb.Interval{Months: 1200, Days: 13, Micros: 27 * 3600_000_000}
	cases := []struct {
		value    duckdb.Interval
		template string
		want     string
	}{
		{positive, "YYYY|Y,YYY|YYY|IYYY|CC|MM|DD|DDD|WW|Q|RM", "0001|0,001|001|0001|00|02|03|423|61|1|II  "},
		{negative, "YYYY|Y,YYY|YYY|IYYY|CC|MM|DD|DDD|WW|Q|RM", "-0001|0,-01|-001|-0002|00|-02|-3|-423|-59|0|XI  "},
		{negative, "HH|HH24|MI|SS|MS|US|FF1|SSSS|AM", "-04|-04|-05|-06|-789|-789000|-7|-14706|AM"},
		{zero, "IYYY|IY|IDDD|IW|J|Q|RM|HH|HH24", "-001|-1|331|48|1721028|||12|00"},
		{long, "CC|HH|HH24|SSSS|AM|W|IDDD|IW|J", "01|03|27|97200|AM|2|350|50|1757566"},
		{duckdb.Interval{Months: 12}, "RM|IYYY|IDDD|J", "XII |0000|333|1721394"},
	}
	for _, c := range cases {
		got, err := intervalToChar([]driver.Value{c.value, c.template, "UTC", "C"})
		if err != nil || got != c.want {
			t.Errorf("to_char(%+v, %q) = %v, %v; expected %q", c.value, c.template, got, err, c.want)
		}
	}
}

func TestIntervalToCharRejectsDatePatterns(t *testing.T) {
	for _, template := range []string{"Day", "Mon", "D", "ID", "TZ", "OF", "BC", "a.d."} {
		if _, err := intervalToChar([]driver.Value{duckdb.Interval{Days: 1}, template, "UTC", "C"}); err == nil {
			t.Errorf("to_char(interval, %q) succeeded, expected error 22007", template)
		}
	}
}
