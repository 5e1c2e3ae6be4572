package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// PostgreSQL's sum of numerics has the largest scale among them, and avg
// divides that sum by the count, as numeric / does. For quotients, whose
// scales differ from value to value, the DuckDB dialect sums their nested
// values and takes the scale from their _result forms:
//
//	sum(q)  pgway_sum(sum(q), max(pgway_numeric_scale(q)))
//	avg(q)  pgway_div(pgway_sum_result(...), count(q), '', typeof(count(q)))
//
// with the same FILTER and OVER on sum, max and count. With DISTINCT,
// which would drop values of other scales than the ones PostgreSQL
// keeps, they keep the forms of other arguments.

const (
	sumFunction   = "pgway_sum"
	scaleFunction = "pgway_numeric_scale"
)

// rewriteQuotientSum rewrites sum and avg of an argument that isOperand
// accepts into the forms above, and reports whether it did.
func rewriteQuotientSum(n *pg.Node, fc *pg.FuncCall, isOperand func(*pg.Node) bool) bool {
	name := lastName(fc.Funcname)
	if len(fc.Funcname) != 1 || name != "sum" && name != "avg" || len(fc.Args) != 1 ||
		fc.AggStar || !isOperand(fc.Args[0]) {
		return false
	}
	loc := fc.Location
	if name == "sum" && isNarrowIntegerQuotient(fc.Args[0]) {
		// PostgreSQL's sum of smallint or integer is a bigint, where
		// DuckDB sums into a HUGEINT, which pgway_sum writes as numeric.
		// Integer quotients have one scale, so DISTINCT keeps the same
		// values as in PostgreSQL.
		n.Node = typeCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, "int8", loc).Node
		return true
	}
	if fc.AggDistinct {
		return false
	}
	aggregate := func(name string, args ...*pg.Node) *pg.Node {
		c := proto.Clone(fc).(*pg.FuncCall)
		c.Funcname = stringNodes(name)
		if args != nil {
			c.Args = args
		}
		return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: c}}
	}
	withScale := proto.Clone(fc.Args[0]).(*pg.Node)
	resultForm(withScale)
	total := funcCall(sumFunction, loc, aggregate("sum"), aggregate("max", funcCall(scaleFunction, loc, withScale)))
	if name == "sum" {
		n.Node = total.Node
		return true
	}
	n.Node = divideByCount(total, aggregate("count"), loc).Node
	return true
}

// isNarrowIntegerQuotient reports whether n is a quotient of two
// operands that show they are smallint or integer, which PostgreSQL
// divides into a smallint or integer.
func isNarrowIntegerQuotient(n *pg.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil || lastName(fc.Funcname) != divFunction || len(fc.Args) < 2 {
		return false
	}
	for _, operand := range fc.Args[:2] {
		if typ := exactType(operand); typ != "int2" && typ != "int4" {
			return false
		}
	}
	return true
}

// divideByCount returns pgway_div(total, count), the average.
func divideByCount(total, count *pg.Node, loc int32) *pg.Node {
	return funcCall(divFunction, loc, total, count, operandType(total, loc),
		funcCall(typeofFunction, loc, proto.Clone(count).(*pg.Node)))
}

// sumOfReals writes sum() of a real as pgway_float4_sum(list(x)), with
// the same DISTINCT, ORDER BY, FILTER and OVER on list, and reports
// whether it did. PostgreSQL adds each value in single precision, where
// DuckDB's sum adds in double precision, so a sum of many values differs
// in its last digits. The function adds the list's values in float32 in
// their order. DISTINCT values are added in ascending order, as
// PostgreSQL sorts them to drop the duplicates. The cast to float4 keeps
// the type visible to the rewrites of the enclosing expression.
// NOTE: without ORDER BY, the order of the values is the order in which
// each database reads the rows, which can differ between PostgreSQL and
// DuckDB for a table that DuckDB scans in parallel. The list keeps every
// value of a group in memory, where DuckDB's sum keeps one number.
func sumOfReals(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 1 || fc.AggStar || floatWidth(fc.Args[0]) != 4 {
		return false
	}
	list := proto.Clone(fc).(*pg.FuncCall)
	list.Funcname = stringNodes("list")
	if list.AggDistinct && len(list.AggOrder) == 0 {
		list.AggOrder = []*pg.Node{{Node: &pg.Node_SortBy{SortBy: &pg.SortBy{
			Node: proto.Clone(list.Args[0]).(*pg.Node), Location: -1}}}}
	}
	sum := funcCall(float4SumFunction, fc.Location, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: list}})
	n.Node = typeCast(sum, "float4", fc.Location).Node
	return true
}

// float4SumFunction adds a list of reals as PostgreSQL's sum(real) does.
const float4SumFunction = "pgway_float4_sum"
