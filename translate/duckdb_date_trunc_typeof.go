package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// truncateUnseenBelowDay applies truncateBelowDay to date_trunc(unit, x)
// of a unit below a day where x is a column whose type the statement
// does not show, such as one of a derived table, by the type DuckDB
// gives x:
//
//	CASE WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN <truncateBelowDay>
//	     ELSE <date_trunc as rewritten for other types> END
//
// DuckDB folds typeof to a constant, so only one branch runs, and the
// other branch only binds. n holds the call as rewriteDateTrunc left it.
// NOTE: such a column of type time or interval fails with DuckDB's
// binder error, as both branches must bind.
func truncateUnseenBelowDay(n *pg.Node, call *pg.FuncCall) {
	if len(call.Args) != 2 || call.Args[1].GetColumnRef() == nil {
		// Only a column can hide its type: other expressions, such as
		// a time constant that the dialect wrote as an interval, have
		// types whose date_trunc DuckDB cannot bind beside a
		// timestamptz's in one CASE.
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
