package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Truncate is TRUNCATE on DuckDB, which truncates one table a statement
// and checks foreign keys otherwise than PostgreSQL. The rewrite
// truncates the first table, and the DuckDB provider truncates them all
// instead, in one transaction.
type Truncate struct {
	// Tables are the tables' names as the DuckDB dialect writes them, in
	// the statement's order.
	Tables []string
	// Cascade is set for TRUNCATE ... CASCADE, which also truncates the
	// tables whose foreign keys reference the tables.
	Cascade bool
}

// truncatedTables returns the Truncate of TRUNCATE, or nil.
func truncatedTables(stmt *pg.Node, catalog string) *Truncate {
	truncate := stmt.GetTruncateStmt()
	if truncate == nil {
		return nil
	}
	t := &Truncate{Cascade: truncate.Behavior == pg.DropBehavior_DROP_CASCADE}
	for _, n := range truncate.Relations {
		t.Tables = append(t.Tables, duckDBRelationName(n.GetRangeVar(), catalog))
	}
	return t
}

// duckDBRelationName writes the name of rv as publicToMain renames it.
func duckDBRelationName(rv *pg.RangeVar, catalog string) string {
	catalogName, schema := rv.Catalogname, rv.Schemaname
	switch {
	case schema == "public" && catalogName == "":
		catalogName, schema = catalog, "main"
	case schema == "pg_temp" && catalogName == "":
		catalogName, schema = "temp", "main"
	}
	var parts []string
	for _, part := range []string{catalogName, schema} {
		if part != "" {
			parts = append(parts, quoteIdentifier(part))
		}
	}
	return strings.Join(append(parts, quoteIdentifier(rv.Relname)), ".")
}

// checkTruncate removes CASCADE and RESTART IDENTITY from TRUNCATE, which
// DuckDB cannot parse. The provider truncates the tables that CASCADE
// adds (Truncate). RESTART IDENTITY restarts the sequences
// that columns of the tables own, and DuckDB's sequences belong to no
// column, so it has nothing to restart. CONTINUE IDENTITY is the
// default.
// NOTE: DuckDB's ALTER SEQUENCE ... OWNED BY makes a sequence belong to
// a table, which RESTART IDENTITY leaves as it is.
func checkTruncate(stmt *pg.Node) error {
	truncate := stmt.GetTruncateStmt()
	if truncate == nil {
		return nil
	}
	truncate.Behavior = pg.DropBehavior_DROP_RESTRICT
	truncate.RestartSeqs = false
	return nil
}

// truncateFirstTable leaves the first table of TRUNCATE, after the
// checks of every table's name. The provider truncates the others
// (Truncate).
func truncateFirstTable(stmt *pg.Node) {
	if truncate := stmt.GetTruncateStmt(); truncate != nil {
		truncate.Relations = truncate.Relations[:1]
	}
}

// catalog returns the name of the database, which names its relations in
// the rewrite, or "" where it is unknown.
func (d *duckDB) catalog() string {
	if d.caps.Relations == nil {
		return ""
	}
	return d.caps.Relations.catalog
}
