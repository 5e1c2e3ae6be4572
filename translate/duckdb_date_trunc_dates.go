package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// dateValue reports whether n is a date whose type the statement shows,
// such as coalesce(d, current_date), d + 1, max(d) OVER (), make_date(),
// to_date() or a scalar subquery of one of them. PostgreSQL's
// date_trunc() reads such a date as a timestamptz, where DuckDB's
// returns a timestamp.
func dateValue(n *pg.Node) bool {
	if exactType(n) == "date" {
		return true
	}
	switch v := n.GetNode().(type) {
	case *pg.Node_SqlvalueFunction:
		return v.SqlvalueFunction.Op == pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE
	case *pg.Node_CoalesceExpr:
		return allDates(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return allDates(v.MinMaxExpr.Args)
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		switch strings.ToLower(lastName(fc.Funcname)) {
		case "make_date", "to_date", "pgway_make_date", "pgway_to_date":
			// The arguments of date_trunc are rewritten before it, and
			// make_date and to_date become pgway_ functions.
			return len(fc.Funcname) == 1
		case "max", "min":
			return len(fc.Args) == 1 && !fc.AggStar && dateValue(fc.Args[0])
		}
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
			return false
		}
		switch lastName(e.Name) {
		case "+":
			return dateValue(e.Lexpr) && isDayCount(exactType(e.Rexpr)) ||
				isDayCount(exactType(e.Lexpr)) && dateValue(e.Rexpr)
		case "-":
			return dateValue(e.Lexpr) && isDayCount(exactType(e.Rexpr))
		}
	case *pg.Node_SubLink:
		sel := v.SubLink.Subselect.GetSelectStmt()
		if v.SubLink.SubLinkType != pg.SubLinkType_EXPR_SUBLINK || sel == nil || len(sel.TargetList) != 1 {
			return false
		}
		return dateValue(sel.TargetList[0].GetResTarget().GetVal())
	}
	return false
}

// allDates reports whether the args other than NULL are dates, and at
// least one is.
func allDates(args []*pg.Node) bool {
	found := false
	for _, arg := range args {
		if arg.GetAConst().GetIsnull() {
			continue
		}
		if !dateValue(arg) {
			return false
		}
		found = true
	}
	return found
}
