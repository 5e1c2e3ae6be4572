package duckdb

import (
	"fmt"
	"regexp"
	"strings"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// renameStatement matches the renames that the DuckDB dialect writes,
// ALTER TABLE or ALTER VIEW name RENAME ..., and captures the name.
var renameStatement = regexp.MustCompile(`^ALTER (?:TABLE|VIEW) (\S+) RENAME `)

// checkRenamedDependents rejects a rename of a relation that a view of
// the database names. DuckDB keeps a view's text and binds its names when
// it runs, so after the rename the view no longer finds the relation or
// column, where a PostgreSQL view follows the relation through the
// rename. The match on the view's text is by name, so a view that only
// mentions the name, as in a string constant, also rejects the rename.
func (s *session) checkRenamedDependents(c *conn, st *statement) error {
	if bindings.StatementType(st.kind) != bindings.StatementTypeAlter {
		return nil
	}
	m := renameStatement.FindStringSubmatch(st.sql)
	if m == nil {
		return nil
	}
	parts := strings.Split(m[1], ".")
	name := strings.Trim(parts[len(parts)-1], `"`)
	pattern := `(?i)(^|[^a-z0-9_$])` + regexp.QuoteMeta(name) + `($|[^a-z0-9_$])`
	// A view's text starts with its own name, so the views of the
	// renamed name are left out.
	// NOTE: a view of that name in another schema that names the
	// relation is left out too.
	rows, err := s.queryText(c, "SELECT view_name FROM duckdb_views() WHERE NOT internal AND lower(view_name) <> '"+
		strings.ReplaceAll(strings.ToLower(name), "'", "''")+"' AND regexp_matches(sql, '"+
		strings.ReplaceAll(pattern, "'", "''")+"') ORDER BY view_name LIMIT 1")
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("ALTER ... RENAME of %q, which view %q names, is not supported on this warehouse", name, rows[0][0]),
		Hint:    "DuckDB views find relations and columns by name and would not follow the rename. Drop the view first, and create it again after the rename."}
}
