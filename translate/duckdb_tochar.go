package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

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

// rewriteParseTime turns to_timestamp(text, template) into
// pgway_to_timestamp(text, template, TimeZone, lc_time) and to_date(text,
// template) into pgway_to_date(text, template, lc_time), which read the
// text as PostgreSQL 15 does (ParseToTimestamp). A constant template with
// a pattern that pgway does not read fails here with 0A000.
func rewriteParseTime(n *pg.Node, fc *pg.FuncCall, name string) error {
	if len(fc.Args) == 1 && name == "to_timestamp" {
		guardEpochRange(n, fc)
		return nil
	}
	if len(fc.Args) != 2 {
		return nil
	}
	if tmpl := fc.Args[1].GetAConst().GetSval(); tmpl != nil {
		if bad := toTimestampTemplateError(tmpl.Sval); bad != "" {
			return unsupportedf(fc.Location, "%s() template pattern %q is not supported", name, bad)
		}
	}
	// An unset lc_time counts as C, as for to_char.
	lcTime := &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{Args: []*pg.Node{
		pg.MakeAConstStrNode(settingMarker("lc_time"), fc.Location), pg.MakeAConstStrNode("C", fc.Location),
	}, Location: fc.Location}}}
	if name == "to_date" {
		n.Node = funcCall("pgway_to_date", fc.Location, fc.Args[0], fc.Args[1], lcTime).Node
		return nil
	}
	zone := funcCall("current_setting", fc.Location, pg.MakeAConstStrNode("TimeZone", fc.Location))
	n.Node = funcCall("pgway_to_timestamp", fc.Location, fc.Args[0], fc.Args[1], zone, lcTime).Node
	return nil
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
