package translate

import (
	"strings"
	"sync"
	"time"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL 15 reads a time zone name (pg_tzset) as a tz database name,
// matched without regard to case, and otherwise as a POSIX time zone
// specification such as UTC+2 or <+03>-3, whose offset is positive west
// of UTC. DuckDB reads zone names through ICU, which also accepts IDs that
// PostgreSQL rejects, such as CAT and AET, and reads UTC+2 as two hours
// east of UTC.

// isTimeZoneName reports whether name is a tz database name, such as
// Japan, EST5EDT or europe/paris. Go's time.LoadLocation matches case,
// so it also tries the name in upper case and with each word
// capitalized. It does not find names with other capitals, such as
// america/port-au-prince. Results are cached, because pgway_datetime_in
// calls it for each row.
func isTimeZoneName(name string) bool {
	if name == "" || strings.EqualFold(name, "local") {
		return false
	}
	timeZoneNames.Lock()
	known, cached := timeZoneNames.byName[name]
	timeZoneNames.Unlock()
	if cached {
		return known
	}
	known = false
	for _, candidate := range []string{name, strings.ToUpper(name), capitalizeWords(name)} {
		if _, err := time.LoadLocation(candidate); err == nil {
			known = true
			break
		}
	}
	timeZoneNames.Lock()
	if len(timeZoneNames.byName) < maxCachedZoneNames {
		timeZoneNames.byName[name] = known
	}
	timeZoneNames.Unlock()
	return known
}

// timeZoneNames caches isTimeZoneName by name, up to maxCachedZoneNames
// names, so that distinct words in a text column do not grow it without
// bound.
var timeZoneNames = struct {
	sync.Mutex
	byName map[string]bool
}{byName: map[string]bool{}}

const maxCachedZoneNames = 10_000

// capitalizeWords writes the first letter of each word in upper case and
// the others in lower case, as in America/New_York.
func capitalizeWords(name string) string {
	out := []byte(strings.ToLower(name))
	for i := range out {
		if i == 0 || strings.IndexByte("/_-", out[i-1]) >= 0 {
			out[i] = strings.ToUpper(string(out[i]))[0]
		}
	}
	return string(out)
}

// posixZone is a POSIX time zone specification as PostgreSQL's tzparse
// reads it: a name of the standard time, which may be empty, and its
// offset, optionally followed by a daylight saving time part.
type posixZone struct {
	// westSeconds is the offset of standard time, positive west of UTC.
	westSeconds int
	// daylight marks a specification with a daylight saving time part,
	// such as EST+5EDT, whose rules pgway does not convert.
	daylight bool
}

// parsePosixZone reads a POSIX time zone specification. The name is
// either quoted in angle brackets or runs up to the first digit, sign or
// comma. The offset is [+|-]hh[:mm[:ss]], with hours up to 167, minutes
// up to 59 and seconds up to 60, as in PostgreSQL's getsecs.
func parsePosixZone(spec string) (posixZone, bool) {
	i := 0
	if strings.HasPrefix(spec, "<") {
		end := strings.IndexByte(spec, '>')
		if end < 0 {
			return posixZone{}, false
		}
		i = end + 1
	} else {
		for i < len(spec) && !isDigit(spec[i]) && strings.IndexByte(",+-", spec[i]) < 0 {
			i++
		}
	}
	if i == len(spec) {
		return posixZone{}, false
	}
	sign := 1
	if spec[i] == '+' || spec[i] == '-' {
		if spec[i] == '-' {
			sign = -1
		}
		i++
	}
	seconds := 0
	for part, limit := range []int{167, 59, 60} {
		if part > 0 && (i == len(spec) || spec[i] != ':') {
			// Missing minutes or seconds count as zero.
			seconds *= 60
			continue
		}
		if part > 0 {
			i++
		}
		end := scanWhile(spec, i, isDigit)
		if end == i || end-i > 9 || atoi(spec[i:end]) > limit {
			return posixZone{}, false
		}
		seconds = seconds*60 + atoi(spec[i:end])
		i = end
	}
	return posixZone{westSeconds: sign * seconds, daylight: i < len(spec)}, true
}

// zoneNotRecognized returns PostgreSQL's error for a time zone name that
// is neither an abbreviation, a tz database name nor a POSIX
// specification.
func zoneNotRecognized(zone string) *Error {
	return &Error{Code: "22023", Message: `time zone "` + zone + `" not recognized`}
}

// readZoneName reads a field of letters and punctuation after the month
// and day, which PostgreSQL reads as a time zone name: a tz database
// name, left to DuckDB, or a POSIX specification. A name it does not
// recognize fails with 22023, unless it has a '/' (see namedZoneOffset).
func (f *dateFields) readZoneName(text string) *dateTimeError {
	if isTimeZoneName(text) {
		return errDateTimeUnhandled
	}
	spec, ok := parsePosixZone(text)
	switch {
	case ok && !spec.daylight && spec.westSeconds > -16*3600 && spec.westSeconds < 16*3600:
		if f.hasZone {
			return errDateTimeSyntax
		}
		f.hasZone = true
		f.zoneOffset = -spec.westSeconds
		return nil
	case ok:
		// Daylight saving time rules, or an offset of 16 hours or more,
		// which the reader does not write as a DuckDB literal.
		return errZoneUnsupported
	case strings.Contains(text, "/"):
		return errDateTimeUnhandled
	}
	return &dateTimeError{code: "22023", message: `time zone "` + text + `" not recognized`, complete: true}
}

// unknownWord returns the error for a word of date/time input that is
// neither a keyword nor an abbreviation. PostgreSQL 15 reads a tz
// database name there, such as Japan, which is left to DuckDB, and
// rejects other words. DuckDB's ICU reads more zones, such as CAT.
func unknownWord(word string) *dateTimeError {
	switch {
	case isTimeZoneName(word):
		return errDateTimeUnhandled
	case word == "dst" || word == "isodow" || word == "isoyear":
		return errDateTimeUnhandled // keywords of PostgreSQL that the reader does not read
	}
	return errDateTimeSyntax
}

// showsTextConcatenation reports whether n is a || of text: each operand
// a text column or cast, a string constant or such a ||.
func showsTextConcatenation(n *pg.Node) bool {
	e := n.GetAExpr()
	if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || lastName(e.Name) != "||" {
		return false
	}
	text := func(operand *pg.Node) bool {
		if c := operand.GetAConst(); c != nil {
			return c.GetSval() != nil
		}
		return exactType(operand) == "text" || showsTextConcatenation(operand)
	}
	return text(e.Lexpr) && text(e.Rexpr)
}
