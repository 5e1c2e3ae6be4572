package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// expandGroupedPositions replaces each GROUP BY position, such as the 1
// of GROUP BY 1, that names a result column that is a quotient with a
// copy of that column's expression. DuckDB would group by the _result
// form of the column, which keeps 1.5 and 1.50 apart, where PostgreSQL
// groups numerics by value. promoteGroupedQuotients then shows the
// column as it does for GROUP BY written out as the expression.
func expandGroupedPositions(sel *pg.SelectStmt) {
	for i, g := range sel.GroupClause {
		position, ok := groupPosition(g)
		if !ok || position < 1 || position > len(sel.TargetList) {
			continue
		}
		rt := sel.TargetList[position-1].GetResTarget()
		if rt == nil || rt.Val == nil || !isQuotient(rt.Val) {
			continue
		}
		sel.GroupClause[i] = proto.Clone(rt.Val).(*pg.Node)
	}
}

// groupPosition returns k of a GROUP BY item that is the integer
// constant k.
func groupPosition(g *pg.Node) (int, bool) {
	c := g.GetAConst()
	if c == nil || c.GetIval() == nil {
		return 0, false
	}
	return int(c.GetIval().Ival), true
}
