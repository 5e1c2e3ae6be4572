package providers

import (
	"fmt"
	"strings"
)

// FormatTimeOfDay writes a time of day, or an interval's time, of micros
// microseconds as PostgreSQL's output does: 10:00:00, 10:00:00.5.
func FormatTimeOfDay(micros uint64) string {
	h := micros / 3_600_000_000
	m := micros / 60_000_000 % 60
	sec := micros / 1_000_000 % 60
	frac := micros % 1_000_000
	s := fmt.Sprintf("%02d:%02d:%02d", h, m, sec)
	if frac != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
	}
	return s
}

// FormatInterval writes an interval in PostgreSQL's IntervalStyle
// postgres. A field after a negative one carries its sign, + too: "-1
// mons +3 days".
func FormatInterval(months, days int32, micros int64) string {
	var parts []string
	afterNegative := false
	field := func(n int64, unit string) {
		if n == 0 {
			return
		}
		sign := ""
		if afterNegative && n > 0 {
			sign = "+"
		}
		// PostgreSQL writes the singular for 1 only: "-1 days".
		if n != 1 {
			unit += "s"
		}
		parts = append(parts, fmt.Sprintf("%s%d %s", sign, n, unit))
		afterNegative = n < 0
	}
	field(int64(months/12), "year")
	field(int64(months%12), "mon")
	field(int64(days), "day")
	if micros != 0 || len(parts) == 0 {
		// The magnitude as unsigned, which holds that of math.MinInt64.
		magnitude := uint64(micros)
		sign := ""
		if micros < 0 {
			sign = "-"
			magnitude = -magnitude
		} else if afterNegative {
			sign = "+"
		}
		parts = append(parts, sign+FormatTimeOfDay(magnitude))
	}
	return strings.Join(parts, " ")
}
