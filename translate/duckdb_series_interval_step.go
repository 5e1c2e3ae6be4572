package translate

import pg "github.com/pganalyze/pg_query_go/v6"

// datetimeSeriesTypes are the types of a start or stop that make
// PostgreSQL 15 pick generate_series() of timestamps, whose step is an
// interval. A date resolves to the timestamp forms.
var datetimeSeriesTypes = map[string]bool{"date": true, "timestamp": true, "timestamptz": true}

// isIntervalSeriesStep reports whether the step of generate_series(start,
// stop, step) is known to be an interval. It is one when it is an
// interval or a string constant, which no other generate_series() takes
// as its step, or an expression such as (n - 1) * interval '1 day'. Any
// step is one when the start or stop is a date or a timestamp.
func isIntervalSeriesStep(fc *pg.FuncCall) bool {
	step := fc.Args[2]
	if isIntervalText(step) || isIntervalExpression(step) {
		return true
	}
	return datetimeSeriesTypes[exactType(fc.Args[0])] || datetimeSeriesTypes[exactType(fc.Args[1])]
}

// isIntervalExpression reports whether n is a cast to interval, or an
// arithmetic expression whose result PostgreSQL types as interval: a
// product or quotient with an interval factor, or a sum, difference or
// negation of intervals.
func isIntervalExpression(n *pg.Node) bool {
	if exactType(n) == "interval" {
		return true
	}
	expr := n.GetAExpr()
	if expr == nil || expr.Kind != pg.A_Expr_Kind_AEXPR_OP || len(expr.Name) != 1 {
		return false
	}
	switch expr.Name[0].GetString_().GetSval() {
	case "*":
		return isIntervalExpression(expr.Lexpr) || expr.Lexpr != nil && isIntervalExpression(expr.Rexpr)
	case "/":
		return expr.Lexpr != nil && isIntervalExpression(expr.Lexpr)
	case "+", "-":
		return (expr.Lexpr == nil || isIntervalExpression(expr.Lexpr)) && isIntervalExpression(expr.Rexpr)
	}
	return false
}
