package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// rewriteOverlaps turns (s1, e1) OVERLAPS (s2, e2), which DuckDB lacks,
// into CASE expressions that follow PostgreSQL 15's overlaps_timestamp.
// Each period starts at its lesser end, or at its one end that is not
// NULL, and the result is NULL wherever PostgreSQL's is. An end that is
// an interval counts from its period's start. An untyped string constant
// as an end, which PostgreSQL reads by the other operands' types, fails
// with 0A000.
func rewriteOverlaps(n *pg.Node, fc *pg.FuncCall) (bool, error) {
	if len(fc.Args) != 4 {
		return false, nil
	}
	loc := fc.Location
	for _, arg := range fc.Args {
		if c := arg.GetAConst(); c != nil && c.GetSval() != nil {
			return true, unsupportedf(loc, "OVERLAPS with a string constant that is not cast to a type is not supported on DuckDB")
		}
	}
	bounds := func(start, end *pg.Node) (*pg.Node, *pg.Node) {
		if isIntervalValued(end) {
			end = binaryOp("+", cloneNode(start), end, loc)
		}
		isNull := func(x *pg.Node) *pg.Node {
			return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
				Arg: cloneNode(x), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
		}
		lower := searchedCase(loc, funcCall("least", loc, cloneNode(start), cloneNode(end)),
			isNull(start), cloneNode(end), isNull(end), cloneNode(start))
		upper := searchedCase(loc, funcCall("greatest", loc, cloneNode(start), cloneNode(end)),
			isNull(start), nullConstant(loc), isNull(end), nullConstant(loc))
		return lower, upper
	}
	s1, e1 := bounds(fc.Args[0], fc.Args[1])
	s2, e2 := bounds(fc.Args[2], fc.Args[3])
	isNull := func(x *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: cloneNode(x), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	}
	boolean := func(v bool) *pg.Node {
		return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: v}}, Location: loc}}}
	}
	null := func() *pg.Node { return typeCast(nullConstant(loc), "bool", loc) }
	less := func(x, y *pg.Node) *pg.Node { return binaryOp("<", cloneNode(x), cloneNode(y), loc) }
	// One period starts later than the other, at lateStart: they overlap
	// if it starts before the earlier period ends.
	laterStart := func(lateStart, earlyEnd, lateEnd *pg.Node) *pg.Node {
		return searchedCase(loc, boolean(false),
			isNull(earlyEnd), null(), less(lateStart, earlyEnd), boolean(true), isNull(lateEnd), null())
	}
	either := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR,
		Args: []*pg.Node{isNull(e1), isNull(e2)}, Location: loc}}}
	n.Node = searchedCase(loc, searchedCase(loc, boolean(true), either, null()),
		&pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR,
			Args: []*pg.Node{isNull(s1), isNull(s2)}, Location: loc}}}, null(),
		less(s2, s1), laterStart(s1, e2, e1),
		less(s1, s2), laterStart(s2, e1, e2)).Node
	return true, nil
}

func nullConstant(loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
}
