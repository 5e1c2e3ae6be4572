package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// checkedStrptime returns strptime(input, spec) with PostgreSQL 15's
// error for a day that the month does not have and for day 366 of a year
// of 365 days: 22008 "date/time field value out of range" with the
// input. DuckDB's strptime reports the first with make_date's message,
// which lacks the input, and reads the second as January 1 of the next
// year.
//
// Both checks parse the input again with the day read as a fraction of a
// second (%f), which takes any digits, so they apply only to a template
// without fractions of a second. A day of 0, which PostgreSQL reads as
// unset, keeps strptime's error.
func checkedStrptime(input *pg.Node, spec string, loc int32) *pg.Node {
	specifiers := strptimeSpecifiers(spec)
	parse := func(name, format string) *pg.Node {
		return funcCall(name, loc, cloneNode(input), pg.MakeAConstStrNode(format, loc))
	}
	outOfRange := func() *pg.Node {
		message := funcCall("concat", loc, pg.MakeAConstStrNode(`date/time field value out of range: "`, loc), cloneNode(input),
			pg.MakeAConstStrNode(`" (SQLSTATE 22008)`, loc))
		return funcCall("error", loc, message)
	}
	if specifiers["f"] > 0 || specifiers["g"] > 0 {
		return parse("strptime", spec)
	}
	value := parse("strptime", spec)
	if specifiers["d"] == 1 {
		// The day, read as a fraction, is not 0 and the input reads
		// otherwise, so the day is past the end of the month.
		dayAsFraction := parse("try_strptime", replaceSpecifier(spec, "d", "f"))
		fractionNotZero := binaryOp("<>", binaryOp("%", funcCall("epoch_us", loc, dayAsFraction), pg.MakeAConstIntNode(1000000, loc), loc),
			pg.MakeAConstIntNode(0, loc), loc)
		value = &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{Args: []*pg.Node{parse("try_strptime", spec),
			searchedCase(loc, parse("strptime", spec), allOf(loc, isNotNull(cloneNode(input), loc), fractionNotZero), outOfRange())},
			Location: loc}}}
	}
	if specifiers["j"] == 1 {
		dayAsFraction := parse("try_strptime", replaceSpecifier(spec, "j", "f"))
		yearChanged := binaryOp("<>", funcCall("year", loc, dayAsFraction), funcCall("year", loc, cloneNode(value)), loc)
		value = searchedCase(loc, value, yearChanged, outOfRange())
	}
	return value
}

// strptimeSpecifiers counts the specifiers of a strptime format by their
// letter, skipping %%.
func strptimeSpecifiers(spec string) map[string]int {
	counts := map[string]int{}
	for i := 0; i+1 < len(spec); i++ {
		if spec[i] == '%' {
			counts[spec[i+1:i+2]]++
			i++
		}
	}
	return counts
}

// replaceSpecifier replaces the specifier %from of a strptime format with
// %to, skipping %%.
func replaceSpecifier(spec, from, to string) string {
	var b strings.Builder
	for i := 0; i < len(spec); i++ {
		if spec[i] == '%' && i+1 < len(spec) {
			if spec[i+1:i+2] == from {
				b.WriteString("%" + to)
			} else {
				b.WriteString(spec[i : i+2])
			}
			i++
			continue
		}
		b.WriteByte(spec[i])
	}
	return b.String()
}
