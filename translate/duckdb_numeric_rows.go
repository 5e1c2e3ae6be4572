package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// A column of UNION ALL or VALUES holds each row's value with its own
// scale in PostgreSQL. On DuckDB every row of the column must have the
// same type, so the column takes the _result form only when each row can:
// a quotient, NULL, or a number constant, which pgway_numeric_result
// turns into the form from its text. A column with any other row keeps
// the DECIMAL form, since pgway cannot tell whether that row is numeric
// or double precision, which would make the column double precision.
// UNION without ALL keeps it too: it would tell apart equal values of
// different scales, which PostgreSQL takes for duplicates.

const numericResultFunction = "pgway_numeric_result"

// promoteRows gives the quotient columns of a UNION ALL or VALUES query
// the _result form where allowed accepts them and every row can take it.
func promoteRows(sel *pg.SelectStmt, allowed columnAllowed) {
	rows, names := unionAllRows(sel)
	if len(rows) == 0 {
		return
	}
	for i := range names {
		if promotableColumn(rows, i) && allowed(i, names[i]) {
			for _, row := range rows {
				promoteRow(row[i])
			}
		}
	}
}

// unionAllRows returns the rows of expressions of the queries that sel
// combines with UNION ALL, with the column names of the first one. It
// returns nil when leafColumns rejects one of the queries.
func unionAllRows(sel *pg.SelectStmt) ([][]*pg.Node, []string) {
	var rows [][]*pg.Node
	var names []string
	for _, leaf := range unionAllLeaves(sel) {
		leafRows, leafNames := leafColumns(leaf)
		if leafRows == nil {
			return nil, nil
		}
		if names == nil {
			names = leafNames
		}
		rows = append(rows, leafRows...)
	}
	return rows, names
}

// unionAllLeaves returns the queries that sel combines with UNION ALL,
// sel itself when it combines none, or nil for another set operation.
func unionAllLeaves(sel *pg.SelectStmt) []*pg.SelectStmt {
	switch {
	case sel == nil:
		return nil
	case !isSetOperation(sel):
		return []*pg.SelectStmt{sel}
	case sel.Op != pg.SetOperation_SETOP_UNION || !sel.All:
		return nil
	}
	left, right := unionAllLeaves(sel.Larg), unionAllLeaves(sel.Rarg)
	if left == nil || right == nil {
		return nil
	}
	return append(left, right...)
}

// leafColumns returns the rows of expressions of a query without set
// operations, and its column names. It returns nil when the query has *
// or groups by a quotient, since its columns cannot then take the _result
// form.
func leafColumns(leaf *pg.SelectStmt) ([][]*pg.Node, []string) {
	leaf = unwrappedValues(leaf)
	if len(leaf.ValuesLists) > 0 {
		var rows [][]*pg.Node
		for _, list := range leaf.ValuesLists {
			rows = append(rows, list.GetList().GetItems())
		}
		names := make([]string, len(rows[0]))
		for i := range names {
			names[i] = "column" + strconv.Itoa(i+1)
		}
		return rows, names
	}
	if groupsByQuotient(leaf) {
		return nil, nil
	}
	row := make([]*pg.Node, len(leaf.TargetList))
	names := make([]string, len(leaf.TargetList))
	for i, t := range leaf.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil {
			return nil, nil
		}
		if ref := rt.Val.GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			return nil, nil
		}
		row[i], names[i] = rt.Val, rt.Name
	}
	return [][]*pg.Node{row}, names
}

// unwrappedValues returns the VALUES query of SELECT * FROM (VALUES ...)
// "*VALUES*", as which the DuckDB dialect writes a VALUES statement or
// the first query of a set operation (wrapValues, aliasSelect), and sel
// for another query.
func unwrappedValues(sel *pg.SelectStmt) *pg.SelectStmt {
	if len(sel.FromClause) != 1 || sel.DistinctClause != nil || sel.WhereClause != nil || sel.GroupClause != nil {
		return sel
	}
	rs := sel.FromClause[0].GetRangeSubselect()
	if inner := rs.GetSubquery().GetSelectStmt(); rs.GetAlias().GetAliasname() == "*VALUES*" && len(inner.GetValuesLists()) > 0 {
		return inner
	}
	return sel
}

// promotableColumn reports whether column i of rows has a quotient and
// otherwise only NULL and number constants.
func promotableColumn(rows [][]*pg.Node, i int) bool {
	quotient := false
	for _, row := range rows {
		if i >= len(row) {
			return false
		}
		switch {
		case isQuotient(row[i]) || isQuotientAggregate(row[i]):
			quotient = true
		case row[i].GetAConst().GetIsnull():
		default:
			if _, ok := constantText(row[i]); !ok {
				return false
			}
		}
	}
	return quotient
}

