package translate

import (
	"strings"
	"testing"
)

// zoneSession returns the corpus session with TimeZone set to zone.
func zoneSession(zone string) *Session {
	s := *corpusSession
	s.Settings = map[string]string{"timezone": zone}
	return &s
}

// translateIn translates one statement for BigQuery with tr in a session
// whose TimeZone is zone.
func translateIn(t *testing.T, tr *Translator, zone, sql string) (string, *Error) {
	t.Helper()
	stmts, err := tr.Translate(BigQuery(BigQueryOptions{}), sql, zoneSession(zone))
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("%s: %d statements, expected 1", sql, len(stmts))
	}
	return stmts[0].Rewritten, AsError(stmts[0].Err)
}

func TestBigQueryZoneRewrites(t *testing.T) {
	const zone = "America/New_York"
	cases := []struct{ name, sql, expected string }{
		{"timestamptz to date", `select ts::timestamptz::timestamp::timestamptz::date as d from t`,
			"SELECT DATE(" + bqLocal("DATETIME("+bqTextToTimestamptz("ts", zone)+", 'America/New_York')", zone) +
				", 'America/New_York') AS d FROM t"},
		{"date to timestamptz", `select d::text::date::timestamptz as x from t`,
			"SELECT " + bqLocal("DATETIME(CAST("+bqTextOf("d", zone)+" AS DATE))", zone) + " AS x FROM t"},
		{"constant without offset", `select '2024-07-01 12:00:00'::timestamptz as x`,
			"SELECT " + bqLocal("CAST('2024-07-01 12:00:00' AS DATETIME)", zone) + " AS x"},
		{"constant with offset", `select '2024-07-01 12:00:00+02'::timestamptz as x`,
			"SELECT CAST('2024-07-01 12:00:00+02:00' AS TIMESTAMP) AS x"},
		{"timestamptz to time", `select now()::time as x`,
			"SELECT TIME(CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP), 'America/New_York') AS x"},
		{"date_trunc of timestamptz", `select date_trunc('day', ts::timestamptz) as x from t`,
			"SELECT TIMESTAMP_TRUNC(" + bqTextToTimestamptz("ts", zone) + ", DAY, 'America/New_York') AS x FROM t"},
		{"date_trunc to seconds", `select date_trunc('second', now()) as x`,
			"SELECT TIMESTAMP_TRUNC(CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP), SECOND) AS x"},
		{"date_trunc with a zone", `select date_trunc('month', now(), 'Asia/Kolkata') as x`,
			"SELECT TIMESTAMP_TRUNC(CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP), MONTH, 'Asia/Kolkata') AS x"},
		{"date_trunc of a date", `select date_trunc('month', '2024-07-05'::date) as x`,
			"SELECT " + bqLocal("DATETIME(DATE_TRUNC(CAST('2024-07-05' AS DATE), MONTH))", zone) + " AS x"},
		{"extract from timestamptz", `select extract(dow from now()) as x`,
			"SELECT (EXTRACT(DAYOFWEEK FROM CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP) AT TIME ZONE 'America/New_York') - 1) AS x"},
		{"extract from timestamp", `select extract(hour from ts::text::timestamp) as x from t`,
			"SELECT EXTRACT(HOUR FROM CAST(" + bqTextOf("ts", zone) + " AS DATETIME)) AS x FROM t"},
		{"at time zone of timestamptz", `select now() at time zone 'Asia/Kolkata' as x`,
			"SELECT DATETIME(CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP), 'Asia/Kolkata') AS x"},
		{"at time zone of timestamp", `select ts::text::timestamp at time zone 'UTC' as x from t`,
			"SELECT " + bqLocal("CAST("+bqTextOf("ts", zone)+" AS DATETIME)", "UTC") + " AS x FROM t"},
		{"at local", `select now() at local as x`,
			"SELECT DATETIME(CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP), 'America/New_York') AS x"},
		{"comparison with timestamptz", `select a from t where '2024-07-01 10:00:00'::timestamp::timestamptz >= '2024-07-01'`,
			"SELECT a FROM t WHERE " + bqLocal("CAST('2024-07-01 10:00:00' AS DATETIME)", zone) + " >= " +
				bqLocal("CAST('2024-07-01' AS DATETIME)", zone)},
		{"between with timestamptz", `select a from t where now() between '2024-07-01' and '2024-07-02 10:00'`,
			"SELECT a FROM t WHERE CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP) BETWEEN " +
				bqLocal("CAST('2024-07-01' AS DATETIME)", zone) + " AND " + bqLocal("CAST('2024-07-02 10:00:00' AS DATETIME)", zone)},
		{"in with timestamptz", `select a from t where now() in ('2024-07-01', '2024-07-02T00:00:00Z')`,
			"SELECT a FROM t WHERE CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP) IN (" +
				bqLocal("CAST('2024-07-01' AS DATETIME)", zone) + ", '2024-07-02 00:00:00+00:00')"},
		{"comparison with date", `select a from t where d::text::date = '2024-07-01'`,
			"SELECT a FROM t WHERE CAST(" + bqTextOf("d", zone) + " AS DATE) = '2024-07-01'"},
		{"cast of text to date", `select s::text::date as x from t`,
			"SELECT CAST(" + bqTextOf("s", zone) + " AS DATE) AS x FROM t"},
		{"cast of a parameter to date", `select $1::date as x`, "SELECT CAST(@p1 AS DATE) AS x"},
		{"cast of a parameter to timestamptz", `select $1::timestamptz as x`, "SELECT CAST(@p1 AS TIMESTAMP) AS x"},
		{"hours added to timestamptz", `select now() + interval '2 hours' as x`,
			"SELECT CAST('2024-05-06 03:08:09.123456-04:00' AS TIMESTAMP) + INTERVAL 2 HOUR AS x"},
		{"days added to a date", `select '2024-07-01'::date + interval '1 day' as x`,
			"SELECT CAST('2024-07-01' AS DATE) + INTERVAL 1 DAY AS x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			actual, err := translateIn(t, New(10), zone, c.sql)
			if err != nil {
				t.Fatalf("%s: %s %s", c.sql, err.Code, err.Message)
			}
			if actual != c.expected {
				t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
			}
		})
	}
}

