package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// arrayConstantOperators are the operators whose string constant operand
// PostgreSQL reads as an array of the type of the other operand, an
// array.
var arrayConstantOperators = map[string]bool{
	"@>": true, "<@": true, "&&": true, "=": true, "<>": true, "!=": true,
	"<": true, "<=": true, ">": true, ">=": true,
}

// arrayConstantKinds are the kinds of expression whose operator
// arrayConstantOperators names: a plain operator, IS [NOT] DISTINCT FROM
// and IN.
var arrayConstantKinds = map[pg.A_Expr_Kind]bool{
	pg.A_Expr_Kind_AEXPR_OP: true, pg.A_Expr_Kind_AEXPR_DISTINCT: true,
	pg.A_Expr_Kind_AEXPR_NOT_DISTINCT: true, pg.A_Expr_Kind_AEXPR_IN: true,
}

// typeArrayConstants casts a string constant beside an array column of a
// known type or an array that shows its type, as in tags @> '{music}',
// array[1, 2] = '{1,2}', tags in ('{a}', '{b}') or
// coalesce(tags, '{}'), to the column's type, since
// PostgreSQL reads it as an array of the column's element type. DuckDB
// would read the string in its own list syntax, or find no operator, and
// the cast reads PostgreSQL's array syntax (rewriteArrayLiteralCast).
// That cast does not read arrays of bytea, so a string beside such a
// column fails with 0A000.
func typeArrayConstants(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	if err := typeAnyArrayConstants(stmt, types); err != nil {
		return err
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if c, ok := msg.(*pg.CoalesceExpr); ok && err == nil {
			typ := constantType(&pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: c}}, types)
			for i, arg := range c.Args {
				if c.Args[i], err = constantOfType(arg, typ); err != nil {
					return
				}
			}
			return
		}
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || !arrayConstantKinds[e.Kind] || e.Lexpr == nil || !arrayConstantOperators[lastName(e.Name)] {
			return
		}
		if list := e.Rexpr.GetList(); list != nil && e.Kind == pg.A_Expr_Kind_AEXPR_IN {
			typ := constantType(e.Lexpr, types)
			for i, item := range list.Items {
				if list.Items[i], err = constantOfType(item, typ); err != nil {
					return
				}
			}
			return
		}
		if e.Rexpr, err = constantOfType(e.Rexpr, constantType(e.Lexpr, types)); err != nil {
			return
		}
		e.Lexpr, err = constantOfType(e.Lexpr, constantType(e.Rexpr, types))
	})
	return err
}

// arrayColumnElement returns the element type of n when it is a column of
// a known array type, an array whose type the statement shows
// (shownElementType), or COALESCE of one, and "" otherwise.
func arrayColumnElement(n *pg.Node, types map[*pg.ColumnRef]string) string {
	if c := n.GetCoalesceExpr(); c != nil {
		for _, arg := range c.Args {
			if element := arrayColumnElement(arg, types); element != "" {
				return element
			}
		}
		return ""
	}
	ref := n.GetColumnRef()
	if ref == nil {
		return shownElementType(n)
	}
	if element, ok := strings.CutSuffix(types[ref], "[]"); ok {
		return element
	}
	return ""
}

// constantType returns the type that a string constant beside n takes:
// the array type of arrayColumnElement, or bytea beside a bytea column,
// whose constants DuckDB would read in its own escape syntax.
func constantType(n *pg.Node, types map[*pg.ColumnRef]string) string {
	if element := arrayColumnElement(n, types); element != "" {
		return element + "[]"
	}
	if c := n.GetCoalesceExpr(); c != nil {
		for _, arg := range c.Args {
			if constantType(arg, types) == "bytea" {
				return "bytea"
			}
		}
	}
	if ref := n.GetColumnRef(); ref != nil && types[ref] == "bytea" {
		return "bytea"
	}
	return ""
}

