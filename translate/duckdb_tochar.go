package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// timePatterns maps PostgreSQL to_char template patterns to strftime
// specifiers, longest first so that HH24 wins over HH. FM variants
// suppress padding. Patterns not listed fail with 0A000.
var timePatterns = []struct{ pattern, spec string }{
	{"FMMonth", "%B"}, {"FMDay", "%A"},
	{"FMHH24", "%-H"}, {"FMHH12", "%-I"}, {"FMDDD", "%-j"},
	{"FMHH", "%-I"}, {"FMMM", "%-m"}, {"FMDD", "%-d"}, {"FMMI", "%-M"}, {"FMSS", "%-S"},
	{"YYYY", "%Y"}, {"HH24", "%H"}, {"HH12", "%I"},
	{"DDD", "%j"}, {"Mon", "%b"}, {"Dy", "%a"},
	{"YY", "%y"}, {"MM", "%m"}, {"DD", "%d"}, {"HH", "%I"}, {"MI", "%M"},
	{"SS", "%S"}, {"MS", "%g"}, {"US", "%f"}, {"AM", "%p"}, {"PM", "%p"}, {"TZ", "%Z"},
}

// rewriteToChar turns to_char(timestamp, constant template) into strftime.
// Numeric templates and template patterns without a strftime equivalent
// fail with 0A000.
func rewriteToChar(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return nil
	}
	tmpl := fc.Args[1].GetAConst().GetSval()
	if tmpl == nil {
		return unsupportedf(fc.Location, "to_char() with a template that is not a constant is not supported")
	}
	if t := staticType(fc.Args[0]); t == typeInteger || t == typeNumeric || t == typeFloat {
		return unsupportedf(fc.Location, "to_char() with a numeric template is not supported")
	}
	spec, err := strftimeFormat(tmpl.Sval)
	if err != "" {
		return unsupportedf(fc.Location, "to_char() template pattern %q is not supported", err)
	}
	if !strings.Contains(strings.ReplaceAll(spec, "%%", ""), "%") {
		// A template without date or time patterns, such as '999', is a
		// numeric template.
		return unsupportedf(fc.Location, "to_char() with a numeric template is not supported")
	}
	n.Node = funcCall("strftime", fc.Location, fc.Args[0], pg.MakeAConstStrNode(spec, fc.Location)).Node
	return nil
}

// rewriteParseTime turns to_timestamp(text, template) and to_date(text,
// template) into strptime.
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
	parsed := funcCall("strptime", fc.Location, fc.Args[0], pg.MakeAConstStrNode(spec, fc.Location))
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
