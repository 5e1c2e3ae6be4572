package translate

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// This file rewrites the date/time functions whose result depends on a
// time zone where DuckDB's differs from PostgreSQL 15's: date_trunc below
// a day, AT TIME ZONE with a fixed offset, and date_trunc of a time.

// rewriteZonedDateTime rewrites date_trunc and timezone, the function
// behind AT TIME ZONE.
func rewriteZonedDateTime(n *pg.Node, fc *pg.FuncCall, name string) error {
	if name == "timezone" {
		return rewriteAtTimeZone(n, fc)
	}
	if truncateBelowDay(n, fc) {
		return nil
	}
	if err := truncateTimeOfDay(fc); err != nil {
		return err
	}
	original := proto.Clone(fc).(*pg.FuncCall)
	rewriteDateTrunc(n, fc)
	truncateUnseenBelowDay(n, original)
	return nil
}

// subDayUnits are PostgreSQL 15's date_trunc units below a day, by
// keywordKey.
var subDayUnits = map[string]bool{
	"h": true, "hour": true, "hours": true, "hr": true, "hrs": true,
	"m": true, "min": true, "mins": true, "minute": true, "minutes": true,
	"s": true, "sec": true, "secs": true, "second": true, "seconds": true,
	"ms": true, "msec": true, "msecs": true, "msecond": true, "mseconds": true, "millisecon": true,
	"us": true, "usec": true, "usecs": true, "usecond": true, "useconds": true, "microsecon": true,
}

// truncateBelowDay rewrites date_trunc of a timestamptz to a unit below a
// day. PostgreSQL truncates the local time and keeps the UTC offset the
// value had (timestamptz_trunc_internal), so 01:30-04 in the hour that
// repeats at the end of daylight saving time becomes 01:00-04. DuckDB
// resolves the truncated local time again, to 01:00-05. The rewrite
// subtracts what the truncation removes from the local time instead:
//
//	CASE WHEN isfinite(x) THEN x - (local - date_trunc(unit, local)) ELSE x END
//
// where local is x::timestamp, or timezone(zone, x) for the form with a
// zone. It reports whether it rewrote the call.
func truncateBelowDay(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 2 && len(fc.Args) != 3 {
		return false
	}
	unit := fc.Args[0].GetAConst().GetSval()
	if unit == nil || !subDayUnits[keywordKey(strings.ToLower(unit.Sval))] {
		return false
	}
	x, loc := fc.Args[1], fc.Location
	var local func() *pg.Node
	if len(fc.Args) == 2 {
		if exactType(x) != "timestamptz" {
			return false
		}
		local = func() *pg.Node { return typeCast(cloneNode(x), "timestamp", loc) }
	} else {
		x = typeCast(x, "timestamptz", loc)
		zone := fc.Args[2]
		local = func() *pg.Node { return funcCall("timezone", loc, cloneNode(zone), cloneNode(x)) }
	}
	truncated := funcCall("date_trunc", loc, fc.Args[0], local())
	removed := binaryOp("-", local(), truncated, loc)
	finite := funcCall("isfinite", loc, cloneNode(x))
	n.Node = searchedCase(loc, x, finite, binaryOp("-", cloneNode(x), removed, loc)).Node
	return true
}

// timeAsInterval returns the interval from midnight to the time x, as
// PostgreSQL's cast of time to interval, which DuckDB lacks:
//
//	to_microseconds(hour(x) * 3600000000 + minute(x) * 60000000 + microsecond(x))
//
// DuckDB's microsecond() counts the microseconds within the minute.
func timeAsInterval(x *pg.Node, loc int32) *pg.Node {
	part := func(name string, micros int64) *pg.Node {
		field := typeCast(funcCall(name, loc, cloneNode(x)), "int8", loc)
		if micros == 1 {
			return field
		}
		return binaryOp("*", field, bigintConstant(micros, loc), loc)
	}
	sum := binaryOp("+", binaryOp("+", part("hour", 3_600_000_000), part("minute", 60_000_000), loc), part("microsecond", 1), loc)
	return funcCall("to_microseconds", loc, sum)
}

