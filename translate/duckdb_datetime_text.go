package translate

import (
	"regexp"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// writeBCAsPostgreSQL writes a date or timestamp BC cast to text or
// varchar as PostgreSQL does. DuckDB writes "0001-12-31 (BC)" and
// "0001-12-31 (BC) 00:00:00", PostgreSQL "0001-12-31 BC" and
// "0001-12-31 00:00:00 BC". Text of other values has no "(BC)" and stays
// as it is.
// NOTE: a date or timestamp whose type the statement does not show, such
// as a column of a temporary table, keeps DuckDB's text.
func writeBCAsPostgreSQL(n *pg.Node, tc *pg.TypeCast, name string) {
	if name != "text" && name != "varchar" || !showsDateOrTimestamp(tc.Arg) {
		return
	}
	loc := tc.Location
	text := &pg.Node{Node: n.Node}
	replaced := funcCall("regexp_replace", loc, text, pg.MakeAConstStrNode(` \(BC\)(.*)$`, loc), pg.MakeAConstStrNode(`\1 BC`, loc))
	// The outer cast keeps the result's type, text or varchar.
	n.Node = typeCast(replaced, name, loc).Node
}

// dateFunctions return a date, timestamp or timestamptz, under their
// PostgreSQL names or the names of the DuckDB provider's functions that
// the dialect may already have put in their place.
var dateFunctions = map[string]bool{
	"make_date": true, "make_timestamp": true, "make_timestamptz": true, "to_date": true, "to_timestamp": true,
	"date_trunc": true, "date_bin": true, "now": true, "timezone": true,
	"pgway_make_date": true, "pgway_make_timestamp": true, "pgway_make_timestamptz": true, "pgway_to_date": true,
	"pgway_to_timestamp": true, "pgway_date_bin": true,
}

// showsDateOrTimestamp reports whether x is visibly of a date or time
// type: a cast to one, a date or time function, or a sum or difference
// with such an operand, whose text is a date, a timestamp, an interval or
// an integer.
func showsDateOrTimestamp(x *pg.Node) bool {
	if staticType(x) == typeTime {
		return true
	}
	switch v := x.GetNode().(type) {
	case *pg.Node_AExpr:
		op := ""
		if names := v.AExpr.GetName(); len(names) == 1 {
			op = names[0].GetString_().GetSval()
		}
		return v.AExpr.Kind == pg.A_Expr_Kind_AEXPR_OP && (op == "+" || op == "-") &&
			(v.AExpr.Lexpr != nil && showsDateOrTimestamp(v.AExpr.Lexpr) || showsDateOrTimestamp(v.AExpr.Rexpr))
	case *pg.Node_FuncCall:
		return schemaOf(v.FuncCall.Funcname) == "" && dateFunctions[lastName(v.FuncCall.Funcname)]
	}
	return false
}

// timeWithoutSeconds matches timetz input of hours and minutes followed
// by a numeric zone offset, as in 10:00+02, which PostgreSQL reads and
// DuckDB's cast rejects. Adding :00 makes it the same time in a form
// DuckDB reads.
var timeWithoutSeconds = regexp.MustCompile(`^(\s*[0-9]{1,2}:[0-9]{2})(\s*[+-][0-9])`)

// addTimetzSeconds adds the seconds to timetz input that has none before
// a numeric zone offset: in the text of a string constant, and with
// regexp_replace in the statement for other text.
func addTimetzSeconds(tc *pg.TypeCast, name string) {
	if name != "timetz" || len(tc.TypeName.GetArrayBounds()) > 0 {
		return
	}
	if c := tc.Arg.GetAConst(); c != nil {
		if s := c.GetSval(); s != nil {
			s.Sval = timeWithoutSeconds.ReplaceAllString(s.Sval, "${1}:00${2}")
		}
		return
	}
	if staticType(tc.Arg) != typeText {
		return
	}
	loc := tc.Location
	tc.Arg = funcCall("regexp_replace", loc, tc.Arg, pg.MakeAConstStrNode(timeWithoutSeconds.String(), loc),
		pg.MakeAConstStrNode(`\1:00\2`, loc))
}
