package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// floatAggregateGuard returns a function that raises PostgreSQL's 22003
// error for sum and avg of a double precision that overflow, where
// DuckDB returns Infinity, or nil for other calls. Call the function
// after the call's rewrite, with the node that holds it.
//
// PostgreSQL checks each addition: a sum is out of range when it is
// infinite and no input is. avg also sums the squares of the deviations
// from the mean, and fails when that sum overflows. The sum only grows,
// so it overflows when DuckDB's var_pop, whose sum of squares grows the
// same way, is infinite. sum(x) of a double precision becomes
//
//	CASE WHEN NOT isfinite(sum(x)) AND bool_and(isfinite(x)) THEN error(overflow) ELSE sum(x) END::float8
//
// with the call's DISTINCT, FILTER and OVER on every aggregate. The cast
// keeps the result visibly a double precision for the rewrites of the
// expressions around it.
// TODO: sum of reals, which DuckDB adds in double precision and casts to
// real (sumOfReals), fails with DuckDB's conversion error, not
// PostgreSQL's "value out of range: overflow", when it leaves real's
// range. avg of reals does not overflow in PostgreSQL.
// NOTE: PostgreSQL adds the values in the order it reads them, so a sum
// whose partial sums overflow in one order and not in another, or that
// overflows before an infinite value is added, can differ from
// DuckDB's.
func floatAggregateGuard(fc *pg.FuncCall, name string) func(n *pg.Node) {
	if len(fc.Args) != 1 || fc.AggStar || fc.AggWithinGroup || len(fc.Funcname) != 1 {
		return nil
	}
	if name != "sum" && name != "avg" || floatWidth(fc.Args[0]) != 8 {
		return nil
	}
	original := proto.Clone(fc).(*pg.FuncCall)
	return func(n *pg.Node) {
		loc := original.Location
		aggregate := func(name string, arg *pg.Node) *pg.Node {
			c := proto.Clone(original).(*pg.FuncCall)
			c.Funcname = stringNodes(name)
			c.Args = []*pg.Node{arg}
			return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: c}}
		}
		input := original.Args[0]
		finiteInputs := aggregate("bool_and", funcCall("isfinite", loc, proto.Clone(input).(*pg.Node)))
		sum := aggregate("sum", proto.Clone(input).(*pg.Node))

		infinite := pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{funcCall("isfinite", loc, sum)}, loc)
		if name == "avg" {
			squares := aggregate("var_pop", proto.Clone(input).(*pg.Node))
			infinite = boolExpr(pg.BoolExprType_OR_EXPR, []*pg.Node{infinite,
				pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{funcCall("isfinite", loc, squares)}, loc)}, loc)
		}
		overflow := boolExpr(pg.BoolExprType_AND_EXPR, []*pg.Node{infinite, finiteInputs}, loc)
		result := &pg.Node{Node: n.Node}
		n.Node = typeCast(searchedCase(loc, result, overflow, rangeError("overflow", loc)), "float8", loc).Node
	}
}
