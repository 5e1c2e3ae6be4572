package translate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file reads the fields of a date, time or timestamp once they are
// split, in one DateStyle field order, and writes the DuckDB literal.

// formatDateTime reads fields in a DateStyle field order and returns the
// DuckDB literal of the value.
func formatDateTime(fields []dateTimeField, typeName string, order dateOrder) (string, *dateTimeError) {
	f := &dateFields{order: order}
	if typeName == "time" {
		return f.readTime(fields)
	}

	for _, field := range fields {
		if err := f.readField(field); err != nil {
			return "", err
		}
		if dateKeywords[field.text].kind != keywordIgnored {
			f.fieldsRead++
		}
	}
	if f.expectJulian || f.expectTime {
		return "", errDateTimeUnhandled
	}

	if f.meridiem != 0 && f.hasTime && f.hour > 12 {
		return "", errFieldRange
	}
	// PostgreSQL checks the ranges of the fields it has before it
	// checks that none is missing.
	if err := f.validateDate(); err != nil {
		return "", err
	}
	if !f.hasYear || !f.hasMonth || !f.hasDay {
		return "", errDateTimeSyntax
	}
	if err := f.applyMeridiem(); err != nil {
		return "", err
	}
	if typeName == "date" {
		return f.formatDate()
	}
	literal, err := f.formatTimestamp()
	if err == nil && typeName == "timestamptz" && f.hasZone {
		if f.zoneName != "" {
			return "", errZoneUnsupported
		}
		literal += formatZoneOffset(f.zoneOffset)
	}
	return literal, err
}

// readTime reads the input of type time: a time of day, optionally
// followed by AM or PM and by a time zone, which PostgreSQL checks and
// ignores. Other forms are left to DuckDB.
func (f *dateFields) readTime(fields []dateTimeField) (string, *dateTimeError) {
	if len(fields) > 0 && fields[0].kind != fieldTime {
		// PostgreSQL rejects a word that is no keyword, such as the unit
		// of '1 hour', as DuckDB does with another SQLSTATE.
		for _, field := range fields {
			if _, known := dateKeywords[keywordKey(field.text)]; field.kind == fieldWord && !known && !isZoneAbbreviation(field.text) {
				return "", unknownWord(field.text)
			}
		}
	}
	fields, err := normalizeTimeFields(fields)
	switch {
	case err != nil:
		return "", err
	case !hasTimeOfDay(fields):
		return "", errDateTimeSyntax
	case len(fields) > 1 && fields[0].kind == fieldDate && fields[1].kind == fieldTime:
		return f.readDatedTime(fields)
	}
	if len(fields) == 0 || len(fields) > 3 || fields[0].kind != fieldTime {
		return "", errDateTimeUnhandled
	}
	if err := f.readTimeField(fields[0].text); err != nil {
		return "", err
	}
	for _, field := range fields[1:] {
		switch {
		case field.kind == fieldWord && isMeridiem(field.text) && f.meridiem == 0 && !f.hasZone:
			f.meridiem = dateKeywords[field.text].kind
		case field.kind == fieldSigned && isDigit(field.text[1]) || field.kind == fieldWord && isZoneAbbreviation(field.text):
			if err := f.readZone(field); err != nil {
				return "", err
			}
		case field.kind == fieldWord:
			if _, known := dateKeywords[keywordKey(field.text)]; known {
				return "", errDateTimeUnhandled
			}
			return "", unknownWord(field.text)
		default:
			return "", errDateTimeUnhandled
		}
	}
	if err := f.applyMeridiem(); err != nil {
		return "", err
	}
	if err := f.carryLeapSecond(); err != nil {
		return "", err
	}
	f.carrySecond()
	if f.hour == 24 {
		// PostgreSQL's 24:00:00, also the carry of 23:59:60 and of
		// 23:59:59.9999995, which DuckDB's cast to time reads as such.
		return "24:00:00", nil
	}
	return f.formatClock(), nil
}

func isMeridiem(word string) bool {
	k := dateKeywords[word].kind
	return k == keywordAM || k == keywordPM
}

