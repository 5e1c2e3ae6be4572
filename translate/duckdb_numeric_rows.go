package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// A column of UNION ALL or VALUES holds each row's value with its own
// scale in PostgreSQL. On DuckDB every row of the column must have the
// same type, so the column takes the _result form only when each row can:
// a quotient, NULL, or a number constant, which pgway_numeric_result
// turns into the form from its text. In the outermost query, so can an
// integer or numeric(p,s) whose type the statement shows, such as a table
// column that columnTypes resolved: pgway_to_numeric_result converts its
// values with its scale. A column with any other row keeps the DECIMAL
// form, since pgway cannot tell whether that row is numeric or double
// precision, which would make the column double precision.
// UNION without ALL keeps it too: it would tell apart equal values of
// different scales, which PostgreSQL takes for duplicates.

const numericResultFunction = "pgway_numeric_result"

// promoteRows gives the quotient columns of a UNION ALL or VALUES query
// the _result form where allowed accepts them and every row can take it,
// and so the columns of numbers of different scales (mixedScales) where
// the readers pass their values on unchanged.
func promoteRows(sel *pg.SelectStmt, allowed columnAllowed, types map[*pg.ColumnRef]string) {
	rows, names := unionAllRows(sel)
	if len(rows) == 0 {
		return
	}
	for i := range names {
		switch {
		case promotableColumn(rows, i, types) && (allowed(i, names[i], false) || allowed(i, names[i], true)):
			// The second call accepts a GROUP BY of the column, which
			// the first rejects without rewriting anything.
			promoteColumn(sel, rows, i, types)
		case mixedScales(rows, i, types) && allowed(i, names[i], true):
			// Readers that convert the _result form back get
			// DECIMAL(38,20), where DuckDB's DECIMAL had the
			// rows' largest scale, so they must pass it on as it is.
			promoteColumn(sel, rows, i, types)
		}
	}
}

