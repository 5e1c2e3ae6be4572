package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// crossNaturalJoins turns each NATURAL join whose sides share no column
// name into a join ON TRUE, as PostgreSQL runs it, where DuckDB's binder
// fails. A join whose side's columns pgway cannot see stays NATURAL.
func (u *usingStars) crossNaturalJoins(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		j, ok := msg.(*pg.JoinExpr)
		if !ok || !j.IsNatural {
			return
		}
		left, ok := u.itemColumns(j.Larg)
		if !ok {
			return
		}
		right, ok := u.itemColumns(j.Rarg)
		if !ok || len(joinColumnNames(j, left, right)) > 0 {
			return
		}
		j.IsNatural = false
		j.Quals = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
			Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: true}}, Location: -1}}}
	})
}
