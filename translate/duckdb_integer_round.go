package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL has round(numeric, integer) and trunc(numeric, integer) but
// no such functions of integers, so round(count(*), 2) casts the count to
// numeric and is 10.00, with the scale of the places. DuckDB rounds the
// integer and returns an integer, 10, which a later division then
// divides as an integer. round(x) and trunc(x) of an integer are
// PostgreSQL's functions of double precision.

// maxIntegerDigits is the number of digits of the largest bigint.
const maxIntegerDigits = 19

// rewriteIntegerRound rewrites round() and trunc() of an integer: with
// places n >= 0 into the integer cast to numeric(19 + n, n), which is
// the rounded value, with negative places into the function of the
// integer cast to numeric, and without places into the integer cast to
// double precision. Places that are not a constant, or more than DuckDB's
// DECIMAL can hold, fail with 0A000.
func rewriteIntegerRound(n *pg.Node, fc *pg.FuncCall) error {
	name := strings.ToLower(lastName(fc.Funcname))
	if len(fc.Args) == 0 || len(fc.Args) > 2 || fc.Over != nil || fc.AggStar || fc.FuncVariadic ||
		!isIntegerExpression(fc.Args[0]) {
		return nil
	}
	x, loc := fc.Args[0], fc.Location
	if len(fc.Args) == 1 {
		n.Node = typeCast(x, "float8", loc).Node
		return nil
	}
	places, ok := integerConstant(fc.Args[1])
	switch {
	case !ok:
		return unsupportedf(loc, "%s() of an integer with places that are not an integer constant is not supported on DuckDB", name)
	case places > 38-maxIntegerDigits:
		return unsupportedf(loc, "%s() of an integer to more than %d places is not supported on DuckDB", name, 38-maxIntegerDigits)
	case places >= 0:
		n.Node = decimalCast(x, int32(maxIntegerDigits+places), int32(places), loc).Node
	default:
		fc.Args[0] = decimalCast(x, 38, 0, loc)
	}
	return nil
}

// isIntegerExpression reports whether n's type is a PostgreSQL integer
// type that the expression shows: an integer constant, cast or column of
// known type, count(), and sum(), min() or max() of int2 or int4, which
// are bigint or the same type.
func isIntegerExpression(n *pg.Node) bool {
	if staticType(n) == typeInteger {
		return true
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) != 1 || fc.AggDistinct && len(fc.Args) != 1 {
		return false
	}
	switch strings.ToLower(lastName(fc.Funcname)) {
	case "count":
		return true
	case "sum", "min", "max":
		if len(fc.Args) != 1 {
			return false
		}
		t := exactType(fc.Args[0])
		return t == "int2" || t == "int4" || strings.ToLower(lastName(fc.Funcname)) != "sum" && t == "int8"
	}
	return false
}

// integerConstant returns the value of an integer constant, which the
// parser writes with its minus.
func integerConstant(n *pg.Node) (int64, bool) {
	for n.GetTypeCast() != nil && castClasses[lastName(n.GetTypeCast().TypeName.GetNames())] == typeInteger {
		n = n.GetTypeCast().Arg
	}
	c := n.GetAConst()
	if c == nil || c.GetIval() == nil && !c.Isnull {
		return 0, false
	}
	return int64(c.GetIval().GetIval()), c.GetIval() != nil
}
