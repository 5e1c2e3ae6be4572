package proxy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zone names resolve on hosts without a time zone database
	"unicode"

	"pgway/providers"
)

// The TimeZone setting decides how pgway writes timestamptz values and
// reads timestamptz parameters without an offset, and, through
// providers.TimeZoneSetter, how the warehouse converts between timestamptz
// and dates or local times. pgway accepts IANA zone names, which Go and
// each warehouse resolve by name. PostgreSQL also accepts POSIX zone
// specifications and bare offsets.
// NOTE: DuckDB converts with the zone data built into its ICU extension,
// while Go reads the host's, as Debian's PostgreSQL packages do. Where
// the data differ, DuckDB's conversions disagree with PostgreSQL's. With
// the host's tzdata 2025b, Europe/Amsterdam differs before 1946 and
// America/Vancouver from November 2026 on.

// parseTimeZone checks a TimeZone value and returns the zone's name as
// PostgreSQL shows it and its location.
func parseTimeZone(value string) (string, *time.Location, error) {
	name := value
	if strings.EqualFold(name, "UTC") || strings.EqualFold(name, "GMT") {
		name = strings.ToUpper(name)
	}
	invalid := errStatement("22023", fmt.Sprintf("invalid value for parameter \"TimeZone\": %q", value))
	if name == "" || name == "Local" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") ||
		strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		return "", nil, invalid
	}
	for _, candidate := range zoneSpellings(name) {
		if loc, err := time.LoadLocation(candidate); err == nil {
			return candidate, loc, nil
		}
	}
	if strings.IndexFunc(name, unicode.IsDigit) >= 0 && !strings.Contains(name, "/") {
		invalid.Message = fmt.Sprintf("time zone %q is not supported by pgway", value)
		invalid.Code = "0A000"
		invalid.Hint = "Use a time zone name such as Europe/Paris or America/New_York. pgway does not accept offsets or POSIX zone specifications."
	}
	return "", nil, invalid
}

// zoneSpellings returns name and the spellings of it that the time zone
// database may use, since PostgreSQL finds zone names regardless of case:
// as written, capitalized word by word (America/New_York), and in upper
// case after the first part (EST5EDT, Etc/GMT+3).
func zoneSpellings(name string) []string {
	first, rest, nested := strings.Cut(name, "/")
	upper := strings.ToUpper(name)
	if nested {
		upper = titleZone(first) + "/" + strings.ToUpper(rest)
	}
	return []string{name, titleZone(name), upper}
}

// titleZone capitalizes each word of a zone name, which finds most names
// that a client writes in lower case, as PostgreSQL allows:
// america/new_york is America/New_York.
// NOTE: names with lower-case words, such as America/Port-au-Prince, are
// found only as the time zone database spells them.
func titleZone(name string) string {
	b := []byte(strings.ToLower(name))
	for i := range b {
		if i == 0 || strings.IndexByte("/_-", b[i-1]) >= 0 {
			b[i] = strings.ToUpper(string(b[i]))[0]
		}
	}
	return string(b)
}

// setTimeZone applies a TimeZone that parseTimeZone accepted. Provider
// sessions start in UTC.
func (e *engine) setTimeZone(name string, loc *time.Location) error {
	if setter, ok := e.provider.(providers.TimeZoneSetter); ok && name != e.zone {
		if err := setter.SetTimeZone(context.Background(), name); err != nil {
			var providerErr *providers.Error
			if errors.As(err, &providerErr) {
				return errStatement(providerErr.Code, providerErr.Message)
			}
			return err
		}
	}
	e.zone, e.location = name, loc
	return nil
}

// formatTimestamptz writes t in loc as PostgreSQL does with DateStyle
// ISO: the offset in hours, with minutes and seconds only when not zero.
func formatTimestamptz(t time.Time, loc *time.Location) string {
	_, offset := t.In(loc).Zone()
	t = t.In(time.FixedZone("", offset))
	bc := t.Year() <= 0
	if bc {
		// Year 0 is 1 BC.
		t = t.AddDate(1-2*t.Year(), 0, 0)
	}
	s := t.Format("2006-01-02 15:04:05.999999") + formatOffset(offset)
	if bc {
		s += " BC"
	}
	return s
}

// inLocation returns the instant at which the clocks of loc show the wall
// time of t. Around a daylight saving time change it resolves as
// PostgreSQL does: a wall time that occurs twice takes the offset after
// the change, and one that the change skips takes the offset before it.
func inLocation(t time.Time, loc *time.Location) time.Time {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC).Unix()
	offsetAt := func(unix int64) int64 {
		_, offset := time.Unix(unix, 0).In(loc).Zone()
		return int64(offset)
	}
	// Zone changes are further apart than a day, so these are the offsets
	// before and after any change near t.
	before, after := offsetAt(wall-86400), offsetAt(wall+86400)
	instant := wall - before // also for a skipped wall time
	switch {
	case offsetAt(wall-after) == after:
		instant = wall - after // the only one, or the later of two
	case offsetAt(wall-before) == before:
		instant = wall - before
	}
	return time.Unix(instant, int64(t.Nanosecond())).In(loc)
}

func formatOffset(seconds int) string {
	sign := byte('+')
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	s := fmt.Sprintf("%c%02d", sign, seconds/3600)
	if minutes, secs := seconds/60%60, seconds%60; minutes != 0 || secs != 0 {
		s += fmt.Sprintf(":%02d", minutes)
		if secs != 0 {
			s += fmt.Sprintf(":%02d", secs)
		}
	}
	return s
}
