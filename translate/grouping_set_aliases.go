package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// replaceGroupingSetAliases replaces a bare name in ROLLUP, CUBE or
// GROUPING SETS that only an output column of sel defines with a copy
// of that column's expression. PostgreSQL looks such a name up among the
// output columns as it does for a bare name in GROUP BY, where DuckDB
// finds no column. A name of a FROM item's column keeps that column, as
// in PostgreSQL. An expression that calls a volatile function is left
// alone, since its copy would be evaluated apart from the output column.
func replaceGroupingSetAliases(sel *pg.SelectStmt, level *scope) {
	outputs := map[string]*pg.Node{}
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if name := strings.ToLower(rt.GetName()); name != "" && outputs[name] == nil {
			outputs[name] = rt.Val
		}
	}
	if len(outputs) == 0 {
		return
	}
	var replace func(gs *pg.GroupingSet)
	replaceItem := func(item *pg.Node) {
		ref := item.GetColumnRef()
		if ref == nil || len(ref.Fields) != 1 || ref.Fields[0].GetString_() == nil {
			return
		}
		name := strings.ToLower(ref.Fields[0].GetString_().GetSval())
		if value := outputs[name]; value != nil && level.lacks(name) && !hasVolatileCall(value) {
			item.Node = cloneNode(value).Node
		}
	}
	replace = func(gs *pg.GroupingSet) {
		for _, item := range gs.Content {
			switch {
			case item.GetGroupingSet() != nil:
				replace(item.GetGroupingSet())
			case item.GetRowExpr() != nil:
				for _, arg := range item.GetRowExpr().Args {
					replaceItem(arg)
				}
			default:
				replaceItem(item)
			}
		}
	}
	for _, g := range sel.GroupClause {
		if gs := g.GetGroupingSet(); gs != nil {
			replace(gs)
		}
	}
}
