package translate

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL converts between timestamptz and dates or local times in the
// session's TimeZone. BigQuery converts in the time zone that a function
// takes as its argument, and in the job's default time zone, UTC, without
// one. So the dialect passes the session's zone to DATE, DATETIME, TIME,
// TIMESTAMP_TRUNC and EXTRACT ... AT TIME ZONE wherever the expression
// shows that a value is timestamptz, and converts local times to
// timestamptz with localToTimestamptz. The zone is a fold slot, filled in
// each time a statement is translated, so that a cached rewrite serves
// every zone and a SET TimeZone applies to the statements that follow.
//
// Where the expression does not show a value's type, as for a column, the
// conversion depends on it: CAST(x AS DATE) is exact for a DATE or STRING
// column and converts in UTC for a TIMESTAMP column. Such constructs run
// as before in a session in UTC and fail with 0A000 in any other zone.

// zone writes the session's time zone as a string literal.
func (w *bqWriter) zone() {
	w.write(timeZoneMarker())
}

// requireUTC writes a guard that fails the statement with 0A000 unless
// the session's TimeZone is UTC. construct names what is not exact.
func (w *bqWriter) requireUTC(location int32, construct, hint string) {
	w.write(utcOnlyMarker(location, construct+" on BigQuery", hint))
}

// castHint is the hint for a cast to a type, named twice, of a value
// whose type the dialect cannot tell.
const castHint = "pgway cannot tell the value's BigQuery type, and only a TIMESTAMP converts in the session's time zone. " +
	"Write x::timestamptz::%s for a TIMESTAMP column, or x::text::%s for a column of another type."

// bqZoneSuffix matches the text of a timestamp that ends with a time zone:
// an offset, Z, UTC or a zone name. BigQuery writes a TIMESTAMP cast to
// STRING with an offset.
const bqZoneSuffix = `(?i)\d:\d\d(?::\d\d(?:\.\d*)?)?\s*(?:z|utc|[+-]\d\d?(?::?\d\d)?|[a-z_]+/[a-z0-9_/+-]+)$`

// textToTimestamptz writes a cast to timestamptz of a value whose type the
// expression does not show. It converts the value's text, which is exact
// for every type. BigQuery writes a TIMESTAMP with its offset, which
// TIMESTAMP() reads back, and the text of a DATE, a DATETIME or a string
// without a zone is read in the session's zone, as PostgreSQL reads it.
// Text with a zone of its own gets no zone argument, which GoogleSQL's
// TIMESTAMP() documents as not to be given for it.
// NOTE: the conversion costs a format and a parse per row, and a filter on
// it cannot prune partitions; cast a constant instead where possible.
func (w *bqWriter) textToTimestamptz(x *pg.Node) {
	text := func() {
		w.write("CAST(")
		w.expr(x)
		w.write(" AS STRING)")
	}
	if bqContainsVolatile(x) {
		w.write("(SELECT ")
		text = func() { w.write("_pgway_text") }
		defer func() {
			w.write(" FROM UNNEST([CAST(")
			w.expr(x)
			w.write(" AS STRING)]) AS _pgway_text)")
		}()
	}
	w.write("IF(REGEXP_CONTAINS(")
	text()
	w.write(", ", quoteEscapedString(bqZoneSuffix), "), TIMESTAMP(")
	text()
	w.write("), ")
	w.localToTimestamptz(func() {
		w.write("CAST(")
		text()
		w.write(" AS DATETIME)")
	}, false, w.zone)
	w.write(")")
}

// bqTimeTargets are the types whose casts convert between timestamptz and
// local values.
var bqTimeTargets = map[string]string{"date": "DATE", "timestamp": "DATETIME", "time": "TIME", "timestamptz": "TIMESTAMP"}

