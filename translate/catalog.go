package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// databaseRelations are the catalog relations whose rows belong to
// databases of the cluster, by name, with the column that holds the
// database name.
var databaseRelations = map[string]string{
	"pg_database":                   "datname",
	"pg_stat_activity":              "datname",
	"pg_stat_database":              "datname",
	"pg_stat_database_conflicts":    "datname",
	"pg_stat_progress_analyze":      "datname",
	"pg_stat_progress_cluster":      "datname",
	"pg_stat_progress_copy":         "datname",
	"pg_stat_progress_create_index": "datname",
	"pg_stat_progress_vacuum":       "datname",
	"pg_prepared_xacts":             "database",
	"pg_replication_slots":          "database",
}

// databaseMarkers are words of which a statement must contain one for
// RestrictDatabases to change it. "u&" starts an identifier with Unicode
// escapes, which can spell any name without its letters.
var databaseMarkers = []string{"pg_database", "pg_stat_", "pg_prepared_xacts", "pg_replication_slots",
	"has_database_privilege", "shobj_description", "pg_shdescription", "u&"}

// RestrictDatabases rewrites a catalog statement so that it shows only
// the databases named in allowed:
//
//   - Each reference to pg_database, or to a view with a row per database
//     or per backend such as pg_stat_database and pg_stat_activity, becomes
//     a subquery of the relation filtered to those names, under the
//     reference's alias or the relation's name. pg_database also keeps
//     only the databases the user's role may connect to. An unqualified
//     name that a WITH query in scope defines is that query, as in
//     PostgreSQL.
//   - pg_shdescription loses the comments of the databases that the
//     user's role may not connect to.
//   - Each call of a function that takes a database name or OID, such as
//     has_database_privilege, pg_database_size and pg_stat_get_db_*, gets
//     its database argument through pg_catalog.pgway_visible_database,
//     which the catalog package installs in every mirror database. It
//     lets a database through when the user's role may connect to it and
//     treats any other as one that does not exist. shobj_description
//     becomes pg_catalog.pgway_shobj_description, installed likewise.
//
// A statement without such a reference comes back unchanged.
//
// NOTE: a column written with the schema-qualified relation name, such as
// pg_catalog.pg_database.datname, no longer resolves after the rewrite.
// Error positions that the catalog database reports for a rewritten
// statement refer to the rewritten text.
func RestrictDatabases(sql string, allowed []string) (string, error) {
	lower := strings.ToLower(sql)
	marked := false
	for _, marker := range databaseMarkers {
		marked = marked || strings.Contains(lower, marker)
	}
	if !marked {
		return sql, nil
	}
	tree, err := parse(sql)
	if err != nil {
		return "", syntaxError(err)
	}
	r := &databaseRestriction{filter: databaseFilter(allowed)}
	for _, raw := range tree.Stmts {
		if err := r.walk(raw.ProtoReflect(), nil); err != nil {
			return "", err
		}
	}
	if !r.changed {
		return sql, nil
	}
	out, err := pg.Deparse(tree)
	if err != nil {
		return "", fmt.Errorf("deparse a catalog statement: %w", err)
	}
	return out, nil
}

// databaseFilter returns the names as a string constant of a name[]
// array.
func databaseFilter(allowed []string) string {
	quoted := make([]string, len(allowed))
	for i, name := range allowed {
		quoted[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
	}
	array := "{" + strings.Join(quoted, ",") + "}"
	return "'" + strings.ReplaceAll(array, "'", "''") + "'::pg_catalog.name[]"
}

// restrictedRelation returns the subquery that replaces a reference rv to
// a catalog relation: the relation's rows for which condition holds.
func restrictedRelation(rv *pg.RangeVar, condition string) (*pg.Node_RangeSubselect, error) {
	text := fmt.Sprintf("SELECT * FROM (SELECT * FROM pg_catalog.%s WHERE %s) AS x", rv.Relname, condition)
	tree, err := pg.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("build the database filter: %w", err)
	}
	from := tree.Stmts[0].Stmt.GetSelectStmt().FromClause[0]
	sub := from.Node.(*pg.Node_RangeSubselect)
	sub.RangeSubselect.Alias = rv.Alias
	if rv.Alias == nil {
		sub.RangeSubselect.Alias = &pg.Alias{Aliasname: rv.Relname}
	}
	return sub, nil
}

// isRefreshCall reports whether stmt is SELECT pgway_refresh_catalog().
func isRefreshCall(stmt *pg.Node) bool {
	sel := stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
		return false
	}
	call := sel.TargetList[0].GetResTarget().GetVal().GetFuncCall()
	if call == nil || len(call.Args) > 0 {
		return false
	}
	schema := schemaOf(call.Funcname)
	return lastName(call.Funcname) == "pgway_refresh_catalog" && (schema == "" || schema == "public")
}

// RoutedQueryText returns, as text, the query of a DECLARE CURSOR or a
// COPY ... TO STDOUT statement, which the catalog database runs on its
// own for a catalog statement. COPY of a table becomes a SELECT of its
// columns.
func RoutedQueryText(sql string) (string, error) {
	tree, err := parse(sql)
	if err != nil {
		return "", syntaxError(err)
	}
	if len(tree.Stmts) != 1 {
		return "", fmt.Errorf("expected one statement, got %d", len(tree.Stmts))
	}
	stmt := tree.Stmts[0].Stmt
	if stmt.GetDeclareCursorStmt() == nil && stmt.GetCopyStmt() == nil {
		return "", fmt.Errorf("not a DECLARE CURSOR or COPY statement")
	}
	if stmt.GetCopyStmt().GetIsFrom() {
		return "", unsupportedf(-1, "COPY FROM is not supported on this warehouse")
	}
	query, err := routedQuery(stmt, &translation{})
	if err != nil {
		return "", err
	}
	out, err := pg.Deparse(&pg.ParseResult{Version: tree.Version, Stmts: []*pg.RawStmt{{Stmt: query}}})
	if err != nil {
		return "", fmt.Errorf("deparse the query of a %s: %w", statementName(stmt), err)
	}
	return out, nil
}
