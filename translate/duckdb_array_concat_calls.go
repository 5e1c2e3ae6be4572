package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// concatArrayResults rewrites || of an array that a function returns,
// or that a scalar subquery returns, as the function that PostgreSQL's
// operator runs: array_cat for two arrays, array_append or
// array_prepend for an array and an element. rewriteOperator visits an
// operator after its operands, and by then the DuckDB rewrite of a call
// such as string_to_array() no longer shows that it returns an array.
//
// An array of numeric or floating-point values with an element fails
// with 0A000, since DuckDB writes the integers of {1,2} || 2.5 as 1.0
// and 2.0.
func concatArrayResults(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	return walk(stmt.ProtoReflect(), func(n *pg.Node) error {
		e := n.GetAExpr()
		if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || lastName(e.Name) != "||" || e.Lexpr == nil {
			return nil
		}
		left, right := returnedArray(e.Lexpr), returnedArray(e.Rexpr)
		switch {
		case !left && !right:
			return checkArrayConcatScales(e, showsArray(e.Lexpr), showsArray(e.Rexpr), types)
		case (left || showsArray(e.Lexpr)) && (right || showsArray(e.Rexpr)):
			if err := checkArrayConcatScales(e, true, true, types); err != nil {
				return err
			}
			n.Node = funcCall("array_cat", e.Location, e.Lexpr, e.Rexpr).Node
		case left && untypedNull(e.Rexpr):
			// PostgreSQL reads the NULL as an empty array of the other
			// operand's type.
			n.Node = e.Lexpr.Node
		case right && untypedNull(e.Lexpr):
			n.Node = e.Rexpr.Node
		case left && elementOf(e.Rexpr, e.Lexpr, types):
			if err := checkArrayConcatScales(e, true, false, types); err != nil {
				return err
			}
			n.Node = funcCall("array_append", e.Location, e.Lexpr, e.Rexpr).Node
		case right && elementOf(e.Lexpr, e.Rexpr, types):
			if err := checkArrayConcatScales(e, false, true, types); err != nil {
				return err
			}
			n.Node = funcCall("array_prepend", e.Location, e.Lexpr, e.Rexpr).Node
		case fractionalElements(e.Lexpr, e.Rexpr, left, right):
			return unsupported("|| of an array of numeric or floating-point values and an element", e.Location, "")
		}
		return nil
	})
}

// fractionalElements reports whether one of the operands of || is an
// array that returnedArray accepts and the other a number, and either
// the number or the array's elements are not integers. Elements whose
// type the statement does not show count as not integers beside a
// fractional number, as array_agg(x) || 1.5 of a numeric(10,2) x.
// NOTE: beside an integer they count as integers, so such an array ||
// 1 writes 1.00 where PostgreSQL writes 1.
func fractionalElements(lexpr, rexpr *pg.Node, left, right bool) bool {
	array, element := lexpr, rexpr
	if !left {
		array, element = rexpr, lexpr
	}
	have, want := staticType(element), returnedElementClass(array)
	numbers := func(c staticTypeClass) bool { return c == typeInteger || c == typeNumeric || c == typeFloat }
	if want == typeUnknown && have != typeInteger {
		want = have
	}
	return (left || right) && numbers(have) && numbers(want) && (have != typeInteger || want != typeInteger)
}

// returnedArray reports whether n is a call of a function that returns
// an array, or a scalar subquery whose only result column shows that
// it is an array.
func returnedArray(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		return arrayFunctions[strings.ToLower(lastName(fc.Funcname))]
	}
	return subqueryArray(n) != nil
}

// subqueryArray returns the result column of n when n is a scalar
// subquery of one column that shows that it is an array, and nil
// otherwise.
func subqueryArray(n *pg.Node) *pg.Node {
	s := n.GetSubLink()
	if s == nil || s.SubLinkType != pg.SubLinkType_EXPR_SUBLINK {
		return nil
	}
	targets := s.Subselect.GetSelectStmt().GetTargetList()
	if len(targets) != 1 {
		return nil
	}
	if value := targets[0].GetResTarget().GetVal(); showsArray(value) || returnedArray(value) {
		return value
	}
	return nil
}

// elementOf reports whether element is a value of the class of array's
// elements: a number constant, a cast, or a column of a known type
// that is no array. Integers of different widths are of one class. PostgreSQL reads a string constant or a NULL beside
// an array as an array.
func elementOf(element, array *pg.Node, types map[*pg.ColumnRef]string) bool {
	if showsArray(element) || returnedArray(element) {
		return false
	}
	have := staticType(element)
	if ref := element.GetColumnRef(); ref != nil {
		have = castClasses[types[ref]]
	} else if c := element.GetAConst(); element.GetTypeCast() == nil && (c == nil || c.GetIval() == nil && c.GetFval() == nil) {
		return false
	}
	return have != typeUnknown && have == returnedElementClass(array)
}

// returnedElementClass returns the class of the elements of an array
// that returnedArray or showsArray accepts, where the call's arguments
// show it.
func returnedElementClass(array *pg.Node) staticTypeClass {
	if value := subqueryArray(array); value != nil {
		return returnedElementClass(value)
	}
	fc := array.GetFuncCall()
	if fc == nil || len(fc.Args) == 0 {
		return elementClass(array)
	}
	switch strings.ToLower(lastName(fc.Funcname)) {
	case "array_append", "array_cat", "array_remove", "array_replace":
		return returnedElementClass(fc.Args[0])
	case "array_prepend":
		return returnedElementClass(fc.Args[len(fc.Args)-1])
	case "array_agg":
		if fc.AggStar || showsArray(fc.Args[0]) || returnedArray(fc.Args[0]) {
			return typeUnknown
		}
		return staticType(fc.Args[0])
	}
	return elementClass(array)
}