func cloneNode(n *pg.Node) *pg.Node {
	return proto.Clone(n).(*pg.Node)
}

// truncateTimeOfDay casts the time of date_trunc(unit, time) to interval,
// as PostgreSQL 15's function resolution does, since it has no
// date_trunc of a time. The result is an interval, such as 10:00:00.
// PostgreSQL rejects the unit week for an interval, which DuckDB takes.
func truncateTimeOfDay(fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return nil
	}
	switch exactType(fc.Args[1]) {
	case "time":
		fc.Args[1] = timeAsInterval(fc.Args[1], fc.Location)
	case "interval":
	default:
		return nil
	}
	unit := fc.Args[0].GetAConst().GetSval()
	if unit == nil {
		return nil
	}
	switch lower := strings.ToLower(unit.Sval); lower {
	case "w", "week", "weeks":
		// NOTE: PostgreSQL adds the detail "Months usually have
		// fractional weeks.", which Error cannot carry.
		return &Error{Code: CodeFeatureNotSupported, Message: fmt.Sprintf("unit %q not supported for type interval", lower)}
	}
	return nil
}

// rewriteAtTimeZone rewrites x AT TIME ZONE zone, timezone(zone, x), when
// zone is a fixed offset from UTC that DuckDB does not read. PostgreSQL
// adds an interval to UTC, and reads a constant in the POSIX form
// '+02:00' as an offset west of UTC. A timestamptz becomes the timestamp
// at that offset, and a timestamp is read at that offset:
//
//	timezone('UTC', x) + offset      for a timestamptz x
//	timezone('UTC', x - offset)      for a timestamp x
//
// PostgreSQL reads an abbreviation of its Default set, such as PST or
// CET, as a fixed offset before it looks for a zone of that name, where
// DuckDB reads PST as a zone with daylight saving time. tz database
// names are left to DuckDB, and a constant zone that PostgreSQL does not
// recognize, such as CAT, which ICU reads, fails with 22023. A value of another or unknown type with a fixed offset
// fails with 0A000, and so does an abbreviation that names a zone,
// such as MSK.
// NOTE: a zone that is not a constant is left to DuckDB, which reads
// abbreviations in it as zones.
func rewriteAtTimeZone(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return nil
	}
	// PostgreSQL reads a date as the timestamptz of its local midnight,
	// where DuckDB reads it as a timestamp.
	if exactType(fc.Args[1]) == "date" {
		fc.Args[1] = typeCast(fc.Args[1], "timestamptz", fc.Location)
	}
	zone, x, loc := fc.Args[0], fc.Args[1], fc.Location
	offset, err := fixedZoneOffset(zone)
	if offset == nil || err != nil {
		return err
	}
	utc := func() *pg.Node { return pg.MakeAConstStrNode("UTC", loc) }
	switch exactType(x) {
	case "timestamptz":
		n.Node = binaryOp("+", funcCall("timezone", loc, utc(), x), offset, loc).Node
	case "timestamp":
		n.Node = funcCall("timezone", loc, utc(), binaryOp("-", x, offset, loc)).Node
	default:
		return unsupported("AT TIME ZONE with a fixed offset, of a value whose type the statement does not show as a timestamp",
			loc, "Cast the value to timestamp or timestamptz, such as x::timestamptz AT TIME ZONE '+02:00'.")
	}
	return nil
}

// fixedZoneOffset returns the offset east of UTC of a zone that is an
// interval, a fixed abbreviation or a POSIX specification, as DuckDB's
// to_microseconds(), or nil for a tz database name, which DuckDB reads.
// A constant that PostgreSQL does not recognize fails with its error.
func fixedZoneOffset(zone *pg.Node) (*pg.Node, error) {
	loc := exprLocation(zone)
	if text := zone.GetAConst().GetSval(); text != nil {
		if offset, err := abbreviationOffset(text.Sval, loc); offset != nil || err != nil {
			return offset, err
		}
		return namedZoneOffset(text.Sval, loc)
	}
	tc := zone.GetTypeCast()
	if tc == nil || lastName(tc.TypeName.GetNames()) != "interval" {
		return nil, nil
	}
	return intervalZoneOffset(tc, loc)
}

