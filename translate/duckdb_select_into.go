package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// selectIntoAsCreate returns SELECT ... INTO t as CREATE TABLE t AS
// SELECT ..., which PostgreSQL runs alike and DuckDB can parse, and
// reports whether it did. INTO of the first SELECT of a set operation
// names the table of the whole, as in PostgreSQL. TEMP and UNLOGGED stay
// on the new table's name.
func selectIntoAsCreate(stmt *pg.Node) (*pg.Node, bool) {
	sel := stmt.GetSelectStmt()
	if sel == nil {
		return stmt, false
	}
	first := sel
	for first.Op != pg.SetOperation_SETOP_NONE && first.Larg != nil {
		first = first.Larg
	}
	into := first.IntoClause
	if into == nil {
		return stmt, false
	}
	first.IntoClause = nil
	return &pg.Node{Node: &pg.Node_CreateTableAsStmt{CreateTableAsStmt: &pg.CreateTableAsStmt{
		Query: stmt, Into: into, Objtype: pg.ObjectType_OBJECT_TABLE}}}, true
}

// CreatedColumns describes the columns that CREATE TABLE AS creates on
// DuckDB, whose DECIMAL always has a precision and scale. PostgreSQL
// gives a numeric column a type modifier only where the query's column
// has one (see resultTypmods), so the engine describes the query and
// rejects a numeric column without one.
type CreatedColumns struct {
	// Prefix and Suffix are the DuckDB statement's text before and after
	// its query. Suffix is WITH NO DATA or empty.
	Prefix, Suffix string
	// Typmods report, for each column of the query, whether PostgreSQL
	// keeps its type modifier.
	Typmods []bool
	// Names are the names of the column list, as in CREATE TABLE t (a, b)
	// AS, or nil.
	Names []string
	// Strict is set when the columns past Typmods, whose type modifiers
	// resultTypmods cannot tell, are taken to have none.
	Strict bool
}

// createdColumns returns the CreatedColumns of stmt, a CREATE TABLE AS
// of a SELECT, without its Prefix, or nil for another statement or a
// query whose columns resultTypmods cannot tell.
func createdColumns(stmt *pg.Node) *CreatedColumns {
	if view := stmt.GetViewStmt(); view != nil {
		return viewColumns(view)
	}
	ctas := stmt.GetCreateTableAsStmt()
	if ctas == nil || ctas.Objtype != pg.ObjectType_OBJECT_TABLE {
		return nil
	}
	typmods := resultTypmods(ctas.Query)
	if typmods == nil {
		return nil
	}
	return &CreatedColumns{Typmods: typmods, Names: names(ctas.GetInto().GetColNames())}
}

// locateQuery sets c.Prefix and c.Suffix to the text around the query of
// stmt, the rewritten CREATE TABLE AS, in text, its DuckDB statement. It
// returns nil when it does not find the query there.
func (c *CreatedColumns) locateQuery(stmt *pg.Node, text string) *CreatedColumns {
	query, err := deparse(createdQuery(stmt))
	if err != nil {
		return nil
	}
	if query, err = quoteDuckDBKeywords(query); err != nil {
		return nil
	}
	if stmt.GetCreateTableAsStmt().GetInto().GetSkipData() {
		before, _, found := strings.Cut(text, query)
		if !found {
			return nil
		}
		c.Prefix, c.Suffix = before, text[len(before)+len(query):]
		return c
	}
	if !strings.HasSuffix(text, query) {
		return nil
	}
	c.Prefix = text[:len(text)-len(query)]
	return c
}

// checkUnloggedCreate rejects CREATE UNLOGGED TABLE, with or without AS,
// and SELECT INTO UNLOGGED: DuckDB has no unlogged tables, whose rows
// PostgreSQL empties after a crash.
func checkUnloggedCreate(stmt *pg.Node) error {
	rel := stmt.GetCreateTableAsStmt().GetInto().GetRel()
	if create := stmt.GetCreateStmt(); create != nil {
		rel = create.Relation
	}
	if rel.GetRelpersistence() == "u" {
		return unsupported("an unlogged table", rel.Location, "Leave out UNLOGGED.")
	}
	return nil
}
