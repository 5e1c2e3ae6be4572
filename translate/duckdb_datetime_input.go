package translate

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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
// dateStyle, such as "ISO, MDY". The words now, today, tomorrow and
// yesterday read transactionStart, the value of now() in the session's
// time zone, and fail with 0A000 when it is zero. It returns text that
// DuckDB's cast to the type reads as the same value, or PostgreSQL's
// error. Forms that the reader leaves to DuckDB, such as epoch or a zone
// name like Europe/Paris, return unchanged.
func DateTimeInput(text, typeName, dateStyle string, transactionStart time.Time) (string, *Error) {
	literal, err := readDateTimeText(text, typeName, dateStyleOrder(dateStyle), transactionStart)
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
func readDateTimeText(text, typeName string, order dateOrder, transactionStart time.Time) (string, *dateTimeError) {
	fields, err := splitDateTimeFields(text)
	if err != nil {
		return "", err
	}
	special, err := readSpecialWord(fields, typeName, -1)
	switch {
	case err != nil:
		return "", err
	case special != nil && special.GetAConst() != nil:
		return special.GetAConst().GetSval().GetSval(), nil
	case special != nil && transactionStart.IsZero():
		return "", &dateTimeError{code: CodeFeatureNotSupported, message: fmt.Sprintf(
			"%s in %s input without a transaction start is not supported on this warehouse", strconv.Quote(fields[0].text), dateTimeTypeNames[typeName])}
	case special != nil:
		return relativeDateTimeText(fields[0].text, typeName, transactionStart), nil
	}
	literal, err := formatDateTime(fields, typeName, order)
	if err == errDateTimeUnhandled {
		return "", guardUnhandledZone(fields, typeName)
	}
	return literal, err
}

// relativeDateTimeText returns now, today, tomorrow or yesterday as the
// text of typeName, from the transaction start in the session's time
// zone. The days are at midnight, which DuckDB's cast to timestamptz
// reads in the session's time zone as PostgreSQL does.
func relativeDateTimeText(word, typeName string, transactionStart time.Time) string {
	if word == "now" {
		switch typeName {
		case "date":
			return transactionStart.Format("2006-01-02")
		case "time":
			return transactionStart.Format("15:04:05.999999")
		case "timestamp":
			return transactionStart.Format("2006-01-02 15:04:05.999999")
		}
		return transactionStart.Format("2006-01-02 15:04:05.999999-07:00:00")
	}
	day := transactionStart
	switch word {
	case "tomorrow":
		day = day.AddDate(0, 0, 1)
	case "yesterday":
		day = day.AddDate(0, 0, -1)
	}
	return day.Format("2006-01-02")
}

// ParseTransactionStart reads the text of a timestamptz with a numeric
// offset, as pgway folds now() into a statement or as DuckDB writes a
// timestamptz, and returns the zero time for other text.
func ParseTransactionStart(text string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.999999-07:00", "2006-01-02 15:04:05.999999-07"} {
		if t, err := time.Parse(layout, text); err == nil {
			return t
		}
	}
	return time.Time{}
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
	if name == "interval" {
		textToInterval(tc)
		return
	}
	if staticType(tc.Arg) != typeText && !showsTextConcatenation(tc.Arg) {
		return
	}
	loc := tc.Location
	tc.Arg = funcCall("pgway_datetime_in", loc, tc.Arg, pg.MakeAConstStrNode(name, loc),
		pg.MakeAConstStrNode(settingMarker("datestyle"), loc),
		typeCast(transactionStart(loc), "varchar", loc))
}