// readField reads one field of a date or timestamp.
func (f *dateFields) readField(field dateTimeField) *dateTimeError {
	if f.expectTime && field.kind == fieldNumber {
		return f.readBasicTime(field.text, true)
	}
	if f.expectJulian && field.kind != fieldNumber || f.expectTime && field.kind != fieldTime {
		return errDateTimeUnhandled
	}
	switch field.kind {
	case fieldNumber:
		return f.readNumberField(field.text)
	case fieldTime:
		if f.hasTime {
			return errDateTimeUnhandled
		}
		f.expectTime = false
		return f.readTimeField(field.text)
	case fieldDate:
		return f.readDateField(field.text)
	case fieldWord:
		return f.readWord(field.text)
	case fieldCompound:
		return f.readCompound(field.text)
	case fieldSigned:
		if isDigit(field.text[1]) && (f.hasTime || f.hasYear && f.hasMonth && f.hasDay) {
			return f.readZone(field)
		}
	}
	return errDateTimeUnhandled // a time zone offset before the date, or -infinity
}

// readWord reads a word of a date or timestamp.
func (f *dateFields) readWord(word string) *dateTimeError {
	if isZoneAbbreviation(word) {
		return f.readZone(dateTimeField{kind: fieldWord, text: word})
	}
	keyword, known := dateKeywords[keywordKey(word)]
	if !known {
		return unknownWord(word)
	}
	switch keyword.kind {
	case keywordMonth:
		return f.readTextMonth(keyword.month)
	case keywordWeekday:
		if f.weekday {
			return errDateTimeSyntax
		}
		f.weekday = true
	case keywordAM, keywordPM:
		if f.meridiem != 0 {
			return errDateTimeSyntax
		}
		f.meridiem = keyword.kind
	case keywordAD, keywordBC:
		if f.era != 0 {
			return errDateTimeSyntax
		}
		f.era = keyword.kind
	case keywordIgnored:
	case keywordJulian:
		if f.hasYear || f.hasMonth || f.hasDay || f.julian {
			return errDateTimeUnhandled
		}
		f.expectJulian = true
	case keywordTime:
		if !f.hasYear || !f.hasMonth || !f.hasDay || f.hasTime {
			return errDateTimeUnhandled
		}
		f.expectTime = true
	default:
		return errDateTimeUnhandled
	}
	return nil
}

// readCompound reads letters run on into other characters. Before the
// month and day are known PostgreSQL reads it as a date with a text
// month, such as jan-05-2024, and after them as a time zone name.
func (f *dateFields) readCompound(text string) *dateTimeError {
	if f.hasMonth && f.hasDay {
		return f.readZoneName(text)
	}
	if strings.ContainsAny(text, "+_:") {
		return errDateTimeUnhandled
	}
	return f.readDateField(text)
}

// readDateField reads a date whose parts '-', '/' or '.' separate, such
// as 2024-01-05 or 5-jan-2024. Its text month is read first, then its
// numbers in order.
func (f *dateFields) readDateField(text string) *dateTimeError {
	if f.fieldsRead > 0 {
		return errDateTimeUnhandled // PostgreSQL rejects AD 2024-01-05 but reads 2024-01-05 AD
	}
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	var numbers []string
	month := 0
	for _, part := range parts {
		if isDigit(part[0]) {
			if strings.IndexFunc(part, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
				return errDateTimeSyntax
			}
			numbers = append(numbers, part)
			continue
		}
		keyword, known := dateKeywords[keywordKey(part)]
		switch {
		case !known:
			return errDateTimeSyntax
		case keyword.kind != keywordMonth || month != 0:
			return errDateTimeUnhandled
		}
		month = keyword.month
	}
	if len(parts) == 2 && month == 0 && len(numbers) == 2 {
		return f.readDayOfYear(numbers[0], numbers[1])
	}
	if len(parts) != 3 || strings.Count(text, ".") == 1 {
		return errDateTimeUnhandled
	}
	if month != 0 {
		f.month, f.hasMonth, f.textMonth = month, true, true
	}
	for _, number := range numbers {
		if err := f.readNumber(number); err != nil {
			return err
		}
	}
	return nil
}

