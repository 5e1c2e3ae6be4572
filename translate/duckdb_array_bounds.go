package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// The arrays that pgway builds on DuckDB start at subscript 1 in every
// dimension, since an array literal with other bounds, such as
// '[2:3]={1,2}', fails with 0A000. So array_lower() is 1 and
// array_upper() is array_length() for each dimension that the array has.
// An array of more than one dimension is a list of lists on DuckDB, and
// typeof() shows its dimensions as pairs of brackets: INTEGER[][].

// rewriteArrayBounds rewrites array_lower(a, d), array_upper(a, d) and
// array_ndims(a). Each is NULL for an empty or NULL array and for a
// dimension the array lacks, as in PostgreSQL, and of type integer:
//
//	array_lower(a, d)  CASE WHEN len(a) > 0 AND d BETWEEN 1 AND <dimensions> THEN 1 END
//	array_upper(a, d)  array_length(a, d), for a constant d
//	array_ndims(a)     CASE WHEN len(a) > 0 THEN <dimensions> END
//
// where <dimensions> counts the bracket pairs at the end of typeof(a).
// array_upper() with a dimension that is not a constant fails with
// 0A000, as array_length() cannot compute it.
func rewriteArrayBounds(n *pg.Node, fc *pg.FuncCall, name string) error {
	want := 2
	if name == "array_ndims" {
		want = 1
	}
	if len(fc.Args) != want || fc.AggStar || fc.FuncVariadic || len(fc.AggOrder) > 0 || fc.Over != nil {
		return noSuchFunction(fc, name)
	}
	loc := fc.Location
	array := func() *pg.Node { return proto.Clone(fc.Args[0]).(*pg.Node) }
	nonEmpty := compare(funcCall("len", loc, array()), ">", 0, loc)
	switch name {
	case "array_upper":
		if c := fc.Args[1].GetAConst(); c == nil || c.GetIval() == nil && !c.Isnull {
			return unsupported("array_upper() with a dimension that is not an integer constant", exprLocation(fc.Args[1]),
				"Write the dimension as a number, as in array_upper(a, 1).")
		}
		fc.Funcname = stringNodes("array_length")
		if !rewriteArrayLength(n, fc) {
			return unsupported("array_upper() of this dimension", exprLocation(fc.Args[1]), "")
		}
		return nil
	case "array_ndims":
		n.Node = searchedCase(loc, nil, nonEmpty, typeCast(arrayDimensions(array(), loc), "int4", loc)).Node
		return nil
	}
	condition := nonEmpty
	if c := fc.Args[1].GetAConst(); c == nil || c.GetIval() == nil || c.GetIval().Ival != 1 {
		between := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_BETWEEN, Name: stringNodes("BETWEEN"), Lexpr: fc.Args[1],
			Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: []*pg.Node{
				pg.MakeAConstIntNode(1, loc), arrayDimensions(array(), loc)}}}}, Location: loc}
		condition = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR,
			[]*pg.Node{nonEmpty, {Node: &pg.Node_AExpr{AExpr: between}}}, loc)
	}
	n.Node = searchedCase(loc, nil, condition, typeCast(pg.MakeAConstIntNode(1, loc), "int4", loc)).Node
	return nil
}

// arrayDimensions returns the number of dimensions of array's type, half
// the length of the brackets at the end of typeof(array):
//
//	(strlen(typeof(a)) - strlen(rtrim(typeof(a), '[]'))) / 2
//
// DuckDB folds it to a constant, since typeof() depends on the type
// only. Its value is a DOUBLE, which the callers cast to integer.
func arrayDimensions(array *pg.Node, loc int32) *pg.Node {
	typeName := func() *pg.Node { return funcCall("typeof", loc, proto.Clone(array).(*pg.Node)) }
	brackets := binaryOp("-", funcCall("strlen", loc, typeName()),
		funcCall("strlen", loc, funcCall("rtrim", loc, typeName(), pg.MakeAConstStrNode("[]", loc))), loc)
	return binaryOp("/", brackets, pg.MakeAConstIntNode(2, loc), loc)
}
