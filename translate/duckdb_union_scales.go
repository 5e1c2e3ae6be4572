package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// UNION without ALL keeps each row's numeric value with its own scale in
// PostgreSQL, so SELECT 0.7 UNION SELECT 0 is 0.7 and 0. DuckDB gives the
// column one DECIMAL type, which writes 0.0, and promoteRows cannot give
// it the _result form, which would tell apart equal values of different
// scales that PostgreSQL takes for duplicates.

// checkUnionScales fails with 0A000 for a column of UNION without ALL
// whose rows are numbers of different scales that the statement shows.
func checkUnionScales(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	// The UNION nodes below a checked one need no check of their own, and
	// checking each would take quadratic time in a long chain of UNIONs.
	checked := map[*pg.SelectStmt]bool{}
	return walkNode(stmt, func(n *pg.Node) error {
		sel := n.GetSelectStmt()
		if sel == nil || sel.Op != pg.SetOperation_SETOP_UNION || sel.All || checked[sel] {
			return nil
		}
		var rows [][]*pg.Node
		for _, leaf := range unionLeaves(sel, checked) {
			leafRows, _ := leafColumns(leaf)
			if leafRows == nil {
				return nil
			}
			rows = append(rows, leafRows...)
		}
		for i := range firstRowLength(rows) {
			if unionMixedScales(rows, i, types) {
				return unsupportedf(exprLocation(rows[0][i]),
					"UNION of numeric values of different scales, in column %d, is not supported on DuckDB; use UNION ALL or cast the column to numeric(p,s)", i+1)
			}
		}
		return nil
	})
}

// unionLeaves returns the queries that sel combines with UNION, with or
// without ALL, or nil when it combines one with another set operation.
// It adds the UNION nodes it passes to checked.
func unionLeaves(sel *pg.SelectStmt, checked map[*pg.SelectStmt]bool) []*pg.SelectStmt {
	switch {
	case sel == nil:
		return nil
	case !isSetOperation(sel):
		return []*pg.SelectStmt{sel}
	case sel.Op != pg.SetOperation_SETOP_UNION:
		return nil
	}
	checked[sel] = true
	left, right := unionLeaves(sel.Larg, checked), unionLeaves(sel.Rarg, checked)
	if left == nil || right == nil {
		return nil
	}
	return append(left, right...)
}

func firstRowLength(rows [][]*pg.Node) int {
	if len(rows) == 0 {
		return 0
	}
	return len(rows[0])
}

// unionMixedScales is mixedScales, where a cast of an integer to numeric
// without a precision also has scale 0.
func unionMixedScales(rows [][]*pg.Node, i int, types map[*pg.ColumnRef]string) bool {
	return mixedScalesBy(rows, i, func(n *pg.Node) (int64, bool, bool) {
		if scale, numeric, ok := rowScale(n, types); ok {
			return scale, numeric, true
		}
		if tc := n.GetTypeCast(); tc != nil && lastName(tc.TypeName.GetNames()) == "numeric" &&
			len(tc.TypeName.GetTypmods()) == 0 && isIntegerExpression(tc.Arg) {
			return 0, true, true
		}
		return 0, false, false
	})
}