// readTextMonth reads a month name. A number read as the month before
// it becomes the day, so that 5 Jan 2024 reads in every DateStyle.
func (f *dateFields) readTextMonth(month int) *dateTimeError {
	if f.hasMonth {
		if f.textMonth || f.hasDay || f.month < 1 || f.month > 31 {
			return errDateTimeSyntax
		}
		f.day, f.hasDay = f.month, true
	}
	f.month, f.hasMonth, f.textMonth = month, true, true
	return nil
}

// readNumberField reads a number alone: a Julian day after j, a date
// of 8 or 6 digits run together (YYYYMMDD, YYMMDD), or one part of a
// date.
func (f *dateFields) readNumberField(text string) *dateTimeError {
	noDate := !f.hasYear && !f.hasMonth && !f.hasDay
	if year, day, found := strings.Cut(text, "."); found && noDate && !f.expectJulian && !strings.Contains(day, ".") {
		return f.readDayOfYear(year, day)
	}
	if f.hasYear && f.hasMonth && f.hasDay && !f.hasTime && !f.expectJulian {
		if err := f.readBasicTime(text, false); err != errDateTimeUnhandled {
			return err
		}
	}
	if !isDigit(text[0]) || strings.Contains(text, ".") {
		return errDateTimeUnhandled // a fraction
	}
	switch {
	case f.expectJulian:
		return f.readJulian(text)
	case noDate && len(text) == 8:
		f.year, f.yearDigits = atoi(text[:4]), 4
		f.month, f.day = atoi(text[4:6]), atoi(text[6:])
	case noDate && len(text) == 6:
		f.year, f.yearDigits = atoi(text[:2]), 2
		f.month, f.day = atoi(text[2:4]), atoi(text[4:])
	case len(text) > 4:
		return errDateTimeUnhandled // a time run together, such as 100000
	default:
		return f.readNumber(text)
	}
	f.hasYear, f.hasMonth, f.hasDay = true, true, true
	return nil
}

// readNumber reads one number of a date as the year, month or day. A
// number of 3 or more digits is a year. The others fill the fields in
// the order of DateStyle, except that a text month fixes the month.
func (f *dateFields) readNumber(text string) *dateTimeError {
	if len(text) > 9 {
		return errDateTimeUnhandled
	}
	value, long := atoi(text), len(text) >= 3
	switch {
	case f.hasYear && f.hasMonth && f.hasDay:
		return errDateTimeUnhandled // a time run together, such as 1000
	case len(text) == 3 && f.hasYear && !f.hasMonth && !f.hasDay:
		return errDateTimeUnhandled // a day of the year
	case !f.hasYear && !f.hasMonth && !f.hasDay:
		switch {
		case long || f.order == "YMD":
			f.setYear(value, len(text))
		case f.order == "DMY":
			f.day, f.hasDay = value, true
		default:
			f.month, f.hasMonth = value, true
		}
	case f.hasYear && !f.hasMonth && !f.hasDay, !f.hasYear && !f.hasMonth && f.hasDay:
		f.month, f.hasMonth = value, true
	case !f.hasYear && f.hasMonth && !f.hasDay:
		if f.textMonth && (long || f.order == "YMD") {
			f.setYear(value, len(text))
		} else {
			f.day, f.hasDay = value, true
		}
	case f.hasYear && f.hasMonth && !f.hasDay:
		if f.textMonth && long && f.yearDigits <= 2 {
			// DD-MON-YYYY: the short number read as the year is the day.
			f.day, f.hasDay = f.year, true
			f.setYear(value, len(text))
		} else {
			f.day, f.hasDay = value, true
		}
	case !f.hasYear && f.hasMonth && f.hasDay:
		f.setYear(value, len(text))
	default:
		return errDateTimeSyntax
	}
	return nil
}

func (f *dateFields) setYear(value, digits int) {
	f.year, f.hasYear, f.yearDigits = value, true, digits
}

