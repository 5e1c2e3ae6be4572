package duckdb

import (
	"context"
	"fmt"
	"regexp"

	"pgway/providers"
	"pgway/translate"
)

// uniqueKeysSQL lists the tables of the database that have a primary
// key, a UNIQUE constraint or a unique index, the keys that DuckDB's
// ON CONFLICT checks.
const uniqueKeysSQL = `
SELECT schema_name, table_name FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')
UNION
SELECT schema_name, table_name FROM duckdb_indexes()
WHERE database_name = current_database() AND is_unique`

// withUniqueKeys records in relations which tables have a unique key,
// and their primary keys, read on a connection of its own.
func (s *session) withUniqueKeys(ctx context.Context, relations *translate.Relations) error {
	rows, err := s.db.sqlDB.QueryContext(ctx, uniqueKeysSQL)
	if err != nil {
		return convertError(fmt.Errorf("list duckdb unique keys: %w", err))
	}
	defer rows.Close()
	var tables [][2]string
	for rows.Next() {
		var schema, table string
		if err := rows.Scan(&schema, &table); err != nil {
			return convertError(fmt.Errorf("list duckdb unique keys: %w", err))
		}
		tables = append(tables, [2]string{pgSchemaName(schema), table})
	}
	if err := rows.Err(); err != nil {
		return convertError(fmt.Errorf("list duckdb unique keys: %w", err))
	}
	relations.SetUniqueKeys(tables)
	return s.withPrimaryKeys(ctx, relations)
}

// withTransactionUniqueKeys records in relations which tables have a
// unique key, and their primary keys, read on the transaction's
// connection c so that the keys that the transaction created are among
// them.
func (s *session) withTransactionUniqueKeys(c *conn, relations *translate.Relations) error {
	rows, err := s.queryText(c, uniqueKeysSQL)
	if err != nil {
		return err
	}
	tables := make([][2]string, 0, len(rows))
	for _, row := range rows {
		tables = append(tables, [2]string{pgSchemaName(row[0]), row[1]})
	}
	relations.SetUniqueKeys(tables)
	return s.withTransactionPrimaryKeys(c, relations)
}

// unmatchedConflictTarget is DuckDB's binder error for an ON CONFLICT
// target that no unique key covers.
var unmatchedConflictTarget = regexp.MustCompile(`conflict target are not referenced by a UNIQUE/PRIMARY KEY CONSTRAINT or INDEX`)

// conflictTargetError returns PostgreSQL's error for an ON CONFLICT
// target that no unique key covers, or nil for other messages.
func conflictTargetError(duckMessage string) *providers.Error {
	if !unmatchedConflictTarget.MatchString(duckMessage) {
		return nil
	}
	return &providers.Error{Code: "42P10", Message: "there is no unique or exclusion constraint matching the ON CONFLICT specification"}
}
