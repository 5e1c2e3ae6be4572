package translate

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// maxGroupingSets is PostgreSQL's limit on the grouping sets of a query.
const maxGroupingSets = 4096

// expandDistinctGroupingSets rewrites GROUP BY DISTINCT, which DuckDB
// cannot parse, as GROUPING SETS of the distinct sets that the GROUP BY
// items expand into, as PostgreSQL 14 and later do. Two sets are the
// same where they group by the same expressions in any order.
func expandDistinctGroupingSets(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		sel := n.GetSelectStmt()
		if sel == nil || !sel.GroupDistinct {
			return nil
		}
		sets := [][]*pg.Node{{}}
		for _, item := range sel.GroupClause {
			var product [][]*pg.Node
			for _, set := range sets {
				for _, more := range groupingSetsOf(item, true) {
					product = append(product, append(slices.Clip(set), more...))
				}
			}
			if len(product) > maxGroupingSets {
				return &Error{Code: "54001", Message: "too many grouping sets present (maximum 4096)",
					Position: int(exprLocation(item)) + 1}
			}
			sets = product
		}
		location := int32(-1)
		if len(sel.GroupClause) > 0 {
			location = exprLocation(sel.GroupClause[0])
		}
		sel.GroupClause = []*pg.Node{distinctGroupingSets(sets, location)}
		sel.GroupDistinct = false
		return nil
	})
}

// groupingSetsOf returns the grouping sets that one item of GROUP BY, or
// of GROUPING SETS where top is false, expands into.
func groupingSetsOf(item *pg.Node, top bool) [][]*pg.Node {
	gs := item.GetGroupingSet()
	if gs == nil {
		if row := item.GetRowExpr(); row != nil && !top && row.RowFormat == pg.CoercionForm_COERCE_IMPLICIT_CAST {
			return [][]*pg.Node{row.Args}
		}
		return [][]*pg.Node{{item}}
	}
	var units [][]*pg.Node
	for _, c := range gs.Content {
		units = append(units, groupingSetsOf(c, false)...)
	}
	var sets [][]*pg.Node
	switch gs.Kind {
	case pg.GroupingSetKind_GROUPING_SET_EMPTY:
		sets = [][]*pg.Node{{}}
	case pg.GroupingSetKind_GROUPING_SET_ROLLUP:
		for k := len(gs.Content); k >= 0; k-- {
			sets = append(sets, slices.Concat(units[:k]...))
		}
	case pg.GroupingSetKind_GROUPING_SET_CUBE:
		for mask := range 1 << len(units) {
			var set []*pg.Node
			for i, unit := range units {
				if mask&(1<<i) != 0 {
					set = append(set, unit...)
				}
			}
			sets = append(sets, set)
		}
	default:
		sets = units
	}
	return sets
}

// distinctGroupingSets returns GROUPING SETS of sets without the sets
// that group by the same expressions as an earlier one.
func distinctGroupingSets(sets [][]*pg.Node, location int32) *pg.Node {
	seen := map[string]bool{}
	var content []*pg.Node
	for _, set := range sets {
		var keys []string
		var exprs []*pg.Node
		for _, expr := range set {
			key := expressionKey(expr)
			if !slices.Contains(keys, key) {
				keys = append(keys, key)
				exprs = append(exprs, cloneNode(expr))
			}
		}
		slices.Sort(keys)
		if key := strings.Join(keys, "\x00"); !seen[key] {
			seen[key] = true
			content = append(content, groupingSetNode(exprs, location))
		}
	}
	return &pg.Node{Node: &pg.Node_GroupingSet{GroupingSet: &pg.GroupingSet{
		Kind: pg.GroupingSetKind_GROUPING_SET_SETS, Content: content, Location: location}}}
}

// groupingSetNode returns one set of GROUPING SETS: (), an expression,
// or a parenthesized list of expressions.
func groupingSetNode(exprs []*pg.Node, location int32) *pg.Node {
	switch len(exprs) {
	case 0:
		return &pg.Node{Node: &pg.Node_GroupingSet{GroupingSet: &pg.GroupingSet{
			Kind: pg.GroupingSetKind_GROUPING_SET_EMPTY, Location: location}}}
	case 1:
		return exprs[0]
	}
	return &pg.Node{Node: &pg.Node_RowExpr{RowExpr: &pg.RowExpr{
		Args: exprs, RowFormat: pg.CoercionForm_COERCE_IMPLICIT_CAST, Location: location}}}
}

// expressionKey returns the PostgreSQL text of expr, which is the same
// for two expressions that differ only in their locations.
func expressionKey(expr *pg.Node) string {
	sel := &pg.SelectStmt{TargetList: []*pg.Node{{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Val: cloneNode(expr)}}}}}
	text, err := deparse(&pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}})
	if err != nil {
		// Every set with this expression then counts as distinct.
		return "\x01" + expr.String()
	}
	return text
}
