package duckdb

import (
	"context"
	"fmt"

	"pgway/translate"
)

// macrosSQL lists the macros of the database, which a DuckDB file may
// have from outside pgway and which translation lets a client call
// although PostgreSQL has no functions of their names.
const macrosSQL = `
SELECT DISTINCT function_name FROM duckdb_functions()
WHERE database_name = current_database() AND NOT internal AND function_type IN ('macro', 'table_macro')`

// withMacros records the database's macros in relations. It reads them
// on a connection of its own, so a statement in a transaction may call
// the macros that others committed, and not those that the transaction
// created.
func (s *session) withMacros(ctx context.Context, relations *translate.Relations) error {
	rows, err := s.db.sqlDB.QueryContext(ctx, macrosSQL)
	if err != nil {
		return convertError(fmt.Errorf("list duckdb macros: %w", err))
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return convertError(fmt.Errorf("list duckdb macros: %w", err))
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return convertError(fmt.Errorf("list duckdb macros: %w", err))
	}
	relations.SetMacros(names)
	return nil
}