// readJulian reads the Julian day number after j, day 0 being
// 4714-11-24 BC.
func (f *dateFields) readJulian(text string) *dateTimeError {
	if len(text) > 7 {
		return errDateTimeUnhandled
	}
	year, month, day := civilFromJulian(atoi(text))
	f.year, f.month, f.day = year, month, day
	f.hasYear, f.hasMonth, f.hasDay = true, true, true
	f.julian, f.expectJulian = true, false
	return nil
}

// readTimeField reads HH:MM or HH:MM:SS with an optional fraction of a
// second, which is rounded to microseconds as PostgreSQL rounds it.
func (f *dateFields) readTimeField(text string) *dateTimeError {
	parts := strings.Split(text, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return errDateTimeUnhandled
	}
	seconds, fraction, hasFraction := "0", "", false
	if len(parts) == 3 {
		seconds, fraction, hasFraction = strings.Cut(parts[2], ".")
	}
	for _, part := range []string{parts[0], parts[1], seconds} {
		if part == "" || len(part) > 9 || !allDigits(part) {
			return errDateTimeUnhandled
		}
	}
	if hasFraction && !allDigits(fraction) || strings.Contains(parts[1], ".") {
		return errDateTimeUnhandled
	}
	f.hour, f.minute, f.second = atoi(parts[0]), atoi(parts[1]), atoi(seconds)
	if hasFraction && fraction != "" {
		value, _ := strconv.ParseFloat("0."+fraction, 64)
		f.micros = int(math.RoundToEven(value * 1e6))
	}
	f.hasTime = true
	if f.hour > 24 || f.minute > 59 || f.second > 60 || f.hour == 24 && (f.minute > 0 || f.second > 0 || f.micros > 0) {
		return errFieldRange
	}
	return nil
}

// carrySecond carries a fraction that rounded up to a whole second, as
// in 00:00:59.9999995, into the seconds, minutes and hours, which may
// reach 24:00:00. PostgreSQL adds the rounded fraction to the time once
// AM or PM has been applied.
func (f *dateFields) carrySecond() {
	if f.micros < 1_000_000 || f.second == 60 {
		return
	}
	f.micros -= 1_000_000
	f.second++
	if f.second == 60 {
		f.second = 0
		f.minute++
	}
	if f.minute == 60 {
		f.minute = 0
		f.hour++
	}
}

// carryLeapSecond carries a second of 60 into the minute, as PostgreSQL
// adds the seconds to the time of day: 10:00:60 is 10:01:00, and
// 23:59:60 is 24:00:00. A time of day beyond 24:00:00, such as
// 23:59:60.5, is out of range.
func (f *dateFields) carryLeapSecond() *dateTimeError {
	if f.second != 60 {
		return nil
	}
	if f.hour == 23 && f.minute == 59 && f.micros > 0 {
		return errFieldRange
	}
	f.second = 0
	f.minute++
	if f.minute == 60 {
		f.minute = 0
		f.hour++
	}
	return nil
}

// applyMeridiem applies AM or PM to the hour, which must be 12 or less.
func (f *dateFields) applyMeridiem() *dateTimeError {
	switch {
	case f.meridiem == 0:
		return nil
	case !f.hasTime:
		return errDateTimeUnhandled
	case f.hour > 12:
		return errFieldRange
	case f.meridiem == keywordAM && f.hour == 12:
		f.hour = 0
	case f.meridiem == keywordPM && f.hour < 12:
		f.hour += 12
	}
	return nil
}

// validateDate reads the era and two-digit years and checks the fields
// that are set. Afterwards f.year is the astronomical year: 1 BC is 0,
// 2 BC is -1.
func (f *dateFields) validateDate() *dateTimeError {
	switch {
	case !f.hasYear:
	case f.julian:
		if f.era != 0 {
			return errDateTimeUnhandled
		}
	case f.era == keywordBC:
		if f.year <= 0 {
			return errFieldRange
		}
		f.year = 1 - f.year
	case f.yearDigits <= 2 && f.year < 70:
		f.year += 2000
	case f.yearDigits <= 2:
		f.year += 1900
	case f.year <= 0:
		return errFieldRange
	}
	f.applyDayOfYear()
	if f.hasMonth && (f.month < 1 || f.month > 12) || f.hasDay && (f.day < 1 || f.day > 31) {
		return errDateOrderRange
	}
	if f.hasYear && f.hasMonth && f.hasDay && f.day > daysInMonth(f.year, f.month) {
		return errFieldRange
	}
	return nil
}

