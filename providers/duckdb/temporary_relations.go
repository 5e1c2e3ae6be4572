package duckdb

import (
	"context"

	"pgway/translate"
)

// temporaryTablesSQL lists the columns of the connection's temporary
// tables. Those of temporary views are read with DESCRIBE
// (temporaryViewColumns), since duckdb_columns() keeps a view's types
// from when it was created.
const temporaryTablesSQL = `
SELECT c.table_name, c.column_name, ` + varcharColumnType + `
FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
` + varcharLengthsJoin + `
WHERE c.database_name = 'temp' AND NOT c.internal
ORDER BY c.table_name, c.column_index`

// temporaryViewsSQL lists the connection's temporary views. duckdb_views()
// marks DuckDB's own pg_catalog views temporary too, so the views are
// those of the temp database.
const temporaryViewsSQL = `
SELECT view_name FROM duckdb_views()
WHERE database_name = 'temp' AND NOT internal
ORDER BY view_name`

// temporaryColumns are the columns of a session's temporary tables and
// views, and the database's relations.version when they were read.
type temporaryColumns struct {
	version uint64
	// read numbers the reads of the session, so that a read after the
	// views were left out returns another number at the same version.
	read   uint64
	tables map[string][]translate.RelationColumn
	// viewsLeftOut is set when the views were not read because their
	// connection was in a transaction.
	viewsLeftOut bool
}

// TemporaryColumns returns the column types of the session's temporary
// tables and views by name, and a number that stays the same while no
// statement may have changed them. It returns nil and 0 when the session
// has none, or when they cannot be read now because their connection has
// an open result.
func (s *session) TemporaryColumns(ctx context.Context) (map[string][]translate.RelationColumn, uint64) {
	s.mu.Lock()
	c := s.temporary
	busy := c != nil && c.busy
	s.mu.Unlock()
	if c == nil || busy || ctx.Err() != nil {
		return nil, 0
	}
	inTransaction := c == s.txConn()
	// Every statement that may create, change or drop a table counts in
	// relations.version, those of other sessions too, which costs this
	// session one more read.
	version := s.db.relations.version.Load()
	if read := s.temporaryColumns; read != nil && read.version == version && (!read.viewsLeftOut || inTransaction) {
		return read.tables, read.read
	}
	rows, err := s.queryText(c, temporaryTablesSQL)
	if err != nil {
		// In a transaction that an error aborted DuckDB reads nothing;
		// the columns are then unknown until it ends.
		return nil, 0
	}
	tables := map[string][]translate.RelationColumn{}
	for _, row := range rows {
		tables[row[0]] = append(tables[row[0]], translate.RelationColumn{Name: row[1], Type: exactType(row[2])})
	}
	s.withTemporaryTimePrecisions(c, tables)
	if !inTransaction {
		s.temporaryViewColumns(c, tables)
	}
	read := uint64(1)
	if s.temporaryColumns != nil {
		read = s.temporaryColumns.read + 1
	}
	s.temporaryColumns = &temporaryColumns{version: version, read: read, tables: tables, viewsLeftOut: inTransaction}
	return tables, read
}

// temporaryViewColumns adds the columns of the temporary views on c to
// tables, with the types of their queries as DuckDB binds them now. A
// view that no longer binds gets no columns, so its columns have no known
// type. c must not be in a transaction: DuckDB aborts a transaction at
// any error, a view's that does not bind too.
// NOTE: in a transaction the temporary views therefore have no known
// column types, as the permanent views of a transaction that ran DDL.
func (s *session) temporaryViewColumns(c *conn, tables map[string][]translate.RelationColumn) {
	views, err := s.queryText(c, temporaryViewsSQL)
	if err != nil {
		return
	}
	for _, view := range views {
		rows, err := s.queryText(c, "DESCRIBE SELECT * FROM temp.main."+quoteDuckDBIdent(view[0]))
		if err != nil {
			continue
		}
		columns := make([]translate.RelationColumn, len(rows))
		for i, row := range rows {
			columns[i] = translate.RelationColumn{Name: row[0], Type: exactType(row[1])}
		}
		tables[view[0]] = columns
	}
}