// bqTextToTimestamptz is the rewrite of a cast of column to timestamptz.
func bqTextToTimestamptz(column, zone string) string {
	text := "CAST(" + column + " AS STRING)"
	return "IF(REGEXP_CONTAINS(" + text + ", " + quoteEscapedString(bqZoneSuffix) + "), TIMESTAMP(" + text +
		"), " + bqLocal("CAST("+text+" AS DATETIME)", zone) + ")"
}

// bqLocal is the rewrite of the conversion of the DATETIME local to
// timestamptz in zone.
func bqLocal(local, zone string) string {
	read := func(direction string) string {
		return "TIMESTAMP_SUB(TIMESTAMP(" + local + ", 'UTC'), INTERVAL DATETIME_DIFF(DATETIME(TIMESTAMP_" + direction +
			"(TIMESTAMP(" + local + ", 'UTC'), INTERVAL 1 DAY), '" + zone + "'), DATETIME_" + direction + "(" + local +
			", INTERVAL 1 DAY), SECOND) SECOND)"
	}
	return "IF(DATETIME(" + read("ADD") + ", '" + zone + "') = " + local + ", " + read("ADD") + ", " + read("SUB") + ")"
}

// TestBigQueryZoneNotCached translates one query string in one translator
// for sessions in several zones: the cached rewrite must not keep the
// zone of the first session.
func TestBigQueryZoneNotCached(t *testing.T) {
	tr := New(10)
	const sql = `select date_trunc('day', now()) as x, extract(hour from now()) as h`
	for _, zone := range []string{"UTC", "Asia/Kolkata", "UTC", "Australia/Lord_Howe", "America/New_York"} {
		actual, err := translateIn(t, tr, zone, sql)
		if err != nil {
			t.Fatalf("%s: %s %s", zone, err.Code, err.Message)
		}
		if n := strings.Count(actual, "'"+zone+"'"); n != 2 {
			t.Errorf("%s: zone appears %d times, expected 2: %s", zone, n, actual)
		}
	}
}