func daysInMonth(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// formatDate writes a date in the form DuckDB reads, a BC year as
// 0044-03-15 (BC). The range is PostgreSQL's: 4714-11-24 BC to
// 5874897-12-31, which DuckDB's covers.
func (f *dateFields) formatDate() (string, *dateTimeError) {
	if f.hasTime && f.second == 60 {
		return "", errDateTimeUnhandled
	}
	if !dateInRange(f.year, f.month, f.day, 5874897) {
		return "", errDateRange
	}
	return formatCivilDate(f.year, f.month, f.day), nil
}

// formatTimestamp writes a timestamp without a time zone, which DuckDB
// reads in the session's time zone for timestamptz as PostgreSQL does.
// Timestamps after 294247 AD, which DuckDB cannot hold, fail with 0A000.
// Those in 294247 AD, where DuckDB's range ends, and in 4714 and 4713 BC,
// where a timestamptz's zone may carry it below PostgreSQL's range, are
// left to DuckDB.
func (f *dateFields) formatTimestamp() (string, *dateTimeError) {
	if err := f.carryLeapSecond(); err != nil {
		return "", err
	}
	f.carrySecond()
	year, month, day := f.year, f.month, f.day
	if f.hour == 24 {
		year, month, day = civilFromJulian(julianFromCivil(year, month, day) + 1)
		f.hour = 0
	}
	if !dateInRange(year, month, day, 294276) {
		return "", errTimestampRange
	}
	if year > 294247 {
		return "", errTimestampBeyondDuckDB
	}
	if year > 294246 || year <= -4712 {
		return "", errDateTimeUnhandled
	}
	return formatCivilDate(year, month, day) + " " + f.formatClock(), nil
}

func (f *dateFields) formatClock() string {
	clock := fmt.Sprintf("%02d:%02d:%02d", f.hour, f.minute, f.second)
	if f.micros > 0 {
		clock += fmt.Sprintf(".%06d", f.micros)
	}
	return clock
}

// dateInRange reports whether a date of an astronomical year lies from
// 4714-11-24 BC up to the end of maxYear.
func dateInRange(year, month, day, maxYear int) bool {
	first := julianFromCivil(-4713, 11, 24)
	return julianFromCivil(year, month, day) >= first && year <= maxYear
}

func formatCivilDate(year, month, day int) string {
	if year <= 0 {
		return fmt.Sprintf("%04d-%02d-%02d (BC)", 1-year, month, day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
}

// julianFromCivil returns the Julian day number of a proleptic Gregorian
// date of an astronomical year: 400-year eras of 146097 days counted
// from 1 March of year 0.
func julianFromCivil(year, month, day int) int {
	if month <= 2 {
		year--
	}
	era := floorDiv(year, 400)
	yearOfEra := year - era*400
	dayOfYear := (153*((month+9)%12)+2)/5 + day - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return era*146097 + dayOfEra + 1721120
}

// civilFromJulian is the inverse of julianFromCivil.
func civilFromJulian(julian int) (year, month, day int) {
	days := julian - 1721120
	era := floorDiv(days, 146097)
	dayOfEra := days - era*146097
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36524 - dayOfEra/146096) / 365
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)
	shiftedMonth := (5*dayOfYear + 2) / 153
	day = dayOfYear - (153*shiftedMonth+2)/5 + 1
	month = (shiftedMonth+2)%12 + 1
	year = yearOfEra + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func atoi(text string) int {
	value, _ := strconv.Atoi(text)
	return value
}

func allDigits(text string) bool {
	return strings.IndexFunc(text, func(r rune) bool { return r < '0' || r > '9' }) < 0
}
