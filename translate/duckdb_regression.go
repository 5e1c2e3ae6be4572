package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// rewriteRegression makes corr, regr_slope and regr_intercept return NULL
// and NaN where PostgreSQL 15 does, and reports whether it rewrote n.
// PostgreSQL returns NULL when the sum of squares of
// X (for corr also of Y) is 0, as for one row or equal values, where
// DuckDB divides by it and returns NaN:
//
//	corr(y, x)  CASE WHEN regr_sxx(y, x) = 0 OR regr_syy(y, x) = 0 THEN NULL
//	                 ELSE corr(y, x) END
//
// A NaN or infinite input makes PostgreSQL's intercept NaN, where DuckDB
// returns NULL:
//
//	regr_intercept(y, x)  CASE WHEN regr_intercept(y, x) IS NULL
//	                           AND regr_sxx(y, x) <> 0 THEN 'NaN'::float8
//	                      ELSE regr_intercept(y, x) END
//
// regr_sxx is NULL when no row has both values, so the CASE keeps NULL
// there. Each aggregate keeps the call's DISTINCT, FILTER and OVER.
//
// NOTE: DuckDB accumulates the sums otherwise than PostgreSQL, so other
// results can differ from PostgreSQL's in the last digit.
func rewriteRegression(n *pg.Node, fc *pg.FuncCall, name string) bool {
	if len(fc.Args) != 2 || len(fc.Funcname) != 1 {
		return false
	}
	loc := fc.Location
	aggregate := func(name string) *pg.Node {
		c := proto.Clone(fc).(*pg.FuncCall)
		c.Funcname = stringNodes(name)
		return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: c}}
	}
	zero := func(name string) *pg.Node {
		return binaryOp("=", aggregate(name), pg.MakeAConstIntNode(0, loc), loc)
	}
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	switch name {
	case "corr":
		anyZero := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR,
			Args: []*pg.Node{zero("regr_sxx"), zero("regr_syy")}, Location: loc}}}
		n.Node = searchedCase(loc, aggregate(name), anyZero, null).Node
	case "regr_slope":
		n.Node = searchedCase(loc, aggregate(name), zero("regr_sxx"), null).Node
	case "regr_intercept":
		isNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: aggregate(name), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
		spread := binaryOp("<>", aggregate("regr_sxx"), pg.MakeAConstIntNode(0, loc), loc)
		nan := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_AND_EXPR,
			Args: []*pg.Node{isNull, spread}, Location: loc}}}
		n.Node = searchedCase(loc, aggregate(name), nan, typeCast(pg.MakeAConstStrNode("NaN", loc), "float8", loc)).Node
	default:
		return false
	}
	return true
}
