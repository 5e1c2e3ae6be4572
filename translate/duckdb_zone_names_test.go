package translate

import (
	"testing"
	"time"
)

// TestParsePosixZone checks offsets of POSIX time zone specifications,
// positive west of UTC, and the ones PostgreSQL's tzparse rejects.
func TestParsePosixZone(t *testing.T) {
	for _, c := range []struct {
		spec     string
		west     int
		daylight bool
		ok       bool
	}{
		{"UTC+2", 7200, false, true},
		{"gmt-2:30", -9000, false, true},
		{"+02:00", 7200, false, true},
		{"00:30:15", 1815, false, true},
		{"<+0530>-5:30", -19800, false, true},
		{"UTC+25", 90000, false, true},
		{"EST+2EDT", 7200, true, true},
		{"UTC+2:75", 0, false, false},
		{"+0230", 0, false, false},
		{"CAT", 0, false, false},
		{"UTC+", 0, false, false},
	} {
		spec, ok := parsePosixZone(c.spec)
		if ok != c.ok {
			t.Errorf("%s: ok %v, expected %v", c.spec, ok, c.ok)
			continue
		}
		if ok && spec.westSeconds != c.west {
			t.Errorf("%s: %d seconds west, expected %d", c.spec, spec.westSeconds, c.west)
		}
		if ok && spec.daylight != c.daylight {
			t.Errorf("%s: daylight %v, expected %v", c.spec, spec.daylight, c.daylight)
		}
	}
}

// TestDateTimeInputZoneNames checks the time zone names that
// pgway_datetime_in reads in text that is not a constant.
func TestDateTimeInputZoneNames(t *testing.T) {
	for _, c := range []struct{ text, typeName, literal, code string }{
		{"2024-01-15 10:20:30 GMT+2", "timestamptz", "2024-01-15 10:20:30-02:00:00", ""},
		{"2024-01-15 10:20:30 UTC-5", "timestamptz", "2024-01-15 10:20:30+05:00:00", ""},
		{"2024-01-15 10:20:30 EST5EDT", "timestamptz", "2024-01-15 10:20:30 EST5EDT", ""},
		{"2024-01-15 10:20:30 CAT", "timestamptz", "", "22007"},
		{"10:20:30 CAT", "time", "", "22007"},
		{"2024-01-15 10:20:30 utc+2:75", "timestamp", "", "22023"},
		{"2024-01-15 10:20:30 EST+2EDT", "timestamptz", "", "0A000"},
		{"2024-01-05 10:00:60", "timestamp", "2024-01-05 10:01:00", ""},
		{"now", "timestamptz", "", "0A000"},
	} {
		literal, err := DateTimeInput(c.text, c.typeName, "ISO, MDY", time.Time{})
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.text, err)
		case c.code != "" && (err == nil || err.Code != c.code):
			t.Errorf("%s: %q, %v, expected %s", c.text, literal, err, c.code)
		case c.code == "" && literal != c.literal:
			t.Errorf("%s: %q, expected %q", c.text, literal, c.literal)
		}
	}
}
