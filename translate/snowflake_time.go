package translate

import (
	"math"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// snowflakeTruncUnits maps date_trunc's units to DATE_TRUNC's. Weeks
// start on Monday in both once the session has run SnowflakeSessionSetup.
var snowflakeTruncUnits = map[string]string{
	"microseconds": "microsecond", "milliseconds": "millisecond", "second": "second",
	"minute": "minute", "hour": "hour", "day": "day", "week": "week", "month": "month",
	"quarter": "quarter", "year": "year",
}

// rewriteSnowflakeDateTrunc maps date_trunc with a constant unit. A date
// argument is cast to timestamptz first, as PostgreSQL does.
// NOTE: a DATE column truncates to a DATE, where PostgreSQL returns a
// timestamptz at midnight.
func rewriteSnowflakeDateTrunc(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "date_trunc() with %d arguments is not supported on this warehouse", len(fc.Args))
	}
	unit := fc.Args[0].GetAConst().GetSval()
	if unit == nil {
		return unsupportedf(fc.Location, "date_trunc() with a unit that is not a constant is not supported on this warehouse")
	}
	mapped, ok := snowflakeTruncUnits[strings.ToLower(unit.Sval)]
	if !ok {
		return unsupportedf(fc.Location, "date_trunc() unit %q is not supported on this warehouse", unit.Sval)
	}
	value := fc.Args[1]
	if snowflakeCastClass(value.GetTypeCast().GetTypeName()) == typeTime && lastName(value.GetTypeCast().GetTypeName().GetNames()) == "date" {
		value = typeCast(value, "timestamp_ltz", fc.Location)
	}
	renameTo(fc, "date_trunc")
	fc.Args = []*pg.Node{pg.MakeAConstStrNode(mapped, fc.Location), value}
	return nil
}

// rewriteSnowflakeExtract maps extract(field from x) and date_part(field,
// x) with a constant field to Snowflake's functions of the field. Seconds
// and epoch keep their microseconds, as in PostgreSQL. extract returns
// numeric, so whole fields are cast to NUMBER(38,0), which reaches clients
// as numeric. date_part returns double precision, a FLOAT.
func rewriteSnowflakeExtract(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	name := lastName(fc.Funcname)
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
	}
	field := fc.Args[0].GetAConst().GetSval()
	if field == nil {
		return unsupportedf(fc.Location, "%s() with a field that is not a constant is not supported on this warehouse", name)
	}
	x, loc := fc.Args[1], fc.Location
	datePart := func(part string) *pg.Node {
		return r.call("date_part", loc, pg.MakeAConstStrNode(part, loc), x)
	}
	var out *pg.Node
	whole := func(n *pg.Node) *pg.Node {
		return typeCastTo(n, "number(38,0)", loc)
	}
	switch f := strings.ToLower(field.Sval); f {
	case "year", "month", "day", "hour", "minute", "quarter":
		out = whole(r.call(f, loc, x))
	case "doy":
		out = whole(r.call("dayofyear", loc, x))
	case "week":
		out = whole(r.call("weekiso", loc, x))
	case "isodow":
		out = whole(r.call("dayofweekiso", loc, x))
	case "dow":
		out = whole(binaryOp("%", r.call("dayofweekiso", loc, x), pg.MakeAConstIntNode(7, loc), loc))
	case "isoyear":
		out = whole(r.call("yearofweekiso", loc, x))
	case "second":
		fraction := binaryOp("/", datePart("nanosecond"), pg.MakeAConstIntNode(1000000000, loc), loc)
		out = micros(binaryOp("+", r.call("second", loc, x), fraction, loc), loc)
	case "epoch":
		out = micros(binaryOp("/", datePart("epoch_microsecond"), pg.MakeAConstIntNode(1000000, loc), loc), loc)
	default:
		return unsupportedf(loc, "%s() field %q is not supported on this warehouse", name, field.Sval)
	}
	if name == "date_part" {
		// date_part returns double precision, extract numeric.
		out = typeCastTo(out, "float", loc)
	}
	n.Node = out.Node
	return nil
}

// typeCastTo casts n to a Snowflake type such as number(38,0).
func typeCastTo(n *pg.Node, spec string, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg: n, TypeName: parseSnowflakeType(spec, loc), Location: loc,
	}}}
}

// micros casts seconds to a decimal with 6 fractional digits, the
// type that extract returns for them in PostgreSQL.
func micros(seconds *pg.Node, loc int32) *pg.Node {
	return typeCastTo(seconds, "number(38,6)", loc)
}