// timeCast writes a cast to date, timestamp, time or timestamptz, or of a
// timestamptz value to text, with the session's zone where the conversion
// needs it. Constants with a time zone offset are handled by cast.
func (w *bqWriter) timeCast(tc *pg.TypeCast, name string) {
	typ := w.bigQueryType(tc.TypeName)
	src := bqStaticType(tc.Arg)
	constant := tc.Arg.GetAConst()
	castAs := func() {
		w.write("CAST(")
		w.expr(tc.Arg)
		w.write(" AS ", typ, ")")
	}
	inZone := func(fn string) {
		w.write(fn, "(")
		w.expr(tc.Arg)
		w.write(", ")
		w.zone()
		w.write(")")
	}
	switch {
	case name == "timestamptz" && constant.GetSval() != nil && !isFoldMarker(constant.GetSval().Sval):
		// PostgreSQL reads a timestamp without an offset in the session's
		// zone, BigQuery's CAST in UTC.
		w.localTimestamptz(constant.GetSval().Sval)
	case name == "timestamptz" && src == "timestamp":
		w.localToTimestamptz(func() { w.expr(tc.Arg) }, bqContainsVolatile(tc.Arg), w.zone)
	case name == "timestamptz" && src == "date":
		w.localToTimestamptz(func() { w.call("DATETIME", tc.Arg) }, bqContainsVolatile(tc.Arg), w.zone)
	case name == "timestamptz" && (src == "timestamptz" || constant != nil):
		castAs()
	case name == "timestamptz" && tc.Arg.GetParamRef() != nil:
		// BigQuery infers the parameter's type from the cast, TIMESTAMP,
		// and pgway reads a value without an offset in the session's zone.
		castAs()
	case name == "timestamptz":
		w.textToTimestamptz(tc.Arg)
	case src == "timestamptz" && name != "text" && name != "varchar":
		inZone(bqTimeTargets[name])
	case src == "timestamptz":
		w.requireUTC(tc.Location, "a cast of timestamptz to text",
			"BigQuery writes the text in UTC. Cast the value to timestamp first, which is its local time in the session's time zone.")
		castAs()
	case src == "" && constant == nil && tc.Arg.GetParamRef() == nil && name != "text" && name != "varchar":
		w.requireUTC(tc.Location, "a cast to "+name+" of a value of unknown type", fmt.Sprintf(castHint, name, name))
		castAs()
	default:
		castAs()
	}
}

// bqTimeWithoutSeconds matches a time of day without seconds at the end
// of a timestamp, which PostgreSQL reads and BigQuery does not.
var bqTimeWithoutSeconds = regexp.MustCompile(`^(\s*\d{4}-\d{1,2}-\d{1,2}[Tt ]\d{1,2}:\d{2})(\s*)$`)

// localTimestamptz writes text without a time zone, read as timestamptz
// in the session's zone as PostgreSQL reads it. Seconds are added where
// the time has none. The text of a BigQuery string literal is part of the
// key of the shared-template cache (see quoteEscapedString), so this
// rewrite may depend on it.
func (w *bqWriter) localTimestamptz(text string) {
	if !bqTimeText.MatchString(text) {
		// Text such as 'now' or 'July 1, 2024', which BigQuery rejects.
		w.write("TIMESTAMP(", quoteEscapedString(text), ", ")
		w.zone()
		w.write(")")
		return
	}
	text = bqTimeWithoutSeconds.ReplaceAllString(text, "$1:00$2")
	w.localToTimestamptz(func() { w.write("CAST(", quoteEscapedString(text), " AS DATETIME)") }, false, w.zone)
}

// localToTimestamptz writes the instant at which the clocks of a zone show
// a local time, the DATETIME that local writes. It resolves a daylight
// saving change as PostgreSQL does. A time that the clocks skip is read
// with the offset from before the change, and a time that they show twice
// with the offset from after it, which is the later instant. So the local
// time is read with the zone's offset one day after it, unless the zone
// does not show it at that instant, and then with the offset one day
// before it. BigQuery's TIMESTAMP(datetime, zone) documents no rule for
// these times, and bigquery-emulator v0.8.1 resolves both the other way.
// NOTE: a local time less than a day from two changes of a zone's offset
// can be read with the wrong offset.
func (w *bqWriter) localToTimestamptz(local func(), volatile bool, zone func()) {
	if volatile {
		// The local time is written seven times, so a value that changes
		// with each evaluation is evaluated once, in a subquery.
		value := local
		local = func() { w.write("_pgway_local") }
		w.write("(SELECT ")
		defer func() {
			w.write(" FROM UNNEST([")
			value()
			w.write("]) AS _pgway_local)")
		}()
	}

	read := func(direction string) {
		w.write("TIMESTAMP_SUB(TIMESTAMP(")
		local()
		w.write(", 'UTC'), INTERVAL DATETIME_DIFF(DATETIME(TIMESTAMP_", direction, "(TIMESTAMP(")
		local()
		w.write(", 'UTC'), INTERVAL 1 DAY), ")
		zone()
		w.write("), DATETIME_", direction, "(")
		local()
		w.write(", INTERVAL 1 DAY), SECOND) SECOND)")
	}

	w.write("IF(DATETIME(")
	read("ADD")
	w.write(", ")
	zone()
	w.write(") = ")
	local()
	w.write(", ")
	read("ADD")
	w.write(", ")
	read("SUB")
	w.write(")")
}

