package duckdb

import (
	"context"
	"fmt"

	"pgway/translate"
)

// primaryKeysSQL lists the columns of the primary keys of the database's
// tables, one row per column.
const primaryKeysSQL = `
SELECT schema_name, table_name, unnest(constraint_column_names) FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type = 'PRIMARY KEY'`

// withPrimaryKeys records in relations the primary keys of the tables,
// read on a connection of its own.
func (s *session) withPrimaryKeys(ctx context.Context, relations *translate.Relations) error {
	rows, err := s.db.sqlDB.QueryContext(ctx, primaryKeysSQL)
	if err != nil {
		return convertError(fmt.Errorf("list duckdb primary keys: %w", err))
	}
	defer rows.Close()
	var keys [][3]string
	for rows.Next() {
		var schema, table, column string
		if err := rows.Scan(&schema, &table, &column); err != nil {
			return convertError(fmt.Errorf("list duckdb primary keys: %w", err))
		}
		keys = append(keys, [3]string{pgSchemaName(schema), table, column})
	}
	if err := rows.Err(); err != nil {
		return convertError(fmt.Errorf("list duckdb primary keys: %w", err))
	}
	relations.SetPrimaryKeys(keys)
	return nil
}

// withTransactionPrimaryKeys records in relations the primary keys of
// the tables, read on the transaction's connection c.
func (s *session) withTransactionPrimaryKeys(c *conn, relations *translate.Relations) error {
	rows, err := s.queryText(c, primaryKeysSQL)
	if err != nil {
		return err
	}
	keys := make([][3]string, 0, len(rows))
	for _, row := range rows {
		keys = append(keys, [3]string{pgSchemaName(row[0]), row[1], row[2]})
	}
	relations.SetPrimaryKeys(keys)
	return nil
}
