package enginetest

import (
	"context"
	"testing"
)

// dateTimeZoneGroup is a list of queries run after the setup statements.
type dateTimeZoneGroup struct {
	setup   []string
	queries []string
}

// dateTimeZoneRegressions read time zone abbreviations and offsets in
// date/time input and AT TIME ZONE, cast text that is not a constant to
// date/time types, and subtract times. Each returns the same type, value
// or error through pgway on the DuckDB demo warehouse as on PostgreSQL.
var dateTimeZoneRegressions = []dateTimeZoneGroup{
	{setup: []string{"set datestyle = 'ISO, MDY'", "set timezone = 'America/New_York'"}, queries: []string{
		// PostgreSQL reads abbreviations as fixed offsets, also in
		// summer, where DuckDB reads PST, CET and EST with daylight
		// saving time.
		"select '2024-07-01 10:00 PST'::timestamptz",
		"select '2024-07-01 10:00 pst'::timestamptz, '2024-07-01 10:00 PDT'::timestamptz",
		"select '2024-07-01 10:00 CET'::timestamptz, '2024-07-01 10:00 CEST'::timestamptz",
		"select '2024-07-05 10:00:00 EST'::timestamptz, '2024-07-05 10:00:00 IST'::timestamptz",
		"select '2024-01-05 10:00 PM PST'::timestamptz",
		"select 'Jan 5 2024 10:00 JST'::timestamptz",
		"select '2024-01-05T10:00:00Z'::timestamptz, '2024-01-05T10:00:00zulu'::timestamptz",
		"select '2024-01-05 10:00 UTC'::timestamptz, '2024-07-05 10:00 GMT'::timestamptz",
		// A word that is no keyword, abbreviation or tz database name.
		"select '2024-01-05 10:00 XYZ'::timestamptz",
		// Abbreviations are checked and ignored by other types.
		"select '2024-07-01 10:00 PST'::timestamp, '2024-07-01 PST'::date, '10:00 PST'::time",
		"select '10:00 PM PST'::time, '2024-01-05 10:00 MSK'::timestamp",
		// Numeric offsets.
		"select '2024-01-05 10:00+0530'::timestamptz, '2024-01-05 10:00+530'::timestamptz",
		"select '2024-01-05 10:00 -8'::timestamptz, '2024-01-05 10:00+15:59'::timestamptz",
		"select '2024-01-05 10:00+05:30:10'::timestamptz, '2024-01-05 -08'::timestamptz",
		"select '2024-01-05 10:00-05'::timestamp, '10:00+02'::time",
		"select '2024-01-05 10:00+16'::timestamptz",
		"select '2024-01-05 10:00+05:60'::timestamptz",
		"select '2024-01-05 10:00+123456'::timestamptz",
		"select '2024-01-05 10:00+5.5'::timestamptz",
		"select '10:00+25'::time",
		"select '2024-01-05 10:00 PST PDT'::timestamptz",
		"select '2024-01-05 10:00 +08 PST'::timestamptz",
		// AT TIME ZONE and timezone() read abbreviations before zone
		// names: CET is +01 all year, although the zone CET has
		// daylight saving time.
		"select timestamptz '2024-07-01 10:00+00' at time zone 'PST'",
		"select timestamptz '2024-07-01 10:00+00' at time zone 'CET'",
		"select timezone('cet', timestamp '2024-07-01 10:00')",
		"select timestamp '2024-07-01 10:00' at time zone 'PDT', timestamptz '2024-01-01 10:00+00' at time zone 'EST'",
		"select timestamptz '2024-07-01 10:00+00' at time zone 'UTC', timestamptz '2024-07-01 10:00+00' at time zone 'Europe/Paris'",
		// Casts of text that is not a constant read it as PostgreSQL
		// does, where DuckDB rejects these forms or reads PST with
		// daylight saving time.
		"select s::date from (select 'Jan 5 2024'::text as s) t",
		"select s::date from (select '5 January 2024'::text as s) t",
		"select s::date from (select '2024.01.05'::text as s) t",
		"select s::date from (select '01/05/2024'::text as s) t",
		"select s::date from (select '0044-03-15 BC'::text as s) t",
		"select s::date from (select 'J2451187'::text as s) t",
		"select s::date, s::timestamp from (select 'epoch'::text as s) t",
		"select s::date from (select 'infinity'::text as s) t",
		"select s::timestamp from (select '2024-01-05 10:00:00 PST'::text as s) t",
		"select s::timestamptz from (select '2024-07-01 10:00 PST'::text as s) t",
		"select s::timestamptz from (select '2024-07-01T10:00:00+02'::text as s) t",
		"select s::timestamptz from (select '2024-07-01 10:00 Europe/Paris'::text as s) t",
		"select s::time from (select 'allballs'::text as s) t",
		"select s::time from (select '10:00 PM'::text as s) t",
		"select s::time from (select '10:00:00.5'::text as s) t",
		"select s::date from (select '2024-02-30'::text as s) t",
		"select s::date from (select 'Jan 32 2024'::text as s) t",
		"select s::timestamp from (select '2024-01-05 25:00'::text as s) t",
		"select s::date from (select 'x'::text as s) t",
		"select s::date from (select null::text as s) t",
		"select s::date from (values ('2024-01-05'::text), ('Jan 6 2024'), ('01/07/2024')) v(s)",
		// time - time is an interval, and time plus or minus an interval
		// wraps at midnight.
		"select time '10:00' - time '09:30:00.5', time '01:00' - time '23:00'",
		"select time '10:00' - time '10:00', time '23:59:59.999999' - time '00:00'",
		"select time '23:00' + interval '2 hours', time '01:00' - interval '2 hours'",
		"select interval '2 hours' + time '23:00', time '01:00' + interval '1 day 2 hours'",
		"select time '01:00' - interval '1 month'",
	}},
	{setup: []string{"set datestyle = 'ISO, DMY'", "set timezone = 'Europe/Paris'"}, queries: []string{
		"select s::date from (select '01/05/2024'::text as s) t",
		"select s::timestamptz from (select '13/5/2024 10:00 PST'::text as s) t",
		"select s::date from (select '5/13/2024'::text as s) t",
	}},
	{setup: []string{"set datestyle = 'ISO, YMD'", "set timezone = 'Asia/Tokyo'"}, queries: []string{
		"select s::date from (select '24/1/5'::text as s) t",
		"select s::timestamptz from (select '2024-07-01 10:00 CEST'::text as s) t",
	}},
	// SET TIME ZONE takes zone names, not abbreviations: PST is no zone,
	// and the zone CET has daylight saving time.
	{setup: []string{"set datestyle = 'ISO, MDY'", "set time zone 'CET'"}, queries: []string{
		"select '2024-07-01 10:00'::timestamptz, timestamptz '2024-07-01 10:00+00'::timestamp",
		"show timezone",
	}},
	{setup: []string{"set time zone 'EST'"}, queries: []string{
		"select '2024-07-01 10:00'::timestamptz, '2024-07-01 10:00 PST'::timestamptz",
	}},
}

