package duckdb

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PostgreSQL 15's to_char for date, timestamp and timestamp with time
// zone values, checked against PostgreSQL 15.18 by the engine tests.
// A template is read left to right. At each position come at most one
// prefix (FM or TM, in either case), the longest template pattern, and
// at most one suffix (TH, th or SP). A prefix that no pattern follows is
// dropped. SP, and TH after a pattern without a number such as Month,
// write nothing. Text in double quotes is copied, and inside it a
// backslash quotes the next character. Outside quotes a backslash is
// dropped only before a double quote, and any other character is copied.
// TM writes English names, as PostgreSQL does with lc_time C, POSIX or
// en_US. The UDF rejects TM under any other lc_time (englishTime).

// clockFields is the broken-down time that to_char formats.
type clockFields struct {
	// year is an astronomical year number, as in ISO 8601: 0 is 1 BC.
	year, month, day     int
	hour, minute, second int
	microsecond          int
	weekday              time.Weekday
	yearDay              int
	isoYear, isoWeek     int
	julianDay            int
	offset               int    // seconds east of UTC
	zone                 string // abbreviation, "" for a timestamp without time zone
}

// newClockFields breaks t down in its own location. Without a zone, the
// abbreviation is empty and the offset zero, as for PostgreSQL's
// timestamp without time zone.
func newClockFields(t time.Time, withZone bool) clockFields {
	f := clockFields{
		year: t.Year(), month: int(t.Month()), day: t.Day(),
		hour: t.Hour(), minute: t.Minute(), second: t.Second(),
		microsecond: t.Nanosecond() / 1000,
		weekday:     t.Weekday(), yearDay: t.YearDay(),
	}
	f.isoYear, f.isoWeek = t.ISOWeek()
	// 1970-01-01 is Julian day 2440588.
	midnight := time.Date(f.year, t.Month(), f.day, 0, 0, 0, 0, time.UTC)
	f.julianDay = int(midnight.Unix()/86400) + 2440588
	if withZone {
		f.zone, f.offset = t.Zone()
	}
	return f
}

// Flags of the modifiers of a pattern: the prefixes FM and TM and the
// suffixes TH and th.
const (
	prefixFM = 1 << iota
	prefixTM
	suffixTH // upper-case ordinal suffix
	suffixLowerTH
)

// templatePatterns are the patterns of to_char templates. Lower-case
// spellings of patterns whose output has no letters map to the
// upper-case ones. The longest match wins, as in PostgreSQL's keyword
// table, whose order puts each pattern before its prefixes.
var templatePatterns = func() map[string]string {
	m := map[string]string{}
	for _, p := range []string{
		"A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D",
		"FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH",
		"IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon",
		"OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US",
		"WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y",
	} {
		m[p] = p
	}
	for _, p := range []string{
		"cc", "ddd", "dd", "d", "ff1", "ff2", "ff3", "ff4", "ff5", "ff6", "fx", "hh24", "hh12", "hh",
		"iddd", "id", "iw", "iyyy", "iyy", "iy", "i", "j", "mi", "mm", "ms", "of", "q",
		"sssss", "ssss", "ss", "tzh", "tzm", "us", "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y",
	} {
		m[p] = strings.ToUpper(p)
	}
	// Patterns whose lower-case spelling writes lower-case text.
	for _, p := range []string{"a.d.", "a.m.", "ad", "am", "b.c.", "bc", "day", "dy", "month", "mon", "p.m.", "pm", "rm", "tz"} {
		m[p] = p
	}
	return m
}()

// longestPattern is the length of the longest template pattern.
const longestPattern = 5

// formatToChar formats f with a to_char template. It reports whether the
// template has TM before a month or day name, which PostgreSQL writes in
// the language of lc_time.
func formatToChar(f clockFields, template string) (text string, localized bool) {
	text, _ = formatTemplate(template, func(b *strings.Builder, pattern string, flags int) error {
		writePattern(b, f, pattern, flags)
		localized = localized || flags&prefixTM != 0 && namePatterns[pattern]
		return nil
	})
	return text, localized
}

// patternWriter writes one pattern of a template with the flags of its
// modifiers.
type patternWriter func(b *strings.Builder, pattern string, flags int) error

// formatTemplate reads a template, copies its literal text and calls
// write for each pattern. It stops at the first error of write.
func formatTemplate(template string, write patternWriter) (string, error) {
	var b strings.Builder
	for i := 0; i < len(template); {
		var flags int
		switch {
		case hasPrefixAt(template, i, "FM", "fm"):
			flags, i = prefixFM, i+2
		case hasPrefixAt(template, i, "TM", "tm"):
			flags, i = prefixTM, i+2
		}
		if i == len(template) {
			break
		}
		if pattern, size := matchPattern(template[i:]); size > 0 {
			i += size
			switch {
			case hasPrefixAt(template, i, "TH"):
				flags, i = flags|suffixTH, i+2
			case hasPrefixAt(template, i, "th"):
				flags, i = flags|suffixLowerTH, i+2
			case hasPrefixAt(template, i, "SP"):
				i += 2
			}
			if err := write(&b, pattern, flags); err != nil {
				return "", err
			}
			continue
		}
		i = copyLiteral(&b, template, i)
	}
	return b.String(), nil
}

