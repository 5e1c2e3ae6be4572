package translate

import (
	"fmt"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// query writes a SELECT, VALUES or set operation. top is set for the
// statement's own result, whose column names the client sees.
func (w *bqWriter) query(s *pg.SelectStmt, top bool) {
	switch {
	case s == nil:
		w.failf(-1, "this query is not supported on BigQuery")
		return
	case s.IntoClause != nil:
		w.failf(-1, "SELECT INTO is not supported on BigQuery")
		return
	case len(s.LockingClause) > 0:
		w.failf(-1, "SELECT ... FOR UPDATE or FOR SHARE is not supported on BigQuery")
		return
	}
	if s.WithClause != nil {
		w.with(s.WithClause)
	}
	switch {
	case s.Larg != nil && s.Rarg != nil:
		w.setOperation(s, top)
	case len(s.ValuesLists) > 0:
		w.values(s, nil)
	default:
		w.selectCore(s, top)
	}
	w.orderBy(s.SortClause)
	w.limit(s)
}

func (w *bqWriter) with(wc *pg.WithClause) {
	w.write("WITH ")
	if wc.Recursive {
		w.write("RECURSIVE ")
	}
	w.list(wc.Ctes, func(n *pg.Node) {
		cte := n.GetCommonTableExpr()
		switch {
		case len(cte.Aliascolnames) > 0:
			w.failf(cte.Location, "a column list on WITH query %s is not supported on BigQuery", cte.Ctename)
		case cte.SearchClause != nil || cte.CycleClause != nil:
			w.failf(cte.Location, "SEARCH and CYCLE clauses are not supported on BigQuery")
		}
		sel := cte.Ctequery.GetSelectStmt()
		if sel == nil {
			w.failf(cte.Location, "a data-modifying statement in WITH is not supported on BigQuery")
			return
		}
		if wc.Recursive && sel.Op == pg.SetOperation_SETOP_UNION && !sel.All {
			w.failf(cte.Location, "WITH RECURSIVE with UNION is not supported on BigQuery, which allows only UNION ALL")
		}
		w.write(bqQuoteIdent(cte.Ctename), " AS (")
		w.query(sel, false)
		w.write(")")
	})
	w.write(" ")
}

func (w *bqWriter) setOperation(s *pg.SelectStmt, top bool) {
	op := map[pg.SetOperation]string{
		pg.SetOperation_SETOP_UNION: "UNION", pg.SetOperation_SETOP_INTERSECT: "INTERSECT",
		pg.SetOperation_SETOP_EXCEPT: "EXCEPT",
	}[s.Op]
	quantifier := " DISTINCT "
	if s.All {
		if s.Op != pg.SetOperation_SETOP_UNION {
			w.failf(-1, "%s ALL is not supported on BigQuery", op)
		}
		quantifier = " ALL "
	}
	w.write("(")
	w.query(s.Larg, top)
	w.write(") ", op, quantifier, "(")
	w.query(s.Rarg, false)
	w.write(")")
}

// values writes VALUES lists as SELECTs joined by UNION ALL, with the
// columns named names, or column1, column2, ... as PostgreSQL names them.
func (w *bqWriter) values(s *pg.SelectStmt, names []*pg.Node) {
	if len(names) == 0 {
		names = valuesColumnNames(s)
	}
	if err := checkValuesLengths(s); err != nil {
		w.fail(err.(*Error))
		return
	}
	for i, row := range s.ValuesLists {
		if i > 0 {
			w.write(" UNION ALL ")
		}
		w.write("SELECT ")
		for j, item := range row.GetList().GetItems() {
			if j > 0 {
				w.write(", ")
			}
			w.expr(item)
			if j < len(names) {
				w.write(" AS ", bqQuoteIdent(names[j].GetString_().GetSval()))
			}
		}
	}
}

func (w *bqWriter) selectCore(s *pg.SelectStmt, top bool) {
	w.write("SELECT ")
	distinctOn := len(s.DistinctClause) > 0 && s.DistinctClause[0].GetNode() != nil
	if len(s.DistinctClause) > 0 && !distinctOn {
		w.write("DISTINCT ")
	}
	if len(s.TargetList) == 0 {
		w.failf(-1, "SELECT without result columns is not supported on BigQuery")
		return
	}
	w.targets(s.TargetList, top)
	if len(s.FromClause) > 0 {
		w.write(" FROM ")
		w.list(s.FromClause, w.fromItem)
	}
	if s.WhereClause != nil {
		w.write(" WHERE ")
		w.expr(s.WhereClause)
	}
	w.groupBy(s)
	if s.HavingClause != nil {
		w.write(" HAVING ")
		w.expr(s.HavingClause)
	}
	if distinctOn {
		w.distinctOn(s)
	}
	w.windowClause(s.WindowClause)
}

// targets writes the select list. In the statement's own result, a name
// that BigQuery rejects or that repeats an earlier one is encoded.
func (w *bqWriter) targets(list []*pg.Node, top bool) {
	seen := map[string]bool{}
	for i, t := range list {
		if i > 0 {
			w.write(", ")
		}
		rt := t.GetResTarget()
		w.expr(rt.Val)
		name := rt.Name
		if name == "" && !isStar(rt.Val) {
			name, _ = lastFieldName(rt.Val.GetColumnRef().GetFields())
		}
		if name == "" {
			continue
		}
		key := bigQueryFold(name)
		switch {
		case top && (seen[key] || !bigQueryColumnNameValid(name)):
			w.write(" AS ", encodeBigQueryColumnName(i+1, name))
		case rt.Name != "":
			w.write(" AS ", bqQuoteIdent(rt.Name))
		}
		seen[key] = true
	}
}

func (w *bqWriter) groupBy(s *pg.SelectStmt) {
	if len(s.GroupClause) == 0 {
		return
	}
	if s.GroupDistinct {
		w.failf(-1, "GROUP BY DISTINCT is not supported on BigQuery")
	}
	w.write(" GROUP BY ")
	w.list(bqGroupColumns(w, s), w.groupItem)
}

// bqGroupColumns returns the GROUP BY items of s with each bare column
// name that the select list also gives another expression qualified by
// its relation. PostgreSQL groups by the input column of that name, and
// BigQuery by the select list's expression, as in SELECT CAST(id AS
// NUMERIC) AS id ... GROUP BY id. With more than one FROM item, pgway
// cannot tell which one has the column, so such a name fails.
func bqGroupColumns(w *bqWriter, s *pg.SelectStmt) []*pg.Node {
	aliases := map[string]bool{}
	for _, t := range s.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Name == "" {
			continue
		}
		if name, _ := lastFieldName(rt.Val.GetColumnRef().GetFields()); bigQueryFold(name) != bigQueryFold(rt.Name) {
			aliases[bigQueryFold(rt.Name)] = true
		}
	}
	if len(aliases) == 0 {
		return s.GroupClause
	}
	qualify := func(n *pg.Node) *pg.Node {
		fields := n.GetColumnRef().GetFields()
		if len(fields) != 1 || fields[0].GetString_() == nil || !aliases[bigQueryFold(fields[0].GetString_().Sval)] {
			return n
		}
		qualifier := bqSingleRelationName(s.FromClause)
		if qualifier == "" {
			w.failf(exprLocation(n), "GROUP BY %s, a name that the select list gives another expression, is not supported on BigQuery with more than one relation in FROM",
				fields[0].GetString_().Sval)
			return n
		}
		return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
			Fields: []*pg.Node{pg.MakeStrNode(qualifier), fields[0]}, Location: n.GetColumnRef().Location}}}
	}
	items := make([]*pg.Node, len(s.GroupClause))
	for i, item := range s.GroupClause {
		gs := item.GetGroupingSet()
		if gs == nil {
			items[i] = qualify(item)
			continue
		}
		set := &pg.GroupingSet{Kind: gs.Kind, Location: gs.Location, Content: make([]*pg.Node, len(gs.Content))}
		for j, c := range gs.Content {
			set.Content[j] = qualify(c)
		}
		items[i] = &pg.Node{Node: &pg.Node_GroupingSet{GroupingSet: set}}
	}
	return items
}

