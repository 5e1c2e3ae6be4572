package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL 15's to_char for intervals, checked against PostgreSQL 15.18
// by the engine tests. It formats the fields of the interval, each with
// the sign of its part. Years and months come from the months, and the
// time splits into hours, minutes, seconds and microseconds. Numbers keep
// their sign. Names of months and days, AD and BC, D, ID and the zone
// patterns fail with 22007.

// intervalFields are the fields of an interval that to_char formats.
type intervalFields struct {
	year, month, day int
	hour             int64
	minute, second   int
	microsecond      int
	// yearDay approximates the span in days, with months of 30 days.
	yearDay int
}

func newIntervalFields(iv duckdb.Interval) intervalFields {
	micros := iv.Micros
	f := intervalFields{year: int(iv.Months / 12), month: int(iv.Months % 12), day: int(iv.Days)}
	f.hour = micros / 3_600_000_000
	micros -= f.hour * 3_600_000_000
	f.minute = int(micros / 60_000_000)
	micros -= int64(f.minute) * 60_000_000
	f.second = int(micros / 1_000_000)
	f.microsecond = int(micros - int64(f.second)*1_000_000)
	f.yearDay = (f.year*12+f.month)*30 + f.day
	return f
}

// intervalToChar formats an interval for pgway_to_char.
func intervalToChar(args []driver.Value) (any, error) {
	iv, template := args[0].(duckdb.Interval), args[1].(string)
	if template == "" {
		return nil, nil
	}
	f := newIntervalFields(iv)
	text, err := formatTemplate(template, func(b *strings.Builder, pattern string, flags int) error {
		return writeIntervalPattern(b, f, pattern, flags)
	})
	if err != nil {
		return nil, err
	}
	return text, nil
}

// intervalInvalidPatterns need a date or a zone, which an interval lacks.
var intervalInvalidPatterns = map[string]bool{
	"A.D.": true, "B.C.": true, "AD": true, "BC": true, "a.d.": true, "b.c.": true, "ad": true, "bc": true,
	"D": true, "ID": true, "TZ": true, "tz": true, "TZH": true, "TZM": true, "OF": true,
}

func writeIntervalPattern(b *strings.Builder, f intervalFields, pattern string, flags int) error {
	if intervalInvalidPatterns[pattern] || namePatterns[pattern] {
		return &providers.Error{Code: "22007", Message: "invalid format specification for an interval value",
			Hint: "Intervals are not tied to specific calendar dates."}
	}
	fill := flags&prefixFM != 0
	switch pattern {
	case "A.M.", "P.M.", "AM", "PM", "a.m.", "p.m.", "am", "pm":
		b.WriteString(meridiemText(pattern, f.hour%24 >= 12))
		return nil
	case "RM", "rm":
		b.WriteString(intervalRomanMonth(f, pattern, fill))
		return nil
	case "FX":
		return nil
	case "Q":
		if f.month == 0 {
			return nil
		}
	}
	text := intervalNumber(f, pattern, fill)
	switch {
	case flags&suffixTH != 0:
		text += ordinalSuffix(text)
	case flags&suffixLowerTH != 0:
		text += strings.ToLower(ordinalSuffix(text))
	}
	b.WriteString(text)
	return nil
}

// signedNumber writes n with at least width places, one more for a
// negative number, or as it is with FM.
func signedNumber(n int64, width int, fill bool) string {
	return signedWidth(n, width, n < 0, fill)
}

