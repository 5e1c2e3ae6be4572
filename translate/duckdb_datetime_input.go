package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file reads the time zone of date/time input as PostgreSQL 15
// does, and reads the text of a column or expression cast to a date/time
// type for the DuckDB provider's pgway_datetime_in function.

var (
	// errZoneUnsupported marks a time zone that the reader cannot convert
	// and that DuckDB would read otherwise, such as an abbreviation that
	// stands for a zone (MSK) or one in a form the reader leaves to DuckDB.
	errZoneUnsupported = &dateTimeError{code: CodeFeatureNotSupported,
		message: "this time zone in date/time input is not supported on this warehouse"}
	errZoneDisplacement = &dateTimeError{code: "22009", message: "time zone displacement out of range"}
)

// isZoneAbbreviation reports whether a lower-case word is a time zone
// abbreviation of PostgreSQL's Default set. PostgreSQL looks words up in
// the abbreviations before its date/time keywords.
func isZoneAbbreviation(word string) bool {
	key := keywordKey(word)
	_, fixed := fixedZoneAbbreviations[key]
	_, dynamic := dynamicZoneAbbreviations[key]
	return fixed || dynamic
}

// readZone reads the time zone of a date/time: an abbreviation, or a
// signed offset. PostgreSQL rejects a second time zone.
func (f *dateFields) readZone(field dateTimeField) *dateTimeError {
	if f.hasZone {
		return errDateTimeSyntax
	}
	f.hasZone = true
	if field.kind == fieldWord {
		key := keywordKey(field.text)
		if zone, ok := dynamicZoneAbbreviations[key]; ok {
			f.zoneName = zone
			return nil
		}
		f.zoneOffset = fixedZoneAbbreviations[key]
		return nil
	}
	offset, err := parseZoneDisplacement(field.text)
	f.zoneOffset = offset
	return err
}

// parseZoneDisplacement reads a signed offset as PostgreSQL 15's
// DecodeTimezone does: +h, +hh, +hh:mm, +hh:mm:ss, or the hours and
// minutes run together, +hmm or +hhmm. Hours above 15, minutes or
// seconds above 59 are out of range, which PostgreSQL checks before it
// rejects trailing characters. It returns seconds east of UTC.
func parseZoneDisplacement(text string) (int, *dateTimeError) {
	if strings.Contains(text[1:], "-") {
		return 0, errDateTimeUnhandled
	}
	// number reads the digits at i, as strtoint does, and returns the
	// value and the index after them.
	number := func(i int) (int, int) {
		end := scanWhile(text, i, isDigit)
		if end-i > 9 {
			return -1, end
		}
		return atoi(text[i:end]), end
	}

	hours, i := number(1)
	minutes, seconds := 0, 0
	switch {
	case i < len(text) && text[i] == ':':
		minutes, i = number(i + 1)
		if i < len(text) && text[i] == ':' {
			seconds, i = number(i + 1)
		}
	case i == len(text) && len(text) > 3:
		hours, minutes = hours/100, hours%100
	}

	if hours < 0 || hours > 15 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59 {
		return 0, errZoneDisplacement
	}
	if i != len(text) {
		return 0, errDateTimeSyntax
	}
	offset := (hours*60+minutes)*60 + seconds
	if text[0] == '-' {
		offset = -offset
	}
	return offset, nil
}

// formatZoneOffset writes an offset in seconds east of UTC in the form
// DuckDB reads at the end of a timestamptz, such as -08:00:00.
func formatZoneOffset(offset int) string {
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	return fmt.Sprintf("%s%02d:%02d:%02d", sign, offset/3600, offset/60%60, offset%60)
}

