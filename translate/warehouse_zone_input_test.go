package translate

import (
	"strings"
	"testing"
)

// TestWarehouseZoneAbbreviations checks that Snowflake and BigQuery
// receive a date/time constant with a time zone abbreviation as the
// value that PostgreSQL 15 reads, with the abbreviation's fixed offset.
func TestWarehouseZoneAbbreviations(t *testing.T) {
	// An empty expected rewrite skips that dialect.
	cases := []struct{ sql, snowflake, bigquery string }{
		{`select timestamptz '2024-01-15 10:00 PST'`,
			`SELECT '2024-01-15 10:00:00-08:00'::timestamp_ltz AS TIMESTAMPTZ`,
			`SELECT CAST('2024-01-15 10:00:00-08:00' AS TIMESTAMP) AS timestamptz`},
		// PST is -08:00 in summer too.
		{`select '2024-07-15 10:00 pst'::timestamptz`,
			`SELECT '2024-07-15 10:00:00-08:00'::timestamp_ltz AS TIMESTAMPTZ`,
			`SELECT CAST('2024-07-15 10:00:00-08:00' AS TIMESTAMP) AS timestamptz`},
		{`select cast('Jan 15 2024 10:00:30.5 CET' as timestamptz)`,
			`SELECT '2024-01-15 10:00:30.500000+01:00'::timestamp_ltz AS TIMESTAMPTZ`,
			`SELECT CAST('2024-01-15 10:00:30.500000+01:00' AS TIMESTAMP) AS timestamptz`},
		{`select timestamptz '2024-01-15 10:00 npt'`,
			`SELECT '2024-01-15 10:00:00+05:45'::timestamp_ltz AS TIMESTAMPTZ`,
			`SELECT CAST('2024-01-15 10:00:00+05:45' AS TIMESTAMP) AS timestamptz`},
		{`select timestamptz '2024-01-15 10:00 EST' = timestamptz '2024-01-15 15:00 UTC'`,
			`SELECT '2024-01-15 10:00:00-05:00'::timestamp_ltz = '2024-01-15 15:00:00+00:00'::timestamp_ltz AS "?COLUMN?"`,
			`SELECT CAST('2024-01-15 10:00:00-05:00' AS TIMESTAMP) = CAST('2024-01-15 15:00:00+00:00' AS TIMESTAMP) AS _pgway_col1_3f636f6c756d6e3f`},
		// The other types check the zone and drop it.
		{`select timestamp '2024-01-15 10:00 PST'`,
			`SELECT '2024-01-15 10:00:00'::timestamp_ntz AS "TIMESTAMP"`,
			`SELECT CAST('2024-01-15 10:00:00' AS DATETIME) AS timestamp`},
		{`select date '2024-01-15 PST'`,
			`SELECT '2024-01-15'::date AS "DATE"`,
			`SELECT CAST('2024-01-15' AS DATE) AS date`},
		{`select time '10:00 PM PST'`,
			`SELECT '22:00:00'::time AS "TIME"`,
			`SELECT CAST('22:00:00' AS TIME) AS time`},
		{`select a @> '{"2024-01-15 10:00 PST"}'::timestamptz[] from t`,
			`SELECT array_size(array_except(array_distinct(array_construct('2024-01-15 10:00:00-08:00'::timestamp_ltz)), A)) = 0 AS "?COLUMN?" FROM T`,
			""},
		{`select '{"2024-01-15 10:00 PST", NULL}'::timestamptz[]`, "",
			`SELECT ARRAY<TIMESTAMP>[CAST('2024-01-15 10:00:00-08:00' AS TIMESTAMP), NULL] AS timestamptz`},
		// ISO text keeps its form.
		{`select timestamptz '2024-01-15 10:00:00+02'`,
			`SELECT '2024-01-15 10:00:00+02'::timestamp_ltz AS TIMESTAMPTZ`,
			`SELECT CAST('2024-01-15 10:00:00+02:00' AS TIMESTAMP) AS timestamptz`},
	}
	for _, c := range cases {
		if c.snowflake != "" {
			if actual := snowflakeRewrite(t, c.sql); actual != c.snowflake {
				t.Errorf("snowflake: %s\nexpected: %s\nactual:   %s", c.sql, c.snowflake, actual)
			}
		}
		if c.bigquery == "" {
			continue
		}
		actual, err := bigQueryRewrite(t, BigQueryOptions{}, c.sql)
		if err != nil {
			t.Errorf("bigquery: %s: %v", c.sql, err)
		} else if actual != c.bigquery {
			t.Errorf("bigquery: %s\nexpected: %s\nactual:   %s", c.sql, c.bigquery, actual)
		}
	}
}

