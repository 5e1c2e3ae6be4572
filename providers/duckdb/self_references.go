package duckdb

import (
	"errors"
	"regexp"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// changeStatement matches INSERT and UPDATE as the DuckDB dialect writes
// them, and captures the target table's name.
var changeStatement = regexp.MustCompile(`^(?:INSERT INTO|UPDATE) ((?:"(?:[^"]|"")*"|[^"\s.(]+)(?:\.(?:"(?:[^"]|"")*"|[^"\s.(]+)){0,2})[\s(]`)

// selfReferences caches, for one value of relations.version, whether
// tables have a foreign key to themselves, by the name INSERT or UPDATE
// gives.
type selfReferences struct {
	version uint64
	tables  map[string]bool
}

// changesSelfReferencing reports whether st is an INSERT or UPDATE of a
// table with a foreign key to itself. It is read before the statement
// runs, since DuckDB reads nothing in a transaction that an error
// aborted.
func (s *session) changesSelfReferencing(c *conn, st *statement) bool {
	kind := bindings.StatementType(st.kind)
	if kind != bindings.StatementTypeInsert && kind != bindings.StatementTypeUpdate {
		return false
	}
	m := changeStatement.FindStringSubmatch(st.sql)
	if m == nil {
		return false
	}
	version := s.db.relations.version.Load()
	if s.selfReferences == nil || s.selfReferences.version != version {
		s.selfReferences = &selfReferences{version: version, tables: map[string]bool{}}
	}
	if found, ok := s.selfReferences.tables[m[1]]; ok {
		return found
	}
	name, where := relationFilter(m[1])
	query := "WITH target AS (SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE " + where +
		" AND lower(table_name) = lower('" + name + "') ORDER BY database_name = 'temp' DESC LIMIT 1) " +
		"SELECT count(*)::VARCHAR FROM duckdb_constraints() f JOIN target d ON f.database_name = d.database_name " +
		"AND f.schema_name = d.schema_name AND lower(f.table_name) = lower(d.table_name) " +
		"WHERE f.constraint_type = 'FOREIGN KEY' AND lower(f.referenced_table) = lower(d.table_name)"
	rows, err := s.queryText(c, query)
	found := err == nil && len(rows) == 1 && rows[0][0] != "0"
	if err == nil {
		s.selfReferences.tables[m[1]] = found
	}
	return found
}

// selfReferenceError replaces the 23503 of an INSERT or UPDATE of a
// table with a foreign key to itself, with 0A000. PostgreSQL checks the
// key after the statement, so a row may reference a row of the same
// INSERT. DuckDB checks it against the rows that were there before, and
// runs an UPDATE of a foreign key column as a delete and an insert,
// which fails where another row references the row. pgway cannot tell
// these from the violations that PostgreSQL raises too.
func selfReferenceError(st *statement, err error) error {
	var pgErr *providers.Error
	if !errors.As(err, &pgErr) || pgErr.Code != "23503" {
		return err
	}
	verb := "INSERT into"
	if bindings.StatementType(st.kind) == bindings.StatementTypeUpdate {
		verb = "UPDATE of"
	}
	return &providers.Error{Code: "0A000", Err: err,
		Message: verb + " a table with a foreign key to itself, whose check failed on DuckDB, is not supported on this warehouse",
		Detail:  "DuckDB checks the key against the rows as they were before the statement, where PostgreSQL checks after it. " + pgErr.Detail,
		Hint:    "Insert the referenced rows in an earlier statement."}
}
