package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// multidimensionalReason names what fails with 0A000 when an array of
// more than one dimension reaches cardinality() or unnest().
const multidimensionalReason = "cardinality() and unnest() of an array of more than one dimension " +
	"whose dimensions the statement does not show are not supported on DuckDB"

// flattenNestedArray makes cardinality(a) and unnest(a) see the elements
// of a multidimensional array a one by one, as PostgreSQL does, where
// DuckDB's list of lists has the inner lists as its elements. Where a is
// an ARRAY constructor of ARRAY constructors of d dimensions
// (constructorDepth), the argument becomes flatten() applied d-1 times:
//
//	cardinality(ARRAY[[1,2],[3,4]])  cardinality(flatten(ARRAY[[1,2],[3,4]]))
//
// Where a is a column or an ARRAY constructor with a column element, whose
// dimensions show only in DuckDB's type, the argument is guarded by
// nestedListGuard.
// NOTE: other arguments, such as a function that returns a list of lists,
// are not checked, and neither are those of unnest() of several arrays.
func flattenNestedArray(fc *pg.FuncCall) {
	if len(fc.Args) != 1 {
		return
	}
	arg := fc.Args[0]
	if depth := constructorDepth(arg); depth > 1 && arg.GetAArrayExpr() != nil {
		for range depth - 1 {
			arg = funcCall("flatten", fc.Location, arg)
		}
		fc.Args[0] = arg
		return
	}
	if arg.GetColumnRef() != nil || arg.GetAArrayExpr() != nil && hasColumnElement(arg.GetAArrayExpr()) {
		fc.Args[0] = nestedListGuard(arg, fc.Location)
	}
}

// hasColumnElement reports whether an element of array is a column, which
// may itself be an array and so add a dimension.
func hasColumnElement(array *pg.A_ArrayExpr) bool {
	for _, element := range array.Elements {
		if element.GetColumnRef() != nil {
			return true
		}
	}
	return false
}

// nestedListGuard returns value in a check that raises 0A000 when DuckDB
// types value as a list of lists. DuckDB folds typeof() when it binds the
// statement, so for a list of scalars the check reduces to value.
func nestedListGuard(value *pg.Node, loc int32) *pg.Node {
	isNested := binaryOp("~~", funcCall("typeof", loc, value), pg.MakeAConstStrNode("%[][]", loc), loc)
	raise := funcCall("error", loc, pg.MakeAConstStrNode(multidimensionalReason+" (SQLSTATE 0A000)", loc))
	guard := pg.MakeCaseExprNode(nil, []*pg.Node{pg.MakeCaseWhenNode(isNested, raise, loc)}, loc)
	guard.GetCaseExpr().Defresult = value
	return guard
}