// knownDateTimeZoneGaps differ between pgway and PostgreSQL in at least
// one protocol mode. TestDateTimeZoneGapsStillDiffer fails once one of
// them matches.
var knownDateTimeZoneGaps = []divisionCase{
	{sql: "select '2024-01-05 10:00 MSK'::timestamptz",
		reason: "PostgreSQL reads MSK from the history of Europe/Moscow; pgway fails with 0A000"},
	{sql: "select timestamptz '2024-07-01 10:00+00' at time zone 'MSK'",
		reason: "PostgreSQL reads MSK from the history of Europe/Moscow; pgway fails with 0A000"},
	{sql: "select 'PST 2024-01-05 10:00'::timestamptz",
		reason: "a zone before the date is left to DuckDB by the reader, so pgway fails with 0A000"},
}

func TestDateTimeZoneMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, group := range dateTimeZoneRegressions {
		for _, setup := range group.setup {
			if _, err := gw.Exec(ctx, setup); err != nil {
				t.Fatalf("pgway: %s: %v", setup, err)
			}
			if _, err := pg.Exec(ctx, setup); err != nil {
				t.Fatalf("PostgreSQL: %s: %v", setup, err)
			}
		}
		for _, sql := range group.queries {
			for _, mode := range protocolModes {
				args := []any{mode}
				if got, want := exactResult(ctx, gw, sql, args), exactResult(ctx, pg, sql, args); got != want {
					t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", sql, group.setup, mode, got, want)
				}
			}
		}
	}
}

func TestDateTimeZoneGapsStillDiffer(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, setup := range []string{"set datestyle = 'ISO, MDY'", "set timezone = 'America/New_York'"} {
		if _, err := gw.Exec(ctx, setup); err != nil {
			t.Fatalf("pgway: %s: %v", setup, err)
		}
		if _, err := pg.Exec(ctx, setup); err != nil {
			t.Fatalf("PostgreSQL: %s: %v", setup, err)
		}
	}
	for _, c := range knownDateTimeZoneGaps {
		differs := false
		for _, mode := range protocolModes {
			args := []any{mode}
			if exactResult(ctx, gw, c.sql, args) != exactResult(ctx, pg, c.sql, args) {
				differs = true
			}
		}
		if !differs {
			t.Errorf("%s now matches PostgreSQL in every mode, so move it to dateTimeZoneRegressions (gap: %s)", c.sql, c.reason)
		}
	}
}

// dateTimeZoneParameters bind text parameters of date/time types, which
// pgway reads as PostgreSQL does before it binds them on DuckDB.
var dateTimeZoneParameters = []divisionCase{
	{sql: "select $1::timestamptz", args: []any{"2024-07-01 10:00 PST"}},
	{sql: "select $1::timestamptz", args: []any{"2024-07-01 10:00 CET"}},
	{sql: "select $1::timestamptz", args: []any{"Jan 5 2024 10:00 EST"}},
	{sql: "select $1::timestamp", args: []any{"2024-07-01 10:00 PST"}},
	{sql: "select $1::date", args: []any{"Jan 5 2024"}},
	{sql: "select $1::date", args: []any{"01/05/2024"}},
	{sql: "select $1::date", args: []any{"2024-02-30"}},
	{sql: "select $1::time", args: []any{"10:00 PM"}},
}

func TestDateTimeZoneParametersMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, setup := range []string{"set datestyle = 'ISO, MDY'", "set timezone = 'America/New_York'"} {
		if _, err := gw.Exec(ctx, setup); err != nil {
			t.Fatalf("pgway: %s: %v", setup, err)
		}
		if _, err := pg.Exec(ctx, setup); err != nil {
			t.Fatalf("PostgreSQL: %s: %v", setup, err)
		}
	}
	for _, c := range dateTimeZoneParameters {
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			if got, want := exactResult(ctx, gw, c.sql, args), exactResult(ctx, pg, c.sql, args); got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, mode, got, want)
			}
		}
	}
}
