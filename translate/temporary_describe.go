package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// WithTemporaryTables returns a query to describe on the catalog
// database in place of sql, whose result types are those of sql run in a
// session with the given temporary tables and views. The catalog
// database has no copy of them, so each one that sql names without a
// schema becomes a CTE of its column types:
//
//	WITH t AS (SELECT CAST(NULL AS text) AS s) SELECT ... FROM t
//
// names are the session's temporary relations and columns their column
// types, nil when they are unknown. A name missing from a known columns
// no longer exists, so it stays and finds the relation that it now names.
// It reports false when sql names a temporary relation but cannot be
// described that way: it is no single query, names the relation with a
// schema, or a column's type is unknown.
func WithTemporaryTables(sql string, names []string, columns map[string][]RelationColumn) (string, bool) {
	if len(names) == 0 {
		return sql, true
	}
	tree, err := pg.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return sql, false
	}
	stmt := tree.Stmts[0].Stmt
	var used []string
	qualified := false
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		rv, ok := msg.(*pg.RangeVar)
		if !ok || !containsName(names, rv.Relname) {
			return
		}
		if rv.Schemaname != "" {
			qualified = true
		} else if !containsName(used, rv.Relname) {
			used = append(used, rv.Relname)
		}
	})
	if qualified {
		return sql, false
	}
	var ctes []*pg.Node
	for _, name := range used {
		cols, ok := columns[name]
		if !ok && columns != nil {
			continue
		}
		cte, ok := temporaryCTE(name, cols)
		if !ok {
			return sql, false
		}
		ctes = append(ctes, cte)
	}
	if len(ctes) == 0 {
		return sql, true
	}
	sel := stmt.GetSelectStmt()
	if sel == nil {
		return sql, false
	}
	if sel.WithClause == nil {
		sel.WithClause = &pg.WithClause{}
	}
	for _, existing := range sel.WithClause.Ctes {
		for _, cte := range ctes {
			if existing.GetCommonTableExpr().GetCtename() == cte.GetCommonTableExpr().GetCtename() {
				return sql, false
			}
		}
	}
	sel.WithClause.Ctes = append(ctes, sel.WithClause.Ctes...)
	out, err := pg.Deparse(tree)
	if err != nil {
		return sql, false
	}
	return out, true
}

// temporaryCTE returns the CTE name AS (SELECT CAST(NULL AS type) AS
// column, ...) of a temporary relation's columns.
func temporaryCTE(name string, columns []RelationColumn) (*pg.Node, bool) {
	targets := make([]string, len(columns))
	for i, c := range columns {
		if c.Type == "" {
			return nil, false
		}
		targets[i] = "CAST(NULL AS " + c.Type + ") AS " + QuoteIdentifier(c.Name)
	}
	tree, err := pg.Parse("WITH " + QuoteIdentifier(name) + " AS (SELECT " + strings.Join(targets, ", ") + ") SELECT")
	if err != nil || len(tree.Stmts) != 1 {
		return nil, false
	}
	ctes := tree.Stmts[0].Stmt.GetSelectStmt().GetWithClause().GetCtes()
	if len(ctes) != 1 {
		return nil, false
	}
	return ctes[0], true
}