// constantOfType casts n, when it is a string constant, to typ, a type
// that constantType returns.
func constantOfType(n *pg.Node, typ string) (*pg.Node, error) {
	if typ == "bytea" {
		if c := n.GetAConst(); c != nil && c.GetSval() != nil {
			return typeCast(n, "bytea", c.Location), nil
		}
		return n, nil
	}
	element, _ := strings.CutSuffix(typ, "[]")
	return arrayConstant(n, element)
}

// arrayConstant casts n, when it is a string constant, to element[], and
// returns it unchanged when element is "".
func arrayConstant(n *pg.Node, element string) (*pg.Node, error) {
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil || element == "" {
		return n, nil
	}
	if element == "bytea" {
		return nil, unsupportedf(c.Location, "a string constant beside an array of bytea is not supported on this warehouse")
	}
	cast := typeCast(n, element, c.Location)
	if precision, scale, ok := numericTypmods(element); ok {
		cast = typeCast(n, "numeric", c.Location)
		cast.GetTypeCast().TypeName.Typmods = []*pg.Node{
			pg.MakeAConstIntNode(precision, c.Location), pg.MakeAConstIntNode(scale, c.Location)}
	}
	cast.GetTypeCast().TypeName.ArrayBounds = []*pg.Node{pg.MakeIntNode(-1)}
	return cast, nil
}

// checkArrayLiteral raises PostgreSQL's 22P02 errors for an array literal
// that malformedArrayLiteral rejects. It also raises them for an element
// of an integer array that is no integer, where DuckDB would round '1.5'
// to 2. Other literals pass, including the forms that parseArrayLiteral
// does not read.
func checkArrayLiteral(tc *pg.TypeCast, literal string, elements []arrayElement) error {
	if malformedArrayLiteral(literal) {
		return &Error{Code: "22P02", Position: int(tc.Arg.GetAConst().GetLocation()) + 1,
			Message: fmt.Sprintf("malformed array literal: %q", literal)}
	}
	name := lastName(tc.TypeName.GetNames())
	if integerWidths[name] == 0 {
		return nil
	}
	for _, element := range elements {
		if element.null {
			continue
		}
		cast := &pg.TypeCast{Arg: pg.MakeAConstStrNode(element.text, tc.Arg.GetAConst().GetLocation())}
		if err := checkIntegerInput(cast, name); err != nil {
			return err
		}
	}
	return nil
}

// malformedArrayLiteral reports whether PostgreSQL 15's array_in rejects
// s before it reads the elements: s does not start with a brace or
// dimensions, its braces or quotes are not closed, or text follows the
// closing brace.
func malformedArrayLiteral(s string) bool {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	if s == "" || s[0] != '{' && s[0] != '[' {
		return true
	}
	if s[0] != '{' {
		return false
	}
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return strings.TrimSpace(s[i+1:]) != ""
			}
		}
	}
	return true
}

// typeAnyArrayConstants casts the string constant of x op ANY ('{...}')
// and x op ALL ('{...}') to an array of x's type, text where x is a string
// constant too, as PostgreSQL reads it. DuckDB would find no list there.
// A constant beside a value whose type the statement does not show fails
// with 0A000.
func typeAnyArrayConstants(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP_ANY && e.Kind != pg.A_Expr_Kind_AEXPR_OP_ALL {
			return
		}
		c := e.Rexpr.GetAConst()
		if c == nil || c.GetSval() == nil {
			return
		}
		element := exactType(e.Lexpr)
		if ref := e.Lexpr.GetColumnRef(); ref != nil && !strings.HasSuffix(types[ref], "]") {
			element = types[ref]
		}
		if l := e.Lexpr.GetAConst(); l != nil && l.GetSval() != nil {
			element = "text"
		}
		if element == "" {
			err = unsupportedf(c.Location, "a string constant as the array of ANY or ALL is not supported on this warehouse "+
				"beside a value whose type the statement does not show, so cast it to an array type")
			return
		}
		e.Rexpr, err = arrayConstant(e.Rexpr, element)
	})
	return err
}
