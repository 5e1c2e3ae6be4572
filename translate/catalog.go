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
	"pg_database":                "datname",
	"pg_stat_activity":           "datname",
	"pg_stat_database":           "datname",
	"pg_stat_database_conflicts": "datname",
}

// RestrictDatabases rewrites a catalog statement so that pg_database,
// pg_stat_database, pg_stat_database_conflicts and pg_stat_activity show
// only the databases named in allowed: each reference becomes a subquery of the relation
// filtered to those names, under the reference's alias or the relation's
// name. A statement without such a reference comes back unchanged.
//
// NOTE: a column written with the schema-qualified relation name, such as
// pg_catalog.pg_database.datname, no longer resolves after the rewrite.
// Error positions that the catalog database reports for a rewritten
// statement refer to the rewritten text.
func RestrictDatabases(sql string, allowed []string) (string, error) {
	lower := strings.ToLower(sql)
	if !strings.Contains(lower, "pg_database") && !strings.Contains(lower, "pg_stat_") {
		return sql, nil
	}
	tree, err := pg.Parse(sql)
	if err != nil {
		return "", syntaxError(err)
	}
	filter := databaseFilter(allowed)
	changed := false
	for _, raw := range tree.Stmts {
		// A WITH query may take the name of a filtered relation, and the
		// filter cannot tell which references it hides in which scope.
		for name := range cteNames(raw.Stmt) {
			if _, ok := databaseRelations[name]; ok {
				return "", unsupportedf(-1, "a WITH query named %s is not supported", name)
			}
		}
		err := walk(raw.ProtoReflect(), func(n *pg.Node) error {
			rv := n.GetRangeVar()
			if rv == nil || (rv.Schemaname != "" && rv.Schemaname != "pg_catalog") {
				return nil
			}
			column, ok := databaseRelations[rv.Relname]
			if !ok {
				return nil
			}
			sub, err := restrictedRelation(rv, column, filter)
			if err != nil {
				return err
			}
			n.Node = sub
			changed = true
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	if !changed {
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
// a relation with one row per database.
func restrictedRelation(rv *pg.RangeVar, column, filter string) (*pg.Node_RangeSubselect, error) {
	text := fmt.Sprintf("SELECT * FROM (SELECT * FROM pg_catalog.%s WHERE %s = ANY (%s)) AS x",
		rv.Relname, column, filter)
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
	tree, err := pg.Parse(sql)
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
