package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL's || of two arrays treats a NULL array as an empty one, so
// ARRAY[1, 2] || NULL::int[] is {1,2} and only NULL || NULL is NULL,
// where DuckDB's || returns NULL for either. Its anyarray || anyelement
// appends an element, and a string constant beside an array is read as
// an array of the same type, so 'x' || ARRAY['a'] fails with 22P02.

// typeArrayConcatOperands prepares the operands of || for the rewrite of
// rewriteOperator, which reads only the types the expression shows. A column of
// a known array type becomes a cast to its type, so a[] || 10 appends and
// a[] || NULL::int[] keeps a. A string constant beside an array is
// checked as PostgreSQL reads it and, beside a cast to an array type or
// such a column, cast to that type.
func typeArrayConcatOperands(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || lastName(e.Name) != "||" || e.Lexpr == nil {
			return
		}
		e.Lexpr, e.Rexpr = castArrayColumn(e.Lexpr, types), castArrayColumn(e.Rexpr, types)
		if e.Lexpr, err = arrayConcatConstant(e.Lexpr, e.Rexpr); err != nil {
			return
		}
		e.Rexpr, err = arrayConcatConstant(e.Rexpr, e.Lexpr)
	})
	return err
}

// castArrayColumn returns n cast to its type when it is a column of a
// known array type, and n itself otherwise.
func castArrayColumn(n *pg.Node, types map[*pg.ColumnRef]string) *pg.Node {
	ref := n.GetColumnRef()
	if ref == nil {
		return n
	}
	element, ok := strings.CutSuffix(types[ref], "[]")
	if !ok || element == "" || strings.HasSuffix(element, "]") {
		return n
	}
	cast, err := arrayConstant(pg.MakeAConstStrNode("", ref.Location), element)
	if err != nil {
		// An array of bytea, which arrayConstant does not cast.
		return n
	}
	cast.GetTypeCast().Arg = n
	return cast
}

// arrayConcatConstant returns constant, a string constant beside array in
// ||, cast to array's type where array is a cast to an array type. A
// string that PostgreSQL's array input rejects fails with its 22P02
// beside any expression that shows it is an array.
func arrayConcatConstant(constant, array *pg.Node) (*pg.Node, error) {
	c := constant.GetAConst()
	if c == nil || c.GetSval() == nil || !showsArray(array) {
		return constant, nil
	}
	if malformedArrayLiteral(c.GetSval().Sval) {
		return nil, &Error{Code: "22P02", Position: int(c.Location) + 1,
			Message: fmt.Sprintf("malformed array literal: %q", c.GetSval().Sval)}
	}
	tc := array.GetTypeCast()
	if tc == nil || len(tc.TypeName.GetArrayBounds()) == 0 {
		return constant, nil
	}
	name := proto.Clone(tc.TypeName).(*pg.TypeName)
	name.Location = c.Location
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: constant, TypeName: name, Location: c.Location}}}, nil
}

// rewriteArrayConcat rewrites a || b of two arrays so that a NULL operand
// counts as an empty array. DuckDB's list_concat() does that, but
// returns an empty list where both are NULL, so unless one operand is
// never NULL the call is guarded:
//
//	CASE WHEN a IS NOT NULL OR b IS NOT NULL THEN list_concat(a, b) END
//
// An operand that calls a volatile function fails there with 0A000,
// since the CASE evaluates it twice.
func rewriteArrayConcat(n *pg.Node, e *pg.A_Expr) error {
	if err := checkArrayConcatTypes(e); err != nil {
		return err
	}
	concat := funcCall("list_concat", e.Location, e.Lexpr, e.Rexpr)
	if neverNullArray(e.Lexpr) || neverNullArray(e.Rexpr) {
		n.Node = concat.Node
		return nil
	}
	for _, operand := range []*pg.Node{e.Lexpr, e.Rexpr} {
		if hasVolatileCall(operand) {
			return unsupported("|| of arrays that may be NULL and call a volatile function", exprLocation(operand),
				"Compute the arrays in a subquery or CTE first.")
		}
	}
	either := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{
		isNotNull(proto.Clone(e.Lexpr).(*pg.Node), e.Location),
		isNotNull(proto.Clone(e.Rexpr).(*pg.Node), e.Location)}, e.Location)
	n.Node = searchedCase(e.Location, nil, either, concat).Node
	return nil
}