// snowflakeTimePatterns maps PostgreSQL's to_char template patterns to
// Snowflake's format elements, longest first so that HH24 wins over HH.
// Patterns not listed, the FM prefix and names of months and days fail
// with 0A000, because Snowflake pads and capitalizes them differently.
var snowflakeTimePatterns = []struct{ pattern, element string }{
	{"YYYY", "YYYY"}, {"HH24", "HH24"}, {"HH12", "HH12"}, {"YY", "YY"}, {"MM", "MM"},
	{"DD", "DD"}, {"HH", "HH12"}, {"MI", "MI"}, {"SS", "SS"}, {"MS", "FF3"}, {"US", "FF6"},
	{"AM", "AM"}, {"PM", "PM"},
}

// snowflakeTimeFormat converts a to_char template. On failure it returns
// the first pattern it cannot convert.
func snowflakeTimeFormat(tmpl string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(tmpl); {
		c := tmpl[i]
		switch {
		case c == '"':
			end := strings.IndexByte(tmpl[i+1:], '"')
			if end < 0 || strings.ContainsAny(tmpl[i+1:i+1+end], `\`) {
				return "", tmpl[i:]
			}
			b.WriteString(tmpl[i : i+end+2])
			i += end + 2
			continue
		case isLetter(c):
			element, size := "", 0
			for _, p := range snowflakeTimePatterns {
				if strings.HasPrefix(tmpl[i:], p.pattern) {
					element, size = p.element, len(p.pattern)
					break
				}
			}
			if size == 0 {
				return "", letterRun(tmpl[i:])
			}
			b.WriteString(element)
			i += size
			continue
		case c == '\\' || c >= 0x80:
			return "", tmpl[i : i+1]
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String(), ""
}

// rewriteSnowflakeToChar maps to_char(timestamp, constant template) to
// TO_CHAR with Snowflake's format. Numeric templates fail with 0A000.
func rewriteSnowflakeToChar(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "to_char() with %d arguments is not supported on this warehouse", len(fc.Args))
	}
	tmpl := fc.Args[1].GetAConst().GetSval()
	if tmpl == nil {
		return unsupportedf(fc.Location, "to_char() with a template that is not a constant is not supported")
	}
	if t := snowflakeStaticType(fc.Args[0]); t == typeInteger || t == typeNumeric || t == typeFloat {
		return unsupportedf(fc.Location, "to_char() with a numeric template is not supported")
	}
	format, bad := snowflakeTimeFormat(tmpl.Sval)
	if bad != "" {
		return unsupportedf(fc.Location, "to_char() template pattern %q is not supported", bad)
	}
	if format == tmpl.Sval && !strings.ContainsAny(format, "YMDHSAPF") {
		return unsupportedf(fc.Location, "to_char() with a numeric template is not supported")
	}
	renameTo(fc, "to_char")
	fc.Args[1] = pg.MakeAConstStrNode(format, fc.Location)
	return nil
}

// rewriteSnowflakeParseTime maps to_date(text, template) and
// to_timestamp(text, template) to TO_DATE and TO_TIMESTAMP_LTZ, and
// to_timestamp(epoch seconds) to TO_TIMESTAMP_LTZ.
func rewriteSnowflakeParseTime(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	name := lastName(fc.Funcname)
	to := "to_timestamp_ltz"
	if name == "to_date" {
		to = "to_date"
	}
	switch {
	case len(fc.Args) == 1 && name == "to_timestamp":
		renameTo(fc, to)
		return nil
	case len(fc.Args) != 2:
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
	}
	tmpl := fc.Args[1].GetAConst().GetSval()
	if tmpl == nil {
		return unsupportedf(fc.Location, "%s() with a template that is not a constant is not supported", name)
	}
	format, bad := snowflakeTimeFormat(tmpl.Sval)
	if bad != "" {
		return unsupportedf(fc.Location, "%s() template pattern %q is not supported", name, bad)
	}
	renameTo(fc, to)
	fc.Args[1] = pg.MakeAConstStrNode(format, fc.Location)
	return nil
}

// snowflakeInterval is a PostgreSQL interval literal as the parts that
// PostgreSQL adds to a timestamp in turn: months, then days, then
// microseconds.
type snowflakeInterval struct {
	months, days, micros int64
}

// intervalUnits are the units of interval literals, in the field they
// add to and its multiple.
var intervalUnits = map[string]struct {
	field string
	scale int64
}{
	"microsecond": {"us", 1}, "microseconds": {"us", 1}, "us": {"us", 1}, "usec": {"us", 1}, "usecs": {"us", 1},
	"millisecond": {"us", 1000}, "milliseconds": {"us", 1000}, "ms": {"us", 1000}, "msec": {"us", 1000}, "msecs": {"us", 1000},
	"second": {"us", 1000000}, "seconds": {"us", 1000000}, "sec": {"us", 1000000}, "secs": {"us", 1000000}, "s": {"us", 1000000},
	"minute": {"us", 60000000}, "minutes": {"us", 60000000}, "min": {"us", 60000000}, "mins": {"us", 60000000}, "m": {"us", 60000000},
	"hour": {"us", 3600000000}, "hours": {"us", 3600000000}, "hr": {"us", 3600000000}, "hrs": {"us", 3600000000}, "h": {"us", 3600000000},
	"day": {"d", 1}, "days": {"d", 1}, "d": {"d", 1},
	"week": {"d", 7}, "weeks": {"d", 7}, "w": {"d", 7},
	"month": {"mon", 1}, "months": {"mon", 1}, "mon": {"mon", 1}, "mons": {"mon", 1},
	"year": {"mon", 12}, "years": {"mon", 12}, "yr": {"mon", 12}, "yrs": {"mon", 12}, "y": {"mon", 12},
}

// parseSnowflakeInterval parses an interval literal of whole quantities
// and units, such as '1 day' or '-1 year 2 months'.
func parseSnowflakeInterval(text string) (snowflakeInterval, bool) {
	var iv snowflakeInterval
	words := strings.Fields(strings.ToLower(text))
	if len(words) == 0 || len(words)%2 != 0 {
		return iv, false
	}
	for i := 0; i < len(words); i += 2 {
		q, err := strconv.ParseInt(words[i], 10, 32)
		unit, ok := intervalUnits[words[i+1]]
		if err != nil || !ok {
			return iv, false
		}
		switch unit.field {
		case "mon":
			iv.months += q * unit.scale
		case "d":
			iv.days += q * unit.scale
		default:
			iv.micros += q * unit.scale
		}
	}
	return iv, true
}

// intervalLiteral returns the text of an interval constant, such as
// interval '1 day' or '1 day'::interval, or false.
func intervalLiteral(n *pg.Node) (string, int32, bool) {
	tc := n.GetTypeCast()
	if tc == nil || lastName(tc.TypeName.GetNames()) != "interval" || len(tc.TypeName.ArrayBounds) > 0 {
		return "", 0, false
	}
	lit := tc.Arg.GetAConst().GetSval()
	if lit == nil || len(tc.TypeName.Typmods) > 0 {
		return "", tc.Location, true
	}
	return lit.Sval, tc.Location, true
}

// rewriteIntervalArithmetic turns x + interval and x - interval into
// DATEADD calls that add months, then days, then the time, as PostgreSQL
// adds an interval to a timestamp. It reports false when neither operand
// is an interval.
func (r *snowflakeRewriter) rewriteIntervalArithmetic(n *pg.Node, e *pg.A_Expr, op string) (bool, error) {
	if e.Lexpr == nil || (op != "+" && op != "-") {
		return false, nil
	}
	x, interval := e.Lexpr, e.Rexpr
	text, loc, ok := intervalLiteral(interval)
	if !ok && op == "+" {
		x, interval = e.Rexpr, e.Lexpr
		text, loc, ok = intervalLiteral(interval)
	}
	if !ok {
		return false, nil
	}
	iv, parsed := parseSnowflakeInterval(text)
	if !parsed {
		return true, unsupportedf(loc, "interval %q is not supported on this warehouse; write whole quantities of units such as '2 hours'", text)
	}

	if op == "-" {
		iv = snowflakeInterval{-iv.months, -iv.days, -iv.micros}
	}
	if lastName(x.GetTypeCast().GetTypeName().GetNames()) == "date" {
		x = typeCast(x, "timestamp_ntz", e.Location)
	}

	out := x
	overflow := false
	add := func(unit string, q int64) {
		overflow = overflow || q > math.MaxInt32 || q < math.MinInt32
		out = r.call("dateadd", e.Location, pg.MakeAConstStrNode(unit, e.Location), pg.MakeAConstIntNode(q, e.Location), out)
	}
	if iv.months != 0 {
		add("month", iv.months)
	}
	if iv.days != 0 {
		add("day", iv.days)
	}
	switch {
	case iv.micros != 0:
		unit, q := timeUnit(iv.micros)
		add(unit, q)
	case x.GetTypeCast() == nil:
		// DATEADD of days or months to a DATE returns a DATE, and of a
		// time part a TIMESTAMP_NTZ, as date + interval is a timestamp in
		// PostgreSQL. Adding no seconds keeps a timestamp's type.
		add("second", 0)
	case out == x:
		add("day", 0)
	}
	if overflow {
		return true, unsupportedf(loc, "interval %q is not supported on this warehouse", text)
	}
	n.Node = out.Node
	return true, nil
}

// timeUnit returns the largest unit that a number of microseconds is a
// whole multiple of, and the multiple.
func timeUnit(micros int64) (string, int64) {
	for _, u := range []struct {
		name string
		size int64
	}{{"hour", 3600000000}, {"minute", 60000000}, {"second", 1000000}, {"millisecond", 1000}} {
		if micros%u.size == 0 {
			return u.name, micros / u.size
		}
	}
	return "microsecond", micros
}
