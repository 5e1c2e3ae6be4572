package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file reads the forms of time and timetz input that PostgreSQL
// 15's DecodeTimeOnly accepts and DuckDB's cast does not, such as 040506
// or T10:00. Input without a time of day fails with PostgreSQL's 22007,
// where DuckDB raises 22P02.

// normalizeTimeFields returns the fields of time input with a leading T
// dropped and a leading hhmm or hhmmss number, with an optional
// fraction of a second, written as a time field such as 04:05:06.
// PostgreSQL rejects other leading numbers, such as 10 or 10000.
func normalizeTimeFields(fields []dateTimeField) ([]dateTimeField, *dateTimeError) {
	if len(fields) > 1 && fields[0].kind == fieldWord && fields[0].text == "t" &&
		(fields[1].kind == fieldTime || fields[1].kind == fieldNumber) {
		fields = fields[1:]
	}
	if len(fields) == 0 || fields[0].kind != fieldNumber {
		return fields, nil
	}
	digits, fraction, hasFraction := strings.Cut(fields[0].text, ".")
	if !allDigits(digits) || hasFraction && !allDigits(fraction) {
		return nil, errDateTimeSyntax
	}
	var clock string
	switch len(digits) {
	case 6:
		clock = digits[:2] + ":" + digits[2:4] + ":" + digits[4:]
	case 4:
		clock = digits[:2] + ":" + digits[2:] + ":00"
	default:
		return nil, errDateTimeSyntax
	}
	if hasFraction {
		clock += "." + fraction
	}
	for _, field := range fields[1:] {
		if field.kind == fieldTime {
			return nil, errDateTimeSyntax // a second time of day, as in 240105 10:00
		}
	}
	normalized := append([]dateTimeField{{kind: fieldTime, text: clock}}, fields[1:]...)
	return normalized, nil
}

// hasTimeOfDay reports whether time input has a field that may hold the
// time of day. PostgreSQL rejects input without one, such as 1/2/24,
// with 22007.
func hasTimeOfDay(fields []dateTimeField) bool {
	for _, field := range fields {
		switch field.kind {
		case fieldTime, fieldNumber:
			return true
		case fieldWord:
			if kind := dateKeywords[keywordKey(field.text)].kind; kind == keywordOther || kind == keywordAllballs {
				return true
			}
		}
	}
	return false
}

// errTimestampBeyondDuckDB marks a timestamp that PostgreSQL 15 reads,
// up to 294276 AD, and DuckDB's timestamps, which end in 294247 AD, cannot
// hold.
var errTimestampBeyondDuckDB = &dateTimeError{code: CodeFeatureNotSupported,
	message: "a timestamp after 294247 AD is not supported on DuckDB"}

// readDatedTime reads time input that starts with a date, such as
// 2024-01-05 10:00, whose date PostgreSQL checks and then ignores. It
// returns the time of day, or the date's error. A time of day that
// carries into the next day and dates beyond the range of timestamps are
// left to DuckDB.
func (f *dateFields) readDatedTime(fields []dateTimeField) (string, *dateTimeError) {
	literal, err := formatDateTime(fields, "timestamp", f.order)
	switch {
	case err == errTimestampRange || err == errTimestampBeyondDuckDB:
		return "", errDateTimeUnhandled
	case err != nil:
		return "", err
	}
	clock := literal[strings.LastIndexByte(literal, ' ')+1:]
	if strings.HasPrefix(clock, "00:00:00") {
		return "", errDateTimeUnhandled
	}
	return clock, nil
}

// rewriteTimetzConstant rewrites a string constant cast to timetz in
// the forms that DuckDB does not read, such as 10:00 PM, 040506+02 or
// T10:00, into a time of day with the offset of its time zone
// (readTimetzText).
func rewriteTimetzConstant(tc *pg.TypeCast) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil || len(tc.TypeName.GetTypmods()) > 0 || len(tc.TypeName.GetArrayBounds()) > 0 {
		return nil
	}
	text := c.GetSval().Sval
	literal, err := readTimetzText(text, false)
	if err != nil {
		return err.at(text, "timetz", c.Location)
	}
	c.GetSval().Sval = literal
	return nil
}

// TimetzInput reads the text of a timetz parameter as rewriteTimetzConstant
// reads a constant, and returns text that DuckDB's cast reads as the same
// value, or PostgreSQL's error.
func TimetzInput(text string) (string, error) {
	literal, err := readTimetzText(text, true)
	if err == nil {
		return literal, nil
	}
	e := AsError(err.at(text, "timetz", -1))
	e.Position = 0
	return "", e
}

// readTimetzText returns timetz input as a time of day with the offset
// of its time zone, such as 22:00:00+02:00:00: the forms that DuckDB
// does not read, or with all set every form but those with a date.
// Other input returns unchanged.
func readTimetzText(text string, all bool) (string, *dateTimeError) {
	fields, err := splitDateTimeFields(text)
	if err != nil || len(fields) == 0 {
		return text, nil
	}
	fields, literal, zoned, err := readTimetzZones(fields)
	switch {
	case err != nil:
		return "", err
	case literal != "":
		return literal, nil
	case !zoned && !needsTimetzReader(fields, all):
		return text, nil
	}
	f := &dateFields{order: "MDY"}
	clock, err := f.readTime(fields)
	switch {
	case err == errDateTimeUnhandled:
		return text, nil
	case err != nil:
		return "", err
	case f.zoneName != "":
		return "", errZoneUnsupported
	case f.hasZone:
		clock += formatZoneOffset(f.zoneOffset)
	}
	return clock, nil
}

// needsTimetzReader reports whether timetz input has a form that DuckDB
// reads otherwise than PostgreSQL: a leading number or T, AM or PM, or no
// time of day, or with all set any form. Input with a date is left to
// DuckDB.
func needsTimetzReader(fields []dateTimeField, all bool) bool {
	for _, field := range fields {
		if field.kind == fieldDate || field.kind == fieldCompound {
			return false
		}
		if field.kind == fieldWord && isMeridiem(field.text) {
			return true
		}
	}
	first := fields[0]
	return all || first.kind == fieldNumber || first.kind == fieldWord && first.text == "t" || !hasTimeOfDay(fields)
}
