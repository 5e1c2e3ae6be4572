package translate

import (
	"fmt"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL resolves the element type of an ARRAY constructor from its
// elements, and rejects operators and casts that DuckDB's lists accept:
// integer[] @> numeric[], integer[] = bigint[] and integer[]::jsonb. The
// checks here raise PostgreSQL's errors where the statement shows the
// element types of both operands.

// arrayTypeOperators are the operators of two arrays whose operands
// PostgreSQL requires to be of one array type.
var arrayTypeOperators = map[string]bool{
	"@>": true, "<@": true, "&&": true, "=": true, "<>": true, "!=": true,
	"<": true, "<=": true, ">": true, ">=": true,
}

// shownElementType returns the parser's name of the element type of the
// array n, such as int4 or text, where the statement shows it: a cast to
// an array type, or an ARRAY constructor of constants, casts and such
// constructors. It returns "" otherwise.
func shownElementType(n *pg.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		if len(tc.TypeName.GetArrayBounds()) == 0 {
			return ""
		}
		return lastName(tc.TypeName.GetNames())
	}
	array := n.GetAArrayExpr()
	if array == nil {
		return ""
	}
	found := ""
	for _, element := range array.Elements {
		typ := shownScalarType(element)
		if element.GetAArrayExpr() != nil {
			typ = shownElementType(element)
		}
		switch {
		case typ == "null":
			continue
		case typ == "":
			return ""
		case found == "" || found == typ:
			found = typ
		case numericRank[found] > 0 && numericRank[typ] > 0:
			if numericRank[typ] > numericRank[found] {
				found = typ
			}
		default:
			return ""
		}
	}
	return found
}

// numericRank orders the number types that an ARRAY constructor's
// elements resolve to, as PostgreSQL's implicit casts widen them.
var numericRank = map[string]int{"int4": 1, "int8": 2, "numeric": 3}

// shownScalarType returns the parser's name of the type of a constant or
// scalar cast, "null" for a NULL constant and "" for other expressions.
// A constant too large for bigint is numeric, as PostgreSQL types it.
func shownScalarType(n *pg.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		if len(tc.TypeName.GetArrayBounds()) > 0 {
			return ""
		}
		return lastName(tc.TypeName.GetNames())
	}
	c := n.GetAConst()
	switch {
	case c == nil:
		return ""
	case c.Isnull:
		return "null"
	case c.GetIval() != nil:
		return "int4"
	case c.GetSval() != nil:
		return "text"
	case c.GetBoolval() != nil:
		return "bool"
	case c.GetFval() != nil:
		return floatConstantType(c.GetFval().Fval)
	}
	return ""
}

// floatConstantType returns the type that PostgreSQL gives a number
// constant the parser did not read as an integer: bigint where it fits,
// otherwise numeric.
func floatConstantType(text string) string {
	if _, err := strconv.ParseInt(text, 10, 64); err == nil {
		return "int8"
	}
	return "numeric"
}

// checkArrayOperandTypes raises PostgreSQL's 42883 for an operator of two
// arrays whose element types the statement shows to differ.
func checkArrayOperandTypes(e *pg.A_Expr, op string) error {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || !arrayTypeOperators[op] {
		return nil
	}
	left, right := shownElementType(e.Lexpr), shownElementType(e.Rexpr)
	if left == "" || right == "" || left == right {
		return nil
	}
	return &Error{Code: "42883", Position: int(e.Location) + 1,
		Message: fmt.Sprintf("operator does not exist: %s[] %s %s[]", elementDisplayName(left), op, elementDisplayName(right)),
		Hint:    "No operator matches the given name and argument types. You might need to add explicit type casts."}
}

// checkArrayJSONCast raises PostgreSQL's 42846 for a cast of an array to
// json or jsonb, which DuckDB would run as to_json().
func checkArrayJSONCast(tc *pg.TypeCast) error {
	target := lastName(tc.TypeName.GetNames())
	if target != "json" && target != "jsonb" || len(tc.TypeName.GetArrayBounds()) > 0 || !showsArray(tc.Arg) {
		return nil
	}
	source := "an array type"
	if element := shownElementType(tc.Arg); element != "" {
		source = elementDisplayName(element) + "[]"
	}
	return &Error{Code: "42846", Position: int(tc.Location) + 1,
		Message: fmt.Sprintf("cannot cast type %s to %s", source, target)}
}

// checkBoundedCharArray rejects a cast to an array of character(n) or
// character varying(n) with 0A000. PostgreSQL truncates each element, and
// pads those of character(n), but pgway's rewrites of those casts work on
// a single string.
// TODO: truncate and pad each element with list_transform() and keep the
// result types bpchar[] and varchar[].
func checkBoundedCharArray(tc *pg.TypeCast) error {
	name := lastName(tc.TypeName.GetNames())
	if len(tc.TypeName.GetArrayBounds()) == 0 || name != "bpchar" && name != "varchar" {
		return nil
	}
	if name == "varchar" && len(tc.TypeName.GetTypmods()) == 0 {
		return nil
	}
	construct := "character(n)"
	if name == "varchar" {
		construct = "character varying(n)"
	}
	return unsupportedf(tc.Location, "casts to arrays of %s are not supported on DuckDB", construct)
}

// elementDisplayName returns the name that PostgreSQL's messages give the
// element type of parser name name.
func elementDisplayName(name string) string {
	switch name {
	case "varchar":
		return "character varying"
	case "bpchar":
		return "character"
	}
	return pgTypeDisplayName(name)
}

// checkArrayOperators runs checkArrayOperandTypes on each operator of
// stmt, for a dialect whose rewrite replaces array constructors before
// it reaches their operators.
func checkArrayOperators(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		if e := n.GetAExpr(); e != nil {
			return checkArrayOperandTypes(e, lastName(e.Name))
		}
		return nil
	})
}
