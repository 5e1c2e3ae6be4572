package translate

import "testing"

// TestIntervalInputRounding checks fractions of interval input against
// the values that PostgreSQL 15.18 returns for them.
func TestIntervalInputRounding(t *testing.T) {
	for text, want := range map[string]intervalValue{
		"1.0000005 sec":           {micros: 1_000_000},
		"1.0000015 sec":           {micros: 1_000_001},
		"0.0000025 sec":           {micros: 2},
		"-1.0000005 sec":          {micros: -1_000_000},
		"1.00000051 sec":          {micros: 1_000_001},
		"00:00:01.0000005":        {micros: 1_000_000},
		"00:00:01.0000015":        {micros: 1_000_002},
		"00:00:59.9999995":        {micros: 60_000_000},
		"PT1.0000005S":            {micros: 1_000_001},
		"PT-1.0000005S":           {micros: -1_000_001},
		"P-0.0000000005D":         {micros: -43},
		"1.0000000005 days":       {days: 1, micros: 43},
		"1.0000000005 hours":      {micros: microsPerHour + 2},
		"1.0000000005 weeks":      {days: 7, micros: 302},
		"1.5 weeks":               {days: 10, micros: 12 * microsPerHour},
		"0.5 mon":                 {days: 15},
		"P0.5M":                   {days: 15},
		"1.041666 years":          {months: 12},
		"P1.5D":                   {days: 1, micros: 12 * microsPerHour},
		"0.99999999999999999 sec": {micros: 1_000_000},
	} {
		got, err := parseInterval(text)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if got != want {
			t.Errorf("%q: %+v, want %+v", text, got, want)
		}
	}
	if _, err := parseInterval("-.5 sec"); err != errDateTimeSyntax {
		t.Errorf(`"-.5 sec": %v, want a syntax error`, err)
	}
}
