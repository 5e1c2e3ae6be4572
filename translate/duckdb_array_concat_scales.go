package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's || of numeric arrays, or of a numeric array and an
// element, keeps each element's scale, so array_agg(x) || 1.5 of a
// numeric(10,2) x ends in 1.5. DuckDB's list takes one DECIMAL type for
// all elements and writes 1.50, or 1.0 for the integers of an int[]
// beside a numeric[].

// elementScale returns the scale of every element of array, an operand of
// || that returnedArray or showsArray accepts, and whether they are
// numerics rather than integers. ok is false where the statement does not
// show one scale for all of them.
func elementScale(array *pg.Node, types map[*pg.ColumnRef]string) (scale int64, numeric, ok bool) {
	switch v := array.GetNode().(type) {
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		if len(fc.Funcname) != 1 || lastName(fc.Funcname) != "array_agg" || len(fc.Args) != 1 || fc.AggStar ||
			showsArray(fc.Args[0]) || returnedArray(fc.Args[0]) {
			return 0, false, false
		}
		return rowScale(fc.Args[0], types)
	case *pg.Node_TypeCast:
		// A cast to numeric(p,s)[] or to an integer array type.
		name := v.TypeCast.TypeName
		if len(name.GetArrayBounds()) != 1 {
			return 0, false, false
		}
		element := &pg.TypeName{Names: name.Names, Typmods: name.Typmods, Location: name.Location}
		return rowScale(&pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: v.TypeCast.Arg, TypeName: element}}}, types)
	case *pg.Node_AArrayExpr:
		rows := make([][]*pg.Node, 0, len(v.AArrayExpr.Elements))
		for _, e := range v.AArrayExpr.Elements {
			if !e.GetAConst().GetIsnull() {
				rows = append(rows, []*pg.Node{e})
			}
		}
		if len(rows) == 0 {
			return 0, false, false
		}
		scale, numeric, ok = rowScale(rows[0][0], types)
		if !ok || mixedScales(rows, 0, types) {
			return 0, false, false
		}
		for _, row := range rows[1:] {
			if _, _, known := rowScale(row[0], types); !known {
				return 0, false, false
			}
		}
		return scale, numeric, true
	}
	return 0, false, false
}

// checkArrayConcatScales fails with 0A000 for || of a numeric array and
// another array or an element, both numbers, where a numeric among them
// may have another scale than the rest. It passes floats, and arrays whose
// elements the statement does not show, which fractionalElements checks
// where a function returns the array.
func checkArrayConcatScales(e *pg.A_Expr, leftArray, rightArray bool, types map[*pg.ColumnRef]string) error {
	if !leftArray && !rightArray {
		return nil
	}
	left, right := concatOperandScale(e.Lexpr, leftArray, types), concatOperandScale(e.Rexpr, rightArray, types)
	if left.null || right.null || left.class != typeNumeric && right.class != typeNumeric ||
		!scaleClass(left.class) || !scaleClass(right.class) {
		return nil
	}
	if left.known && right.known && (left.scale == right.scale || !left.numeric && !right.numeric) {
		return nil
	}
	return unsupported("|| of numeric arrays or elements of different scales", e.Location,
		"Cast both operands to numeric(p,s)[] or numeric(p,s).")
}

// concatScale describes the values of an operand of || for
// checkArrayConcatScales.
type concatScale struct {
	class          staticTypeClass
	scale          int64
	numeric, known bool
	// null is set for a NULL constant, which shows no scale.
	null bool
}

func concatOperandScale(n *pg.Node, array bool, types map[*pg.ColumnRef]string) concatScale {
	if array {
		s := concatScale{class: returnedElementClass(n)}
		s.scale, s.numeric, s.known = elementScale(n, types)
		if s.known && s.numeric {
			s.class = typeNumeric
		}
		return s
	}
	value := n
	for value.GetTypeCast() != nil {
		value = value.GetTypeCast().Arg
	}
	if value.GetAConst().GetIsnull() {
		return concatScale{null: true}
	}
	s := concatScale{class: staticType(n)}
	if ref := n.GetColumnRef(); ref != nil {
		s.class = castClasses[types[ref]]
	}
	s.scale, s.numeric, s.known = rowScale(n, types)
	return s
}

// scaleClass reports whether c is integer or numeric, the classes whose
// scales checkArrayConcatScales compares.
func scaleClass(c staticTypeClass) bool {
	return c == typeInteger || c == typeNumeric
}
