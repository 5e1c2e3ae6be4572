package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// jsonbOperatorFunctions are the functions of pgway's DuckDB provider
// that run jsonb's containment and key operators, which DuckDB lacks.
// <@ runs as @> with its operands swapped.
var jsonbOperatorFunctions = map[string]string{
	"@>": "pgway_jsonb_contains", "<@": "pgway_jsonb_contains",
	"?": "pgway_jsonb_exists", "?|": "pgway_jsonb_exists_any", "?&": "pgway_jsonb_exists_all",
}

// rewriteJSONBOperator turns jsonb's @>, <@, ?, ?| and ?& into calls of
// the provider's functions. It reports false for an operator that it
// leaves to the other rewrites: @> and <@ of operands that are not
// jsonb, which are array containment.
//
// PostgreSQL has ?, ?| and ?& for jsonb only, so their left operand is
// always read as jsonb. @> and <@ are jsonb's when an operand shows that
// it is jsonb (showsJSON), or when one operand is a string constant and
// the other one is an expression of a type that the statement does not
// show, such as a column. A string
// constant beside jsonb is read as jsonb, as PostgreSQL resolves it.
// Operands that the statement does not show to be jsonb are checked
// when the statement runs, and fail with 42883 unless they are DuckDB's
// JSON.
func rewriteJSONBOperator(n *pg.Node, e *pg.A_Expr, op string) (bool, error) {
	if _, ok := jsonbOperatorFunctions[op]; !ok || e.Lexpr == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP {
		return false, nil
	}
	if (op == "@>" || op == "<@") && !jsonbContainment(e.Lexpr, e.Rexpr) {
		return false, nil
	}
	return true, callJSONBOperator(n, e, op)
}

// callJSONBOperator replaces n, the jsonb operator e, by the call of its
// function.
func callJSONBOperator(n *pg.Node, e *pg.A_Expr, op string) error {
	fn, loc := jsonbOperatorFunctions[op], e.Location
	switch op {
	case "@>", "<@":
		left := jsonbOperand(e.Lexpr, operatorMessage("{}", op, operandTypeName(e.Rexpr)), loc)
		right := jsonbOperand(e.Rexpr, operatorMessage(operandTypeName(e.Lexpr), op, "{}"), loc)
		if op == "<@" {
			left, right = right, left
		}
		n.Node = funcCall(fn, loc, left, right).Node
	case "?":
		if err := checkTextOperand(e.Rexpr, op, false, loc); err != nil {
			return err
		}
		doc := jsonbOperand(e.Lexpr, operatorMessage("{}", op, textOperandName(e.Rexpr, "text")), loc)
		n.Node = funcCall(fn, loc, doc, typeCast(e.Rexpr, "varchar", loc)).Node
	default:
		if err := checkTextOperand(e.Rexpr, op, true, loc); err != nil {
			return err
		}
		keys, err := textArrayOperand(e.Rexpr, loc)
		if err != nil {
			return err
		}
		doc := jsonbOperand(e.Lexpr, operatorMessage("{}", op, textOperandName(e.Rexpr, "text[]")), loc)
		n.Node = funcCall(fn, loc, doc, keys).Node
	}
	return nil
}

// jsonbContainment reports whether @> or <@ of left and right is
// jsonb's operator (rewriteJSONBOperator).
func jsonbContainment(left, right *pg.Node) bool {
	if showsJSON(left) || showsJSON(right) {
		return true
	}
	return jsonConstant(left) && untypedExpression(right) || jsonConstant(right) && untypedExpression(left)
}

// jsonConstant reports whether n is a string constant, which is a jsonb
// document beside a jsonb column. The rule ignores the constant's value,
// because statements that differ only in constants share one rewrite.
// NOTE: beside an array column such a constant fails with 42883, where
// PostgreSQL reads it as an array. DuckDB cannot read PostgreSQL's array
// syntax there either.
func jsonConstant(n *pg.Node) bool {
	return n.GetAConst().GetSval() != nil
}

// untypedExpression reports whether n is an expression whose type the
// statement does not show, such as a column, and that has no parameter.
func untypedExpression(n *pg.Node) bool {
	if c := n.GetAConst(); c != nil && (c.GetSval() != nil || c.Isnull) {
		return false
	}
	return !showsArray(n) && !hasParam(n)
}

