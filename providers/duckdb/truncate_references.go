package duckdb

import (
	"fmt"
	"regexp"

	"pgway/providers"
)

// truncateStatement matches TRUNCATE of one table as the DuckDB dialect
// writes it, and captures the table's name.
var truncateStatement = regexp.MustCompile(`^TRUNCATE (?:TABLE )?((?:"(?:[^"]|"")*"|[^"\s.]+)(?:\.(?:"(?:[^"]|"")*"|[^"\s.]+)){0,2})$`)

// checkTruncatedReferences raises PostgreSQL 15's 0A000 for TRUNCATE of a
// table that a foreign key of another table references, whether or not
// rows reference it. DuckDB deletes the rows that no row references and
// raises 23503 otherwise. PostgreSQL names the referencing table of the
// lowest OID, and DuckDB's table_oid follows the order of creation too.
func (s *session) checkTruncatedReferences(c *conn, st *statement) error {
	m := truncateStatement.FindStringSubmatch(st.sql)
	if m == nil || st.truncate != nil {
		return nil
	}
	name, where := relationFilter(m[1])
	query := "WITH truncated AS (SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE " + where +
		" AND lower(table_name) = lower('" + name + "') ORDER BY database_name = 'temp' DESC LIMIT 1) " +
		"SELECT d.table_name, f.table_name " +
		"FROM duckdb_constraints() f JOIN truncated d ON f.database_name = d.database_name AND f.schema_name = d.schema_name " +
		"AND lower(f.referenced_table) = lower(d.table_name) " +
		"WHERE f.constraint_type = 'FOREIGN KEY' AND lower(f.table_name) <> lower(d.table_name) " +
		"ORDER BY f.table_oid, f.constraint_index LIMIT 1"
	rows, err := s.queryText(c, query)
	if err != nil || len(rows) == 0 {
		return err
	}
	return &providers.Error{Code: "0A000",
		Message: "cannot truncate a table referenced in a foreign key constraint",
		Detail:  fmt.Sprintf(`Table "%s" references "%s".`, rows[0][1], rows[0][0]),
		Hint:    fmt.Sprintf(`Truncate table "%s" at the same time, or use TRUNCATE ... CASCADE.`, rows[0][1])}
}
