package enginetest

import (
	"context"
	"strings"
	"testing"
)

// dateTimeInputGroup is a list of queries run in one DateStyle.
type dateTimeInputGroup struct {
	dateStyle string
	queries   []string
}

// dateTimeInputRegressions cast string constants to date, time,
// timestamp, timestamptz and interval. Each returns the same type, value
// or error through pgway on the DuckDB demo warehouse as on PostgreSQL.
var dateTimeInputRegressions = []dateTimeInputGroup{
	{dateStyle: "ISO, MDY", queries: []string{
		// Dates DuckDB cannot read by itself.
		"select '0044-03-15 BC'::date",
		"select 'Jan 5 2024'::date",
		"select 'January 5, 2024'::date",
		"select '5 Jan 2024'::date",
		"select '2024 Jan 5'::date",
		"select '05-Jan-2024'::date",
		"select 'Jan-05-2024'::date",
		"select '20240105'::date",
		"select '240105'::date",
		"select '2024.01.05'::date",
		"select '1/5/2024'::date",
		"select '1/5/24'::date",
		"select '24 Jan 5'::date",
		"select 'Friday Jan 5 2024'::date",
		"select date 'January 5, 2024 BC'",
		"select '4714-11-24 BC'::date",
		"select '5874897-12-31'::date",
		"select 'J2451187'::date",
		"select 'J0'::date",
		"select '2024-01-05 10:00'::date",
		"select 'today'::date = current_date",
		"select 'tomorrow'::date - 'yesterday'::date",
		// Dates PostgreSQL rejects.
		"select '2024-02-30'::date",
		"select '2023-02-29'::date",
		"select '0000-01-01'::date",
		"select '2024-13-01'::date",
		"select 'Jan 32 2024'::date",
		"select '13/5/2024'::date",
		"select '4714-11-23 BC'::date",
		"select '5874898-01-01'::date",
		"select 'Jan 5'::date",
		"select '2024'::date",
		"select 'allballs'::date",
		"select '0044-03-15 AD BC'::date",
		"select '2024-01-05 +'::date",
		// Timestamps and timestamptz without a time zone.
		"select 'Jan 5 2024 10:00 PM'::timestamp",
		"select '2024-01-05 10:00:00 BC'::timestamp",
		"select '2024-01-05T10:00'::timestamp",
		"select '2024-01-05 24:00'::timestamp",
		"select '2024-02-29 10:00:00.1234567'::timestamp",
		"select '12/31/99 12:00:00 AM'::timestamp",
		"select timestamp '5 Jan 2024 00:00:00.000001'",
		"select 'tomorrow'::timestamp - 'today'::timestamp",
		"select '2024-01-05 25:00'::timestamp",
		"select '2024-01-05 10:61'::timestamp",
		"select '294277-01-01 00:00:00'::timestamp",
		"select '10:00 PM'::timestamp",
		"select 'Jan 5 2024 10:00'::timestamptz",
		"select '2024-07-05 10:00:00'::timestamptz",
		"select '2024-01-05 10:00:00 BC'::timestamptz",
		"select 'today'::timestamptz = current_date::timestamptz",
		// Forms that DuckDB read before, which must keep working.
		"select 'epoch'::timestamp, 'infinity'::date, '-infinity'::timestamptz",
		"select '2024-01-05 10:00:00 PST'::timestamptz",
		"select '2024-01-05 10:00:00 America/New_York'::timestamptz",
		"select '2024-01-05T10:00:00Z'::timestamptz",
		"select '2024-01-05'::date, '2024-01-05 10:00:00'::timestamp",
		// Times.
		"select '10:00 PM'::time",
		"select '12:00 AM'::time",
		"select '0:30 am'::time",
		"select 'allballs'::time",
		"select '10:00:00.5 pm'::time",
		"select time '10:00:00.1234567'",
		"select '13:00 PM'::time",
		"select '10:61'::time",
		"select 'tomorrow'::time",
		// Intervals.
		"select 'P1DT2H'::interval",
		"select 'P1Y2M3W4DT5H6M7S'::interval",
		"select 'PT1.5S'::interval",
		"select 'P-1D'::interval",
		"select 'PT'::interval",
		"select '1-2'::interval",
		"select '-1-2'::interval",
		"select '-1 day +2 hours'::interval",
		"select '1 day -2:00'::interval",
		"select '-1:30'::interval",
		"select '1:30.5'::interval",
		"select '23:59:60'::interval",
		"select '1.5 days'::interval",
		"select '2 decades 1 century 1 millennium'::interval",
		"select '1 week 3 ms 4 us'::interval",
		"select '5'::interval",
		"select '1 hour 30'::interval",
		"select '1 day 2 hours ago'::interval",
		"select '1 mon, 2 days, 03:04:05.5'::interval",
		"select interval '10 microseconds'",
		"select '1 day 2 hours'::interval, '@ 1 day ago'::interval, '1:30'::interval, '1 mon 2 days 03:04:05.5'::interval",
		"select '25:00'::interval, '100 hours'::interval, '-1 day'::interval, '1 year 2 months 3 days 04:05:06.5'::interval",
		"select '10:00:00.5'::time, '2024-01-05 10:00:00.123456'::timestamptz",
		"select '1 hour 2 hours'::interval",
		"select '1 day x'::interval",
		"select 'ago'::interval",
		"select ''::interval",
		"select 'P'::interval",
		"select 'p1d'::interval",
		"select '1:60'::interval",
		// Forms left to DuckDB whose result is PostgreSQL's.
		"select 'x'::date",
		"select '1.5 months'::interval",
	}},
	{dateStyle: "ISO, DMY", queries: []string{
		"select '1/5/2024'::date",
		"select '1/5/24'::date",
		"select '13/5/2024'::date",
		"select '5.1.2024'::date",
		"select 'Jan 5 24'::date",
		"select '24 Jan 5'::date",
		"select '31/12/99 10:00'::timestamp",
		"select '2024-01-05'::date",
		"select '1/13/2024'::date",
		"select '1/5/2024 25:00'::timestamp",
	}},
	{dateStyle: "ISO, YMD", queries: []string{
		"select '24/1/5'::date",
		"select '1/5/24'::date",
		"select 'Jan 5 24'::date",
		"select '24 Jan 5'::date",
		"select '5 Jan 2024'::date",
		"select '05-Jan-2024'::date",
		"select '99/12/31 10:00'::timestamp",
		"select '1/5/2024'::date",
		"select '1/5/2024 10:00'::timestamp",
	}},
}