// TestWarehouseZoneAbbreviationErrors checks the errors of constants
// with a zone that PostgreSQL rejects, and of those that the reader
// cannot convert exactly.
func TestWarehouseZoneAbbreviationErrors(t *testing.T) {
	cases := []struct{ sql, code, message string }{
		// PostgreSQL 15: invalid input syntax for type timestamp with
		// time zone, 22007.
		{`select timestamptz '2024-01-15 10:00 FOO'`, "22007", `invalid input syntax for type timestamp with time zone: "2024-01-15 10:00 FOO"`},
		{`select timestamptz '2024-01-15 10:00 CAT'`, "22007", `invalid input syntax for type timestamp with time zone: "2024-01-15 10:00 CAT"`},
		{`select timestamp '2024-01-15 10:00 PST PST'`, "22007", `invalid input syntax for type timestamp: "2024-01-15 10:00 PST PST"`},
		{`select timestamptz '2024-02-30 10:00 PST'`, "22008", `date/time field value out of range: "2024-02-30 10:00 PST"`},
		// MSK takes its offset from the history of Europe/Moscow.
		{`select timestamptz '2024-01-15 10:00 MSK'`, "0A000", `"2024-01-15 10:00 MSK" is not supported`},
		// 01/02 is January 2 under DateStyle MDY and February 1 under DMY.
		{`select timestamptz '01/02/2024 10:00 EST'`, "0A000", `with a time zone abbreviation is not supported`},
		{`select timestamptz '10000-01-15 10:00 PST'`, "0A000", `outside the years 1 to 9999`},
	}
	for _, c := range cases {
		for dialect, e := range map[string]*Error{"snowflake": snowflakeError(t, c.sql), "bigquery": bigQueryError(t, c.sql)} {
			if e == nil {
				continue
			}
			if e.Code != c.code {
				t.Errorf("%s: %s: code %s, expected %s: %s", dialect, c.sql, e.Code, c.code, e.Message)
			}
			if !strings.Contains(e.Message, c.message) {
				t.Errorf("%s: %s: message %q, expected it to contain %q", dialect, c.sql, e.Message, c.message)
			}
			if e.Position != 20 && e.Position != 18 {
				t.Errorf("%s: %s: position %d, expected the constant's", dialect, c.sql, e.Position)
			}
		}
	}
}

// bigQueryError translates one statement for BigQuery and returns its
// error, or fails the test when it translates.
func bigQueryError(t *testing.T, sql string) *Error {
	t.Helper()
	out, err := bigQueryRewrite(t, BigQueryOptions{}, sql)
	if err == nil {
		t.Errorf("bigquery: %q translated to %q, expected an error", sql, out)
	}
	return err
}

// TestWarehouseZoneAbbreviationsCached translates constants with and
// without a zone abbreviation, several times each and interleaved, so
// that the rewrite cache and its shared templates serve most of them,
// and checks each against a fresh translation.
func TestWarehouseZoneAbbreviationsCached(t *testing.T) {
	literals := []string{"'2024-01-15 10:00'", "'2024-01-16 10:00'", "'2024-01-15 10:00 PST'",
		"'2024-01-17 10:00'", "'2024-01-15 10:00 FOO'"}
	for _, d := range []Dialect{Snowflake(), BigQuery(BigQueryOptions{})} {
		cached := New(100)
		for round := 0; round < 3; round++ {
			for _, lit := range literals {
				sql := "select a from t where a >= " + lit + "::timestamptz"
				stmts, err := cached.Translate(d, sql, corpusSession)
				if err != nil {
					t.Fatal(err)
				}
				fresh, err := New(10).Translate(d, sql, corpusSession)
				if err != nil {
					t.Fatal(err)
				}
				if stmts[0].Rewritten != fresh[0].Rewritten || (stmts[0].Err == nil) != (fresh[0].Err == nil) {
					t.Errorf("%s: %s\ncached: %s %v\nfresh:  %s %v", d.Name(), sql,
						stmts[0].Rewritten, stmts[0].Err, fresh[0].Rewritten, fresh[0].Err)
				}
			}
		}
	}
}