// TestBigQueryZoneSharedTemplate translates literal-only variants, which
// share a template after the second, in alternating zones.
func TestBigQueryZoneSharedTemplate(t *testing.T) {
	tr := New(10)
	zones := []string{"UTC", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe", "Asia/Kolkata"}
	for i, zone := range zones {
		sql := `select extract(hour from now()) + ` + string(rune('1'+i)) + ` as x, date_trunc('day', now()) as d`
		actual, err := translateIn(t, tr, zone, sql)
		if err != nil {
			t.Fatalf("%s: %s %s", zone, err.Code, err.Message)
		}
		expected, _ := translateIn(t, New(10), zone, sql)
		if actual != expected {
			t.Errorf("%s, %s\nshared:   %s\nuncached: %s", zone, sql, actual, expected)
		}
		if n := strings.Count(actual, "'"+zone+"'"); n != 2 {
			t.Errorf("%s: zone appears %d times, expected 2: %s", zone, n, actual)
		}
	}
}

// TestBigQueryZoneTextNotShared translates comparisons with string
// constants that are not times until their shape could share a template,
// then one with a date: its rewrite reads the constant's value, so it must
// not use the template of the others.
func TestBigQueryZoneTextNotShared(t *testing.T) {
	tr := New(10)
	for _, text := range []string{"abc", "def", "ghi"} {
		translateIn(t, tr, "UTC", `select a from t where now() >= '`+text+`' and b = 1`)
		translateIn(t, tr, "UTC", `select a from t where a >= '`+text+`' and b = 1`)
	}
	actual, err := translateIn(t, tr, "Asia/Kolkata", `select a from t where now() >= '2024-07-01' and b = 1`)
	if err != nil || !strings.Contains(actual, bqLocal("CAST('2024-07-01' AS DATETIME)", "Asia/Kolkata")) {
		t.Errorf("comparison with timestamptz: %s, %v; expected the constant read in Asia/Kolkata", actual, err)
	}
	_, err = translateIn(t, tr, "Asia/Kolkata", `select a from t where a >= '2024-07-01' and b = 1`)
	if err == nil || err.Code != CodeFeatureNotSupported {
		t.Errorf("comparison with a value of unknown type: %v, expected 0A000", err)
	}
}

// TestBigQueryZoneGuards checks the constructs that are exact only in UTC:
// they translate in a session in UTC and fail with 0A000 at the construct
// in any other zone.
func TestBigQueryZoneGuards(t *testing.T) {
	cases := []struct{ sql, construct string }{
		{`select a::date from t`, "a cast to date of a value of unknown type"},
		{`select a::timestamp from t`, "a cast to timestamp of a value of unknown type"},
		{`select a::time from t`, "a cast to time of a value of unknown type"},
		{`select now()::text`, "a cast of timestamptz to text"},
		{`select date_trunc('day', a) from t`, "date_trunc() of a value of unknown type"},
		{`select extract(hour from a) from t`, "extract() of hour from a value of unknown type"},
		{`select extract(dow from a) from t`, "extract() of dow from a value of unknown type"},
		{`select a from t where a >= '2024-07-01'`, "a comparison of a value of unknown type with a date or timestamp constant"},
		{`select a from t where a between '2024-07-01' and '2024-07-02'`, "a comparison of a value of unknown type"},
		{`select a from t where a in ('2024-07-01 10:00:00')`, "a comparison of a value of unknown type"},
		{`select a + interval '1 day' from t`, "adding an interval of days or months to a timestamptz"},
		{`select now() - interval '1 month'`, "adding an interval of days or months to a timestamptz"},
		{`select now() + a::interval`, "adding an interval of days or months to a timestamptz"},
		{`select coalesce(a, '2024-07-01') from t`, "a date or timestamp constant among values that may be timestamptz"},
		{`select greatest(now(), '2024-07-01 10:00') from t`, "a date or timestamp constant among values"},
		{`select nullif(a, '2024-07-01') from t`, "a date or timestamp constant among values"},
		{`select case when b then a else '2024-07-01' end from t`, "a date or timestamp constant among values"},
		{`select case a when '2024-07-01' then 1 end from t`, "a date or timestamp constant among values"},
	}
	for _, c := range cases {
		if _, err := translateIn(t, New(10), "UTC", c.sql); err != nil {
			t.Errorf("%s in UTC: %s %s", c.sql, err.Code, err.Message)
		}
		if _, err := translateIn(t, New(10), "Etc/UTC", c.sql); err != nil {
			t.Errorf("%s in Etc/UTC: %s %s", c.sql, err.Code, err.Message)
		}
		_, err := translateIn(t, New(10), "Asia/Kolkata", c.sql)
		if err == nil {
			t.Errorf("%s in Asia/Kolkata: translated, expected 0A000", c.sql)
			continue
		}
		if err.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000", c.sql, err.Code)
		}
		if !strings.Contains(err.Message, c.construct) || !strings.HasSuffix(err.Message, "in time zone Asia/Kolkata") {
			t.Errorf("%s: message %q, expected %q in time zone Asia/Kolkata", c.sql, err.Message, c.construct)
		}
		if err.Hint == "" || err.Position < 8 {
			t.Errorf("%s: hint %q at position %d, expected a hint and the construct's position", c.sql, err.Hint, err.Position)
		}
	}
}

