package providers

import (
	"math"
	"testing"
)

func TestFormatInterval(t *testing.T) {
	cases := []struct {
		months, days int32
		micros       int64
		want         string
	}{
		{0, 0, math.MinInt64, "-2562047788:00:54.775808"},
		{0, 0, math.MaxInt64, "2562047788:00:54.775807"},
		{0, -1, 1, "-1 days +00:00:00.000001"},
		{-1, 3, -4 * 3_600_000_000, "-1 mons +3 days -04:00:00"},
		{-1, 3, 3_600_000_000, "-1 mons +3 days 01:00:00"},
		{13, -2, 60_000_000, "1 year 1 mon -2 days +00:01:00"},
		{-14, 0, 0, "-1 years -2 mons"},
	}
	for _, c := range cases {
		if got := FormatInterval(c.months, c.days, c.micros); got != c.want {
			t.Errorf("FormatInterval(%d, %d, %d) = %q, want %q", c.months, c.days, c.micros, got, c.want)
		}
	}
}
