package duckdb

import "testing"

func TestIntervalTextPostgresStyle(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_interval_text(INTERVAL '14 months')", "1 year 2 mons"},
		{"select pgway_interval_text(INTERVAL '1 month')", "1 mon"},
		{"select pgway_interval_text(-INTERVAL '1 day')", "-1 days"},
		{"select pgway_interval_text(INTERVAL '0 seconds')", "00:00:00"},
		{"select pgway_interval_text(to_months(-2) + to_days(-14) + to_microseconds(-1500000))", "-2 mons -14 days -00:00:01.5"},
		{"select pgway_interval_text(NULL::INTERVAL)", "NULL"},
	}
	for _, c := range cases {
		if got := duckResult(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, expected %s", c.sql, got, c.want)
		}
	}
}
