package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// A query that groups by a quotient, such as GROUP BY n * $1, computes
// the groups with the nested DECIMAL(38,20) form, since a GROUP BY
// expression and its result column must be of the same DuckDB type.
// PostgreSQL shows each group's value as its first row has it, with that
// row's scale. So a result column that is the GROUP BY expression itself
// becomes any_value(quotient_result): DuckDB's first non-NULL value of the
// group in the _result form, which is NULL only in the group of NULL.
// Where the rows of a group have different scales, as a / b may, the
// first row DuckDB reads need not be the one PostgreSQL reads first.
// NOTE: this computes the quotient twice for every row, once for the
// group and once in the _result form. BenchmarkNumericScales in
// providers/duckdb measured 2.2 µs a row for the group alone and 4.4 µs
// with any_value, on 2 cores.

const anyValueFunction = "any_value"

// promoteGroupedQuotients gives sel's result columns that are one of its
// GROUP BY expressions, a quotient, and that allowed accepts the form
// any_value(quotient_result). GROUPING SETS, ROLLUP and CUBE, whose rows
// of subtotals show NULL for the expression, and DISTINCT keep the
// nested form.
func promoteGroupedQuotients(sel *pg.SelectStmt, allowed columnAllowed) {
	if len(sel.DistinctClause) > 0 {
		return
	}
	for _, g := range sel.GroupClause {
		if g.GetGroupingSet() != nil {
			return
		}
	}
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil || !isQuotient(rt.Val) || !groupedBy(sel, rt.Val) || !allowed(i, rt.Name, false) {
			continue
		}
		value := &pg.Node{Node: rt.Val.Node}
		resultForm(value)
		rt.Val = funcCall(anyValueFunction, exprLocation(value), value)
	}
}

// groupedBy reports whether sel groups by an expression equal to n.
func groupedBy(sel *pg.SelectStmt, n *pg.Node) bool {
	for _, g := range sel.GroupClause {
		if sameExpression(g, n) {
			return true
		}
	}
	return false
}
