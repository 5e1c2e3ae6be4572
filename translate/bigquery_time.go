package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// bqDateTruncUnits maps the units of date_trunc to BigQuery's date parts.
// PostgreSQL's weeks start on Monday, BigQuery's WEEK on Sunday.
var bqDateTruncUnits = map[string]string{
	"microseconds": "MICROSECOND", "microsecond": "MICROSECOND",
	"milliseconds": "MILLISECOND", "millisecond": "MILLISECOND",
	"second": "SECOND", "seconds": "SECOND", "minute": "MINUTE", "minutes": "MINUTE",
	"hour": "HOUR", "hours": "HOUR", "day": "DAY", "days": "DAY",
	"week": "WEEK(MONDAY)", "weeks": "WEEK(MONDAY)", "month": "MONTH", "months": "MONTH",
	"quarter": "QUARTER", "quarters": "QUARTER", "year": "YEAR", "years": "YEAR",
}

// dateTrunc writes date_trunc(unit, x) with a constant unit. The function
// follows the argument's type where the expression shows it: timestamptz
// is TIMESTAMP, timestamp DATETIME, and a date is truncated as a date
// and made a TIMESTAMP, as PostgreSQL returns timestamptz for it.
// NOTE: an argument of unknown type goes to DATE_TRUNC, which returns a
// DATE for a DATE column where PostgreSQL returns timestamptz.
func (w *bqWriter) dateTrunc(fc *pg.FuncCall) {
	if len(fc.Args) != 2 {
		w.unsupportedOn("date_trunc() with a time zone", fc.Location, "")
		return
	}
	unitArg := fc.Args[0].GetAConst().GetSval()
	if unitArg == nil {
		w.unsupportedOn("date_trunc() with a unit that is not a constant", fc.Location, "")
		return
	}
	unit, ok := bqDateTruncUnits[strings.ToLower(unitArg.Sval)]
	if !ok {
		w.unsupportedOn("date_trunc() to "+unitArg.Sval, fc.Location, "")
		return
	}
	fn, suffix := "DATE_TRUNC(", ")"
	switch bqStaticType(fc.Args[1]) {
	case "timestamptz":
		fn = "TIMESTAMP_TRUNC("
	case "timestamp":
		fn = "DATETIME_TRUNC("
	case "date":
		fn, suffix = "TIMESTAMP(DATE_TRUNC(", "))"
	}
	w.write(fn)
	w.expr(fc.Args[1])
	w.write(", ", unit, suffix)
}

// bqExtractFields maps the fields of extract and date_part that BigQuery's
// EXTRACT returns with PostgreSQL's numbering.
var bqExtractFields = map[string]string{
	"year": "YEAR", "month": "MONTH", "day": "DAY", "hour": "HOUR", "minute": "MINUTE",
	"quarter": "QUARTER", "doy": "DAYOFYEAR", "week": "ISOWEEK", "isoyear": "ISOYEAR",
}

// extract writes extract(field FROM x) and date_part('field', x).
// PostgreSQL numbers days of the week from Sunday = 0 (dow) or Monday = 1
// (isodow), BigQuery from Sunday = 1; seconds include their fraction, and
// epoch counts seconds since 1970 in UTC.
func (w *bqWriter) extract(fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Args[0].GetAConst().GetSval() == nil {
		w.unsupportedOn("extract() with a field that is not a constant", fc.Location, "")
		return
	}
	field := strings.ToLower(fc.Args[0].GetAConst().GetSval().Sval)
	x := fc.Args[1]
	part := func(p string) {
		w.write("EXTRACT(", p, " FROM ")
		w.expr(x)
		w.write(")")
	}
	if p, ok := bqExtractFields[field]; ok {
		part(p)
		return
	}
	switch field {
	case "dow":
		w.write("(")
		part("DAYOFWEEK")
		w.write(" - 1)")
	case "isodow":
		w.write("(MOD(")
		part("DAYOFWEEK")
		w.write(" + 5, 7) + 1)")
	case "second":
		w.write("(CAST(")
		part("SECOND")
		w.write(" AS NUMERIC) + CAST(")
		part("MICROSECOND")
		w.write(" AS NUMERIC) / 1000000)")
	case "epoch":
		w.write("(CAST(UNIX_MICROS(TIMESTAMP(")
		w.expr(x)
		w.write(")) AS NUMERIC) / 1000000)")
	default:
		w.unsupportedOn("extract() of "+field, fc.Location, "")
	}
}
