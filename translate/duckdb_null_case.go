package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// typeNullCases casts to text each CASE of stmt whose results are all
// NULL constants, as in CASE WHEN false THEN NULL END. PostgreSQL 15
// resolves such a CASE as text (select_common_type in parse_coerce.c),
// so CASE ... END + 1 fails with 42883 and a UNION with an integer fails
// with 42804, where DuckDB's NULL takes any type.
func typeNullCases(stmt *pg.Node) {
	walkNode(stmt, func(n *pg.Node) error {
		c := n.GetCaseExpr()
		if c == nil || !isNullResult(c.Defresult) {
			return nil
		}
		for _, w := range c.Args {
			if !isNullResult(w.GetCaseWhen().GetResult()) {
				return nil
			}
		}
		n.Node = typeCast(&pg.Node{Node: n.Node}, "text", c.Location).Node
		return nil
	})
}

// isNullResult reports whether n is absent or the constant NULL.
func isNullResult(n *pg.Node) bool {
	if n == nil {
		return true
	}
	c := n.GetAConst()
	return c != nil && c.Isnull
}
