package duckdb

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// dropTableStatement matches DROP TABLE as the DuckDB dialect writes it,
// and captures the table's name and CASCADE.
var dropTableStatement = regexp.MustCompile(`^DROP TABLE (?:IF EXISTS )?((?:"(?:[^"]|"")*"|[^"\s.]+)(?:\.(?:"(?:[^"]|"")*"|[^"\s.]+)){0,2})( CASCADE)?$`)

// checkDroppedReferences raises PostgreSQL 15's 2BP01 for DROP TABLE of a
// table that another table's foreign key references, where DuckDB raises
// an internal error. PostgreSQL's DROP TABLE ... CASCADE drops the
// foreign key constraints and keeps the referencing tables, and DuckDB
// cannot drop a constraint, so CASCADE fails with 0A000.
// DuckDB's foreign keys reference tables of their own schema only. A
// table's references to itself do not stop its drop, as in PostgreSQL.
func (s *session) checkDroppedReferences(c *conn, st *statement) error {
	if bindings.StatementType(st.kind) != bindings.StatementTypeDrop {
		return nil
	}
	m := dropTableStatement.FindStringSubmatch(st.sql)
	if m == nil {
		return nil
	}
	// An unqualified name finds a temporary table before one of the
	// database, as DROP TABLE does.
	name, where := relationFilter(m[1])
	query := "WITH dropped AS (SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE " + where +
		" AND lower(table_name) = lower('" + name + "') ORDER BY database_name = 'temp' DESC LIMIT 1) " +
		"SELECT d.schema_name, d.table_name, f.table_name, array_to_string(f.constraint_column_names, '_'), " +
		"d.database_name, f.table_oid::VARCHAR, f.constraint_index::VARCHAR " +
		"FROM duckdb_constraints() f JOIN dropped d ON f.database_name = d.database_name AND f.schema_name = d.schema_name " +
		"AND lower(f.referenced_table) = lower(d.table_name) " +
		"WHERE f.constraint_type = 'FOREIGN KEY' AND lower(f.table_name) <> lower(d.table_name) " +
		"ORDER BY f.table_oid, f.constraint_index"
	rows, err := s.queryText(c, query)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	schema := rows[0][0]
	table := describedTable(schema, rows[0][1])
	if m[2] != "" {
		return &providers.Error{Code: "0A000",
			Message: fmt.Sprintf("DROP TABLE ... CASCADE of table %s, which a foreign key of table %s references, is not supported on this warehouse",
				table, describedTable(schema, rows[0][2])),
			Hint: "DuckDB cannot drop a foreign key constraint. Drop or create again without the foreign key each table that references it, then drop the table."}
	}
	names, err := s.foreignKeyNames(c, rows[0][4], schema)
	if err != nil {
		return err
	}
	var detail []string
	for _, row := range rows {
		name := names[[2]string{row[5], row[6]}]
		if name == "" {
			name = foreignKeyName(row[2], row[3], "fkey")
		}
		detail = append(detail, fmt.Sprintf("constraint %s on table %s depends on table %s",
			name, describedTable(schema, row[2]), table))
	}
	return &providers.Error{Code: "2BP01",
		Message: fmt.Sprintf("cannot drop table %s because other objects depend on it", table),
		Detail:  strings.Join(detail, "\n"),
		Hint:    "Use DROP ... CASCADE to drop the dependent objects too."}
}

// describedTable returns a table's name as PostgreSQL's messages write
// it: qualified unless it is in the schema main, which is public, or in
// the temporary schema.
func describedTable(schema, table string) string {
	if strings.EqualFold(schema, "main") {
		return table
	}
	return schema + "." + table
}

// foreignKeyNames returns the names PostgreSQL 15 gives the foreign
// keys of a schema, by table_oid and constraint_index. It names them in
// the order of creation, and numbers a name that an earlier foreign key
// took, as in c_a_fkey1, as PostgreSQL does.
// NOTE: DuckDB keeps no constraint names, so a constraint that CREATE
// TABLE named is described by the name PostgreSQL would have chosen,
// and a name that a dropped table's foreign key took when this one was
// created is not numbered.
func (s *session) foreignKeyNames(c *conn, database, schema string) (map[[2]string]string, error) {
	quote := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	rows, err := s.queryText(c, "SELECT table_name, array_to_string(constraint_column_names, '_'), "+
		"table_oid::VARCHAR, constraint_index::VARCHAR FROM duckdb_constraints() "+
		"WHERE constraint_type = 'FOREIGN KEY' AND database_name = "+quote(database)+" AND schema_name = "+quote(schema)+
		" ORDER BY table_oid, constraint_index")
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	names := map[[2]string]string{}
	for _, row := range rows {
		name := foreignKeyName(row[0], row[1], "fkey")
		for pass := 1; taken[name]; pass++ {
			name = foreignKeyName(row[0], row[1], fmt.Sprintf("fkey%d", pass))
		}
		taken[name] = true
		names[[2]string{row[2], row[3]}] = name
	}
	return names, nil
}

// foreignKeyName returns the name PostgreSQL 15 gives a foreign key
// constraint of table that CREATE TABLE does not name: the table's name,
// its columns' names joined by "_" and label, such as fkey, with the
// names shortened to fit in 63 bytes.
func foreignKeyName(table, columns, label string) string {
	const maxLength = 63
	suffix := "_" + label
	available := maxLength - len(suffix) - 1
	tableBytes, columnBytes := len(table), len(columns)
	for tableBytes+columnBytes > available {
		if tableBytes > columnBytes {
			tableBytes--
		} else {
			columnBytes--
		}
	}
	return clipUTF8(table, tableBytes) + "_" + clipUTF8(columns, columnBytes) + suffix
}

// clipUTF8 returns the longest prefix of s of at most n bytes that does
// not cut a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
