package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// selectedIntervalConstants adds to out the casts that are whole items of
// the select list of a SELECT without GROUP BY or DISTINCT, such as both
// constants of select '1 day'::interval, '24 hours'::interval. DuckDB
// shares an expression for another that is equal to it, but a constant
// is no computed expression that it would share. Grouping by a constant
// makes a select item of an equal constant show the grouped one, so
// those are left out. So are the arms of a UNION, INTERSECT or EXCEPT
// without ALL, which keep one of equal rows.
func selectedIntervalConstants(stmt *pg.Node, out map[*pg.TypeCast]bool) {
	distinctArms := map[*pg.SelectStmt]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if s, ok := msg.(*pg.SelectStmt); ok && s.Op != pg.SetOperation_SETOP_NONE && !s.All {
			distinctArms[s.Larg], distinctArms[s.Rarg] = true, true
		}
	})
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		s, ok := msg.(*pg.SelectStmt)
		if !ok || len(s.GroupClause) > 0 || len(s.DistinctClause) > 0 || distinctArms[s] {
			return
		}
		for _, item := range s.TargetList {
			if tc := item.GetResTarget().GetVal().GetTypeCast(); tc != nil {
				out[tc] = true
			}
		}
	})
}
