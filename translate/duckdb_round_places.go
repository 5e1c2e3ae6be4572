package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's round(numeric, d) and trunc(numeric, d) give a result of
// scale d, or 0 for negative d. DuckDB's keep their argument's scale when
// d is larger, so round(10.25, 3) is 10.25 where PostgreSQL writes
// 10.250, and with d a parameter DuckDB fixes the result's scale when it
// prepares the statement. Where the scale cannot be worked out while
// translating, the call becomes pgway_round or pgway_trunc, whose result
// carries the scale of each value as a quotient does.

// rewriteRoundPlaces turns round(x, d) and trunc(x, d) of a number x into
// pgway_round and pgway_trunc where d is not an integer constant, or is
// one above 0 that x's scale does not show.
func rewriteRoundPlaces(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Over != nil || fc.AggStar || fc.FuncVariadic || len(fc.Funcname) != 1 ||
		!roundsAsNumeric(fc.Args[0]) {
		return
	}
	if places, ok := integerConstant(fc.Args[1]); ok && places <= 0 {
		return
	}
	if scale, ok := shownScale(fc.Args[0]); ok {
		if places, constant := integerConstant(fc.Args[1]); constant && places <= int64(scale) {
			return
		}
	}
	name := strings.ToLower(lastName(fc.Funcname))
	x := fc.Args[0]
	n.Node = funcCall("pgway_"+name, fc.Location, x, fc.Args[1], operandType(x, fc.Location)).Node
}

// roundsAsNumeric reports whether x is an operand that PostgreSQL's
// round(numeric, integer) may take: any operand but a float, a
// parameter or a string constant, whose type DuckDB resolves from the
// function. pgway_round takes DECIMAL and integer values and rejects
// floats and other types as PostgreSQL does, so an operand whose type
// the statement does not show is passed on.
func roundsAsNumeric(x *pg.Node) bool {
	switch staticType(x) {
	case typeNumeric, typeInteger:
		return true
	case typeUnknown:
		return !isUntyped(x)
	}
	return false
}

// isDivTrunc reports whether n is div(x, y), before or after its rewrite
// to pgway_div_trunc. It is a numeric of scale 0 in PostgreSQL and a
// HUGEINT in DuckDB, so pickedClass counts it as a numeric.
func isDivTrunc(n *pg.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) != 1 || len(fc.Args) != 2 || fc.Over != nil {
		return false
	}
	name := strings.ToLower(lastName(fc.Funcname))
	return name == "div" || name == "pgway_div_trunc"
}
