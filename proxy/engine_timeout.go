package proxy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"pgway/providers"
)

// maxTimeoutMS is the largest statement_timeout PostgreSQL accepts, in
// milliseconds (INT_MAX).
const maxTimeoutMS = math.MaxInt32

// timeoutUnits are the units PostgreSQL accepts for a time parameter whose
// base unit is the millisecond, with their length in milliseconds.
var timeoutUnits = map[string]float64{
	"us": 0.001, "ms": 1, "s": 1000, "min": 60 * 1000, "h": 60 * 60 * 1000, "d": 24 * 60 * 60 * 1000,
}

// parseStatementTimeout parses a value of statement_timeout as PostgreSQL
// 15 does: a number, with an optional unit (us, ms, s, min, h, d) that
// defaults to milliseconds, rounded to a whole millisecond. 0 turns the
// timeout off.
func parseStatementTimeout(value string) (time.Duration, error) {
	return parseTimeout("statement_timeout", value)
}

// parseTimeout reads the value of name, a time parameter in milliseconds,
// as parseStatementTimeout does.
func parseTimeout(name, value string) (time.Duration, error) {
	text := strings.TrimSpace(value)
	end := numberEnd(text)
	number, unit := text[:end], strings.TrimSpace(text[end:])
	n, err := strconv.ParseFloat(number, 64)
	scale, known := timeoutUnits[unit]
	if unit == "" {
		scale, known = 1, true
	}
	if err != nil || !known || math.IsNaN(n) {
		pgErr := errStatement("22023", fmt.Sprintf("invalid value for parameter %q: %q", name, value))
		pgErr.Hint = `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`
		return 0, pgErr
	}
	ms := math.RoundToEven(n * scale)
	if ms < 0 || ms > maxTimeoutMS {
		return 0, errStatement("22023", fmt.Sprintf(
			"%.0f ms is outside the valid range for parameter %q (0 .. %d)", ms, name, maxTimeoutMS))
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// numberEnd returns the length of the number at the start of text: a
// sign, digits, a decimal point and an exponent, as strtod reads them.
func numberEnd(text string) int {
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c >= '0' && c <= '9' || c == '.':
		case (c == '+' || c == '-') && (i == 0 || text[i-1] == 'e' || text[i-1] == 'E'):
		case (c == 'e' || c == 'E') && i > 0 && i+1 < len(text) &&
			strings.ContainsRune("0123456789+-", rune(text[i+1])):
		default:
			return i
		}
		i++
	}
	return i
}

// formatStatementTimeout formats a timeout as SHOW statement_timeout does
// in PostgreSQL: in the largest unit that divides it, "0" when off.
func formatStatementTimeout(d time.Duration) string {
	ms := d.Milliseconds()
	if ms == 0 {
		return "0"
	}
	units := []struct {
		name string
		ms   int64
	}{{"d", 24 * 60 * 60 * 1000}, {"h", 60 * 60 * 1000}, {"min", 60 * 1000}, {"s", 1000}}
	for _, u := range units {
		if ms%u.ms == 0 {
			return fmt.Sprintf("%d%s", ms/u.ms, u.name)
		}
	}
	return fmt.Sprintf("%dms", ms)
}

// applySetting brings the engine's state in line with a parameter that
// has just changed. setParameter and the startup store only values that
// normalizeSetting accepted.
func (e *engine) applySetting(name string) error {
	switch name {
	case "statement_timeout":
		e.sessionTimeout, _ = parseStatementTimeout(e.settings.values[name])
	case "timezone":
		name, loc, err := parseTimeZone(e.settings.values[name])
		if err != nil {
			return err
		}
		return e.setTimeZone(name, loc)
	case "extra_float_digits":
		e.floatDigits, _ = parseExtraFloatDigits(e.settings.values[name])
	case "search_path":
		if pather, ok := e.provider.(providers.SearchPather); ok {
			pather.SetSearchPath(e.settings.searchPath(e.s.principal.User))
		}
	}
	return nil
}
