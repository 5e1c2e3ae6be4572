package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// PostgreSQL 15 computes stddev and variance of integers and numerics in
// numeric (numeric_stddev_internal in src/backend/utils/adt/numeric.c),
// from the exact count, sum and sum of squares, and of floats in float8.
// DuckDB computes all of them in DOUBLE. The DuckDB dialect writes
//
//	stddev(x)  pgway_variance('stddev_samp', sum(x) * 0, sum(x)::VARCHAR,
//	               sum((x + 0::HUGEINT) * (x + 0::HUGEINT))::VARCHAR,
//	               count(x), stddev_samp(x))
//
// with the same DISTINCT, FILTER and OVER on each aggregate. DuckDB picks
// the overload by the type of sum(x) * 0, a zero that no cast overflows.
// For HUGEINT or DECIMAL it computes the numeric from the exact texts of
// the sums. For DOUBLE it returns DuckDB's own float result, the last
// argument. Adding a HUGEINT zero keeps the squares of integers from
// overflowing their type. With DISTINCT the sum of squares is NULL,
// because the distinct squares of x and -x are one value, and the numeric
// overloads fail with 0A000. For a quotient, whose DECIMAL(38,20) form
// hides the scale of its values, the text of the sum comes from
// pgway_sum_result (duckdb_numeric_sum.go), and pgway_square squares its
// _result form.
//
// NOTE: DuckDB sums the squares in 38 digits, so values near the bigint
// limits fail with 22003 where PostgreSQL computes the result. A DECIMAL
// of a scale over 19, such as a quotient column of a derived table, fails
// with 22003 because DuckDB cannot hold its square.

// varianceFunction computes stddev and variance in the DuckDB provider.
const varianceFunction = "pgway_variance"

// varianceKinds map PostgreSQL's stddev and variance aggregates to the
// DuckDB aggregate of the same float8 result.
var varianceKinds = map[string]string{
	"stddev": "stddev_samp", "stddev_samp": "stddev_samp", "stddev_pop": "stddev_pop",
	"variance": "var_samp", "var_samp": "var_samp", "var_pop": "var_pop",
}

// rewriteVariance rewrites stddev and variance of one argument into the
// form above, and reports whether it did.
func rewriteVariance(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	kind, ok := varianceKinds[name]
	if !ok || len(fc.Args) != 1 || fc.AggStar || isUntyped(fc.Args[0]) {
		return false, nil
	}
	loc := fc.Location
	aggregate := func(name string, arg *pg.Node) *pg.Node {
		c := proto.Clone(fc).(*pg.FuncCall)
		c.Funcname = stringNodes(name)
		if arg != nil {
			c.Args = []*pg.Node{arg}
		}
		return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: c}}
	}
	sum := aggregate("sum", nil)
	sumText := typeCast(proto.Clone(sum).(*pg.Node), "varchar", loc)
	var squares *pg.Node
	switch {
	case isQuotient(fc.Args[0]) && fc.AggDistinct:
		return true, unsupportedf(loc, "%s(DISTINCT) of a quotient or numeric function is not supported on DuckDB", name)
	case isQuotient(fc.Args[0]):
		sumText, squares = quotientSums(fc, aggregate)
	case fc.AggDistinct:
		squares = typeCast(&pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}, "varchar", loc)
	default:
		widened := func() *pg.Node {
			x := proto.Clone(fc.Args[0]).(*pg.Node)
			return binaryOp("+", x, typeCast(pg.MakeAConstIntNode(0, loc), "hugeint", loc), loc)
		}
		squares = typeCast(aggregate("sum", binaryOp("*", widened(), widened(), loc)), "varchar", loc)
	}
	n.Node = funcCall(varianceFunction, loc,
		pg.MakeAConstStrNode(kind, loc),
		binaryOp("*", sum, pg.MakeAConstIntNode(0, loc), loc),
		sumText,
		squares,
		aggregate("count", nil),
		aggregate(kind, nil)).Node
	return true, nil
}

// squareFunction squares a quotient in its _result form for
// stddev and variance.
const squareFunction = "pgway_square"

// quotientSums returns the text of the sum of fc's argument, a quotient,
// with the largest scale among its values, as PostgreSQL's sum has it,
// and the text of the sum of its squares.
func quotientSums(fc *pg.FuncCall, aggregate func(string, *pg.Node) *pg.Node) (sumText, squares *pg.Node) {
	loc := fc.Location
	total := aggregate("sum", nil)
	rewriteQuotientSum(total, total.GetFuncCall(), isQuotient)
	resultForm(total)
	value := proto.Clone(fc.Args[0]).(*pg.Node)
	resultForm(value)
	squares = typeCast(aggregate("sum", funcCall(squareFunction, loc, value)), "varchar", loc)
	return funcCall(numericOutFunction, loc, total), squares
}
