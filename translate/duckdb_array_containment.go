package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// rewriteArrayContainment gives array @> and <@ PostgreSQL's NULL
// elements. PostgreSQL's contained array never matches when it has a
// NULL element, since NULL equals nothing, where DuckDB skips such an
// element and may return true. a @> b becomes
//
//	CASE WHEN list_position(b, NULL) IS NULL THEN a @> b WHEN a IS NOT NULL THEN false END
//
// so that a NULL operand still gives NULL. An ARRAY constructor of
// constants other than NULL is left as it is. DuckDB's list_position finds
// a NULL element, and returns NULL for a NULL list.
func rewriteArrayContainment(n *pg.Node, e *pg.A_Expr, op string) {
	container, contained := e.Lexpr, e.Rexpr
	if op == "<@" {
		container, contained = e.Rexpr, e.Lexpr
	}
	if showsNoNullElement(contained) {
		return
	}
	loc := e.Location
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	position := funcCall("list_position", loc, proto.Clone(contained).(*pg.Node), null)
	noNullElement := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: position, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	containerPresent := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: proto.Clone(container).(*pg.Node), Nulltesttype: pg.NullTestType_IS_NOT_NULL, Location: loc}}}
	original := &pg.Node{Node: &pg.Node_AExpr{AExpr: e}}
	whens := []*pg.Node{
		pg.MakeCaseWhenNode(noNullElement, original, loc),
		pg.MakeCaseWhenNode(containerPresent, boolConst(false, loc), loc),
	}
	n.Node = pg.MakeCaseExprNode(nil, whens, loc).Node
}

// showsNoNullElement reports whether n is an ARRAY constructor, or a cast
// of one, whose elements are constants other than NULL.
func showsNoNullElement(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	array := n.GetAArrayExpr()
	if array == nil {
		return false
	}
	for _, element := range array.Elements {
		if tc := element.GetTypeCast(); tc != nil {
			element = tc.Arg
		}
		if c := element.GetAConst(); c == nil || c.Isnull {
			return false
		}
	}
	return true
}

// appendsRow reports whether array || row, or row || array, adds row as a
// row of a two-dimensional array, as PostgreSQL does: array is an ARRAY
// constructor of ARRAY constructors, each as long as row, an ARRAY
// constructor of other elements. DuckDB's || would fail on the mixed
// dimensions, and list_append and list_prepend add the row.
func appendsRow(array, row *pg.Node) bool {
	rows, flat := array.GetAArrayExpr(), row.GetAArrayExpr()
	if rows == nil || flat == nil || len(rows.Elements) == 0 {
		return false
	}
	for _, element := range flat.Elements {
		if element.GetAArrayExpr() != nil {
			return false
		}
	}
	for _, element := range rows.Elements {
		inner := element.GetAArrayExpr()
		if inner == nil || len(inner.Elements) != len(flat.Elements) {
			return false
		}
		for _, item := range inner.Elements {
			if item.GetAArrayExpr() != nil {
				return false
			}
		}
	}
	return true
}