// TestBigQueryZoneUnguarded checks constructs that are exact in every zone
// and translate in a session outside UTC.
func TestBigQueryZoneUnguarded(t *testing.T) {
	for _, sql := range []string{
		`select a::text, a::int8, $1::date, '2024-07-01'::date, null::timestamptz from t`,
		`select a from t where a >= '2024-07-01T00:00:00Z'`,
		`select a from t where a = 'x'`,
		`select a + interval '1 hour', extract(epoch from a) from t`,
		`select d::text::date + interval '1 day', ts::text::timestamp - interval '1 month' from t`,
		`select coalesce(a, 'x'), coalesce(d::text::date, '2024-07-01'), case when b then '2024-07-01' else 'x' end from t`,
	} {
		if _, err := translateIn(t, New(10), "Asia/Kolkata", sql); err != nil {
			t.Errorf("%s: %s %s", sql, err.Code, err.Message)
		}
	}
}

func TestBigQueryZoneArgumentRejected(t *testing.T) {
	cases := []struct{ sql, message string }{
		{`select now() at time zone 'EST5EDT+1'`, "time zone 'EST5EDT+1'"},
		{`select now() at time zone '+05:30'`, "time zone '+05:30'"},
		{`select now() at time zone 'PST'`, "time zone 'PST'"},
		{`select now() at time zone 'Local'`, "time zone 'Local'"},
		{`select now() at time zone a from t`, "a time zone that is not a constant"},
		{`select a at time zone 'UTC' from t`, "AT TIME ZONE on a value of unknown type"},
		{`select date_trunc('day', now(), 'Mars/Base')`, "time zone 'Mars/Base'"},
		{`select date_trunc('day', a::date, 'UTC') from t`, "date_trunc() with a time zone of a date value"},
	}
	for _, c := range cases {
		_, err := translateIn(t, New(10), "UTC", c.sql)
		if err == nil {
			t.Errorf("%s: translated, expected 0A000", c.sql)
			continue
		}
		if err.Code != CodeFeatureNotSupported || !strings.Contains(err.Message, c.message) {
			t.Errorf("%s: %s %q, expected 0A000 with %q", c.sql, err.Code, err.Message, c.message)
		}
	}
}