// promoteConstantColumns gives the columns of the outermost UNION ALL or
// VALUES query that hold numeric constants of different scales, and the
// elements of its ARRAY[...] columns, the _result form. It keeps each
// one's scale, where DuckDB would give them the largest (1.50 for 1.5
// beside 2.25). Only there: a query that reads them, with DISTINCT,
// GROUP BY or an aggregate, would compare the _result forms, in which 1.5
// and 1.50 differ.
func promoteConstantColumns(sel *pg.SelectStmt) {
	rows, names := unionAllRows(unwrappedValues(sel))
	for i := range names {
		if mixedScales(rows, i) {
			for _, row := range rows {
				promoteRow(row[i])
			}
		}
	}
	// So do the elements of an ARRAY[...] result column.
	for _, t := range sel.TargetList {
		array := t.GetResTarget().GetVal().GetAArrayExpr()
		if array == nil {
			continue
		}
		elements := make([][]*pg.Node, len(array.Elements))
		for i, e := range array.Elements {
			elements[i] = []*pg.Node{e}
		}
		if mixedScales(elements, 0) {
			for _, e := range array.Elements {
				promoteRow(e)
			}
		}
	}
}

// mixedScales reports whether column i of rows has only NULL and number
// constants, among them numeric constants, of more than one scale.
func mixedScales(rows [][]*pg.Node, i int) bool {
	numeric := false
	scales := map[int]bool{}
	for _, row := range rows {
		if i >= len(row) {
			return false
		}
		if row[i].GetAConst().GetIsnull() {
			continue
		}
		text, ok := constantText(row[i])
		if !ok {
			return false
		}
		_, fraction, point := strings.Cut(text, ".")
		numeric = numeric || point
		scales[len(fraction)] = true
	}
	return numeric && len(scales) > 1
}

// constantText returns the text of an integer or numeric constant, negated
// or not, as PostgreSQL reads it into a numeric.
func constantText(n *pg.Node) (string, bool) {
	sign := ""
	if e := n.GetAExpr(); e != nil && e.Lexpr == nil && e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "-" {
		sign, n = "-", e.Rexpr
	}
	c := n.GetAConst()
	switch {
	case c == nil:
		return "", false
	case c.GetIval() != nil:
		return sign + strconv.FormatInt(int64(c.GetIval().Ival), 10), true
	case c.GetFval() != nil && isPlainNumber(strings.TrimPrefix(c.GetFval().Fval, "-")):
		// The parser writes a negative constant's sign into it.
		text := c.GetFval().Fval
		if negative, ok := strings.CutPrefix(text, "-"); ok && sign == "-" {
			return negative, true
		}
		return sign + text, true
	}
	return "", false
}

// isPlainNumber reports whether s has only digits and at most one point.
func isPlainNumber(s string) bool {
	point := false
	for _, r := range s {
		switch {
		case r == '.' && !point:
			point = true
		case r < '0' || r > '9':
			return false
		}
	}
	return s != "" && s != "."
}

// passingAggregates pass on the values of their argument, each with its
// scale in PostgreSQL. DISTINCT would keep equal values of different
// scales apart in array_agg.
var passingAggregates = map[string]bool{"array_agg": true, "max": true, "min": true}

// innerPromotable reports whether a result column passes on the values
// of quotients inside it: the elements of ARRAY[...] when each can take
// the _result form, as the rows of VALUES, and the argument of array_agg
// without DISTINCT, max and min.
func innerPromotable(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		name := lastName(fc.Funcname)
		return len(fc.Funcname) == 1 && passingAggregates[name] && len(fc.Args) == 1 &&
			!(name == "array_agg" && fc.AggDistinct) && isQuotient(fc.Args[0])
	}
	array := n.GetAArrayExpr()
	if array == nil || len(array.Elements) == 0 {
		return false
	}
	rows := make([][]*pg.Node, len(array.Elements))
	for i, e := range array.Elements {
		rows[i] = []*pg.Node{e}
	}
	return promotableColumn(rows, 0)
}

// promoteInner gives the quotients inside a result column that
// innerPromotable accepts the _result form.
func promoteInner(n *pg.Node) {
	if fc := n.GetFuncCall(); fc != nil {
		resultForm(fc.Args[0])
		return
	}
	for _, e := range n.GetAArrayExpr().Elements {
		promoteRow(e)
	}
}

// isQuotientAggregate reports whether n is max or min of a quotient,
// which passes on one of its values.
func isQuotientAggregate(n *pg.Node) bool {
	fc := n.GetFuncCall()
	return fc != nil && len(fc.Funcname) == 1 && (lastName(fc.Funcname) == "max" || lastName(fc.Funcname) == "min") &&
		innerPromotable(n)
}

// promoteRow gives a quotient of a promotable column, or max or min of
// one, its _result form, and a number constant the same form from its
// text.
func promoteRow(n *pg.Node) {
	if resultForm(n) {
		return
	}
	if isQuotientAggregate(n) {
		promoteInner(n)
		return
	}
	if text, ok := constantText(n); ok {
		n.Node = funcCall(numericResultFunction, exprLocation(n), pg.MakeAConstStrNode(text, exprLocation(n))).Node
	}
}
