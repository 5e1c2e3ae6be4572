package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// DuckDB writes a list cast to text as [1, 2, 3], where PostgreSQL's
// array output writes {1,2,3}. outputTextCasts writes the arrays that
// showsArray and isArrayOrByteaColumn find with pgway_text. arrayValue
// also finds the arrays that other expressions return, such as
// array[1,2] || 3, regexp_match() or a CASE of arrays.

// arrayResultFunctions return an array whatever their arguments, beside
// those of arrayFunctions.
var arrayResultFunctions = map[string]bool{
	"regexp_match": true, "regexp_matches": true, "array_positions": true,
}

// arrayValue reports whether n is an array that the statement shows: an
// array constructor, cast or column, || with an array operand, a function
// that returns an array, percentile_cont() or percentile_disc() of an
// array of fractions, a slice of an array, or COALESCE, GREATEST, LEAST,
// NULLIF or CASE of such arrays.
func arrayValue(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if showsArray(n) || isArrayColumn(n, types) {
		return true
	}
	switch v := n.GetNode().(type) {
	case *pg.Node_AExpr:
		e := v.AExpr
		switch {
		case e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "||" && e.Lexpr != nil:
			// An array operand makes || array_cat, array_append or
			// array_prepend, or an error.
			return arrayValue(e.Lexpr, types) || arrayValue(e.Rexpr, types)
		case e.Kind == pg.A_Expr_Kind_AEXPR_NULLIF:
			return arrayValue(e.Lexpr, types)
		}
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		switch name := strings.ToLower(lastName(fc.Funcname)); {
		case arrayResultFunctions[name]:
			return true
		case (name == "percentile_cont" || name == "percentile_disc") && len(fc.Args) == 1:
			return arrayValue(fc.Args[0], types)
		}
	case *pg.Node_AIndirection:
		indirection := v.AIndirection.Indirection
		last := indirection[len(indirection)-1].GetAIndices()
		return last != nil && last.IsSlice && arrayValue(v.AIndirection.Arg, types)
	case *pg.Node_CoalesceExpr:
		return anyArrayValue(v.CoalesceExpr.Args, types)
	case *pg.Node_MinMaxExpr:
		return anyArrayValue(v.MinMaxExpr.Args, types)
	case *pg.Node_CaseExpr:
		return anyArrayValue(caseResults(v.CaseExpr), types)
	}
	return false
}

// anyArrayValue reports whether one of values is an array (arrayValue).
// PostgreSQL gives the others the same type or fails.
func anyArrayValue(values []*pg.Node, types map[*pg.ColumnRef]string) bool {
	for _, n := range values {
		if n != nil && arrayValue(n, types) {
			return true
		}
	}
	return false
}

// isArrayColumn reports whether n is a column of an array type that types
// has.
func isArrayColumn(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	ref := n.GetColumnRef()
	return ref != nil && strings.HasSuffix(types[ref], "]")
}
