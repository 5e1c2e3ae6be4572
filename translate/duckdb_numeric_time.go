package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// A quotient can be an operand of + and - with a date, a time or a
// timestamp, as in date_trunc('hour', at) + extract(minute from at)::integer
// / 15 * interval '15 minute' or d + i / 2. The provider's pgway_add and
// pgway_sub compute on numbers and intervals only. DuckDB's own + and -
// add an integer to a date, and an interval to a date, a time or a
// timestamp, as PostgreSQL does. The nested form of an integer or
// interval quotient is an INTEGER or an INTERVAL, so such an operator
// keeps DuckDB's form with the quotient nested.

// timeArithmetic reports whether op, with the operands left and right,
// is + or - on a date, a time or a timestamp, as one of the operands
// shows. Two intervals keep pgway_add and pgway_sub, which raise
// PostgreSQL's error when a field of the result overflows.
func timeArithmetic(op string, left, right *pg.Node) bool {
	if op != "+" && op != "-" || quotientInterval(left) && quotientInterval(right) {
		return false
	}
	return showsDateTime(left) || showsDateTime(right)
}

// quotientInterval reports whether n is an interval cast or a quotient with
// a date, time or interval operand.
func quotientInterval(n *pg.Node) bool {
	if isQuotient(n) {
		return showsDateTime(n)
	}
	return exactType(n) == "interval"
}

// showsDateTime reports whether n is of a date, time or interval type, or is
// a quotient with such an operand, whose result is then an interval.
func showsDateTime(n *pg.Node) bool {
	if n == nil {
		return false
	}
	if staticType(n) == typeTime {
		return true
	}
	fc := n.GetFuncCall()
	if fc == nil || !isQuotient(n) {
		return false
	}
	for _, arg := range fc.Args {
		if showsDateTime(arg) {
			return true
		}
	}
	return false
}
