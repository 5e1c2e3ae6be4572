package translate

import (
	"regexp"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file reads the string constant of a cast to date, time, timestamp
// or timestamptz that contains a time zone abbreviation, such as
// '2024-01-15 10:00 PST', for the Snowflake and BigQuery dialects.
// PostgreSQL 15 reads PST as -08:00 whatever the date, from the table in
// duckdb_zone_abbreviations.go. Snowflake and BigQuery read no such
// abbreviations, so the constant becomes ISO text with an explicit offset.
// NOTE: only casts are read. A string constant without a cast, such as
// the one in ltz_column > '2024-01-15 10:00 PST', goes to the warehouse
// as written.

// warehouseZoneText matches the reader's literal of a date, a time or a
// timestamp between the years 1 and 9999, with an optional offset in
// whole minutes: the text that both warehouses read.
var warehouseZoneText = regexp.MustCompile(
	`^((?:[0-9]{4}-[0-9]{2}-[0-9]{2})?(?: ?[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?)?)(?:([+-][0-9]{2}:[0-9]{2}):00)?$`)

// rewriteZoneAbbreviationConstant replaces the string constant of a cast
// to date, time, timestamp or timestamptz that names a time zone
// abbreviation, or a word that PostgreSQL does not read, with the text of
// the value that PostgreSQL reads. A timestamptz keeps the abbreviation's
// offset, and the other types drop it, as PostgreSQL does. Unknown words
// fail with PostgreSQL's error. A zone that the reader cannot convert,
// such as MSK, whose offset PostgreSQL takes from the history of the
// zone, fails with 0A000. So does a constant whose value depends on the
// DateStyle setting, because neither warehouse reads that setting.
// Other constants stay as they are.
func rewriteZoneAbbreviationConstant(tc *pg.TypeCast, typeName string) error {
	c := tc.Arg.GetAConst()
	if c.GetSval() == nil || len(tc.TypeName.GetTypmods()) > 0 || len(tc.TypeName.GetArrayBounds()) > 0 {
		return nil
	}
	text, ok, err := readZoneAbbreviationText(c.GetSval().Sval, typeName, c.Location)
	if err != nil {
		return err
	}
	if ok {
		tc.Arg = pg.MakeAConstStrNode(text, c.Location)
	}
	return nil
}

// readZoneAbbreviationText reads text as PostgreSQL 15 reads the input
// of typeName when the text contains a time zone abbreviation or an
// unknown word. It returns the ISO text of the value and true, or false
// for other text.
func readZoneAbbreviationText(text, typeName string, location int32) (string, bool, error) {
	switch typeName {
	case "date", "time", "timestamp", "timestamptz":
	default:
		return "", false, nil
	}
	if duckDBReadsAsIs[typeName].MatchString(text) {
		return "", false, nil // ISO text, with Z at most
	}
	// A constant that the reader rejects fails here, and so does the
	// sentinel of a shared template (shared.go), which keeps these
	// constants in the template key.
	fields, err := splitDateTimeFields(text)
	switch {
	case err == errDateTimeUnhandled:
		return "", false, nil
	case err != nil:
		return "", true, err.at(text, typeName, location)
	case !hasZoneWord(fields):
		return "", false, nil
	}

	var results [3]string
	var errs [3]*dateTimeError
	for i, order := range dateOrders {
		results[i], errs[i] = formatDateTime(fields, typeName, order)
	}
	sameForEveryOrder := results[0] == results[1] && results[1] == results[2] &&
		sameDateTimeError(errs[0], errs[1]) && sameDateTimeError(errs[1], errs[2])
	switch {
	case errs[0] == errDateTimeUnhandled || errs[0] == errZoneUnsupported:
		return "", true, unsupportedf(location, "%s input %s is not supported on this warehouse: "+
			"pgway cannot read its time zone as PostgreSQL does", dateTimeTypeNames[typeName], strconv.Quote(text))
	case !sameForEveryOrder:
		return "", true, unsupported(dateTimeTypeNames[typeName]+" input "+strconv.Quote(text)+" with a time zone abbreviation",
			location, "Its value depends on the DateStyle setting, which this warehouse does not read. Write the date as YYYY-MM-DD.")
	case errs[0] != nil:
		return "", true, errs[0].at(text, typeName, location)
	}

	m := warehouseZoneText.FindStringSubmatch(results[0])
	if m == nil {
		return "", true, unsupportedf(location, "%s input %s is not supported on this warehouse: "+
			"its value is outside the years 1 to 9999 or its offset has seconds", dateTimeTypeNames[typeName], strconv.Quote(text))
	}
	return m[1] + m[2], true, nil
}

// hasZoneWord reports whether fields contain a time zone abbreviation of
// PostgreSQL's Default set, or a word that is neither a date/time keyword
// nor a time zone name, which PostgreSQL rejects.
func hasZoneWord(fields []dateTimeField) bool {
	for _, field := range fields {
		if field.kind != fieldWord {
			continue
		}
		if isZoneAbbreviation(field.text) {
			return true
		}
		if _, known := dateKeywords[keywordKey(field.text)]; !known && unknownWord(field.text) == errDateTimeSyntax {
			return true
		}
	}
	return false
}
