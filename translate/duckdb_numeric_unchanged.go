package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A derived table's column of number constants of different scales, such
// as (VALUES (1.50), (2)), takes the _result form only where the query
// that reads it passes each value on as it is. These uses are a result
// column, alone or as the argument of array_agg, and a sort key. Any other use would
// need the nested DECIMAL(38,20) form, which shows more zeros than the
// DECIMAL that DuckDB gives the constants, so the column then keeps that
// DECIMAL. A query that groups by the column groups by the _result form's
// order key, which is equal for equal values of any scale, and shows the
// group's first value, any_value(column), as PostgreSQL shows the first
// row's value of each group.
// NOTE: any_value takes the first value that DuckDB reads, which for
// UNION ALL or a parallel scan need not be the row PostgreSQL reads first,
// so a group of equal values of different scales may show another scale.

// passedOnUnchanged reports whether sel reads column of the relation
// alias only so, in one result column that allowed accepts. DISTINCT,
// which would tell equal values of different scales apart, and GROUP BY
// positions and grouping sets, which the rewrite for GROUP BY does not
// follow, keep the DECIMAL.
func passedOnUnchanged(sel *pg.SelectStmt, alias, column string, allowed columnAllowed) bool {
	if joinsOn(sel.FromClause, column) || len(sel.DistinctClause) > 0 {
		return false
	}
	grouped, ok := groupReferences(sel, alias, column)
	if !ok {
		return false
	}

	bare := map[*pg.ColumnRef]bool{}
	for _, g := range grouped {
		bare[g.GetColumnRef()] = true
	}
	position, name := -2, ""
	var target *pg.ResTarget
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		ref, aggregate := unchangedReference(rt.GetVal())
		switch {
		case ref == nil:
			continue
		case ref.Fields[len(ref.Fields)-1].GetAStar() != nil:
			if len(ref.Fields) > 1 && fieldName(ref.Fields, 2) != alias {
				continue
			}
			if len(grouped) > 0 {
				// * would show the column without any_value.
				return false
			}
			i = -1
		case !refersTo(ref, alias, column):
			continue
		}
		if position != -2 {
			// A second result column: allowed may rewrite sel's readers
			// for the first before the second is rejected.
			return false
		}
		position, name = i, rt.Name
		if name == "" && aggregate == nil {
			name = column
		}
		if aggregate == nil && i >= 0 {
			target = rt
		}
		bare[ref] = true
		for _, sb := range aggregate.GetAggOrder() {
			if r := sb.GetSortBy().GetNode().GetColumnRef(); r != nil {
				bare[r] = true
			}
		}
	}

	var sortKeys []*pg.Node
	for _, sb := range sel.SortClause {
		key := sb.GetSortBy().GetNode()
		if ref := key.GetColumnRef(); ref != nil {
			bare[ref] = true
			if refersTo(ref, alias, column) {
				sortKeys = append(sortKeys, key)
			}
		}
	}

	ok = position != -2
	inspectScope(sel, func(msg protoreflect.ProtoMessage) {
		if ref, isRef := msg.(*pg.ColumnRef); isRef && !bare[ref] && refersTo(ref, alias, column) {
			ok = false
		}
	})
	if !ok || !allowed(position, name, true) {
		return false
	}
	if len(grouped) > 0 {
		groupByKey(grouped, target, sortKeys, column)
	}
	return true
}

// groupReferences returns the items of sel's GROUP BY that are column of
// the relation alias. It reports false for GROUP BY with a position or a
// grouping set, or with another expression of the column.
func groupReferences(sel *pg.SelectStmt, alias, column string) ([]*pg.Node, bool) {
	var grouped []*pg.Node
	for _, g := range sel.GroupClause {
		ref := g.GetColumnRef()
		switch {
		case g.GetGroupingSet() != nil || g.GetAConst() != nil:
			return nil, false
		case ref != nil && refersTo(ref, alias, column):
			grouped = append(grouped, g)
		}
	}
	return grouped, true
}

// groupByKey makes the GROUP BY items grouped group by the order key of
// the _result form, and the result column target and the sort keys show
// any_value of the column, named as the column.
func groupByKey(grouped []*pg.Node, target *pg.ResTarget, sortKeys []*pg.Node, column string) {
	for _, g := range grouped {
		loc := exprLocation(g)
		g.Node = funcCall("struct_extract", loc, &pg.Node{Node: g.Node}, pg.MakeAConstStrNode(DuckDBQuotientKeyField, loc)).Node
	}
	if target != nil {
		if target.Name == "" {
			target.Name = column
		}
		target.Val = funcCall(anyValueFunction, exprLocation(target.Val), target.Val)
	}
	for _, key := range sortKeys {
		key.Node = funcCall(anyValueFunction, exprLocation(key), &pg.Node{Node: key.Node}).Node
	}
}

// unchangedReference returns the column reference of a result column
// that is one, or that is the only argument of array_agg without
// DISTINCT or FILTER, with that call.
func unchangedReference(n *pg.Node) (*pg.ColumnRef, *pg.FuncCall) {
	if ref := n.GetColumnRef(); ref != nil {
		return ref, nil
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) != 1 || !strings.EqualFold(lastName(fc.Funcname), "array_agg") ||
		len(fc.Args) != 1 || fc.AggDistinct || fc.AggFilter != nil || fc.Over != nil {
		return nil, nil
	}
	if ref := fc.Args[0].GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() == nil {
		return ref, fc
	}
	return nil, nil
}
