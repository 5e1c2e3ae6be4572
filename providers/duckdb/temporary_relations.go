package duckdb

import (
	"context"

	"pgway/translate"
)

// temporaryTablesSQL lists the columns of the connection's temporary
// tables. Temporary views are left out, as transactionTablesSQL
// leaves views out, so their columns have no known type.
const temporaryTablesSQL = `
SELECT c.table_name, c.column_name, ` + varcharColumnType + `
FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
` + varcharLengthsJoin + `
WHERE c.database_name = 'temp' AND NOT c.internal
ORDER BY c.table_name, c.column_index`

// temporaryColumns are the columns of a session's temporary tables, and
// the database's relations.version when they were read.
type temporaryColumns struct {
	version uint64
	tables  map[string][]translate.RelationColumn
}

// TemporaryColumns returns the column types of the session's temporary
// tables by name, and the database's relations.version when they were
// read, which stays the same while no statement may have changed them.
// It returns nil and 0 when the session has none, or when they cannot be
// read now because their connection has an open result.
func (s *session) TemporaryColumns(ctx context.Context) (map[string][]translate.RelationColumn, uint64) {
	s.mu.Lock()
	c := s.temporary
	busy := c != nil && c.busy
	s.mu.Unlock()
	if c == nil || busy || ctx.Err() != nil {
		return nil, 0
	}
	// Every statement that may create, change or drop a table counts in
	// relations.version, those of other sessions too, which costs this
	// session one more read.
	version := s.db.relations.version.Load()
	if read := s.temporaryColumns; read != nil && read.version == version {
		return read.tables, read.version
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
	s.temporaryColumns = &temporaryColumns{version: version, tables: tables}
	return tables, version
}