// namePatterns write month and day names, which TM translates.
var namePatterns = map[string]bool{
	"MONTH": true, "Month": true, "month": true, "MON": true, "Mon": true, "mon": true,
	"DAY": true, "Day": true, "day": true, "DY": true, "Dy": true, "dy": true,
}

func hasPrefixAt(s string, i int, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s[i:], p) {
			return true
		}
	}
	return false
}

// matchPattern returns the pattern at the start of s and its length, or
// a length of 0 when no pattern starts there.
func matchPattern(s string) (string, int) {
	for size := min(longestPattern, len(s)); size > 0; size-- {
		if p, ok := templatePatterns[s[:size]]; ok {
			return p, size
		}
	}
	return "", 0
}

// copyLiteral copies the text at template[i:] that is no pattern: a
// quoted string or one character. It returns the position after it.
func copyLiteral(b *strings.Builder, template string, i int) int {
	if template[i] != '"' {
		if template[i] == '\\' && i+1 < len(template) && template[i+1] == '"' {
			i++
		}
		b.WriteByte(template[i])
		return i + 1
	}
	for i++; i < len(template); i++ {
		switch {
		case template[i] == '"':
			return i + 1
		case template[i] == '\\' && i+1 < len(template):
			i++
		}
		b.WriteByte(template[i])
	}
	return i
}

var (
	monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
	romanMonths = [...]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
)

// writePattern writes one pattern of a template.
func writePattern(b *strings.Builder, f clockFields, pattern string, flags int) {
	fill := flags&prefixFM != 0
	if text, ok := patternText(f, pattern, flags); ok {
		b.WriteString(text)
		return
	}
	text := patternNumber(f, pattern, fill)
	switch {
	case flags&suffixTH != 0:
		text += ordinalSuffix(text)
	case flags&suffixLowerTH != 0:
		text += strings.ToLower(ordinalSuffix(text))
	}
	b.WriteString(text)
}

// patternText returns the text of a pattern whose output is not a number
// that TH could follow.
func patternText(f clockFields, pattern string, flags int) (string, bool) {
	// TM, like FM, writes names without trailing blanks.
	pad := flags&(prefixFM|prefixTM) == 0
	bc := f.year <= 0
	pm := f.hour >= 12
	switch pattern {
	case "A.D.", "B.C.", "AD", "BC", "a.d.", "b.c.", "ad", "bc":
		return eraText(pattern, bc), true
	case "A.M.", "P.M.", "AM", "PM", "a.m.", "p.m.", "am", "pm":
		return meridiemText(pattern, pm), true
	case "MONTH", "Month", "month":
		return nameText(monthNames[f.month-1], pattern, pad), true
	case "MON", "Mon", "mon":
		return nameText(monthNames[f.month-1][:3], pattern, false), true
	case "DAY", "Day", "day":
		return nameText(f.weekday.String(), pattern, pad), true
	case "DY", "Dy", "dy":
		return nameText(f.weekday.String()[:3], pattern, false), true
	case "RM", "rm":
		roman := romanMonths[f.month-1]
		if pattern == "rm" {
			roman = strings.ToLower(roman)
		}
		if flags&prefixFM == 0 {
			roman = fmt.Sprintf("%-4s", roman)
		}
		return roman, true
	case "TZ":
		return f.zone, true
	case "tz":
		return strings.ToLower(f.zone), true
	case "TZH":
		return offsetSign(f.offset) + fmt.Sprintf("%02d", abs(f.offset)/3600), true
	case "TZM":
		return fmt.Sprintf("%02d", abs(f.offset)%3600/60), true
	case "OF":
		text := offsetSign(f.offset) + padNumber(abs(f.offset)/3600, 2, flags&prefixFM != 0)
		if minutes := abs(f.offset) % 3600 / 60; abs(f.offset)%3600 != 0 {
			text += fmt.Sprintf(":%02d", minutes)
		}
		return text, true
	case "FX":
		return "", true
	}
	return "", false
}

func eraText(pattern string, bc bool) string {
	if bc {
		return markerText(pattern, "BC")
	}
	return markerText(pattern, "AD")
}

func meridiemText(pattern string, pm bool) string {
	if pm {
		return markerText(pattern, "PM")
	}
	return markerText(pattern, "AM")
}

// markerText writes an era or meridiem marker, such as AD, as its
// pattern spells it: with points (A.D.) and in lower case (ad).
func markerText(pattern, text string) string {
	if strings.Contains(pattern, ".") {
		text = text[:1] + "." + text[1:] + "."
	}
	if pattern[0] >= 'a' {
		text = strings.ToLower(text)
	}
	return text
}

