package duckdb

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/translate"
)

// The column types of a database's tables and views, which the DuckDB
// dialect uses to give a column its PostgreSQL semantics (see
// translate.Relations). The sessions of a database share one
// translate.Relations until a statement may have changed the schemas.

// relationTypes caches a database's Relations.
type relationTypes struct {
	// version counts the statements that may have changed the schemas.
	version atomic.Uint64

	mu sync.Mutex
	// read is the version that relations were read at.
	read      uint64
	relations *translate.Relations
}

// relationColumnsSQL lists the columns of the database's tables and
// views. Temporary relations belong to one DuckDB connection and are left
// out, so their columns have no known type.
const relationColumnsSQL = `
SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns()
WHERE database_name = current_database() AND NOT internal
ORDER BY schema_name, table_name, column_index`

// exactTypes are the DuckDB types whose values are the PostgreSQL type's,
// with that type as format_type writes it. The dialect casts a column to
// its type (translate's typeColumns), which DuckDB drops only when the
// types are the same. Other columns, such as TINYINT or HUGEINT, are
// listed without a type.
var exactTypes = map[string]string{
	"DOUBLE": "double precision", "FLOAT": "real", "SMALLINT": "smallint", "INTEGER": "integer",
	"BIGINT": "bigint", "VARCHAR": "text", "BOOLEAN": "boolean", "DATE": "date",
	"TIMESTAMP": "timestamp without time zone", "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
}

// Relations returns the column types of the session's database as they
// are now.
func (s *session) Relations(ctx context.Context) (*translate.Relations, error) {
	cache := &s.db.relations
	version := cache.version.Load()
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.relations != nil && cache.read == version {
		return cache.relations, nil
	}
	rows, err := s.db.sqlDB.QueryContext(ctx, relationColumnsSQL)
	if err != nil {
		return nil, convertError(fmt.Errorf("list duckdb columns: %w", err))
	}
	defer rows.Close()
	tables := map[[2]string][]translate.RelationColumn{}
	for rows.Next() {
		var schema, table, column, duckType string
		if err := rows.Scan(&schema, &table, &column, &duckType); err != nil {
			return nil, convertError(fmt.Errorf("list duckdb columns: %w", err))
		}
		key := [2]string{pgSchemaName(schema), table}
		tables[key] = append(tables[key], translate.RelationColumn{Name: column, Type: exactTypes[duckType]})
	}
	if err := rows.Err(); err != nil {
		return nil, convertError(fmt.Errorf("list duckdb columns: %w", err))
	}
	cache.relations, cache.read = translate.NewRelations(tables), version
	return cache.relations, nil
}

// schemaStatements are the statements after which the schemas may differ.
var schemaStatements = map[bindings.StatementType]bool{
	bindings.StatementTypeCreate: true, bindings.StatementTypeDrop: true,
	bindings.StatementTypeAlter: true, bindings.StatementTypeAttach: true,
	bindings.StatementTypeDetach: true, bindings.StatementTypeCopy: true,
}

// noteSchemaChange counts a statement of kind that ran, or failed, as a
// possible change of the schemas.
// NOTE: pgway answers BEGIN, COMMIT and ROLLBACK itself and each statement
// commits on its own (see transactionRun in the proxy), so DDL is seen by
// every session once it has run.
func (s *session) noteSchemaChange(kind statementKind) {
	if schemaStatements[bindings.StatementType(kind)] {
		s.db.relations.version.Add(1)
	}
}
