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
		guardPadLength(fc)
		return
	}
	if len(fc.Args) != 3 {
		return
	}
	s, length, fill, loc := fc.Args[0], fc.Args[1], fc.Args[2], fc.Location
	// Only the padded call needs the length guard, not the left() below.
	guardPadLength(fc)
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
// another at each row, so rewriteRowDelimiters handles any other.
func rewriteStringAgg(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return nil
	}
	delimiter := fc.Args[1]
	if !isConstant(delimiter) {
		return rewriteRowDelimiters(n, fc)
	}
	if hasParam(delimiter) && !fc.AggDistinct && fc.Over == nil {
		// DuckDB reads the delimiter when it binds the statement, so with
		// a parameter it types the result only when it runs.
		return rewriteRowDelimiters(n, fc)
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

// rewriteArrayToString rewrites array_to_string(a, d [, s]) into
//
//	pgway_array_to_string(pgway_text(a, typeof(a)), d, s)
//
// which reads the elements from PostgreSQL's output text of the array,
// so that they are written as PostgreSQL writes them (t for true) and an
// array of more dimensions is read element by element. A NULL element is
// written as s, or left out when s is NULL or missing. A constant a of
// unknown type fails with 42804 as in PostgreSQL, and an a that DuckDB
// types as no list with 42883 when DuckDB binds the statement.
func rewriteArrayToString(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 && len(fc.Args) != 3 {
		return nil
	}
	loc := fc.Location
	array := fc.Args[0]
	if c := array.GetAConst(); c != nil {
		return &Error{Code: "42804", Message: "could not determine polymorphic type because input has type unknown"}
	}
	nullString := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	if len(fc.Args) == 3 {
		nullString = fc.Args[2]
	}
	joined := funcCall("pgway_array_to_string", loc, outputTextCall(array, loc), fc.Args[1], nullString)
	notList := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_LIKE, Name: stringNodes("!~~"),
		Lexpr: funcCall(typeofFunction, loc, proto.Clone(array).(*pg.Node)), Rexpr: pg.MakeAConstStrNode("%]", loc), Location: loc}}}
	raise := funcCall("error", loc, pg.MakeAConstStrNode(
		"function array_to_string does not exist for these argument types (SQLSTATE 42883)", loc))
	n.Node = searchedCase(loc, joined, notList, raise).Node
	return nil
}
