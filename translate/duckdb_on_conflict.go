package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SetUniqueKeys records which tables have a primary key, a UNIQUE
// constraint or a unique index, by schema and table name. Tables of r
// that are not listed have none. Without a call, r does not know the
// keys. Call it before r is shared.
func (r *Relations) SetUniqueKeys(tables [][2]string) {
	r.keyed = make(map[relationKey]bool, len(tables))
	for _, name := range tables {
		r.keyed[relationKey{strings.ToLower(name[0]), strings.ToLower(name[1])}] = true
	}
}

// hasNoUniqueKey reports whether Relations know that the table of rel has
// no unique key. The keys of temporary tables are not known.
func (r *Relations) hasNoUniqueKey(rel *relationType) bool {
	return r != nil && r.keyed != nil && rel != nil && !rel.opaque && rel.schema != "pg_temp" &&
		!r.keyed[relationKey{strings.ToLower(rel.schema), strings.ToLower(rel.name)}]
}

// dropKeylessConflicts removes ON CONFLICT DO NOTHING without a conflict
// target from an INSERT into a table without a unique key. PostgreSQL
// inserts every row there, since no row can conflict, where DuckDB
// rejects the clause when it finds no key to check.
func dropKeylessConflicts(stmt *pg.Node, r *Relations) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		insert, ok := msg.(*pg.InsertStmt)
		if !ok || insert.OnConflictClause == nil || insert.Relation == nil || insert.Relation.Catalogname != "" {
			return
		}
		conflict := insert.OnConflictClause
		if conflict.Action != pg.OnConflictAction_ONCONFLICT_NOTHING || conflict.Infer != nil {
			return
		}
		if r.hasNoUniqueKey(r.lookup(insert.Relation.Schemaname, insert.Relation.Relname)) {
			insert.OnConflictClause = nil
		}
	})
}
