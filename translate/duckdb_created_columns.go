package translate

import (
	"fmt"
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// checkCreatedColumnNames raises 42701 for CREATE TABLE AS and CREATE
// VIEW whose query gives two columns the same name, as in CREATE TABLE t
// AS SELECT 1 AS x, 2 AS x. DuckDB renames one of them.
// NOTE: only aliases, column references and function calls are named
// here. Columns of * and other expressions, which PostgreSQL names too,
// are not compared.
func checkCreatedColumnNames(stmt *pg.Node) error {
	var query *pg.SelectStmt
	var aliases []*pg.Node
	switch {
	case stmt.GetCreateTableAsStmt() != nil:
		ctas := stmt.GetCreateTableAsStmt()
		query, aliases = ctas.Query.GetSelectStmt(), ctas.GetInto().GetColNames()
	case stmt.GetViewStmt() != nil:
		query, aliases = stmt.GetViewStmt().Query.GetSelectStmt(), stmt.GetViewStmt().Aliases
	default:
		return nil
	}
	for query != nil && query.Op != pg.SetOperation_SETOP_NONE {
		query = query.Larg
	}
	if query == nil {
		return nil
	}
	if len(aliases) > 0 && slices.ContainsFunc(query.TargetList, contains[*pg.A_Star]) {
		// The aliases name the columns of *, which are not known here.
		return nil
	}
	seen := map[string]bool{}
	for i, t := range query.TargetList {
		rt := t.GetResTarget()
		name := createdColumnName(rt)
		if i < len(aliases) {
			name = aliases[i].GetString_().GetSval()
		}
		if name == "" {
			continue
		}
		if seen[name] {
			return &Error{Code: "42701", Message: fmt.Sprintf("column %q specified more than once", name)}
		}
		seen[name] = true
	}
	return nil
}

// createdColumnName returns the name PostgreSQL gives the result column
// rt, where it is an alias, a column reference or a function call, or "".
func createdColumnName(rt *pg.ResTarget) string {
	if rt == nil || contains[*pg.A_Star](rt.Val) {
		return ""
	}
	if name := resultName(rt); name != "" {
		return name
	}
	if f := rt.Val.GetFuncCall(); f != nil {
		return lastName(f.Funcname)
	}
	return ""
}
