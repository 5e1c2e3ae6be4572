package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Warehouses name an unnamed result column after its expression text,
// PostgreSQL after the function, column or type in it (FigureColname in
// PostgreSQL's parse_target.c). aliasTargets writes PostgreSQL's name as an
// alias on every unnamed column so that clients see the names they expect.

// columnName returns the name PostgreSQL gives an unnamed result column
// with expression n.
func columnName(n *pg.Node) string {
	name, strength := figureName(n)
	if strength == 0 {
		return "?column?"
	}
	return name
}

// figureName returns a column name and its strength: 2 for a name from a
// column or function, 1 for a fallback such as a cast's type name, 0 for
// none.
func figureName(n *pg.Node) (string, int) {
	switch v := n.GetNode().(type) {
	case *pg.Node_ColumnRef:
		return lastFieldName(v.ColumnRef.Fields)
	case *pg.Node_AIndirection:
		if name, s := lastFieldName(v.AIndirection.Indirection); s > 0 {
			return name, s
		}
		return figureName(v.AIndirection.Arg)
	case *pg.Node_FuncCall:
		return lastName(v.FuncCall.Funcname), 2
	case *pg.Node_AExpr:
		if v.AExpr.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg.Node_TypeCast:
		return castName(v.TypeCast)
	case *pg.Node_CollateClause:
		return figureName(v.CollateClause.Arg)
	case *pg.Node_GroupingFunc:
		return "grouping", 2
	case *pg.Node_SubLink:
		return subLinkName(v.SubLink)
	case *pg.Node_CaseExpr:
		if name, s := figureName(v.CaseExpr.Defresult); s > 1 {
			return name, s
		}
		return "case", 1
	case *pg.Node_AArrayExpr:
		return "array", 2
	case *pg.Node_RowExpr:
		return "row", 2
	case *pg.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg.Node_MinMaxExpr:
		if v.MinMaxExpr.Op == pg.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg.Node_SqlvalueFunction:
		return valueFunctionName(v.SqlvalueFunction.Op), 2
	case *pg.Node_XmlSerialize:
		return "xmlserialize", 2
	}
	return "", 0
}

func lastFieldName(fields []*pg.Node) (string, int) {
	name := ""
	for _, f := range fields {
		if s := f.GetString_(); s != nil {
			name = s.Sval
		}
	}
	if name == "" {
		return "", 0
	}
	return name, 2
}

func castName(tc *pg.TypeCast) (string, int) {
	if name, s := figureName(tc.Arg); s > 1 {
		return name, s
	}
	if tc.TypeName == nil {
		return "", 0
	}
	return lastName(tc.TypeName.Names), 1
}

func subLinkName(s *pg.SubLink) (string, int) {
	switch s.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		return "exists", 2
	case pg.SubLinkType_ARRAY_SUBLINK:
		return "array", 2
	case pg.SubLinkType_EXPR_SUBLINK:
		sel := s.Subselect.GetSelectStmt()
		if sel == nil || len(sel.TargetList) == 0 {
			return "", 0
		}
		rt := sel.TargetList[0].GetResTarget()
		if rt.GetName() != "" {
			return rt.Name, 2
		}
		// PostgreSQL takes the name the subquery's column already has.
		if name, s := figureName(rt.GetVal()); s > 0 {
			return name, 2
		}
		return "?column?", 2
	}
	return "", 0
}

var valueFunctionNames = map[pg.SQLValueFunctionOp]string{
	pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "current_date",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "current_time",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "current_time",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "current_timestamp",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "current_timestamp",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIME:           "localtime",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "localtime",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "localtimestamp",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "localtimestamp",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "current_role",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "current_user",
	pg.SQLValueFunctionOp_SVFOP_USER:                "user",
	pg.SQLValueFunctionOp_SVFOP_SESSION_USER:        "session_user",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "current_catalog",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "current_schema",
}

func valueFunctionName(op pg.SQLValueFunctionOp) string {
	return valueFunctionNames[op]
}

