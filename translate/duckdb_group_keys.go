package translate

import (
	"cmp"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SetPrimaryKeys records the primary key columns of tables, each key
// column as schema, table and column name. Call it before r is shared.
func (r *Relations) SetPrimaryKeys(columns [][3]string) {
	r.primaryKeys = map[relationKey][]string{}
	for _, c := range columns {
		key := relationKey{strings.ToLower(c[0]), strings.ToLower(c[1])}
		r.primaryKeys[key] = append(r.primaryKeys[key], strings.ToLower(c[2]))
	}
}

// groupByKeyColumns adds to a GROUP BY that lists every column of a
// table's primary key the table's other columns that the query uses. PostgreSQL lets the
// select list, HAVING and ORDER BY use those columns, which depend on
// the key, without an aggregate. DuckDB does not, and grouping by them
// too makes the same groups.
// NOTE: only GROUP BY lists without grouping sets, and tables of the
// FROM clause outside subqueries, are rewritten.
func groupByKeyColumns(stmt *pg.Node, r *Relations) {
	if r == nil || len(r.primaryKeys) == 0 {
		return
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		sel, ok := msg.(*pg.SelectStmt)
		if !ok || len(sel.GroupClause) == 0 || slices.ContainsFunc(sel.GroupClause, isGroupingSet) {
			return
		}
		var tables []*pg.RangeVar
		for _, item := range sel.FromClause {
			tables = append(tables, fromTables(item)...)
		}
		for _, rv := range tables {
			r.groupByTable(sel, rv, tables)
		}
	})
}

func isGroupingSet(n *pg.Node) bool {
	return n.GetGroupingSet() != nil
}

// fromTables returns the relations of a FROM item outside subqueries.
func fromTables(item *pg.Node) []*pg.RangeVar {
	switch v := item.Node.(type) {
	case *pg.Node_RangeVar:
		return []*pg.RangeVar{v.RangeVar}
	case *pg.Node_JoinExpr:
		if v.JoinExpr.Alias == nil {
			return append(fromTables(v.JoinExpr.Larg), fromTables(v.JoinExpr.Rarg)...)
		}
	}
	return nil
}

// groupByTable adds the columns of rv to sel's GROUP BY when it lists
// each column of rv's primary key, qualified by rv's name or, where no
// other table of the FROM clause has a column of its name, unqualified.
func (r *Relations) groupByTable(sel *pg.SelectStmt, rv *pg.RangeVar, tables []*pg.RangeVar) {
	if rv.Catalogname != "" || rv.Schemaname == "pg_temp" {
		return
	}
	rel := r.lookup(rv.Schemaname, rv.Relname)
	if rel == nil || rel.opaque || rel.schema == "pg_temp" {
		return
	}

	key := r.primaryKeys[relationKey{strings.ToLower(rel.schema), strings.ToLower(rel.name)}]
	qualifier := rv.Relname
	if rv.Alias != nil {
		if len(rv.Alias.Colnames) > 0 {
			return
		}
		qualifier = rv.Alias.Aliasname
	}
	if len(key) == 0 {
		return
	}

	grouped := map[string]bool{}
	for _, g := range sel.GroupClause {
		fields := g.GetColumnRef().GetFields()
		switch {
		case len(fields) == 2 && fieldName(fields, 2) == qualifier:
			grouped[fieldName(fields, 1)] = true
		case len(fields) == 1 && r.onlyTableWith(rv, tables, fieldName(fields, 1)):
			grouped[fieldName(fields, 1)] = true
		}
	}
	for _, column := range key {
		if !grouped[column] {
			return
		}
	}

	used := usedColumnNames(sel)
	for _, c := range rel.columns {
		if !grouped[c.name] && (used[c.name] || hasStarTarget(sel)) {
			name := cmp.Or(c.spelled, c.name)
			sel.GroupClause = append(sel.GroupClause,
				&pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: stringNodes(qualifier, name), Location: -1}}})
		}
	}
}

// onlyTableWith reports whether rv is the one table of tables with a
// column of the given name, and the columns of every table are known.
func (r *Relations) onlyTableWith(rv *pg.RangeVar, tables []*pg.RangeVar, name string) bool {
	for _, other := range tables {
		rel := r.lookup(other.Schemaname, other.Relname)
		if rel == nil || rel.opaque {
			return false
		}
		has := slices.ContainsFunc(rel.columns, func(c typedColumn) bool { return c.name == name })
		if has != (other == rv) {
			return false
		}
	}
	return true
}

// usedColumnNames returns the last names of the column references in the
// select list, HAVING and ORDER BY of sel, subqueries included.
func usedColumnNames(sel *pg.SelectStmt) map[string]bool {
	used := map[string]bool{}
	clauses := append(append([]*pg.Node{}, sel.TargetList...), sel.HavingClause)
	clauses = append(clauses, sel.SortClause...)
	for _, n := range clauses {
		if n == nil {
			continue
		}
		inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			if ref, ok := msg.(*pg.ColumnRef); ok {
				used[strings.ToLower(fieldName(ref.Fields, 1))] = true
			}
		})
	}
	return used
}