// isFoldMarker reports whether a string constant is the marker of a folded
// value, whose text has a time zone offset when it is a timestamptz.
func isFoldMarker(s string) bool {
	return strings.HasPrefix(s, "pgway.fold."+markerNonce+".")
}

// isTimeCast reports whether a cast to name of arg goes through timeCast.
// NOTE: a cast to text of a value of unknown type does not, so a TIMESTAMP
// column cast to text is written in UTC in every session.
func isTimeCast(name string, arg *pg.Node) bool {
	if _, ok := bqTimeTargets[name]; ok {
		return true
	}
	return (name == "text" || name == "varchar") && bqStaticType(arg) == "timestamptz"
}

// bqTimeText matches a string constant that PostgreSQL reads as a date or
// a timestamp without a zone when it compares it with one.
var bqTimeText = regexp.MustCompile(`^\s*\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$`)

// isLocalTimeText reports whether n is a string constant with a date or a
// timestamp without a time zone.
func isLocalTimeText(n *pg.Node) bool {
	lit := n.GetAConst().GetSval()
	return lit != nil && bqTimeText.MatchString(lit.Sval)
}

// isTimeText reports whether n is a string constant with a date or a
// timestamp, with or without a time zone.
func isTimeText(n *pg.Node) bool {
	return isZonedText(n) || isLocalTimeText(n)
}

// bqTruncZoneUnits are the units whose truncation of a TIMESTAMP takes a
// time zone argument in BigQuery.
var bqTruncZoneUnits = map[string]bool{
	"MINUTE": true, "HOUR": true, "DAY": true, "WEEK(MONDAY)": true, "MONTH": true, "QUARTER": true, "YEAR": true,
}

// zoneName returns the zone of AT TIME ZONE, timezone() or the third
// argument of date_trunc(), which must be a constant IANA zone name, or
// fails. PostgreSQL also reads abbreviations, offsets and POSIX
// specifications, some of them with the opposite sign, which BigQuery
// reads otherwise or not at all.
func (w *bqWriter) zoneName(n *pg.Node, location int32) (string, bool) {
	lit := n.GetAConst().GetSval()
	if lit == nil {
		w.unsupportedOn("a time zone that is not a constant", location, "")
		return "", false
	}
	name := lit.Sval
	_, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" || strings.HasPrefix(name, "/") ||
		(strings.ContainsAny(name, "0123456789") && !strings.HasPrefix(name, "Etc/")) {
		w.unsupportedOn("time zone "+quoteLiteral(name), location,
			"Write the zone as an IANA time zone name, such as 'America/New_York'.")
		return "", false
	}
	return name, true
}

// atTimeZone writes x AT TIME ZONE zone, timezone(zone, x) and x AT LOCAL,
// which is timezone(x) in the session's zone. A timestamptz becomes the
// local timestamp in the zone and a timestamp is read as local time in
// the zone.
func (w *bqWriter) atTimeZone(fc *pg.FuncCall) {
	if len(fc.Args) != 1 && len(fc.Args) != 2 {
		w.failf(fc.Location, "timezone() with %d arguments does not exist", len(fc.Args))
		return
	}
	x := fc.Args[len(fc.Args)-1]
	zone := w.zone
	if len(fc.Args) == 2 {
		name, ok := w.zoneName(fc.Args[0], fc.Location)
		if !ok {
			return
		}
		zone = func() { w.write(quoteEscapedString(name)) }
	}
	switch bqStaticType(x) {
	case "timestamptz":
		w.write("DATETIME(")
		w.expr(x)
		w.write(", ")
		zone()
		w.write(")")
	case "timestamp":
		w.localToTimestamptz(func() { w.expr(x) }, bqContainsVolatile(x), zone)
	default:
		w.unsupportedOn("AT TIME ZONE on a value of unknown type", fc.Location,
			"Cast the value to timestamptz or timestamp, such as created_at::timestamptz AT TIME ZONE 'UTC'.")
	}
}

