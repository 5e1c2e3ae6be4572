package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// truncateUnseenBelowDay applies truncateBelowDay to date_trunc(unit, x)
// of a unit below a day where the statement does not show the type of
// x, such as a column of a derived table, by the type DuckDB gives x:
//
//	CASE WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN <truncateBelowDay>
//	     ELSE <date_trunc as rewritten for other types> END
//
// DuckDB folds typeof to a constant, so only one branch runs, and the
// other branch only binds. n holds the call as rewriteDateTrunc left it.
func truncateUnseenBelowDay(n *pg.Node, call *pg.FuncCall) {
	if len(call.Args) != 2 || exactType(call.Args[1]) != "" {
		return
	}
	unit := call.Args[0].GetAConst().GetSval()
	if unit == nil || !subDayUnits[keywordKey(strings.ToLower(unit.Sval))] {
		return
	}
	loc := call.Location
	x := call.Args[1]
	zoned := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: &pg.FuncCall{
		Funcname: stringNodes("date_trunc"), Args: []*pg.Node{cloneNode(call.Args[0]), typeCast(cloneNode(x), "timestamptz", loc)},
		Location: loc}}}
	if !truncateBelowDay(zoned, zoned.GetFuncCall()) {
		return
	}
	isZoned := binaryOp("=", funcCall(typeofFunction, loc, cloneNode(x)), pg.MakeAConstStrNode("TIMESTAMP WITH TIME ZONE", loc), loc)
	otherwise := &pg.Node{Node: n.Node}
	n.Node = searchedCase(loc, otherwise, isZoned, zoned).Node
}