// abbreviationOffset returns the offset east of UTC of a time zone
// abbreviation that DuckDB reads otherwise, or nil for another zone.
// DuckDB reads UTC and GMT as PostgreSQL does, but rejects Z.
func abbreviationOffset(zone string, loc int32) (*pg.Node, error) {
	key := keywordKey(strings.ToLower(zone))
	if _, ok := dynamicZoneAbbreviations[key]; ok {
		return nil, unsupportedf(loc, "AT TIME ZONE %q is not supported on this warehouse: PostgreSQL reads the abbreviation from the history of its zone", zone)
	}
	seconds, ok := fixedZoneAbbreviations[key]
	if !ok || duckDBReadsZone[key] && key != "z" {
		return nil, nil
	}
	return microseconds(int64(seconds)*1_000_000, loc), nil
}

// namedZoneOffset returns nil for a tz database name and the offset east
// of UTC of a POSIX specification. It fails with 0A000 for a POSIX
// specification with daylight saving time and with PostgreSQL's 22023
// for a name it does not recognize. A name with a '/' that Go's tz
// database does not find is left to DuckDB, because isTimeZoneName
// misses some spellings of such names.
func namedZoneOffset(zone string, loc int32) (*pg.Node, error) {
	if isTimeZoneName(zone) {
		return nil, nil
	}
	spec, ok := parsePosixZone(zone)
	switch {
	case ok && spec.daylight:
		return nil, unsupportedf(loc, "AT TIME ZONE %q is not supported on this warehouse: it is a POSIX time zone with daylight saving time", zone)
	case ok:
		return microseconds(-int64(spec.westSeconds)*1_000_000, loc), nil
	case strings.Contains(zone, "/"):
		return nil, nil
	}
	return nil, zoneNotRecognized(zone)
}

// intervalZoneOffset returns the offset of an interval time zone. An
// interval that is not a plain constant fails with 0A000, and one with
// months or days with PostgreSQL's error.
func intervalZoneOffset(tc *pg.TypeCast, loc int32) (*pg.Node, error) {
	text := tc.Arg.GetAConst().GetSval()
	if text == nil || len(tc.TypeName.GetTypmods()) > 0 {
		return nil, unsupportedf(loc, "AT TIME ZONE with an interval that is not a plain constant is not supported on this warehouse")
	}

	span, ok := duckDBIntervalLiteral(text.Sval)
	if !ok {
		var err *dateTimeError
		span, err = parseInterval(text.Sval)
		ok = err == nil
	}
	if !ok {
		return nil, unsupportedf(loc, "AT TIME ZONE with the interval %q is not supported on this warehouse", text.Sval)
	}
	if span.months != 0 || span.days != 0 {
		return nil, &Error{Code: "22023",
			Message: fmt.Sprintf("interval time zone %q must not include months or days", span.postgresText())}
	}

	// PostgreSQL drops the fraction of a second of the offset.
	return microseconds(span.micros/1_000_000*1_000_000, loc), nil
}

// negative reports whether the interval is below zero, counting a month
// as 30 days and a day as 24 hours as PostgreSQL compares intervals.
func (v intervalValue) negative() bool {
	total := big.NewInt(v.months*30 + v.days)
	total.Mul(total, big.NewInt(microsPerDay))
	total.Add(total, big.NewInt(v.micros))
	return total.Sign() < 0
}

const microsPerDay = 86_400_000_000

// microseconds returns DuckDB's to_microseconds(us).
func microseconds(us int64, loc int32) *pg.Node {
	return funcCall("to_microseconds", loc, bigintConstant(us, loc))
}

// bigintConstant returns the integer constant v, written as the parser
// writes integers beyond 32 bits, which MakeAConstIntNode cannot hold.
func bigintConstant(v int64, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
		Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: strconv.FormatInt(v, 10)}}, Location: loc}}}
}