// guardUnhandledZone returns errZoneUnsupported for a timestamptz that
// the reader leaves to DuckDB although it names an abbreviation that
// DuckDB reads otherwise, as in 'PST 2024-01-05 10:00'. It returns
// errDateTimeUnhandled for other input.
func guardUnhandledZone(fields []dateTimeField, typeName string) *dateTimeError {
	if typeName != "timestamptz" {
		return errDateTimeUnhandled
	}
	for _, field := range fields {
		word := field.text
		if field.kind == fieldCompound && isTimeZoneName(word) {
			continue // such as EST5EDT, which DuckDB reads as a zone
		}
		if field.kind == fieldCompound {
			word = word[:scanWhile(word, 0, isLetter)]
		}
		if (field.kind == fieldWord || field.kind == fieldCompound) && isZoneAbbreviation(word) && !duckDBReadsZone[word] {
			return errZoneUnsupported
		}
	}
	return errDateTimeUnhandled
}

// duckDBReadsZone are the abbreviations that DuckDB reads as PostgreSQL
// does, as UTC.
var duckDBReadsZone = map[string]bool{"utc": true, "gmt": true, "z": true}

// DateTimeInput reads text as PostgreSQL 15 reads the input of typeName,
// one of date, time, timestamp and timestamptz, under the DateStyle
// dateStyle, such as "ISO, MDY". It returns text that DuckDB's cast to
// the type reads as the same value, or PostgreSQL's error. Forms that
// the reader leaves to DuckDB, such as epoch or a zone name like
// Europe/Paris, return unchanged.
func DateTimeInput(text, typeName, dateStyle string) (string, *Error) {
	literal, err := readDateTimeText(text, typeName, dateStyleOrder(dateStyle))
	switch {
	case err == errDateTimeUnhandled:
		return text, nil
	case err != nil:
		return "", err.at(text, typeName, -1).(*Error)
	}
	return literal, nil
}

// readDateTimeText reads text in one DateStyle field order and returns
// the DuckDB literal.
func readDateTimeText(text, typeName string, order dateOrder) (string, *dateTimeError) {
	fields, err := splitDateTimeFields(text)
	if err != nil {
		return "", err
	}
	special, err := readSpecialWord(fields, typeName, -1)
	now := len(fields) == 1 && fields[0].text == "now"
	switch {
	case err != nil && !now:
		return "", err
	case special != nil && special.GetAConst() != nil:
		return special.GetAConst().GetSval().GetSval(), nil
	case special != nil || now:
		// today, tomorrow, yesterday and now need the session's date or
		// transaction start, which a function of the text alone does not
		// have.
		return "", &dateTimeError{code: CodeFeatureNotSupported, message: fmt.Sprintf(
			"%s in %s input that is not a constant is not supported on this warehouse", strconv.Quote(fields[0].text), dateTimeTypeNames[typeName])}
	}
	literal, err := formatDateTime(fields, typeName, order)
	if err == errDateTimeUnhandled {
		return "", guardUnhandledZone(fields, typeName)
	}
	return literal, err
}

// dateStyleOrder returns the field order of a DateStyle value: the part
// after the comma, MDY when it has none.
func dateStyleOrder(dateStyle string) dateOrder {
	_, after, _ := strings.Cut(dateStyle, ",")
	switch order := dateOrder(strings.ToUpper(strings.TrimSpace(after))); order {
	case "DMY", "YMD":
		return order
	}
	return "MDY"
}

// textToDateTime reads text that is not a constant, cast to date, time,
// timestamp or timestamptz, with pgway_datetime_in, which applies
// DateTimeInput under the session's DateStyle, because DuckDB's cast
// reads other forms than PostgreSQL's and reads time zone abbreviations
// otherwise.
func textToDateTime(tc *pg.TypeCast, name string) {
	if name == "interval" || staticType(tc.Arg) != typeText && !showsTextConcatenation(tc.Arg) {
		return
	}
	loc := tc.Location
	tc.Arg = funcCall("pgway_datetime_in", loc, tc.Arg, pg.MakeAConstStrNode(name, loc),
		pg.MakeAConstStrNode(settingMarker("datestyle"), loc))
}
