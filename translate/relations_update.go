package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// update resolves the names of an UPDATE: its SET values, WHERE and
// RETURNING see the target relation's columns and those of its FROM
// items, as PostgreSQL resolves them. The target is always a table or
// view, never a WITH query of the same name.
func (r *scopeResolver) update(upd *pg.UpdateStmt, parent *scope, with withQueries) {
	if upd.WithClause != nil {
		with = r.withClause(upd.WithClause, parent, with)
	}
	level := &scope{parent: parent}
	target := upd.Relation
	var rel *relationType
	if target != nil && target.Catalogname == "" {
		rel = r.rel.lookup(target.Schemaname, target.Relname)
	}
	if rel == nil {
		rel = opaqueRelation
	}
	alias := target.GetRelname()
	if target.GetAlias() != nil {
		alias = target.Alias.Aliasname
	}
	level.items = append(level.items, fromItem{alias: alias, rel: rel})
	for _, from := range upd.FromClause {
		r.addFromItem(from, level, with)
	}
	for _, from := range upd.FromClause {
		r.joinConditions(from, level, with)
	}
	for _, list := range [][]*pg.Node{upd.TargetList, {upd.WhereClause}, upd.ReturningList} {
		for _, n := range list {
			if n != nil {
				r.expressions(n.ProtoReflect(), level, with)
			}
		}
	}
}