// aliasTargets names every unnamed result column of every SELECT and
// RETURNING list in stmt, and the columns of VALUES lists, as PostgreSQL
// names them.
func aliasTargets(stmt *pg.Node) {
	walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_SelectStmt:
			aliasSelect(v.SelectStmt)
		case *pg.Node_RangeSubselect:
			aliasValuesSubquery(v.RangeSubselect)
		case *pg.Node_InsertStmt:
			aliasList(v.InsertStmt.ReturningList)
		case *pg.Node_UpdateStmt:
			aliasList(v.UpdateStmt.ReturningList)
		case *pg.Node_DeleteStmt:
			aliasList(v.DeleteStmt.ReturningList)
		}
		return nil
	})
}

func aliasSelect(sel *pg.SelectStmt) {
	top := sel
	// A set operation takes its column names from its first query, which
	// walkNode does not visit: SelectStmt holds it directly.
	for sel.Larg != nil {
		sel = sel.Larg
	}
	if sel.Op == pg.SetOperation_SETOP_NONE && len(sel.ValuesLists) > 0 && sel != top {
		// VALUES first in a set operation, which DuckDB would name col0.
		sel.TargetList, sel.FromClause = valuesFrom(sel)
		sel.ValuesLists = nil
	}
	aliasList(sel.TargetList)
}

// aliasList names the unnamed items of a select or RETURNING list.
func aliasList(targets []*pg.Node) {
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil || rt.Name != "" || isStar(rt.Val) || isColumn(rt.Val) {
			continue
		}
		rt.Name = columnName(rt.Val)
	}
}

// isColumn reports whether n is a plain column reference, which DuckDB
// names after the column as PostgreSQL does.
func isColumn(n *pg.Node) bool {
	fields := n.GetColumnRef().GetFields()
	return len(fields) > 0 && fields[len(fields)-1].GetString_() != nil
}

func isStar(n *pg.Node) bool {
	fields := n.GetColumnRef().GetFields()
	return len(fields) > 0 && fields[len(fields)-1].GetAStar() != nil
}

// aliasValuesSubquery names the columns of (VALUES ...) AS t in FROM
// column1, column2, ... as PostgreSQL does, unless the alias names them.
func aliasValuesSubquery(rs *pg.RangeSubselect) {
	sel := rs.Subquery.GetSelectStmt()
	if sel == nil || len(sel.ValuesLists) == 0 || rs.Alias == nil || len(rs.Alias.Colnames) > 0 {
		return
	}
	rs.Alias.Colnames = valuesColumnNames(sel)
}

func valuesColumnNames(sel *pg.SelectStmt) []*pg.Node {
	width := len(sel.ValuesLists[0].GetList().GetItems())
	cols := make([]*pg.Node, width)
	for i := range cols {
		cols[i] = pg.MakeStrNode(fmt.Sprintf("column%d", i+1))
	}
	return cols
}

// valuesFrom returns the select list and FROM clause of SELECT * FROM
// (VALUES ...) "*VALUES*"(column1, ...), with the rows of sel.
func valuesFrom(sel *pg.SelectStmt) (targets, from []*pg.Node) {
	inner := &pg.SelectStmt{ValuesLists: sel.ValuesLists}
	targets = []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{pg.MakeAStarNode()}, -1), -1)}
	from = []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: inner}},
		Alias:    &pg.Alias{Aliasname: "*VALUES*", Colnames: valuesColumnNames(sel)},
	}}}}
	return targets, from
}

// wrapValues turns a VALUES statement into SELECT * FROM (VALUES ...), so
// that its columns get PostgreSQL's names.
func wrapValues(stmt *pg.Node) {
	sel := stmt.GetSelectStmt()
	if sel == nil || len(sel.ValuesLists) == 0 {
		return
	}
	targets, from := valuesFrom(sel)
	outer := &pg.SelectStmt{
		TargetList:  targets,
		FromClause:  from,
		SortClause:  sel.SortClause,
		LimitCount:  sel.LimitCount,
		LimitOffset: sel.LimitOffset,
		LimitOption: sel.LimitOption,
	}
	stmt.Node = &pg.Node_SelectStmt{SelectStmt: outer}
}
