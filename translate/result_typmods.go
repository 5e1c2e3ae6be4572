package translate

import (
	"fmt"
	"maps"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// resultTypmods reports, for each result column of a SELECT, whether
// PostgreSQL describes it with a type modifier: a column reference keeps
// its column's, and a cast to a type with modifiers, such as
// numeric(10,2), keeps the cast's. Any other expression, such as 1.5 + 1
// or sum(x), has none, where DuckDB's DECIMAL result always has a
// precision and scale. A column of UNION, INTERSECT or EXCEPT keeps one
// where every branch does. It returns nil for other statements and for
// a select list with *, whose columns the warehouse expands, except
// SELECT * FROM a subquery.
func resultTypmods(stmt *pg.Node) []bool {
	sel := stmt.GetSelectStmt()
	if sel == nil {
		return nil
	}
	return selectTypmods(sel)
}

func selectTypmods(sel *pg.SelectStmt) []bool {
	return scopedTypmods(sel, nil)
}

// scopedTypmods is selectTypmods of sel where ctes are the WITH queries
// in scope, by name, with the typmods of their columns.
func scopedTypmods(sel *pg.SelectStmt, ctes map[string]map[string]bool) []bool {
	if sel == nil {
		return nil
	}
	// The self-reference of a recursive WITH query reads as a table,
	// whose columns keep their typmods, so the non-recursive term decides.
	if with := sel.WithClause; with != nil {
		ctes = maps.Clone(ctes)
		if ctes == nil {
			ctes = map[string]map[string]bool{}
		}
		for _, n := range with.Ctes {
			cte := n.GetCommonTableExpr()
			if query := cte.GetCtequery().GetSelectStmt(); query != nil {
				ctes[cte.Ctename] = namedTypmods(query, cte.Aliascolnames, ctes)
			}
		}
	}
	if sel.Op != pg.SetOperation_SETOP_NONE {
		left, right := scopedTypmods(sel.Larg, ctes), scopedTypmods(sel.Rarg, ctes)
		if left == nil || len(left) != len(right) {
			return nil
		}
		for i := range left {
			left[i] = left[i] && right[i]
		}
		return left
	}
	if len(sel.ValuesLists) > 0 {
		return valuesTypmods(sel.ValuesLists)
	}
	if len(sel.TargetList) == 1 && len(sel.FromClause) == 1 {
		// SELECT * FROM (subquery) has the subquery's columns. This is
		// checked before the FROM items' columns, which would read the
		// subquery again at each level of such nesting.
		ref := sel.TargetList[0].GetResTarget().GetVal().GetColumnRef()
		sub := sel.FromClause[0].GetRangeSubselect()
		if ref != nil && len(ref.Fields) == 1 && isStarRef(ref) && sub != nil && !sub.Lateral {
			if inner := sub.Subquery.GetSelectStmt(); inner != nil {
				return scopedTypmods(inner, ctes)
			}
		}
		if rv := sel.FromClause[0].GetRangeVar(); ref != nil && len(ref.Fields) == 1 && isStarRef(ref) && rv != nil {
			if query := namedWithQuery(sel.WithClause, rv); query != nil {
				return scopedTypmods(query, ctes)
			}
		}
	}
	sources := map[string]map[string]bool{}
	for _, item := range sel.FromClause {
		fromTypmods(item, ctes, sources)
	}
	keep := make([]bool, len(sel.TargetList))
	for i, target := range sel.TargetList {
		value := target.GetResTarget().GetVal()
		if ref := value.GetColumnRef(); ref != nil {
			if isStarRef(ref) {
				return nil
			}
			keep[i] = columnKeepsTypmod(ref, sources)
		}
		keep[i] = keep[i] || castWithTypmods(value)
	}
	return keep
}

// columnKeepsTypmod reports whether a column reference keeps its
// column's type modifier: one of a table does, one of a subquery, VALUES
// or WITH query where its expression there does. sources has the
// columns of the FROM items other than tables, by alias and name.
func columnKeepsTypmod(ref *pg.ColumnRef, sources map[string]map[string]bool) bool {
	names := names(ref.Fields)
	switch len(names) {
	case 1:
		for _, columns := range sources {
			if keep, ok := columns[names[0]]; ok {
				return keep
			}
		}
	case 2:
		if keep, ok := sources[names[0]][names[1]]; ok {
			return keep
		}
	}
	return true
}

// fromTypmods adds to sources the columns of the subqueries and WITH
// queries among a FROM item, by their alias.
func fromTypmods(item *pg.Node, ctes map[string]map[string]bool, sources map[string]map[string]bool) {
	switch v := item.GetNode().(type) {
	case *pg.Node_RangeSubselect:
		query := v.RangeSubselect.Subquery.GetSelectStmt()
		if query == nil || v.RangeSubselect.Alias == nil {
			return
		}
		sources[v.RangeSubselect.Alias.Aliasname] = namedTypmods(query, v.RangeSubselect.Alias.Colnames, ctes)
	case *pg.Node_RangeVar:
		columns, ok := ctes[v.RangeVar.Relname]
		if !ok || v.RangeVar.Schemaname != "" {
			return
		}
		alias := v.RangeVar.Relname
		if v.RangeVar.Alias != nil {
			alias = v.RangeVar.Alias.Aliasname
		}
		sources[alias] = columns
	case *pg.Node_JoinExpr:
		fromTypmods(v.JoinExpr.Larg, ctes, sources)
		fromTypmods(v.JoinExpr.Rarg, ctes, sources)
	}
}

// namedTypmods returns the typmods of query's columns by name: the
// aliases where given, else the names of its select list.
func namedTypmods(query *pg.SelectStmt, aliases []*pg.Node, ctes map[string]map[string]bool) map[string]bool {
	keep := scopedTypmods(query, ctes)
	columnNames := names(aliases)
	first := query
	for first.Op != pg.SetOperation_SETOP_NONE && first.Larg != nil {
		first = first.Larg
	}
	for i := len(columnNames); i < len(first.TargetList); i++ {
		target := first.TargetList[i].GetResTarget()
		name := target.Name
		if ref := target.GetVal().GetColumnRef(); name == "" && ref != nil {
			fields := names(ref.Fields)
			if len(fields) > 0 {
				name = fields[len(fields)-1]
			}
		}
		columnNames = append(columnNames, name)
	}
	if len(first.ValuesLists) > 0 && len(columnNames) == 0 {
		for i := range keep {
			columnNames = append(columnNames, fmt.Sprintf("column%d", i+1))
		}
	}
	columns := map[string]bool{}
	for i, name := range columnNames {
		if i < len(keep) && name != "" {
			columns[name] = keep[i]
		}
	}
	return columns
}

// valuesTypmods reports, for each column of VALUES, whether every row
// casts its value to a type with modifiers. PostgreSQL keeps the
// modifier only where the rows' modifiers agree, which this does not
// compare, so a column of different ones keeps DuckDB's description.
func valuesTypmods(rows []*pg.Node) []bool {
	var keep []bool
	for _, row := range rows {
		items := row.GetList().GetItems()
		if keep == nil {
			keep = make([]bool, len(items))
			for i := range keep {
				keep[i] = true
			}
		}
		for i, item := range items {
			if i < len(keep) {
				keep[i] = keep[i] && castWithTypmods(item)
			}
		}
	}
	return keep
}

func castWithTypmods(n *pg.Node) bool {
	tc := n.GetTypeCast()
	return tc != nil && len(tc.TypeName.GetTypmods()) > 0
}

func isStarRef(ref *pg.ColumnRef) bool {
	fields := ref.GetFields()
	return len(fields) > 0 && fields[len(fields)-1].GetAStar() != nil
}

// namedWithQuery returns the query of the WITH query of with that rv names,
// or nil.
func namedWithQuery(with *pg.WithClause, rv *pg.RangeVar) *pg.SelectStmt {
	if with == nil || rv.Schemaname != "" {
		return nil
	}
	for _, n := range with.Ctes {
		if cte := n.GetCommonTableExpr(); cte.GetCtename() == rv.Relname {
			return cte.GetCtequery().GetSelectStmt()
		}
	}
	return nil
}
