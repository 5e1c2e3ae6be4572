package translate

import (
	"google.golang.org/protobuf/proto"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// rewriteIntervalAggregate turns sum(x) and avg(x) of an interval x,
// which DuckDB's sum lacks, into sums of its months, days and
// microseconds, which PostgreSQL keeps apart:
//
//	to_months(sum(months)::int4) + to_days(sum(days)::int4)
//	  + to_microseconds(sum(micros)::int8)
//
// with each sum keeping the call's FILTER and OVER. avg(x) divides that
// sum by count(x) with pgway_avg, as PostgreSQL's avg divides its sum
// with interval_div. It reports whether it rewrote the call: only where
// the statement shows that x is an interval (isIntervalValued). Other
// intervals still reach DuckDB's sum, whose error the provider reports
// as 0A000.
func rewriteIntervalAggregate(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if name != "sum" && name != "avg" || len(fc.Args) != 1 || fc.AggStar || len(fc.Funcname) != 1 || !isIntervalValued(fc.Args[0]) {
		return false, nil
	}
	if fc.AggDistinct {
		return true, unsupportedf(fc.Location, "%s(DISTINCT) of interval is not supported on DuckDB", name)
	}
	loc := fc.Location
	x := fc.Args[0]
	part := func(unit string) *pg.Node {
		return typeCast(funcCall("datepart", loc, pg.MakeAConstStrNode(unit, loc), cloneNode(x)), "int8", loc)
	}
	bigConstant := func(text string) *pg.Node { return typeCast(pg.MakeAConstStrNode(text, loc), "int8", loc) }
	aggregate := func(name string, arg *pg.Node) *pg.Node {
		call := proto.Clone(fc).(*pg.FuncCall)
		call.Funcname = stringNodes(name)
		call.Args = []*pg.Node{arg}
		return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: call}}
	}
	months := binaryOp("+", binaryOp("*", part("year"), pg.MakeAConstIntNode(12, loc), loc), part("month"), loc)
	micros := binaryOp("+", binaryOp("+",
		binaryOp("*", part("hour"), bigConstant("3600000000"), loc),
		binaryOp("*", part("minute"), pg.MakeAConstIntNode(60000000, loc), loc), loc),
		part("microseconds"), loc)
	total := binaryOp("+", binaryOp("+",
		funcCall("to_months", loc, typeCast(aggregate("sum", months), "int4", loc)),
		funcCall("to_days", loc, typeCast(aggregate("sum", part("day")), "int4", loc)), loc),
		funcCall("to_microseconds", loc, typeCast(aggregate("sum", micros), "int8", loc)), loc)
	if name == "sum" {
		n.Node = total.Node
		return true, nil
	}
	n.Node = funcCall(avgFunction, loc, total, aggregate("count", cloneNode(x)), pg.MakeAConstStrNode("INTERVAL", loc)).Node
	return true, nil
}

// isIntervalValued reports whether the statement shows that x is an
// interval: a cast to interval, including a typed column, a difference
// of two timestamps, or a sum or difference of two intervals.
func isIntervalValued(x *pg.Node) bool {
	return newValueKinds().isInterval(x)
}

func (k *valueKinds) isInterval(x *pg.Node) bool {
	known, ok := k.interval[x]
	if !ok {
		known = k.intervalOf(x)
		k.interval[x] = known
	}
	return known
}

func (k *valueKinds) intervalOf(x *pg.Node) bool {
	if exactType(x) == "interval" {
		return true
	}
	e := x.GetAExpr()
	if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || len(e.Name) != 1 {
		return false
	}
	op := e.Name[0].GetString_().GetSval()
	timestamps := map[string]bool{"timestamp": true, "timestamptz": true}
	switch {
	case op == "-" && timestamps[exactType(e.Lexpr)] && timestamps[exactType(e.Rexpr)]:
		return true
	case op == "+" || op == "-":
		return k.isInterval(e.Rexpr) && k.isInterval(e.Lexpr)
	}
	return false
}