// bqSingleRelationName returns the name by which the only relation of a
// FROM clause is referred to, its alias or its table name, or "" when
// the clause has another number of items or a join.
func bqSingleRelationName(from []*pg.Node) string {
	if len(from) != 1 {
		return ""
	}
	switch v := from[0].Node.(type) {
	case *pg.Node_RangeVar:
		if v.RangeVar.Alias != nil {
			return v.RangeVar.Alias.Aliasname
		}
		return v.RangeVar.Relname
	case *pg.Node_RangeSubselect:
		return v.RangeSubselect.GetAlias().GetAliasname()
	}
	return ""
}

func (w *bqWriter) groupItem(n *pg.Node) {
	gs := n.GetGroupingSet()
	if gs == nil {
		w.expr(n)
		return
	}
	switch gs.Kind {
	case pg.GroupingSetKind_GROUPING_SET_EMPTY:
		w.write("()")
		return
	case pg.GroupingSetKind_GROUPING_SET_SIMPLE:
		w.write("(")
		w.list(gs.Content, w.expr)
		w.write(")")
		return
	case pg.GroupingSetKind_GROUPING_SET_ROLLUP:
		w.write("ROLLUP(")
	case pg.GroupingSetKind_GROUPING_SET_CUBE:
		w.write("CUBE(")
	case pg.GroupingSetKind_GROUPING_SET_SETS:
		w.write("GROUPING SETS(")
	}
	w.list(gs.Content, w.groupItem)
	w.write(")")
}

