package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// starOrderNameError returns PostgreSQL's 42702 for ORDER BY or DISTINCT
// ON a bare name of two result columns with different expressions, where
// one of them comes from * in the select list of sel. An example is
// SELECT *, x AS y FROM t ORDER BY y, where t has a column y.
// checkAmbiguousOrderNames cannot see the columns of *, which level has
// for tables and views of Relations. It returns nil where * expands other
// columns.
func starOrderNameError(sel *pg.SelectStmt, level *scope) *Error {
	type target struct {
		name string
		expr *pg.Node
	}
	var targets []target
	hasStar := false
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			return nil
		}
		ref := rt.Val.GetColumnRef()
		if ref == nil || ref.Fields[len(ref.Fields)-1].GetAStar() == nil {
			targets = append(targets, target{resultName(rt), comparableTarget(rt.Val)})
			continue
		}
		columns, ok := level.starColumns(ref)
		if !ok {
			return nil
		}
		hasStar = true
		for _, c := range columns {
			// A subquery's columns are known only in lower case, so
			// names that differ in case in PostgreSQL would match.
			name := c.spelled
			if name == "" {
				return nil
			}
			expr := &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
				Fields: []*pg.Node{{Node: &pg.Node_String_{String_: &pg.String{Sval: name}}}}}}}
			targets = append(targets, target{name, expr})
		}
	}
	if !hasStar {
		return nil
	}
	check := func(n *pg.Node, clause string) *Error {
		ref := n.GetColumnRef()
		if ref == nil || len(ref.Fields) != 1 || ref.Fields[0].GetString_() == nil {
			return nil
		}
		name := ref.Fields[0].GetString_().Sval
		var match *pg.Node
		for _, t := range targets {
			if t.name != name {
				continue
			}
			if match != nil && !sameExpression(match, t.expr) {
				return &Error{Code: "42702", Position: int(ref.Location) + 1,
					Message: fmt.Sprintf("%s %q is ambiguous", clause, name)}
			}
			if match == nil {
				match = t.expr
			}
		}
		return nil
	}
	for _, s := range sel.SortClause {
		if err := check(s.GetSortBy().GetNode(), "ORDER BY"); err != nil {
			return err
		}
	}
	for _, n := range sel.DistinctClause {
		if err := check(n, "DISTINCT ON"); err != nil {
			return err
		}
	}
	return nil
}
