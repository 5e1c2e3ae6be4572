package translate

import (
	"strings"
	"time"
)

// This file reads two forms of PostgreSQL 15's date/time input that the
// rest of the reader leaves out. One is a year with a day of the year,
// such as 2024.015 or 1999-008. The other is an ISO 8601 basic time after
// T or after a date, such as 20240115T102030 or 20240115 102030.

// errBasicTimeRange marks an ISO 8601 basic time with an hour above 23,
// or minutes or seconds above 59. PostgreSQL 15 does not check those
// fields and carries them into the next day, which the reader does not
// do.
var errBasicTimeRange = &dateTimeError{code: CodeFeatureNotSupported,
	message: "an ISO 8601 basic time with a field out of range is not supported on this warehouse"}

// readDayOfYear reads a year of 3 or more digits and a day of the year of
// 3 digits, which PostgreSQL reads as a date when the day is between 1
// and 366. Other forms of two numbers return errDateTimeUnhandled, and a
// day of 3 digits out of that range is a syntax error, as in PostgreSQL.
func (f *dateFields) readDayOfYear(year, day string) *dateTimeError {
	if len(year) < 3 || len(year) > 9 || len(day) != 3 || !allDigits(year) || !allDigits(day) ||
		f.hasYear || f.hasMonth || f.hasDay {
		return errDateTimeUnhandled
	}
	value := atoi(day)
	if value < 1 || value > 366 {
		return errDateTimeSyntax
	}
	f.setYear(atoi(year), len(year))
	f.dayOfYear = value
	f.hasYear, f.hasMonth, f.hasDay = true, true, true
	return nil
}

// applyDayOfYear sets the month and day of a day of the year, once the
// era has made the year astronomical (1 BC is 0), as PostgreSQL 15's
// ValidateDate does. Day 366 of a year of 365 days is January 1 of the
// next year, which PostgreSQL accepts too.
func (f *dateFields) applyDayOfYear() {
	if f.dayOfYear == 0 {
		return
	}
	date := time.Date(f.year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, f.dayOfYear-1)
	f.year, f.month, f.day = date.Year(), int(date.Month()), date.Day()
	f.dayOfYear = 0
}

// readBasicTime reads an ISO 8601 basic time, hhmmss or hhmm with an
// optional fraction of a second, as PostgreSQL 15's DecodeNumberField
// reads it. afterT is set after the letter T, where both lengths are
// read. Without it, PostgreSQL reads six digits as a time only once the
// date is complete.
func (f *dateFields) readBasicTime(text string, afterT bool) *dateTimeError {
	digits, fraction, hasFraction := strings.Cut(text, ".")
	switch {
	case !allDigits(digits) || hasFraction && !allDigits(fraction):
		return errDateTimeUnhandled
	case len(digits) == 6:
	case len(digits) == 4 && afterT:
		digits += "00"
	default:
		return errDateTimeUnhandled
	}
	if atoi(digits[:2]) > 23 || atoi(digits[2:4]) > 59 || atoi(digits[4:]) > 59 {
		return errBasicTimeRange
	}
	clock := digits[:2] + ":" + digits[2:4] + ":" + digits[4:]
	if hasFraction {
		clock += "." + fraction
	}
	f.expectTime = false
	return f.readTimeField(clock)
}
