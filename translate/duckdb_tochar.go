package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// timePatterns maps PostgreSQL to_timestamp and to_date template
// patterns to strptime specifiers, longest first so that HH24 wins over
// HH. FM variants suppress padding. Patterns not listed fail with 0A000.
var timePatterns = []struct{ pattern, spec string }{
	{"FMMonth", "%B"}, {"FMDay", "%A"},
	{"FMHH24", "%-H"}, {"FMHH12", "%-I"}, {"FMDDD", "%-j"},
	{"FMHH", "%-I"}, {"FMMM", "%-m"}, {"FMDD", "%-d"}, {"FMMI", "%-M"}, {"FMSS", "%-S"},
	{"YYYY", "%Y"}, {"HH24", "%H"}, {"HH12", "%I"},
	{"DDD", "%j"}, {"Mon", "%b"}, {"Dy", "%a"},
	{"YY", "%y"}, {"MM", "%m"}, {"DD", "%d"}, {"HH", "%I"}, {"MI", "%M"},
	{"SS", "%S"}, {"MS", "%g"}, {"US", "%f"}, {"AM", "%p"}, {"PM", "%p"}, {"TZ", "%Z"},
}

// rewriteToChar turns to_char(value, template) into pgway_to_char(value,
// template, TimeZone, lc_time, lc_numeric, lc_monetary), which formats a
// date, a timestamp, a timestamp with time zone, an interval or a number
// as PostgreSQL 15 does (providers/duckdb/to_char.go and
// to_char_number.go). The value's DuckDB type picks the formatting when
// the statement runs.
func rewriteToChar(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return nil
	}
	value := fc.Args[0]
	if isUntypedLiteral(value) {
		return ambiguousToChar(fc)
	}

	// DuckDB's TimeZone is the session's (providers/duckdb applySettings).
	// Reading it when the statement runs, not folding it into the text,
	// keeps views and column defaults in the zone of the session that
	// uses them, as in PostgreSQL.
	zone := funcCall("current_setting", fc.Location, pg.MakeAConstStrNode("TimeZone", fc.Location))
	// The session's lc_time decides the language of TM names, and its
	// lc_numeric and lc_monetary the symbols of D, G, L and S. pgway treats
	// an unset locale setting as C.
	// NOTE: a view keeps the locale settings of the session that created it.
	locale := func(name string) *pg.Node {
		return &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{Args: []*pg.Node{
			pg.MakeAConstStrNode(settingMarker(name), fc.Location), pg.MakeAConstStrNode("C", fc.Location),
		}, Location: fc.Location}}}
	}
	n.Node = funcCall("pgway_to_char", fc.Location, value, fc.Args[1], zone,
		locale("lc_time"), locale("lc_numeric"), locale("lc_monetary")).Node
	return nil
}

// isUntypedLiteral reports whether n is a string constant or NULL, whose
// type PostgreSQL resolves from the function's candidates.
func isUntypedLiteral(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && (c.Isnull || c.GetSval() != nil)
}

// ambiguousToChar returns PostgreSQL's error for to_char of an untyped
// literal: it finds to_char for timestamp, timestamptz, interval and
// numbers, and picks none of them.
func ambiguousToChar(fc *pg.FuncCall) *Error {
	templateType := "text"
	if isUntypedLiteral(fc.Args[1]) {
		templateType = "unknown"
	}
	return &Error{Code: "42725", Message: "function to_char(unknown, " + templateType + ") is not unique",
		Hint:     "Could not choose a best candidate function. You might need to add explicit type casts.",
		Position: int(fc.Location) + 1}
}

// rewriteParseTime turns to_timestamp(text, template) and to_date(text,
// template) into strptime. The DuckDB provider maps strptime's errors
// for fields out of range to PostgreSQL's, and checkedStrptime checks
// the day of the month and of the year.
func rewriteParseTime(n *pg.Node, fc *pg.FuncCall, name string) error {
	if len(fc.Args) != 2 {
		return nil // to_timestamp(epoch) is the same function in DuckDB
	}
	tmpl := fc.Args[1].GetAConst().GetSval()
	if tmpl == nil {
		return unsupportedf(fc.Location, "%s() with a template that is not a constant is not supported", name)
	}
	spec, bad := strftimeFormat(tmpl.Sval)
	if bad != "" {
		return unsupportedf(fc.Location, "%s() template pattern %q is not supported", name, bad)
	}
	parsed := checkedStrptime(fc.Args[0], spec, fc.Location)
	target := "timestamptz"
	if name == "to_date" {
		target = "date"
	}
	n.Node = typeCast(parsed, target, fc.Location).Node
	return nil
}

// strftimeFormat converts a to_char template. On failure it returns the
// first pattern it cannot convert.
func strftimeFormat(tmpl string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(tmpl); {
		c := tmpl[i]
		switch {
		case c == '"':
			end := strings.IndexByte(tmpl[i+1:], '"')
			if end < 0 {
				return "", tmpl[i:]
			}
			b.WriteString(strings.ReplaceAll(tmpl[i+1:i+1+end], "%", "%%"))
			i += end + 2
			continue
		case c == '%':
			b.WriteString("%%")
		case isLetter(c):
			spec, size := matchTimePattern(tmpl[i:])
			if size == 0 {
				return "", letterRun(tmpl[i:])
			}
			b.WriteString(spec)
			i += size
			continue
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String(), ""
}

func matchTimePattern(s string) (string, int) {
	for _, p := range timePatterns {
		if strings.HasPrefix(s, p.pattern) {
			return p.spec, len(p.pattern)
		}
	}
	return "", 0
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func letterRun(s string) string {
	end := 0
	for end < len(s) && isLetter(s[end]) {
		end++
	}
	return s[:end]
}