// intervalNumber returns the number that a pattern writes for an
// interval. Go's division and remainder truncate toward zero, as C's do.
func intervalNumber(f intervalFields, pattern string, fill bool) string {
	year := int64(f.year)
	isoYear := int64(isoYearOf(f.year, f.month, f.day))
	// The Y and I patterns get a place for the sign when the calendar
	// year is negative, even where the ISO year is not.
	yearWidth := func(width int) int {
		if year < 0 {
			return width + 1
		}
		return width
	}
	switch pattern {
	case "HH", "HH12":
		hour := f.hour % 12
		if hour == 0 {
			hour = 12
		}
		return signedWidth(hour, 2, f.hour < 0, fill)
	case "HH24":
		return signedNumber(f.hour, 2, fill)
	case "MI":
		return signedNumber(int64(f.minute), 2, fill)
	case "SS":
		return signedNumber(int64(f.second), 2, fill)
	case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
		digits := int(pattern[2] - '0')
		return fmt.Sprintf("%0*d", digits, f.microsecond/pow10Int(6-digits))
	case "MS":
		return fmt.Sprintf("%03d", f.microsecond/1000)
	case "US":
		return fmt.Sprintf("%06d", f.microsecond)
	case "SSSS", "SSSSS":
		return strconv.FormatInt(f.hour*3600+int64(f.minute)*60+int64(f.second), 10)
	case "MM":
		return signedNumber(int64(f.month), 2, fill)
	case "DDD":
		return padNumber(f.yearDay, 3, fill)
	case "IDDD":
		return padNumber(isoYearDayOf(f.year, f.month, f.day), 3, fill)
	case "DD":
		return padNumber(f.day, 2, fill)
	case "WW":
		return padNumber((f.yearDay-1)/7+1, 2, fill)
	case "IW":
		return padNumber(isoWeekOf(f.year, f.month, f.day), 2, fill)
	case "W":
		return strconv.Itoa((f.day-1)/7 + 1)
	case "Q":
		return strconv.Itoa((f.month-1)/3 + 1)
	case "J":
		return strconv.Itoa(julianDay(f.year, f.month, f.day))
	case "CC":
		century := year / 100
		if century < -99 || century > 99 {
			return strconv.FormatInt(century, 10)
		}
		return signedNumber(century, 2, fill)
	case "Y,YYY":
		return fmt.Sprintf("%d,%03d", year/1000, year-year/1000*1000)
	case "YYYY":
		return signedWidth(year, yearWidth(4), false, fill)
	case "IYYY":
		return signedWidth(isoYear, yearWidth(4), false, fill)
	case "YYY":
		return signedWidth(year%1000, yearWidth(3), false, fill)
	case "IYY":
		return signedWidth(isoYear%1000, yearWidth(3), false, fill)
	case "YY":
		return signedWidth(year%100, yearWidth(2), false, fill)
	case "IY":
		return signedWidth(isoYear%100, yearWidth(2), false, fill)
	case "Y":
		return strconv.FormatInt(year%10, 10)
	case "I":
		return strconv.FormatInt(isoYear%10, 10)
	}
	panic("to_char pattern without an interval formatter: " + pattern)
}

// signedWidth writes n with at least width places, one more when wider
// is set, or as it is with FM.
func signedWidth(n int64, width int, wider, fill bool) string {
	if fill {
		return strconv.FormatInt(n, 10)
	}
	if wider {
		width++
	}
	return fmt.Sprintf("%0*d", width, n)
}

func pow10Int(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// intervalRomanMonth writes RM for an interval: the month in Roman
// numerals, where a negative month -m is month 13-m, and a whole number
// of years is XII, or I when negative. It writes nothing for an interval
// without months and years.
func intervalRomanMonth(f intervalFields, pattern string, fill bool) string {
	var month int
	switch {
	case f.month == 0 && f.year == 0:
		return ""
	case f.month == 0 && f.year >= 0:
		month = 12
	case f.month == 0:
		month = 1
	case f.month < 0:
		month = 12 + f.month + 1
	default:
		month = f.month
	}
	roman := romanMonths[month-1]
	if pattern == "rm" {
		roman = strings.ToLower(roman)
	}
	if !fill {
		roman = fmt.Sprintf("%-4s", roman)
	}
	return roman
}

// The calendar functions below take the fields of an interval as a date,
// as PostgreSQL's to_char does for J and the ISO patterns of an interval,
// so months and days may be zero or negative. They use PostgreSQL's
// Julian day arithmetic, whose divisions truncate toward zero.

// julianDay returns the Julian day number of a Gregorian date.
func julianDay(year, month, day int) int {
	if month > 2 {
		month++
		year += 4800
	} else {
		month += 13
		year += 4799
	}
	century := year / 100
	julian := year*365 - 32167
	julian += year/4 - century + century/4
	return julian + 7834*month/256 + day
}

// julianWeekday returns the day of the week of a Julian day, 0 for Sunday.
func julianWeekday(julian int) int {
	return ((julian+1)%7 + 7) % 7
}

// isoWeekOneStart returns the Julian day of the Monday that starts ISO
// week 1 of year.
func isoWeekOneStart(year int) int {
	day4 := julianDay(year, 1, 4)
	return day4 - julianWeekday(day4-1)
}

func isoWeekOf(year, month, day int) int {
	dayn := julianDay(year, month, day)
	start := isoWeekOneStart(year)
	if dayn < start {
		start = isoWeekOneStart(year - 1)
	}
	week := (dayn-start)/7 + 1
	if week >= 52 && dayn >= isoWeekOneStart(year+1) {
		week = 1
	}
	return week
}

func isoYearOf(year, month, day int) int {
	dayn := julianDay(year, month, day)
	start := isoWeekOneStart(year)
	if dayn < start {
		year--
		start = isoWeekOneStart(year)
	}
	if (dayn-start)/7+1 >= 52 && dayn >= isoWeekOneStart(year+1) {
		year++
	}
	return year
}

func isoYearDayOf(year, month, day int) int {
	return julianDay(year, month, day) - isoWeekOneStart(isoYearOf(year, month, day)) + 1
}
