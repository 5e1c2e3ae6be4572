package translate

import (
	"regexp"
	"slices"
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

// dateTrunc writes date_trunc(unit, x [, zone]) with a constant unit. The
// function follows the argument's type where the expression shows it. A
// timestamptz is a TIMESTAMP, truncated in the session's zone or the zone
// argument, and a timestamp is a DATETIME. A date is truncated as a date
// and made a TIMESTAMP at its midnight in the session's zone, because
// PostgreSQL returns timestamptz for it.
// NOTE: an argument of unknown type goes to DATE_TRUNC, which returns a
// DATE for a DATE column where PostgreSQL returns timestamptz. A truncated
// timestamptz whose local time the clocks skip or show twice, such as
// 01:00 on the day Australia/Lord_Howe goes back half an hour, is
// resolved by BigQuery's rule, which may differ from PostgreSQL's.
func (w *bqWriter) dateTrunc(fc *pg.FuncCall) {
	if len(fc.Args) != 2 && len(fc.Args) != 3 {
		w.failf(fc.Location, "date_trunc() with %d arguments does not exist", len(fc.Args))
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
	x := fc.Args[1]
	typ := bqStaticType(x)
	zoned := bqTruncZoneUnits[unit]
	switch {
	case len(fc.Args) == 3 && typ != "timestamptz" && typ != "":
		w.unsupportedOn("date_trunc() with a time zone of a "+typ+" value", fc.Location, "")
	case len(fc.Args) == 3:
		w.write("TIMESTAMP_TRUNC(")
		w.expr(x)
		w.write(", ", unit)
		if name, ok := w.zoneName(fc.Args[2], fc.Location); ok && zoned {
			w.write(", ", quoteEscapedString(name))
		}
		w.write(")")
	case typ == "timestamptz":
		w.write("TIMESTAMP_TRUNC(")
		w.expr(x)
		w.write(", ", unit)
		if zoned {
			w.write(", ")
			w.zone()
		}
		w.write(")")
	case typ == "timestamp":
		w.write("DATETIME_TRUNC(")
		w.expr(x)
		w.write(", ", unit, ")")
	case typ == "date":
		w.localToTimestamptz(func() {
			w.write("DATETIME(DATE_TRUNC(")
			w.expr(x)
			w.write(", ", unit, "))")
		}, bqContainsVolatile(x), w.zone)
	default:
		if zoned {
			w.requireUTC(fc.Location, "date_trunc() of a value of unknown type",
				"pgway cannot tell whether the value is a TIMESTAMP, which truncates in the session's time zone. "+
					"Cast it to its type, such as date_trunc('day', created_at::timestamptz).")
		}
		w.write("DATE_TRUNC(")
		w.expr(x)
		w.write(", ", unit, ")")
	}
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
// epoch counts seconds since 1970 in UTC. The fields of a timestamptz are
// those of its local time in the session's zone.
func (w *bqWriter) extract(fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Args[0].GetAConst().GetSval() == nil {
		w.unsupportedOn("extract() with a field that is not a constant", fc.Location, "")
		return
	}
	field := strings.ToLower(fc.Args[0].GetAConst().GetSval().Sval)
	x := fc.Args[1]
	typ := bqStaticType(x)
	part := func(p string) {
		w.write("EXTRACT(", p, " FROM ")
		w.expr(x)
		if typ == "timestamptz" {
			w.write(" AT TIME ZONE ")
			w.zone()
		}
		w.write(")")
	}
	if _, known := bqExtractFields[field]; (known || field == "dow" || field == "isodow" || field == "second") && typ == "" {
		w.requireUTC(fc.Location, "extract() of "+field+" from a value of unknown type",
			"Cast the value to its type, such as extract(hour from created_at::timestamptz). pgway cannot tell "+
				"whether it is a TIMESTAMP, whose fields depend on the session's time zone.")
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
		// A timestamp or date counts from 1970-01-01 00:00 as if it
		// were in UTC.
		if typ != "timestamptz" {
			w.write("(CAST(UNIX_MICROS(TIMESTAMP(")
			w.expr(x)
			w.write(")) AS NUMERIC) / 1000000)")
			return
		}
		w.write("(CAST(UNIX_MICROS(")
		w.expr(x)
		w.write(") AS NUMERIC) / 1000000)")
	default:
		w.unsupportedOn("extract() of "+field, fc.Location, "")
	}
}

// bqZonedTimestamp matches timestamp text with a time zone offset, as
// RFC 3339 writes it and clients such as Grafana send it:
// 2024-03-01T00:00:00Z, 2024-03-01 10:30:00.5+02:00. BigQuery reads
// DATETIME text without a zone only.
var bqZonedTimestamp = regexp.MustCompile(
	`^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) ?([Zz]|([+-])(\d{2})(?::?(\d{2}))?)$`)

// zonedTimestamp is timestamp text with a zone offset, split.
type zonedTimestamp struct {
	date, time string
	// offset is the zone as +HH:MM.
	offset string
}

func parseZonedTimestamp(s string) (zonedTimestamp, bool) {
	m := bqZonedTimestamp.FindStringSubmatch(s)
	if m == nil {
		return zonedTimestamp{}, false
	}
	z := zonedTimestamp{date: m[1], time: m[2], offset: "+00:00"}
	if m[4] != "" {
		minutes := m[6]
		if minutes == "" {
			minutes = "00"
		}
		z.offset = m[4] + m[5] + ":" + minutes
	}
	return z, true
}

// utc reports whether the offset is zero.
func (z zonedTimestamp) utc() bool { return z.offset[1:] == "00:00" }

// localText is the text PostgreSQL's timestamp reads: the zone dropped.
func (z zonedTimestamp) localText() string { return z.date + " " + z.time }

// zonedLiteral converts a literal with a time zone, cast to typ (date,
// timestamp or timestamptz), to the text from which BigQuery reads the
// value that PostgreSQL reads. That is the date, the date and time without
// the zone, or the date and time with the offset. It reports false for
// other literals.
func zonedLiteral(lit, typ string) (string, bool) {
	z, ok := parseZonedTimestamp(lit)
	if !ok {
		return "", false
	}
	switch typ {
	case "date":
		return z.date, true
	case "timestamp":
		return z.localText(), true
	case "timestamptz":
		return z.localText() + z.offset, true
	}
	return "", false
}

// zonedComparison writes a comparison of a column of unknown type with
// string constants, such as at >= '2024-03-01T00:00:00Z', in which the
// timestamps with a zone are in UTC, and reports whether it did.
// PostgreSQL reads the constants as the column's type. Without the zone,
// they read the same as timestamp (DATETIME, which rejects a zone) and as
// timestamptz (TIMESTAMP, which reads text without a zone in UTC), but
// not as text. So the comparison is ORed with FALSE AND a call of EXTRACT
// on the column, which BigQuery rejects for a STRING column when it
// analyzes the query. The OR keeps NULLs, and the filter on the column
// stays as it is.
func (w *bqWriter) zonedComparison(column *pg.Node, write func(constant func(*pg.Node))) bool {
	if column.GetColumnRef() == nil {
		return false
	}
	w.write("(")
	write(func(n *pg.Node) {
		if lit := n.GetAConst().GetSval(); lit != nil {
			if z, ok := parseZonedTimestamp(lit.Sval); ok && z.utc() {
				w.write(quoteEscapedString(z.localText()))
				return
			}
		}
		w.operand(n)
	})
	w.write(" OR (FALSE AND EXTRACT(MICROSECOND FROM ")
	w.expr(column)
	w.write(") IS NULL))")
	return true
}

// isUTCTimestampText reports whether n is a string constant with a
// timestamp in UTC, such as '2024-03-01T00:00:00Z'.
func isUTCTimestampText(n *pg.Node) bool {
	lit := n.GetAConst().GetSval()
	if lit == nil {
		return false
	}
	z, ok := parseZonedTimestamp(lit.Sval)
	return ok && z.utc()
}

// bqComparisons are the operators whose string constant PostgreSQL reads
// as the other operand's type.
var bqComparisons = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true}

// timeComparison writes left op right when one operand is a string
// constant with a date or timestamp that BigQuery would read otherwise
// than PostgreSQL, and reports whether it did.
func (w *bqWriter) timeComparison(left *pg.Node, op string, right *pg.Node) bool {
	column, constant := left, right
	if !isTimeText(constant) {
		column, constant = right, left
	}
	if !bqComparisons[op] || !isTimeText(constant) {
		return false
	}
	write := func(value func(*pg.Node)) {
		value(left)
		w.write(" ", op, " ")
		value(right)
	}
	return w.zonedOperands(column, []*pg.Node{constant}, write)
}

// zonedOperands writes, with write, an expression in which the string
// constants are compared with column, when one of them at least is a date
// or a timestamp. It converts them for the column's type where the
// expression shows it: without the zone for date and timestamp, and in
// the session's zone when they have none for timestamptz. For a column of
// unknown type, constants in UTC are handled by zonedComparison, and
// constants without a zone need a session in UTC, because BigQuery reads
// them in UTC for a TIMESTAMP column. It reports false and writes nothing
// when the expression needs no conversion.
func (w *bqWriter) zonedOperands(column *pg.Node, constants []*pg.Node, write func(value func(*pg.Node))) bool {
	typ := bqStaticType(column)
	switch typ {
	case "date", "timestamp", "timestamptz":
		write(func(n *pg.Node) {
			if lit := n.GetAConst().GetSval(); lit != nil && slices.Contains(constants, n) {
				if text, ok := zonedLiteral(lit.Sval, typ); ok {
					w.write(quoteEscapedString(text))
					return
				}
				if typ == "timestamptz" && isLocalTimeText(n) {
					w.localTimestamptz(lit.Sval)
					return
				}
			}
			w.operand(n)
		})
		return true
	case "":
		local := slices.ContainsFunc(constants, isLocalTimeText)
		if local {
			w.requireUTC(exprLocation(constants[0]), "a comparison of a value of unknown type with a date or timestamp constant",
				"BigQuery reads the constant in UTC if the value is a TIMESTAMP. Cast the constant to the value's type, "+
					"such as '2024-07-01'::timestamptz or '2024-07-01'::date.")
		}
		for _, c := range constants {
			if isZonedText(c) && !isUTCTimestampText(c) || isLocalTimeText(c) {
				if local {
					write(w.operand)
				}
				return local
			}
		}
		return w.zonedComparison(column, write)
	}
	return false
}

// isZonedText reports whether n is a string constant with a timestamp
// and a time zone.
func isZonedText(n *pg.Node) bool {
	lit := n.GetAConst().GetSval()
	if lit == nil {
		return false
	}
	_, ok := parseZonedTimestamp(lit.Sval)
	return ok
}
