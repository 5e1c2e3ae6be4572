package duckdb

import (
	"fmt"
	"regexp"
	"strings"

	"pgway/providers"
)

// commentStatement matches the comments on a relation that the DuckDB
// dialect writes, COMMENT ON TABLE or VIEW name IS ..., and captures the
// object word and the name.
var commentStatement = regexp.MustCompile(`^COMMENT ON (TABLE|VIEW) ((?:"(?:[^"]|"")*"|[^"\s.]+)(?:\.(?:"(?:[^"]|"")*"|[^"\s.]+)){0,2}) IS `)

// namePart matches one name of a qualified name as the dialect writes it.
var namePart = regexp.MustCompile(`"(?:[^"]|"")*"|[^"\s.]+`)

// relationFilter splits a relation name as a statement writes it, such as
// s."T", into its last part and a condition on the database_name and
// schema_name columns of duckdb_tables() or duckdb_views(), both quoted
// for a string literal. An unqualified name is looked up in the schema
// main of the database and of the temporary relations.
func relationFilter(qualified string) (name, where string) {
	parts := namePart.FindAllString(qualified, -1)
	for i, p := range parts {
		if strings.HasPrefix(p, `"`) {
			p = strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		}
		parts[i] = strings.ReplaceAll(p, "'", "''")
	}
	where = "lower(schema_name) = 'main' AND (database_name = current_database() OR database_name = 'temp')"
	switch len(parts) {
	case 2:
		where = "lower(schema_name) = lower('" + parts[0] + "') AND database_name = current_database()"
	case 3:
		where = "lower(database_name) = lower('" + parts[0] + "') AND lower(schema_name) = lower('" + parts[1] + "')"
	}
	return parts[len(parts)-1], where
}

// checkCommentedKind raises PostgreSQL's 42809 for COMMENT ON TABLE of a
// view and COMMENT ON VIEW of a table, which DuckDB runs. An unqualified
// name is looked up in the schema main of the database and of the
// temporary relations.
// NOTE: a relation that the session's search_path finds in another schema
// is not checked.
func (s *session) checkCommentedKind(c *conn, st *statement) error {
	m := commentStatement.FindStringSubmatch(st.sql)
	if m == nil {
		return nil
	}
	name, where := relationFilter(m[2])
	named := func(column string) string {
		return where + " AND lower(" + column + ") = lower('" + name + "')"
	}
	// Only a name that is a relation of the other kind, and of none of
	// the named kind, raises the error below.
	query := "SELECT count(*) FILTER (WHERE kind = 'table')::VARCHAR, count(*) FILTER (WHERE kind = 'view')::VARCHAR FROM (" +
		"SELECT 'table' AS kind FROM duckdb_tables() WHERE " + named("table_name") +
		" UNION ALL SELECT 'view' FROM duckdb_views() WHERE NOT internal AND " + named("view_name") + ")"
	rows, err := s.queryText(c, query)
	if err != nil {
		return err
	}
	if len(rows) != 1 {
		return nil
	}
	tables, views := rows[0][0], rows[0][1]
	unquoted := strings.ReplaceAll(name, "''", "'")
	switch {
	case m[1] == "TABLE" && tables == "0" && views != "0":
		return &providers.Error{Code: "42809", Message: fmt.Sprintf("%q is not a table", unquoted)}
	case m[1] == "VIEW" && views == "0" && tables != "0":
		return &providers.Error{Code: "42809", Message: fmt.Sprintf("%q is not a view", unquoted)}
	}
	return nil
}
