package translate

import (
	"regexp"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// ageOfInfinityReason is the error of age() with an infinite argument.
// PostgreSQL 15 computes an interval from the internal value of
// infinity, such as 292257 years 8 days 04:00:54.775807, or fails with
// 22008 "timestamp out of range", where DuckDB returns NULL or another
// interval.
const ageOfInfinityReason = "age() of an infinite date or timestamp is not supported on DuckDB (SQLSTATE 0A000)"

// guardInfiniteAge makes age() fail with 0A000 when an argument is
// infinite. A NULL argument gives NULL, as in PostgreSQL.
func guardInfiniteAge(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) == 0 || len(fc.Args) > 2 {
		return
	}
	loc := fc.Location
	var pairs []*pg.Node
	finite := true
	for _, arg := range fc.Args {
		finite = finite && isFiniteNow(arg)
	}
	if finite {
		return
	}
	raise := funcCall("error", loc, pg.MakeAConstStrNode(ageOfInfinityReason, loc))
	for _, arg := range fc.Args {
		value := cloneNode(arg)
		if isBareString(value) {
			// DuckDB's isfinite() takes no text, and a string is
			// infinite as a timestamp with or without a time zone alike.
			value = typeCast(value, "timestamptz", loc)
		}
		infinite := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_NOT_EXPR,
			Args: []*pg.Node{funcCall("isfinite", loc, value)}, Location: loc}}}
		pairs = append(pairs, infinite, raise)
	}
	n.Node = searchedCase(loc, &pg.Node{Node: n.Node}, pairs...).Node
}

// foldedTimeMarker matches the string constant that folding writes for
// now() and its synonyms, which it casts to timestamptz.
var foldedTimeMarker = regexp.MustCompile(`^pgway\.fold\.` + markerNonce + `\.\d+$`)

// isFiniteNow reports whether n is now() or one of its synonyms, as
// folding writes them, or such a value plus or minus an interval, in
// DuckDB's or in zonedIntervalArithmetic's form. These are never
// infinite.
func isFiniteNow(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil && e.Kind == pg.A_Expr_Kind_AEXPR_OP && len(e.Name) == 1 && e.Lexpr != nil && e.Rexpr != nil {
		op := lastName(e.Name)
		return (op == "+" || op == "-") && isFiniteNow(e.Lexpr) && isIntervalOperand(e.Rexpr, false)
	}
	if tc := n.GetTypeCast(); tc != nil && exactType(n) == "timestamptz" && tc.Arg.GetAConst().GetSval() != nil {
		return foldedTimeMarker.MatchString(tc.Arg.GetAConst().GetSval().GetSval())
	}
	if fc := n.GetTypeCast().GetArg().GetFuncCall(); fc != nil && lastName(fc.Funcname) == zonedIntervalFunction {
		// A sum that zonedIntervalArithmetic wrote.
		return isFiniteNow(fc.Args[0])
	}
	return isTimestamptzValued(n) && n.GetTypeCast() == nil && n.GetAExpr() == nil
}
