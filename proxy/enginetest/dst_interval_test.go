package enginetest

import (
	"context"
	"testing"
)

// dstIntervalCases add and subtract days and months to timestamps with
// time zone every 30 minutes around the daylight saving time transitions
// of 2024, in spring and in autumn, and step generate_series by days
// and months across them. PostgreSQL adds days and months in local time
// and takes, for a time in the repeated hour, the offset after the
// transition, and moves a time in the skipped hour forward.
var dstIntervalCases = []divisionCase{
	{sql: "select t, t + interval '1 day', t - interval '1 day', t + interval '1 month', t - interval '1 month', " +
		"t + interval '1 day 1 hour', t + interval '-1 day 30 minutes', interval '2 days' + t, t - interval '1 mon 1 day -1 hour' " +
		"from (select (s + (d * 1440 + n * 30) * interval '1 minute')::timestamptz t from (values (timestamptz '2024-03-09 00:00+00'), " +
		"(timestamptz '2024-03-30 00:00+00'), (timestamptz '2024-10-26 00:00+00'), (timestamptz '2024-11-02 00:00+00')) v(s), " +
		"generate_series(0, 2) d, generate_series(0, 16) n) s order by 1"},
	{sql: "select timestamptz '2024-11-02 01:30-04' + interval '1 day', timestamptz '2024-03-09 02:30-05' + '1 day', " +
		"now() + interval '1 day' > now(), timestamptz '2024-10-03 01:30-04' + 1 * interval '1 month'"},
	{sql: "select timestamptz 'infinity' + interval '1 day', timestamptz '-infinity' - interval '1 month'"},
	{sql: "select * from generate_series(timestamptz '2024-11-01 01:30-04', timestamptz '2024-11-06', interval '1 day')"},
	{sql: "select generate_series(timestamptz '2024-03-12 02:30', timestamptz '2024-03-07', interval '-1 day')"},
	{sql: "select x, x + interval '1 hour' from generate_series(timestamptz '2024-01-31 01:30', timestamptz '2024-12-01', interval '1 month') x"},
	{sql: "select * from generate_series(timestamptz '2024-11-01', timestamptz '2024-11-06', interval '1 day -24 hours')"},
	{sql: "select count(*) from generate_series(timestamptz 'infinity', timestamptz '2024-11-06', interval '1 day')"},
}

func TestDSTIntervalArithmeticMatches(t *testing.T) {
	for _, zone := range []string{"America/New_York", "Europe/Berlin"} {
		t.Run(zone, func(t *testing.T) {
			runMatchCasesInZone(t, zone, dstIntervalCases)
		})
	}
}

// runMatchCasesInZone runs each case in every protocol mode on pgway and
// on PostgreSQL, both with the given TimeZone, and fails for each result
// that differs.
func runMatchCasesInZone(t *testing.T, zone string, cases []divisionCase) {
	t.Helper()
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	setup := "set timezone = '" + zone + "'"
	if _, err := gw.Exec(ctx, setup); err != nil {
		t.Fatalf("pgway: %s: %v", setup, err)
	}
	if _, err := pg.Exec(ctx, setup); err != nil {
		t.Fatalf("PostgreSQL: %s: %v", setup, err)
	}
	for _, c := range cases {
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			want := exactResult(ctx, pg, c.sql, args)
			got := exactResult(ctx, gw, c.sql, args)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %.600s\n PostgreSQL: %.600s", c.sql, c.args, mode, got, want)
			}
		}
	}
}