// jsonbOperand returns the jsonb text of an operand that PostgreSQL
// reads as jsonb. A string constant, a NULL and an expression with a
// parameter pass as they are, and a bare parameter is typed as JSON so
// that it is described as jsonb. Any other operand that the statement
// does not show to be jsonb goes through pgway_jsonb_operand(), which
// fails with 42883 and message, its {} replaced by the operand's type,
// unless the value is DuckDB's JSON.
func jsonbOperand(x *pg.Node, message string, loc int32) *pg.Node {
	switch {
	case showsJSON(x):
		return typeCast(x, "varchar", loc)
	case x.GetParamRef() != nil:
		return typeCast(typeCast(x, "json", loc), "varchar", loc)
	case x.GetAConst() != nil && (x.GetAConst().GetSval() != nil || x.GetAConst().Isnull), hasParam(x):
		return typeCast(x, "varchar", loc)
	}
	return funcCall("pgway_jsonb_operand", loc, typeCast(x, "varchar", loc),
		funcCall(typeofFunction, loc, proto.Clone(x).(*pg.Node)), pg.MakeAConstStrNode(message, loc))
}

// operatorMessage is PostgreSQL's message for a missing operator.
func operatorMessage(left, op, right string) string {
	return fmt.Sprintf("operator does not exist: %s %s %s", left, op, right)
}

// operandTypeName is the name PostgreSQL's message gives the type of the
// other operand of a jsonb operator: unknown for a string constant or a
// NULL, and jsonb for anything else, which pgway_jsonb_operand checks.
func operandTypeName(n *pg.Node) string {
	if c := n.GetAConst(); c != nil && (c.GetSval() != nil || c.Isnull) {
		return "unknown"
	}
	return "jsonb"
}

// textOperandName is the name PostgreSQL's message gives the type of the
// right operand of ?, ?| or ?&: unknown for a string constant or a NULL,
// otherwise typeName.
func textOperandName(n *pg.Node, typeName string) string {
	if c := n.GetAConst(); c != nil && (c.GetSval() != nil || c.Isnull) {
		return "unknown"
	}
	return typeName
}

// checkTextOperand fails with 42883 for a right operand of ? that shows
// a type other than text, or of ?| and ?& a type other than an array of
// text, for which PostgreSQL finds no operator.
func checkTextOperand(n *pg.Node, op string, array bool, loc int32) error {
	name := ""
	switch typ := exactType(n); {
	case !array && typ != "" && typ != "text":
		name = typeDisplayNames[typ]
	case array && typ != "":
		// A scalar, such as text, where ?| and ?& take an array.
		name = typeDisplayNames[typ]
	case array && showsArray(n):
		switch elementClass(n) {
		case typeInteger:
			name = "integer[]"
		case typeNumeric:
			name = "numeric[]"
		case typeFloat:
			name = "double precision[]"
		}
	}
	if name == "" {
		return nil
	}
	return &Error{Code: CodeUndefinedFunction, Message: operatorMessage("jsonb", op, name),
		Hint:     "No operator matches the given name and argument types. You might need to add explicit type casts.",
		Position: int(loc) + 1}
}

// textArrayOperand is the text[] right operand of ?| and ?& as a
// varchar[]: a string constant in PostgreSQL's array syntax becomes a
// list of its elements, anything else a cast.
func textArrayOperand(n *pg.Node, loc int32) (*pg.Node, error) {
	s := n.GetAConst().GetSval()
	if s == nil {
		return typeCastArray(n, loc), nil
	}
	elems, ok := parseArrayLiteral(s.Sval)
	if !ok {
		return nil, &Error{Code: "22P02", Message: fmt.Sprintf("malformed array literal: %q", s.Sval),
			Position: int(loc) + 1}
	}
	return arrayOfElements(elems, loc), nil
}

// arrayOfElements is ARRAY[...]::varchar[] of the elements of an array
// literal.
func arrayOfElements(elems []arrayElement, loc int32) *pg.Node {
	items := make([]*pg.Node, len(elems))
	for i, el := range elems {
		items[i] = pg.MakeAConstStrNode(el.text, loc)
		if el.null {
			items[i] = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
		}
	}
	return typeCastArray(&pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: items, Location: loc}}}, loc)
}

// jsonbOperatorCalls are jsonb's functions behind its containment and
// key operators, by the operator each runs.
var jsonbOperatorCalls = map[string]string{
	"jsonb_contains": "@>", "jsonb_contained": "<@", "jsonb_exists": "?",
	"jsonb_exists_any": "?|", "jsonb_exists_all": "?&",
}

// rewriteJSONBOperatorCall turns jsonb_contains(a, b) and the other
// jsonbOperatorCalls into the calls of their operators, whose operands
// their signatures make jsonb and text. It reports false for other
// functions.
func rewriteJSONBOperatorCall(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	op, ok := jsonbOperatorCalls[name]
	if !ok {
		return false, nil
	}
	if len(fc.Args) != 2 || fc.FuncVariadic || fc.AggStar || fc.Over != nil {
		return true, &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("function %s() does not exist", name),
			Hint:     "No function matches the given name and argument types. You might need to add explicit type casts.",
			Position: int(fc.Location) + 1}
	}
	e := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP, Name: stringNodes(op), Lexpr: fc.Args[0], Rexpr: fc.Args[1],
		Location: fc.Location}
	return true, callJSONBOperator(n, e, op)
}