// nameText writes a month or day name in the case of its pattern: all
// capitals (MONTH), capitalized (Month) or all lower case (month), and
// padded to 9 characters when pad is set.
func nameText(name, pattern string, pad bool) string {
	switch {
	case pattern == strings.ToUpper(pattern):
		name = strings.ToUpper(name)
	case pattern == strings.ToLower(pattern):
		name = strings.ToLower(name)
	}
	if pad {
		return fmt.Sprintf("%-9s", name)
	}
	return name
}

func offsetSign(offset int) string {
	if offset >= 0 {
		return "+"
	}
	return "-"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// padNumber writes n with at least width digits, or as it is with FM.
func padNumber(n, width int, fill bool) string {
	if fill {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("%0*d", width, n)
}

// patternNumber returns the number that a pattern writes, which TH or th
// may follow.
func patternNumber(f clockFields, pattern string, fill bool) string {
	year := adjustYear(f.year)
	isoYear := adjustYear(f.isoYear)
	switch pattern {
	case "HH", "HH12":
		hour := f.hour % 12
		if hour == 0 {
			hour = 12
		}
		return padNumber(hour, 2, fill)
	case "HH24":
		return padNumber(f.hour, 2, fill)
	case "MI":
		return padNumber(f.minute, 2, fill)
	case "SS":
		return padNumber(f.second, 2, fill)
	case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
		digits := int(pattern[2] - '0')
		return fractionDigits(f.microsecond, digits)
	case "MS":
		return fractionDigits(f.microsecond, 3)
	case "US":
		return fractionDigits(f.microsecond, 6)
	case "SSSS", "SSSSS":
		return strconv.Itoa(f.hour*3600 + f.minute*60 + f.second)
	case "MM":
		return padNumber(f.month, 2, fill)
	case "DDD":
		return padNumber(f.yearDay, 3, fill)
	case "IDDD":
		return padNumber((f.isoWeek-1)*7+isoWeekday(f.weekday), 3, fill)
	case "DD":
		return padNumber(f.day, 2, fill)
	case "D":
		return strconv.Itoa(int(f.weekday) + 1)
	case "ID":
		return strconv.Itoa(isoWeekday(f.weekday))
	case "WW":
		return padNumber((f.yearDay-1)/7+1, 2, fill)
	case "IW":
		return padNumber(f.isoWeek, 2, fill)
	case "W":
		return strconv.Itoa((f.day-1)/7 + 1)
	case "Q":
		return strconv.Itoa((f.month-1)/3 + 1)
	case "J":
		return strconv.Itoa(f.julianDay)
	case "CC":
		return centuryText(f.year, fill)
	case "Y,YYY":
		return fmt.Sprintf("%d,%03d", year/1000, year%1000)
	case "YYYY":
		return padNumber(year, 4, fill)
	case "IYYY":
		return padNumber(isoYear, 4, fill)
	case "YYY":
		return padNumber(year%1000, 3, fill)
	case "IYY":
		return padNumber(isoYear%1000, 3, fill)
	case "YY":
		return padNumber(year%100, 2, fill)
	case "IY":
		return padNumber(isoYear%100, 2, fill)
	case "Y":
		return strconv.Itoa(year % 10)
	case "I":
		return strconv.Itoa(isoYear % 10)
	}
	panic("to_char pattern without a formatter: " + pattern)
}

// adjustYear turns an ISO 8601 year into the year number of its era:
// 0 is 1 BC.
func adjustYear(year int) int {
	if year <= 0 {
		return 1 - year
	}
	return year
}

func isoWeekday(d time.Weekday) int {
	if d == time.Sunday {
		return 7
	}
	return int(d)
}

// fractionDigits returns the first digits of the fraction of a second
// written with six digits, truncated as PostgreSQL truncates FF1 to FF5.
func fractionDigits(microsecond, digits int) string {
	return fmt.Sprintf("%06d", microsecond)[:digits]
}

// centuryText writes the century: 21 for 2001 to 2100, and -1 for 100 BC
// to 1 BC. Centuries within 99 of zero get two digits and a sign.
func centuryText(year int, fill bool) string {
	century := (year-1)/100 + 1
	if year <= 0 {
		// Go's division truncates toward zero, as C's does.
		century = year/100 - 1
	}
	if century < -99 || century > 99 || fill {
		return strconv.Itoa(century)
	}
	if century < 0 {
		return fmt.Sprintf("%03d", century)
	}
	return fmt.Sprintf("%02d", century)
}

// ordinalSuffix returns ST, ND, RD or TH for the number that text ends
// with: TH for 11 to 13 and for every other last digit than 1, 2 and 3.
func ordinalSuffix(text string) string {
	n := len(text)
	if n > 1 && text[n-2] == '1' {
		return "TH"
	}
	switch text[n-1] {
	case '1':
		return "ST"
	case '2':
		return "ND"
	case '3':
		return "RD"
	}
	return "TH"
}
