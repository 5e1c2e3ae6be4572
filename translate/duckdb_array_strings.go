package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// typeArrayStrings casts a string constant beside an expression that
// shows it is an array to that array's type, as PostgreSQL reads it:
// ARRAY[]::int[] = '{}' and coalesce(array_agg(id), '{}') compare and
// return arrays. typeArrayConstants does the same beside array columns.
// The places are those of typeArrayConstants: the operators of
// arrayConstantOperators, IS [NOT] DISTINCT FROM, IN and COALESCE. A
// string that PostgreSQL's array input rejects fails with its 22P02.
// Where the array's type does not show, as beside ARRAY[1, 2], the
// empty array '{}' becomes ARRAY[], which DuckDB gives the type of the
// other operand, and other strings stay as they are.
func typeArrayStrings(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		if c, ok := msg.(*pg.CoalesceExpr); ok {
			var array *pg.Node
			for _, arg := range c.Args {
				if showsArray(arg) && (array == nil || shownArrayType(array, types) == nil) {
					array = arg
				}
			}
			for i := range c.Args {
				if c.Args[i], err = arrayString(c.Args[i], array, types); err != nil {
					return
				}
			}
			return
		}
		e, ok := msg.(*pg.A_Expr)
		if !ok || !arrayConstantKinds[e.Kind] || e.Lexpr == nil || !arrayConstantOperators[lastName(e.Name)] {
			return
		}
		if list := e.Rexpr.GetList(); list != nil && e.Kind == pg.A_Expr_Kind_AEXPR_IN {
			for i := range list.Items {
				if list.Items[i], err = arrayString(list.Items[i], e.Lexpr, types); err != nil {
					return
				}
			}
			return
		}
		if e.Rexpr, err = arrayString(e.Rexpr, e.Lexpr, types); err != nil {
			return
		}
		e.Lexpr, err = arrayString(e.Lexpr, e.Rexpr, types)
	})
	return err
}

// arrayString returns n cast to the type of array when n is a string
// constant and array an expression that shows it is an array, as
// typeArrayStrings describes, and n itself otherwise.
func arrayString(n, array *pg.Node, types map[*pg.ColumnRef]string) (*pg.Node, error) {
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil || array == nil || !showsArray(array) {
		return n, nil
	}
	literal := c.GetSval().Sval
	if malformedArrayLiteral(literal) {
		return nil, &Error{Code: "22P02", Position: int(c.Location) + 1,
			Message: "malformed array literal: \"" + literal + "\""}
	}
	if name := shownArrayType(array, types); name != nil {
		name = proto.Clone(name).(*pg.TypeName)
		name.Location = c.Location
		return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: n, TypeName: name, Location: c.Location}}}, nil
	}
	if inner, ok := strings.CutPrefix(strings.TrimSpace(literal), "{"); ok && strings.TrimSpace(inner) == "}" {
		return &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Location: c.Location}}}, nil
	}
	return n, nil
}

// shownArrayType returns the array type that n shows: that of a cast to
// an array type, or of array_agg() of a column of a known type that is
// no array. It returns nil when n shows no such type.
func shownArrayType(n *pg.Node, types map[*pg.ColumnRef]string) *pg.TypeName {
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) > 0 {
		return tc.TypeName
	}
	fc := n.GetFuncCall()
	if fc == nil || !strings.EqualFold(lastName(fc.Funcname), "array_agg") || len(fc.Args) != 1 {
		return nil
	}
	if tc := fc.Args[0].GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 && tc.Arg.GetColumnRef() != nil {
		// typeColumns has cast the column to its type.
		name := proto.Clone(tc.TypeName).(*pg.TypeName)
		name.ArrayBounds = []*pg.Node{pg.MakeIntNode(-1)}
		return name
	}
	ref := fc.Args[0].GetColumnRef()
	if ref == nil || types[ref] == "" || strings.HasSuffix(types[ref], "]") {
		return nil
	}
	cast, err := arrayConstant(pg.MakeAConstStrNode("", ref.Location), types[ref])
	if err != nil {
		return nil
	}
	return cast.GetTypeCast().TypeName
}