// promoteColumn gives every row of column i of the UNION ALL or VALUES
// query sel the _result form. A column whose first row is a bare column
// reference gets its name, which the function call would lose.
func promoteColumn(sel *pg.SelectStmt, rows [][]*pg.Node, i int, types map[*pg.ColumnRef]string) {
	if leaves := unionAllLeaves(unwrappedValues(sel)); len(leaves) > 0 && i < len(leaves[0].TargetList) {
		rt := leaves[0].TargetList[i].GetResTarget()
		if ref := rt.GetVal().GetColumnRef(); ref != nil && rt.Name == "" {
			rt.Name = fieldName(ref.Fields, 1)
		}
	}
	for _, row := range rows {
		promoteRow(row[i], types)
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
// otherwise only NULL, number constants and, with types, integers and
// numerics of a known scale (rowScale).
func promotableColumn(rows [][]*pg.Node, i int, types map[*pg.ColumnRef]string) bool {
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
			if _, _, ok := rowScale(row[i], types); !ok {
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
// beside 2.25). A derived table's such columns take the form in
// promoteRows, only where the query that reads them passes them on
// unchanged (passedOnUnchanged).
func promoteConstantColumns(sel *pg.SelectStmt, types map[*pg.ColumnRef]string) {
	rows, names := unionAllRows(unwrappedValues(sel))
	for i := range names {
		if mixedScales(rows, i, types) {
			promoteColumn(sel, rows, i, types)
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
		if mixedScales(elements, 0, nil) {
			for _, e := range array.Elements {
				promoteRow(e, nil)
			}
		}
	}
}

// mixedScales reports whether column i of rows has only NULL, number
// constants and, with types, integers and numerics of a known scale
// (rowScale), among them numerics of more than one scale.
func mixedScales(rows [][]*pg.Node, i int, types map[*pg.ColumnRef]string) bool {
	return mixedScalesBy(rows, i, func(n *pg.Node) (int64, bool, bool) { return rowScale(n, types) })
}

// mixedScalesBy is mixedScales with the scale of each value from scaleOf.
func mixedScalesBy(rows [][]*pg.Node, i int, scaleOf func(*pg.Node) (scale int64, numeric, ok bool)) bool {
	numeric := false
	scales := map[int64]bool{}
	for _, row := range rows {
		if i >= len(row) {
			return false
		}
		if row[i].GetAConst().GetIsnull() {
			continue
		}
		scale, isNumeric, ok := scaleOf(row[i])
		if !ok {
			return false
		}
		numeric = numeric || isNumeric
		scales[scale] = true
	}
	return numeric && len(scales) > 1
}

// rowScale returns the scale that every value of n has in PostgreSQL,
// and whether n is a numeric rather than an integer. It finds the scale of
// a number constant and, with types, of a column or expression whose type
// is an integer type or numeric(p,s). For anything else ok is false.
func rowScale(n *pg.Node, types map[*pg.ColumnRef]string) (scale int64, numeric, ok bool) {
	if text, ok := constantText(n); ok {
		_, fraction, point := strings.Cut(text, ".")
		return int64(len(fraction)), point, true
	}
	if isWholeExtract(n) {
		return 0, true, true
	}
	if scale, numeric, ok := arithmeticScale(n, types); ok {
		return scale, numeric, true
	}
	if types == nil {
		return 0, false, false
	}
	if scale, ok := roundedScale(n); ok {
		return scale, true, true
	}
	if ref := n.GetColumnRef(); ref != nil {
		typ := types[ref]
		if integerWidths[typ] > 0 {
			return 0, false, true
		}
		_, scale, ok := numericTypmods(typ)
		return scale, true, ok
	}
	typ := exactType(n)
	if integerWidths[typ] > 0 {
		return 0, false, true
	}
	tc := n.GetTypeCast()
	if typ != "numeric" || tc == nil || len(tc.TypeName.GetTypmods()) == 0 {
		return 0, false, false
	}
	scale, ok = typmodInt(tc.TypeName, 1)
	if len(tc.TypeName.Typmods) == 1 {
		scale, ok = 0, true
	}
	return scale, true, ok
}

// arithmeticScale returns the scale of x + y, x - y, x * y, -x or
// abs(x) from the scales that rowScale finds for its operands. As in
// PostgreSQL's numeric arithmetic, a sum or difference takes the larger
// scale and a product the sum of the scales.
func arithmeticScale(n *pg.Node, types map[*pg.ColumnRef]string) (scale int64, numeric, ok bool) {
	if fc := n.GetFuncCall(); fc != nil && len(fc.Args) == 1 && len(fc.Funcname) == 1 &&
		strings.EqualFold(lastName(fc.Funcname), "abs") && fc.Over == nil {
		return rowScale(fc.Args[0], types)
	}
	e := n.GetAExpr()
	if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Rexpr == nil {
		return 0, false, false
	}
	op := lastName(e.Name)
	if op != "+" && op != "-" && op != "*" {
		return 0, false, false
	}
	right, rightNumeric, ok := rowScale(e.Rexpr, types)
	if !ok || e.Lexpr == nil {
		return right, rightNumeric, ok && op != "*"
	}
	left, leftNumeric, ok := rowScale(e.Lexpr, types)
	if !ok {
		return 0, false, false
	}
	if op == "*" {
		return left + right, leftNumeric || rightNumeric, true
	}
	return max(left, right), leftNumeric || rightNumeric, true
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
	return promotableColumn(rows, 0, nil)
}

// promoteInner gives the quotients inside a result column that
// innerPromotable accepts the _result form.
func promoteInner(n *pg.Node) {
	if fc := n.GetFuncCall(); fc != nil {
		resultForm(fc.Args[0])
		return
	}
	for _, e := range n.GetAArrayExpr().Elements {
		promoteRow(e, nil)
	}
}

// isQuotientAggregate reports whether n is max or min of a quotient,
// which passes on one of its values.
func isQuotientAggregate(n *pg.Node) bool {
	fc := n.GetFuncCall()
	return fc != nil && len(fc.Funcname) == 1 && (lastName(fc.Funcname) == "max" || lastName(fc.Funcname) == "min") &&
		innerPromotable(n)
}

// promoteRow gives a row of a promotable column the _result form: a
// quotient, or max or min of one, its own, a number constant that of its
// text, and another row that rowScale accepts pgway_to_numeric_result.
func promoteRow(n *pg.Node, types map[*pg.ColumnRef]string) {
	if resultForm(n) {
		return
	}
	if isQuotientAggregate(n) {
		promoteInner(n)
		return
	}
	loc := exprLocation(n)
	if text, ok := constantText(n); ok {
		n.Node = funcCall(numericResultFunction, loc, pg.MakeAConstStrNode(text, loc)).Node
		return
	}
	if _, _, ok := rowScale(n, types); ok {
		value := &pg.Node{Node: n.Node}
		n.Node = funcCall(numericCastFunction+resultSuffix, loc, value, funcCall(typeofFunction, loc, proto.Clone(value).(*pg.Node))).Node
	}
}