// knownDateTimeInputGaps differ between pgway and PostgreSQL in at least
// one protocol mode. TestDateTimeInputGapsStillDiffer fails once one of
// them matches.
var knownDateTimeInputGaps = []divisionCase{}

func TestDateTimeInputMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, group := range dateTimeInputRegressions {
		for _, setup := range []string{"set datestyle = '" + group.dateStyle + "'", "set timezone = 'America/New_York'"} {
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
					t.Errorf("%s [%s] (%v)\n pgway:      %s\n PostgreSQL: %s", sql, group.dateStyle, mode, got, want)
				}
			}
		}
	}
}

func TestDateTimeInputGapsStillDiffer(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, c := range knownDateTimeInputGaps {
		differs := false
		for _, mode := range protocolModes {
			args := []any{mode}
			if exactResult(ctx, gw, c.sql, args) != exactResult(ctx, pg, c.sql, args) {
				differs = true
			}
		}
		if !differs {
			t.Errorf("%s now matches PostgreSQL in every mode, so move it to dateTimeInputRegressions (gap: %s)", c.sql, c.reason)
		}
	}
}

// TestDateTimeInputCount checks that the regressions cover at least 60
// inputs.
func TestDateTimeInputCount(t *testing.T) {
	count := 0
	for _, group := range dateTimeInputRegressions {
		for _, sql := range group.queries {
			count += strings.Count(sql, "'") / 2
		}
	}
	if count < 60 {
		t.Errorf("%d inputs, expected at least 60", count)
	}
}