// distinctOn writes DISTINCT ON as a QUALIFY clause that keeps the first
// row of each group in the statement's ORDER BY order, which is the row
// PostgreSQL keeps. BigQuery accepts QUALIFY only in a statement with
// WHERE, GROUP BY or HAVING, so WHERE TRUE is added when it has none.
func (w *bqWriter) distinctOn(s *pg.SelectStmt) {
	if s.WhereClause == nil && len(s.GroupClause) == 0 && s.HavingClause == nil {
		w.write(" WHERE TRUE")
	}
	w.write(" QUALIFY ROW_NUMBER() OVER (PARTITION BY ")
	w.list(s.DistinctClause, func(n *pg.Node) { w.expr(bqResolveOrdinal(n, s.TargetList)) })
	if len(s.SortClause) > 0 {
		sorts := make([]*pg.Node, len(s.SortClause))
		for i, n := range s.SortClause {
			sb := n.GetSortBy()
			sorts[i] = &pg.Node{Node: &pg.Node_SortBy{SortBy: &pg.SortBy{
				Node: bqResolveOrdinal(sb.Node, s.TargetList), SortbyDir: sb.SortbyDir,
				SortbyNulls: sb.SortbyNulls, UseOp: sb.UseOp, Location: sb.Location,
			}}}
		}
		w.orderBy(sorts)
	}
	w.write(") = 1")
}

// bqResolveOrdinal returns the select-list expression that an ordinal such
// as the 1 of ORDER BY 1 names, and n itself when it is no ordinal.
func bqResolveOrdinal(n *pg.Node, targets []*pg.Node) *pg.Node {
	iv := n.GetAConst().GetIval()
	if iv == nil || n.GetAConst().GetIsnull() {
		return n
	}
	if i := int(iv.Ival); i >= 1 && i <= len(targets) {
		return targets[i-1].GetResTarget().GetVal()
	}
	return n
}

func (w *bqWriter) windowClause(defs []*pg.Node) {
	if len(defs) == 0 {
		return
	}
	w.write(" WINDOW ")
	w.list(defs, func(n *pg.Node) {
		wd := n.GetWindowDef()
		w.write(bqQuoteIdent(wd.Name), " AS ")
		w.windowSpec(wd)
	})
}

func (w *bqWriter) orderBy(sorts []*pg.Node) {
	if len(sorts) == 0 {
		return
	}
	w.write(" ORDER BY ")
	w.list(sorts, w.sortItem)
}

// sortItem writes one sort key with PostgreSQL's null order spelled out:
// nulls sort as larger than every value, so last ascending and first
// descending. BigQuery sorts them as smaller.
func (w *bqWriter) sortItem(n *pg.Node) {
	sb := n.GetSortBy()
	if sb.SortbyDir == pg.SortByDir_SORTBY_USING {
		w.failf(sb.Location, "ORDER BY ... USING is not supported on BigQuery")
		return
	}
	w.expr(sb.Node)
	desc := sb.SortbyDir == pg.SortByDir_SORTBY_DESC
	if desc {
		w.write(" DESC")
	}
	nullsFirst := desc
	switch sb.SortbyNulls {
	case pg.SortByNulls_SORTBY_NULLS_FIRST:
		nullsFirst = true
	case pg.SortByNulls_SORTBY_NULLS_LAST:
		nullsFirst = false
	}
	if nullsFirst {
		w.write(" NULLS FIRST")
	} else {
		w.write(" NULLS LAST")
	}
}

// bqMaxInt64 stands for "no limit" before OFFSET, which BigQuery accepts
// only after a LIMIT.
const bqMaxInt64 = "9223372036854775807"

func (w *bqWriter) limit(s *pg.SelectStmt) {
	if s.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES {
		w.failf(-1, "FETCH FIRST ... WITH TIES is not supported on BigQuery")
		return
	}
	count, hasCount := w.limitValue(s.LimitCount, "LIMIT")
	offset, hasOffset := w.limitValue(s.LimitOffset, "OFFSET")
	switch {
	case hasCount:
		w.write(" LIMIT ", count)
	case hasOffset:
		w.write(" LIMIT ", bqMaxInt64)
	}
	if hasOffset {
		w.write(" OFFSET ", offset)
	}
}

// limitValue returns the text of a LIMIT or OFFSET value, which BigQuery
// accepts only as an integer literal or a parameter. LIMIT ALL and LIMIT
// NULL mean no limit.
func (w *bqWriter) limitValue(n *pg.Node, clause string) (string, bool) {
	if n == nil {
		return "", false
	}
	if c := n.GetAConst(); c != nil {
		switch {
		case c.Isnull:
			return "", false
		case c.GetIval() != nil:
			return strconv.Itoa(int(c.GetIval().Ival)), true
		case c.GetFval() != nil:
			if _, err := strconv.ParseInt(c.GetFval().Fval, 10, 64); err == nil {
				return c.GetFval().Fval, true
			}
		}
	}
	if p := n.GetParamRef(); p != nil {
		return fmt.Sprintf("@p%d", p.Number), true
	}
	w.failf(exprLocation(n), "%s with an expression is not supported on BigQuery, which takes only a constant or a parameter", clause)
	return "", false
}
