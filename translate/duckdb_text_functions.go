package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// rewritePad gives lpad and rpad PostgreSQL's result for an empty fill:
// the string cut to the length, where DuckDB raises an error. A fill
// other than the two-argument form's space becomes
//
//	CASE WHEN fill = '' THEN left(s, CASE WHEN n < 0 THEN 0 ELSE n END) ELSE lpad(s, n, fill) END
//
// and a constant empty fill only the left(). A constant fill that is not
// empty takes the CASE form too, so that the constant appears twice and
// stays in a shared template's key (shared.go). A space, the fill of
// char(n) casts, is left alone, since no sentinel is a space.
func rewritePad(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) == 2 {
		// DuckDB has no form without the fill text, whose default is a
		// space.
		fc.Args = append(fc.Args, pg.MakeAConstStrNode(" ", fc.Location))
		return
	}
	if len(fc.Args) != 3 {
		return
	}
	s, length, fill, loc := fc.Args[0], fc.Args[1], fc.Args[2], fc.Location
	if c := fill.GetAConst(); c != nil && c.GetSval() != nil && c.GetSval().Sval == " " {
		// A space is the fill of char(n) casts. No sentinel is a space,
		// so the constant needs no key.
		return
	}
	negative := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP,
		Name: stringNodes("<"), Lexpr: length, Rexpr: pg.MakeAConstIntNode(0, loc), Location: loc}}}
	cut := funcCall("left", loc, s, searchedCase(loc, length, negative, pg.MakeAConstIntNode(0, loc)))
	if c := fill.GetAConst(); c != nil && c.GetSval() != nil && c.GetSval().Sval == "" {
		n.Node = cut.Node
		return
	}
	empty := binaryOp("=", proto.Clone(fill).(*pg.Node), pg.MakeAConstStrNode("", loc), loc)
	padded := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}
	n.Node = searchedCase(loc, padded, empty, cut).Node
}

// rewriteStringAgg gives string_agg PostgreSQL's result for a NULL
// delimiter, which PostgreSQL reads as an empty one, where DuckDB returns
// NULL. DuckDB takes only a constant delimiter, and PostgreSQL may take
// another at each row, so any other delimiter fails with 0A000.
func rewriteStringAgg(fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return nil
	}
	delimiter := fc.Args[1]
	if !isConstant(delimiter) {
		return unsupportedf(fc.Location, "string_agg() with a delimiter that is not a constant is not supported on DuckDB")
	}
	inner := delimiter
	for inner.GetTypeCast() != nil {
		inner = inner.GetTypeCast().Arg
	}
	if c := inner.GetAConst(); c != nil && c.Isnull {
		fc.Args[1] = pg.MakeAConstStrNode("", fc.Location)
	}
	return nil
}

// rewriteArrayToString gives array_to_string PostgreSQL's result for an
// array of NULLs, an empty string where DuckDB returns NULL:
//
//	CASE WHEN a IS NULL OR d IS NULL THEN NULL ELSE coalesce(array_to_string(a, d), '') END
//
// The form with a string for NULL elements fails with 0A000.
func rewriteArrayToString(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) == 3 {
		return unsupportedf(fc.Location, "array_to_string() with a null string is not supported on DuckDB")
	}
	if len(fc.Args) != 2 {
		return nil
	}
	loc := fc.Location
	array, delimiter := proto.Clone(fc.Args[0]).(*pg.Node), proto.Clone(fc.Args[1]).(*pg.Node)
	isNull := func(x *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: x, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	}
	missing := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{isNull(array), isNull(delimiter)}, loc)
	joined := &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{
		Args: []*pg.Node{{Node: &pg.Node_FuncCall{FuncCall: fc}}, pg.MakeAConstStrNode("", loc)}, Location: loc}}}
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	n.Node = searchedCase(loc, joined, missing, null).Node
	return nil
}
