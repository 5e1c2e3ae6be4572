package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// DuckDB gives the columns of a derived table or WITH query unique names,
// x and x_1 for two columns named x, so * over such a query returns x_1
// where PostgreSQL returns x twice. nameDuplicateColumns writes the *
// of the outermost query as its columns, each named as in PostgreSQL:
//
//	SELECT * FROM (SELECT 1 AS x, 2 AS x) s
//	becomes  SELECT s.x AS x, s.x_1 AS x FROM (SELECT 1 AS x, 2 AS x) s
//
// It covers a * whose FROM items are all derived tables or WITH queries,
// joined without USING, and alias.* of one of them.

// nameDuplicateColumns expands the * and alias.* of the outermost query
// of stmt that cover columns of the same name.
func nameDuplicateColumns(stmt *pg.Node) {
	sel := stmt.GetSelectStmt()
	if sel == nil || sel.Op != pg.SetOperation_SETOP_NONE {
		return
	}
	items, _ := derivedFromItems(sel.FromClause, sel.WithClause)
	var targets []*pg.Node
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil || !isStar(rt.Val) {
			targets = append(targets, t)
			continue
		}
		covered := starItems(rt.Val.GetColumnRef(), items)
		if !hasDuplicateNames(covered) {
			targets = append(targets, t)
			continue
		}
		for _, item := range covered {
			for i, name := range item.names {
				ref := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(item.alias), pg.MakeStrNode(item.duckDBNames[i])}, rt.Location)
				targets = append(targets, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{
					Name: name, Val: ref, Location: rt.Location}}})
			}
		}
	}
	sel.TargetList = targets
}

// derivedItem is a FROM item whose columns a query names: its alias, the
// names of its columns in PostgreSQL and the unique names DuckDB gives
// them.
type derivedItem struct {
	alias       string
	names       []string
	duckDBNames []string
}

// derivedFromItems returns the derived tables and WITH queries of a FROM
// clause, those of a join without USING or an alias included, and false
// where it has another item or a query whose column names it cannot
// tell.
func derivedFromItems(fromClause []*pg.Node, with *pg.WithClause) ([]derivedItem, bool) {
	var items []derivedItem
	for _, from := range fromClause {
		if join := from.GetJoinExpr(); join != nil {
			if join.IsNatural || len(join.UsingClause) > 0 || join.Alias != nil {
				return nil, false
			}
			sides, ok := derivedFromItems([]*pg.Node{join.Larg, join.Rarg}, with)
			if !ok {
				return nil, false
			}
			items = append(items, sides...)
			continue
		}
		item, ok := derivedFromItem(from, with)
		if !ok {
			return nil, false
		}
		items = append(items, item)
	}
	return items, true
}

// derivedFromItem returns the derived table or WITH query of from, and
// false for other FROM items or a query whose column names it cannot
// tell.
func derivedFromItem(from *pg.Node, with *pg.WithClause) (derivedItem, bool) {
	var query *pg.Node
	var alias *pg.Alias
	name := ""
	switch v := from.GetNode().(type) {
	case *pg.Node_RangeSubselect:
		query, alias = v.RangeSubselect.Subquery, v.RangeSubselect.Alias
	case *pg.Node_RangeVar:
		rv := v.RangeVar
		if rv.Schemaname != "" || rv.Catalogname != "" || with == nil {
			return derivedItem{}, false
		}
		for _, n := range with.Ctes {
			if cte := n.GetCommonTableExpr(); cte != nil && cte.Ctename == rv.Relname {
				query, name = cte.Ctequery, rv.Relname
				alias = &pg.Alias{Colnames: cte.Aliascolnames}
			}
		}
		if rv.Alias != nil {
			alias = &pg.Alias{Aliasname: rv.Alias.Aliasname, Colnames: rv.Alias.Colnames}
		}
	}
	if query == nil || alias == nil {
		return derivedItem{}, false
	}
	if alias.Aliasname != "" {
		name = alias.Aliasname
	}
	names, ok := queryColumnNames(query, with)
	if !ok || name == "" {
		return derivedItem{}, false
	}
	for i, n := range alias.Colnames {
		if i < len(names) {
			names[i] = n.GetString_().GetSval()
		}
	}
	return derivedItem{alias: name, names: names, duckDBNames: uniqueColumnNames(names)}, true
}

// queryColumnNames returns the names of the result columns of a query,
// which a set operation takes from its first query. It returns false
// where the select list has an item without a name, or a * over FROM
// items that derivedFromItems cannot tell. with is the WITH clause of the
// enclosing query, for a query without one.
func queryColumnNames(query *pg.Node, with *pg.WithClause) ([]string, bool) {
	sel := query.GetSelectStmt()
	for sel != nil && sel.Op != pg.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	if sel == nil || len(sel.ValuesLists) > 0 {
		return nil, false
	}
	if sel.WithClause != nil {
		with = sel.WithClause
	}
	var names []string
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			return nil, false
		}
		if isStar(rt.Val) {
			items, ok := derivedFromItems(sel.FromClause, with)
			covered := starItems(rt.Val.GetColumnRef(), items)
			if !ok || covered == nil {
				return nil, false
			}
			for _, item := range covered {
				names = append(names, item.names...)
			}
			continue
		}
		name := rt.Name
		if name == "" && isColumn(rt.Val) {
			name = lastName(rt.Val.GetColumnRef().Fields)
		}
		if name == "" {
			return nil, false
		}
		names = append(names, name)
	}
	return names, true
}

// uniqueColumnNames returns names as DuckDB makes them unique: a name
// that an earlier column has, in any case, gets the suffix _1, _2, ...,
// the first that no earlier column has.
func uniqueColumnNames(names []string) []string {
	counts := map[string]int{}
	out := make([]string, len(names))
	for i, name := range names {
		key := strings.ToLower(name)
		if _, taken := counts[key]; !taken {
			counts[key] = 1
			out[i] = name
			continue
		}
		unique := name + "_" + strconv.Itoa(counts[key])
		for {
			if _, taken := counts[strings.ToLower(unique)]; !taken {
				break
			}
			counts[key]++
			unique = name + "_" + strconv.Itoa(counts[key])
		}
		counts[key]++
		counts[strings.ToLower(unique)] = 1
		out[i] = unique
	}
	return out
}

// starItems returns the items that * or alias.* covers, or nil when one
// of them is not in items.
func starItems(star *pg.ColumnRef, items []derivedItem) []derivedItem {
	if len(star.Fields) == 1 {
		return items
	}
	alias := fieldName(star.Fields, 2)
	for _, item := range items {
		if item.alias == alias {
			return []derivedItem{item}
		}
	}
	return nil
}

// hasDuplicateNames reports whether DuckDB renamed a column of items.
func hasDuplicateNames(items []derivedItem) bool {
	for _, item := range items {
		for i, name := range item.names {
			if item.duckDBNames[i] != name {
				return true
			}
		}
	}
	return false
}
