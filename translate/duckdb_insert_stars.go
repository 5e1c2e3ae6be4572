package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// starQueryWidth returns the number of result columns of the query of
// INSERT ... SELECT where * hides them from queryWidth, resolved with the
// column lists of r, or 0 where a relation's columns are unknown. It
// resolves a copy, as the resolver qualifies some names in place.
func starQueryWidth(insert *pg.InsertStmt, r *Relations) int {
	if r == nil {
		return 0
	}
	clone := proto.Clone(insert).(*pg.InsertStmt)
	resolver := &scopeResolver{rel: r, types: map[*pg.ColumnRef]string{}, wholeRows: map[*pg.ColumnRef]fromItem{}}
	var with withQueries
	if clone.WithClause != nil {
		with = resolver.withClause(clone.WithClause, nil, nil)
	}
	rel := resolver.query(clone.SelectStmt.GetSelectStmt(), nil, with)
	if rel == nil || rel.opaque || mergesJoinColumns(clone) {
		return 0
	}
	return len(rel.columns)
}

// mergesJoinColumns reports whether stmt has a join with USING or
// NATURAL, whose * shows each merged column once, where the resolver
// counts it on both sides.
func mergesJoinColumns(stmt proto.Message) bool {
	merges := false
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if join, ok := msg.(*pg.JoinExpr); ok && (len(join.UsingClause) > 0 || join.IsNatural) {
			merges = true
		}
	})
	return merges
}