// timezoneType returns the type class of timezone(zone, x): timestamp for
// a timestamptz x and timestamptz for a timestamp x.
func timezoneType(args []*pg.Node) string {
	if len(args) == 0 {
		return ""
	}
	switch bqStaticType(args[len(args)-1]) {
	case "timestamptz":
		return "timestamp"
	case "timestamp":
		return "timestamptz"
	}
	return ""
}

// dateTruncType returns the type class of date_trunc(unit, x): timestamp
// for a timestamp x, timestamptz for a timestamptz or date x.
func dateTruncType(args []*pg.Node) string {
	if len(args) < 2 {
		return ""
	}
	switch bqStaticType(args[1]) {
	case "timestamp":
		return "timestamp"
	case "timestamptz", "date":
		return "timestamptz"
	}
	return ""
}

// intervalHasCalendarParts reports whether an interval operand may have
// months or days, whose addition to a timestamptz depends on the time zone
// in PostgreSQL. Only an interval constant of hours, minutes and seconds
// has neither.
func intervalHasCalendarParts(n *pg.Node) bool {
	tc := n.GetTypeCast()
	lit := tc.GetArg().GetAConst().GetSval()
	if tc == nil || lit == nil || lastName(tc.TypeName.GetNames()) != "interval" {
		return true
	}
	fields := strings.Fields(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(lit.Sval), "@")))
	if len(fields) == 0 || len(fields)%2 != 0 {
		return true
	}
	for i := 1; i < len(fields); i += 2 {
		unit, ok := bqIntervalUnits[fields[i]]
		if !ok || unit.part == "YEAR" || unit.part == "MONTH" || unit.part == "DAY" {
			return true
		}
	}
	return false
}

// guardIntervalArithmetic writes a guard for timestamptz ± interval with
// months or days. PostgreSQL adds them to the local date in the session's
// zone, so that a day is 23 or 25 hours across a daylight saving change.
// BigQuery adds them in UTC.
func (w *bqWriter) guardIntervalArithmetic(e *pg.A_Expr) {
	left, right := bqStaticType(e.Lexpr), bqStaticType(e.Rexpr)
	interval, other := e.Rexpr, left
	if left == "interval" {
		interval, other = e.Lexpr, right
	} else if right != "interval" {
		return
	}
	if (other == "timestamptz" || other == "") && intervalHasCalendarParts(interval) {
		w.requireUTC(e.Location, "adding an interval of days or months to a timestamptz",
			"PostgreSQL adds days and months in the session's time zone and BigQuery in UTC.")
	}
}

// guardTimeTextSiblings writes a guard for a date or timestamp constant
// without a time zone among values of one type, such as the arguments of
// COALESCE or the results of CASE. BigQuery reads the constant as the
// type of the others, and in UTC if that is TIMESTAMP, where PostgreSQL
// reads it in the session's zone. Nil items are skipped.
func (w *bqWriter) guardTimeTextSiblings(items []*pg.Node, location int32) {
	constant := false
	for _, n := range items {
		if n != nil && isLocalTimeText(n) {
			constant = true
		}
	}
	if !constant {
		return
	}
	for _, n := range items {
		switch {
		case n == nil || n.GetAConst() != nil:
		case bqStaticType(n) == "" || bqStaticType(n) == "timestamptz":
			w.requireUTC(location, "a date or timestamp constant among values that may be timestamptz",
				"Cast the constant to its type, such as '2024-07-01'::timestamptz or '2024-07-01'::date.")
			return
		}
	}
}
