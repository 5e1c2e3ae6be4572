package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL runs a SELECT without result columns, such as SELECT FROM t
// or EXISTS (SELECT FROM t WHERE ...), where DuckDB's parser needs a
// column. A top-level SELECT gets the column noColumnsName, which the
// engine leaves out of the result (Statement.NoColumns), and the
// subquery of EXISTS gets a NULL column, which EXISTS ignores. A set
// operation of such SELECTs gets the column in each of them, and so do
// queries in FROM and WITH (fillEmptySubqueries). Other queries without
// columns, such as a view's, DECLARE's or COPY's, still fail with 0A000
// (rewriteSelect).

// noColumnsName is the name of the placeholder column of a top-level
// SELECT without result columns.
const noColumnsName = "pgway_no_columns"

// fillEmptySelects gives the SELECTs without result columns of
// top-level statement stmt, and of the subqueries of its EXISTS, a
// column, and reports whether stmt itself got noColumnsName.
func fillEmptySelects(stmt *pg.Node) bool {
	walkNode(stmt, func(n *pg.Node) error {
		if link := n.GetSubLink(); link != nil && link.SubLinkType == pg.SubLinkType_EXISTS_SUBLINK {
			if sel := link.Subselect.GetSelectStmt(); withoutColumns(sel) {
				fillLeaves(sel, "")
			}
		}
		return nil
	})
	sel := stmt.GetSelectStmt()
	if !withoutColumns(sel) {
		return false
	}
	fillLeaves(sel, noColumnsName)
	return true
}

// emptySelect reports whether sel is a SELECT without result columns
// and without a set operation.
func emptySelect(sel *pg.SelectStmt) bool {
	return sel != nil && len(sel.TargetList) == 0 && len(sel.ValuesLists) == 0 && sel.Op == pg.SetOperation_SETOP_NONE
}

// nullTarget returns the result column NULL AS name.
func nullTarget(name string, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name,
		Val: &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}, Location: loc}}}
}
