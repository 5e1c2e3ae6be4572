package duckdb

import (
	"context"
	"fmt"
	"strconv"

	"pgway/translate"
)

// DuckDB keeps a timestamp(p), timestamptz(p), time(p) or timetz(p)
// column without p. The DuckDB dialect gives each such column of a
// CREATE TABLE, with p below 6, a CHECK constraint whose error message
// names the type and p (translate's timePrecisionChecks). The
// constraints read here recover them, so the dialect can round the
// values that statements assign to the column.

// timePrecisionsSQL lists the column, type and p of each CHECK constraint
// that the dialect wrote for such a column. A CHECK that a client wrote
// with the same error message counts as such a constraint too. The
// dialect's CHECK names its column several times, and DuckDB lists each.
// p, a single digit, stays text, which a transaction's connection reads.
const timePrecisionsSQL = `
SELECT schema_name, table_name, constraint_column_names[1] AS column_name,
	regexp_extract(expression, '` + timePrecisionPattern + `', 1) AS type_name,
	min(regexp_extract(expression, '` + timePrecisionPattern + `', 2)) AS type_precision
FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type = 'CHECK'
	AND len(list_distinct(constraint_column_names)) = 1
	AND regexp_matches(expression, '` + timePrecisionPattern + `')
GROUP BY ALL`

// timePrecisionPattern matches the error message of the dialect's CHECK
// (translate's timePrecisionMessage) and captures the type and p. DuckDB
// does not treat a backslash in a string constant as an escape, so the
// regular expression gets it as written.
const timePrecisionPattern = `for a column of type (timestamp|timestamptz|time|timetz)\(([0-5])\) is not supported in this statement`

// withTimePrecisions records in relations p of the columns that
// timePrecisionsSQL lists, read on a connection of its own.
func (s *session) withTimePrecisions(ctx context.Context, relations *translate.Relations) error {
	rows, err := s.db.sqlDB.QueryContext(ctx, timePrecisionsSQL)
	if err != nil {
		return convertError(fmt.Errorf("list duckdb time precisions: %w", err))
	}
	defer rows.Close()
	var columns []translate.TimePrecision
	for rows.Next() {
		var c translate.TimePrecision
		if err := rows.Scan(&c.Schema, &c.Table, &c.Column, &c.Type, &c.Precision); err != nil {
			return convertError(fmt.Errorf("list duckdb time precisions: %w", err))
		}
		c.Schema = pgSchemaName(c.Schema)
		columns = append(columns, c)
	}
	if err := rows.Err(); err != nil {
		return convertError(fmt.Errorf("list duckdb time precisions: %w", err))
	}
	relations.SetTimePrecisions(columns)
	return nil
}

// withTransactionTimePrecisions records in relations p of the columns
// that timePrecisionsSQL lists, read on the transaction's connection c so
// that the tables that the transaction created are among them.
func (s *session) withTransactionTimePrecisions(c *conn, relations *translate.Relations) error {
	rows, err := s.queryText(c, timePrecisionsSQL)
	if err != nil {
		return err
	}
	columns := make([]translate.TimePrecision, 0, len(rows))
	for _, row := range rows {
		precision, err := strconv.ParseInt(row[4], 10, 64)
		if err != nil {
			return fmt.Errorf("list duckdb time precisions: precision %q: %w", row[4], err)
		}
		columns = append(columns, translate.TimePrecision{
			Schema: pgSchemaName(row[0]), Table: row[1], Column: row[2], Type: row[3], Precision: precision})
	}
	relations.SetTimePrecisions(columns)
	return nil
}

// temporaryTimePrecisionsSQL lists, as timePrecisionsSQL does, the
// table, column, type and p of the time columns with p below 6 of the
// connection's temporary tables.
const temporaryTimePrecisionsSQL = `
SELECT table_name, constraint_column_names[1] AS column_name,
	regexp_extract(expression, '` + timePrecisionPattern + `', 1) AS type_name,
	min(regexp_extract(expression, '` + timePrecisionPattern + `', 2)) AS type_precision
FROM duckdb_constraints()
WHERE database_name = 'temp' AND constraint_type = 'CHECK'
	AND len(list_distinct(constraint_column_names)) = 1
	AND regexp_matches(expression, '` + timePrecisionPattern + `')
GROUP BY ALL`

// formattedTimeTypes are format_type's names of the types that a
// time precision CHECK names, with %d for p.
var formattedTimeTypes = map[string]string{
	"timestamp":   "timestamp(%d) without time zone",
	"timestamptz": "timestamp(%d) with time zone",
	"time":        "time(%d) without time zone",
	"timetz":      "time(%d) with time zone",
}

// withTemporaryTimePrecisions writes p into the types of the columns
// that temporaryTimePrecisionsSQL lists among tables, the temporary
// tables on c. It writes them as format_type does, such as timestamp(2)
// without time zone, so that the dialect rounds the values assigned to
// them as for a permanent table. A column whose precision cannot be read
// keeps its type, and its CHECK rejects a value that p digits cannot
// hold.
func (s *session) withTemporaryTimePrecisions(c *conn, tables map[string][]translate.RelationColumn) {
	rows, err := s.queryText(c, temporaryTimePrecisionsSQL)
	if err != nil {
		return
	}
	for _, row := range rows {
		format, ok := formattedTimeTypes[row[2]]
		precision, err := strconv.Atoi(row[3])
		if !ok || err != nil {
			continue
		}
		for i, column := range tables[row[0]] {
			if column.Name == row[1] {
				tables[row[0]][i].Type = fmt.Sprintf(format, precision)
			}
		}
	}
}