// intervalLiteralForm matches intervalValue.literal's output, which
// rewriteDateTimeConstant writes for an interval constant.
var intervalLiteralForm = regexp.MustCompile(`^(-?[0-9]+) months (-?[0-9]+) days (-?[0-9]+) microseconds$`)

// duckDBIntervalLiteral reads text written by intervalValue.literal.
func duckDBIntervalLiteral(text string) (intervalValue, bool) {
	m := intervalLiteralForm.FindStringSubmatch(text)
	if m == nil {
		return intervalValue{}, false
	}
	var v intervalValue
	var errs [3]error
	v.months, errs[0] = strconv.ParseInt(m[1], 10, 64)
	v.days, errs[1] = strconv.ParseInt(m[2], 10, 64)
	v.micros, errs[2] = strconv.ParseInt(m[3], 10, 64)
	return v, errs[0] == nil && errs[1] == nil && errs[2] == nil
}

// postgresText writes the interval as PostgreSQL 15 outputs it under the
// IntervalStyle postgres, such as "-1 mons +2 days -02:00:00.5".
func (v intervalValue) postgresText() string {
	var parts []string
	negativeBefore := false
	for _, f := range []struct {
		value int64
		unit  string
	}{{v.months / 12, "year"}, {v.months % 12, "mon"}, {v.days, "day"}} {
		if f.value == 0 {
			continue
		}
		part := strconv.FormatInt(f.value, 10) + " " + f.unit
		if f.value != 1 {
			part += "s"
		}
		if negativeBefore && f.value > 0 {
			part = "+" + part
		}
		parts = append(parts, part)
		negativeBefore = f.value < 0
	}
	if len(parts) == 0 || v.micros != 0 {
		sign := ""
		switch {
		case v.micros < 0:
			sign = "-"
		case negativeBefore:
			sign = "+"
		}
		micros := abs64(v.micros)
		clock := fmt.Sprintf("%s%02d:%02d:%02d", sign, micros/microsPerHour, micros/60_000_000%60, micros/1_000_000%60)
		if fraction := micros % 1_000_000; fraction != 0 {
			clock += strings.TrimRight(fmt.Sprintf(".%06d", fraction), "0")
		}
		parts = append(parts, clock)
	}
	return strings.Join(parts, " ")
}

// localTimeOfDay rewrites a cast of a timestamptz to time, which DuckDB
// lacks, as the time of the timestamp in the session's time zone, which
// is what PostgreSQL returns.
func localTimeOfDay(tc *pg.TypeCast, name string) {
	if name == "time" && exactType(tc.Arg) == "timestamptz" {
		tc.Arg = typeCast(tc.Arg, "timestamp", tc.Location)
	}
}

// timeDifference rewrites the subtractions with a time that DuckDB
// lacks. PostgreSQL 15 subtracts two times to the interval between them,
// negative when the right one is later, as in time '01:00' - time
// '23:00' = -22:00:00, so both become intervals from midnight. It
// subtracts a time from a date or timestamp as the interval from
// midnight, through the implicit cast of time to interval.
func timeDifference(e *pg.A_Expr) bool {
	if e.Lexpr == nil || !showsTime(e.Rexpr) {
		return false
	}
	switch {
	case showsTime(e.Lexpr):
		e.Lexpr = timeAsInterval(e.Lexpr, e.Location)
	case exactType(e.Lexpr) == "date" || exactType(e.Lexpr) == "timestamp" || exactType(e.Lexpr) == "timestamptz":
	default:
		return false
	}
	e.Rexpr = timeAsInterval(e.Rexpr, e.Location)
	return true
}

// showsTime reports whether the statement shows n as a time: a cast or a
// typed column, or min or max of one.
func showsTime(n *pg.Node) bool {
	if exactType(n) == "time" {
		return true
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 || fc.AggStar || fc.Over != nil {
		return false
	}
	switch lastName(fc.Funcname) {
	case "min", "max":
		return showsTime(fc.Args[0])
	}
	return false
}
