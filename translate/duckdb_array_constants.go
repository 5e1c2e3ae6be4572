package translate

import (
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

// typeArrayConstants casts a string constant beside an array column of a
// known type, as in tags @> '{music}', to the column's type, since
// PostgreSQL reads it as an array of the column's element type. DuckDB
// would read the string in its own list syntax, or find no operator, and
// the cast reads PostgreSQL's array syntax (rewriteArrayLiteralCast).
// That cast does not read arrays of bytea, so a string beside such a
// column fails with 0A000.
func typeArrayConstants(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	if len(types) == 0 {
		return nil
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || !arrayConstantOperators[lastName(e.Name)] {
			return
		}
		if e.Rexpr, err = arrayConstant(e.Rexpr, arrayColumnElement(e.Lexpr, types)); err != nil {
			return
		}
		e.Lexpr, err = arrayConstant(e.Lexpr, arrayColumnElement(e.Rexpr, types))
	})
	return err
}

// arrayColumnElement returns the element type of n when it is a column of
// a known array type, and "" otherwise.
func arrayColumnElement(n *pg.Node, types map[*pg.ColumnRef]string) string {
	ref := n.GetColumnRef()
	if ref == nil {
		return ""
	}
	element, _ := strings.CutSuffix(types[ref], "[]")
	return element
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
