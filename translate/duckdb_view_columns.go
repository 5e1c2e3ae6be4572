package translate

import pg "github.com/pganalyze/pg_query_go/v6"

// viewColumns returns the CreatedColumns of CREATE VIEW, without its
// Prefix. DuckDB stores a view's numeric column as the DECIMAL of its
// query. PostgreSQL types a column such as avg(x) or x + 1 as numeric
// without a type modifier, whose values keep their own scales, and
// DuckDB would return its precision, scale and padded values. So the
// engine rejects such a view as it rejects CREATE TABLE AS.
func viewColumns(view *pg.ViewStmt) *CreatedColumns {
	sel := view.Query.GetSelectStmt()
	typmods := resultTypmods(view.Query)
	if typmods == nil {
		// A select list with *: the columns of tables and views keep
		// their type modifiers. Those of set operations, WITH queries
		// and other FROM items are taken to have none.
		strict := isSetOperation(sel) || sel.GetWithClause() != nil || !onlyRelations(sel.GetFromClause())
		return &CreatedColumns{Names: names(view.Aliases), Strict: strict}
	}
	if isSetOperation(sel) {
		// PostgreSQL keeps a type modifier only where every branch has
		// the same one, such as numeric(10,2), and DuckDB widens the
		// DECIMAL of branches with different scales, padding the rows.
		// resultTypmods cannot compare them, so no column keeps one.
		clear(typmods)
	}
	return &CreatedColumns{Typmods: typmods, Names: names(view.Aliases)}
}

// onlyRelations reports whether every FROM item, inside joins too, is a
// table or view.
func onlyRelations(from []*pg.Node) bool {
	for _, item := range from {
		if join := item.GetJoinExpr(); join != nil {
			if !onlyRelations([]*pg.Node{join.Larg, join.Rarg}) {
				return false
			}
		} else if item.GetRangeVar() == nil {
			return false
		}
	}
	return true
}

// createdQuery returns the query of stmt, a CREATE TABLE AS or CREATE
// VIEW.
func createdQuery(stmt *pg.Node) *pg.Node {
	if view := stmt.GetViewStmt(); view != nil {
		return view.Query
	}
	return stmt.GetCreateTableAsStmt().GetQuery()
}

// WithoutTypmod reports whether column i of the query has no type
// modifier in PostgreSQL, as far as the translator can tell.
func (c *CreatedColumns) WithoutTypmod(i int) bool {
	if i < len(c.Typmods) {
		return !c.Typmods[i]
	}
	return c.Strict
}