// rewriteArrayCat rewrites array_cat(a, b) as a || b of two arrays, which
// it is in PostgreSQL: NULL where both are NULL, where DuckDB's
// array_cat returns an empty list.
func rewriteArrayCat(n *pg.Node, fc *pg.FuncCall) (bool, error) {
	if len(fc.Args) != 2 || fc.Over != nil || fc.AggStar || fc.AggDistinct {
		return false, nil
	}
	e := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP, Name: stringNodes("||"),
		Lexpr: fc.Args[0], Rexpr: fc.Args[1], Location: fc.Location}
	return true, rewriteArrayConcat(n, e)
}

// neverNullArray reports whether n is an array that is never NULL: an
// ARRAY constructor or ARRAY subquery, or a cast of one or of a string
// constant.
func neverNullArray(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	if c := n.GetAConst(); c != nil {
		return c.GetSval() != nil
	}
	if s := n.GetSubLink(); s != nil {
		return s.SubLinkType == pg.SubLinkType_ARRAY_SUBLINK
	}
	return n.GetAArrayExpr() != nil
}

// checkArrayConcatTypes raises PostgreSQL's 42883 for || of two arrays
// whose casts show elements of types without a common type, such as
// integer[] || text[], where DuckDB fails with a binder error.
func checkArrayConcatTypes(e *pg.A_Expr) error {
	left, right := e.Lexpr.GetTypeCast(), e.Rexpr.GetTypeCast()
	if left == nil || right == nil {
		return nil
	}
	leftName, rightName := lastName(left.TypeName.GetNames()), lastName(right.TypeName.GetNames())
	leftClass, rightClass := castClasses[leftName], castClasses[rightName]
	numbers := func(c staticTypeClass) bool { return c == typeInteger || c == typeNumeric || c == typeFloat }
	if leftClass == typeUnknown || rightClass == typeUnknown || leftClass == rightClass ||
		numbers(leftClass) && numbers(rightClass) || postgresTypeNames[leftName] == "" || postgresTypeNames[rightName] == "" {
		return nil
	}
	return &Error{Code: CodeUndefinedFunction, Hint: noOperatorHint, Position: int(e.Location) + 1,
		Message: "operator does not exist: " + postgresTypeNames[leftName] + "[] || " + postgresTypeNames[rightName] + "[]"}
}

// untypedNull reports whether n is a NULL constant without a cast.
func untypedNull(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// unseenOperand reports whether n is an operand of || whose type the
// statement does not show: a column that typeColumns left without a
// cast, or a scalar subquery.
func unseenOperand(n *pg.Node) bool {
	if s := n.GetSubLink(); s != nil {
		return s.SubLinkType == pg.SubLinkType_EXPR_SUBLINK
	}
	return n.GetColumnRef() != nil
}

// rewriteUnseenArrayConcat rewrites a || b where one operand shows that
// it is an array and the other's type does not show. DuckDB's || then
// concatenates lists, but returns NULL where one is NULL, so
//
//	CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE a || b END
//
// keeps the other array, as PostgreSQL does. Beside an operand that is
// never NULL, list_concat() does the same. An operand that is no list
// fails on DuckDB as it did before. An operand that calls a volatile
// function fails with 0A000, since the CASE evaluates it twice.
func rewriteUnseenArrayConcat(n *pg.Node, e *pg.A_Expr) error {
	if neverNullArray(e.Lexpr) || neverNullArray(e.Rexpr) {
		n.Node = funcCall("list_concat", e.Location, e.Lexpr, e.Rexpr).Node
		return nil
	}
	for _, operand := range []*pg.Node{e.Lexpr, e.Rexpr} {
		if hasVolatileCall(operand) {
			return unsupported("|| of arrays that may be NULL and call a volatile function", exprLocation(operand),
				"Compute the arrays in a subquery or CTE first.")
		}
	}
	clone := func(x *pg.Node) *pg.Node { return proto.Clone(x).(*pg.Node) }
	isNull := func(x *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: clone(x), Nulltesttype: pg.NullTestType_IS_NULL, Location: e.Location}}}
	}
	concat := binaryOp("||", e.Lexpr, e.Rexpr, e.Location)
	n.Node = searchedCase(e.Location, concat,
		isNull(e.Lexpr), clone(e.Rexpr),
		isNull(e.Rexpr), clone(e.Lexpr)).Node
	return nil
}
