package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL assigns a real or double precision value to a numeric(p,s)
// column through float4_numeric or float8_numeric, which read the
// value's text with 6 or 15 significant digits before rounding to the
// scale, so 1.015::float8 is stored as 1.02. DuckDB rounds the double's
// binary value and stores 1.01. assignFloatNumerics gives such values
// the cast that an explicit ::numeric(p,s) gets (floatDigitsText).
//
// NOTE: only values whose float type the statement shows (floatWidth)
// are rewritten, so a float column of another table, a parameter, or a
// float branch of a set operation in INSERT ... SELECT is still rounded
// by DuckDB.

// assignFloatNumerics rewrites the float values that INSERT ... VALUES,
// INSERT ... SELECT, UPDATE and ON CONFLICT DO UPDATE assign to
// numeric(p,s) columns.
func assignFloatNumerics(stmt *pg.Node, r *Relations) {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		insert := v.InsertStmt
		rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		if sel := insert.SelectStmt.GetSelectStmt(); sel != nil {
			columns := targetColumns(insert, rel)
			if len(sel.ValuesLists) > 0 {
				assignFloatValues(sel, columns)
			} else {
				assignFloatQuery(insert, sel, columns)
			}
		}
		if conflict := insert.OnConflictClause; conflict != nil && conflict.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
			assignFloatSetList(conflict.TargetList, rel)
		}
	case *pg.Node_UpdateStmt:
		update := v.UpdateStmt
		rel := r.lookup(update.Relation.GetSchemaname(), update.Relation.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		assignFloatSetList(update.TargetList, rel)
	}
}

// floatNumericAssignment returns value cast to column's numeric(p,s)
// through its text, when value shows a float type and column is
// numeric(p,s), and nil otherwise.
func floatNumericAssignment(value *pg.Node, width int, column *typedColumn) *pg.Node {
	if column == nil || width == 0 {
		return nil
	}
	precision, scale, ok := numericTypmods(column.typ)
	if !ok {
		return nil
	}
	loc := exprLocation(value)
	cast := typeCast(value, "numeric", loc)
	tc := cast.GetTypeCast()
	tc.TypeName.Names = stringNodes("pg_catalog", "numeric")
	tc.TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(precision, loc), pg.MakeAConstIntNode(scale, loc)}
	format := map[int]string{4: "%.6g", 8: "%.15g"}[width]
	tc.Arg = funcCall("printf", loc, pg.MakeAConstStrNode(format, loc), value)
	return cast
}

// assignFloatValues rewrites the float values of each row of INSERT ...
// VALUES. PostgreSQL converts each row's values to the columns' types
// apart, so a float in one row does not change the others.
func assignFloatValues(sel *pg.SelectStmt, columns []*typedColumn) {
	for _, row := range sel.ValuesLists {
		items := row.GetList().GetItems()
		for i, item := range items {
			if i >= len(columns) {
				break
			}
			if cast := floatNumericAssignment(item, floatWidth(item), columns[i]); cast != nil {
				items[i] = cast
			}
		}
	}
}

// assignFloatQuery turns INSERT ... SELECT into INSERT ... SELECT over
// the query as a subquery when a column of its select list is a float
// assigned to a numeric(p,s) column, and casts that column, as
// assignQuery does for varchar(n). The cast stays out of the query's own
// select list, where its DISTINCT, GROUP BY 1 or ORDER BY would compare
// the text in place of the float.
func assignFloatQuery(insert *pg.InsertStmt, sel *pg.SelectStmt, columns []*typedColumn) {
	width := queryWidth(sel)
	if sel.Op != pg.SetOperation_SETOP_NONE || width == 0 || len(insert.Cols) > 0 && width != len(insert.Cols) {
		return
	}
	loc := insert.Relation.GetLocation()
	names := make([]*pg.Node, width)
	targets := make([]*pg.Node, width)
	changed := false
	for i := range width {
		name := fmt.Sprintf("%s_%d", assignedColumnAlias, i+1)
		names[i] = pg.MakeStrNode(name)
		value := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(name)}, loc)
		if i < len(columns) {
			width := floatWidth(sel.TargetList[i].GetResTarget().GetVal())
			if cast := floatNumericAssignment(value, width, columns[i]); cast != nil {
				value, changed = cast, true
			}
		}
		targets[i] = pg.MakeResTargetNodeWithVal(value, loc)
	}
	if !changed {
		return
	}
	from := &pg.Node{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: insert.SelectStmt,
		Alias:    &pg.Alias{Aliasname: assignedColumnAlias, Colnames: names},
	}}}
	insert.SelectStmt = &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
		TargetList: targets, FromClause: []*pg.Node{from}, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
	}}}
}

// assignFloatSetList rewrites the float values of SET column = value.
// SET (a, b) = (x, y) stays as it is.
func assignFloatSetList(targets []*pg.Node, rel *relationType) {
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil || len(rt.Indirection) > 0 || rt.Val.GetMultiAssignRef() != nil {
			continue
		}
		column, ok := rel.uniqueColumn(strings.ToLower(rt.Name))
		if !ok {
			continue
		}
		if cast := floatNumericAssignment(rt.Val, floatWidth(rt.Val), &column); cast != nil {
			rt.Val = cast
		}
	}
}
