package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL assigns a value longer than n characters to a varchar(n)
// column when only spaces follow the first n, and stores it cut to n.
// The CHECK of varcharLengthChecks cannot change a value, so
// assignColumnTypes passes each value that INSERT, UPDATE or
// INSERT ... ON CONFLICT DO UPDATE assigns to such a column through
// pgway_varchar_assign(value, n) first. That provider function cuts the
// spaces and fails with 22001 for any other longer value. The CHECK
// still rejects what other statements store. Values assigned to a
// timestamp(p) or time(p) column are rounded the same way
// (duckdb_time_columns.go).

// varcharAssignFunction is the DuckDB provider's function that assigns a
// value to a varchar(n) column.
const varcharAssignFunction = "pgway_varchar_assign"

// assignedColumnAlias names the subquery that assignColumnTypes puts
// around the query of an INSERT ... SELECT, and prefixes its columns.
const assignedColumnAlias = "pgway_assigned"

// formattedVarcharLength returns n of "character varying(n)", as
// format_type writes varchar(n), and 0 for another type.
func formattedVarcharLength(formatted string) int64 {
	modifier, ok := strings.CutPrefix(formatted, "character varying(")
	if !ok {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(modifier, ")"), 10, 32)
	if err != nil || !strings.HasSuffix(modifier, ")") || n <= 0 {
		return 0
	}
	return n
}

// assignColumnTypes applies the types of a table's varchar(n) columns,
// and of the columns that SetTimePrecisions lists, to the values that
// stmt assigns to them: the rows of INSERT ... VALUES, the result of
// INSERT ... SELECT, and the SET lists of UPDATE and of ON CONFLICT DO
// UPDATE (assignedValue).
//
// NOTE: INSERT ... SELECT with * in its select list, whose width pgway
// cannot tell, and a column's DEFAULT are left to the columns' CHECKs,
// so they fail with 22001 where PostgreSQL cuts trailing spaces, and
// with 0A000 where it rounds. SET (a, b) = (subquery) fails with 0A000
// (checkWriteClauses).
func assignColumnTypes(stmt *pg.Node, r *Relations) {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		insert := v.InsertStmt
		rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		columns := insertedColumns(insert, rel)
		if sel := insert.SelectStmt.GetSelectStmt(); sel != nil && len(columns) > 0 {
			if len(sel.ValuesLists) > 0 {
				assignValuesLists(sel, columns)
			} else {
				assignQuery(insert, columns)
			}
		}
		if conflict := insert.OnConflictClause; conflict != nil && conflict.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
			assignSetList(conflict.TargetList, rel)
		}
	case *pg.Node_UpdateStmt:
		update := v.UpdateStmt
		rel := r.lookup(update.Relation.GetSchemaname(), update.Relation.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		assignSetList(update.TargetList, rel)
	}
}

// assigns reports whether assignedValue changes the values assigned to
// column.
func (c typedColumn) assigns() bool {
	return c.varcharLength > 0 || c.timeType != "" || c.geometry
}

// assignedValue returns value as assignment to column gives it the
// column's type: through pgway_varchar_assign for a varchar(n) column,
// through pgway_geometry_assign for a geometry column
// (duckdb_geometry_assign.go), cast to type(p) for a column that
// SetTimePrecisions lists.
func assignedValue(value *pg.Node, column typedColumn) *pg.Node {
	if column.varcharLength > 0 {
		return varcharAssignment(value, column.varcharLength)
	}
	if column.geometry {
		return geometryAssignment(value, column.geometryCRS)
	}
	return castToPrecision(value, column.timeType, column.timePrecision, exprLocation(value))
}

// assignedColumn returns the relation's column name when assignedValue
// changes its values, and false for other columns or an ambiguous name.
func (rel *relationType) assignedColumn(name string) (typedColumn, bool) {
	column, ok := rel.uniqueColumn(strings.ToLower(name))
	return column, ok && column.assigns()
}

// insertedColumns returns the columns whose values assignedValue changes
// among those an INSERT fills, by the position of their values.
func insertedColumns(insert *pg.InsertStmt, rel *relationType) map[int]typedColumn {
	columns := map[int]typedColumn{}
	if len(insert.Cols) == 0 {
		for i, column := range rel.columns {
			if column.assigns() {
				columns[i] = column
			}
		}
		return columns
	}
	for i, col := range insert.Cols {
		if rt := col.GetResTarget(); rt != nil && len(rt.Indirection) == 0 {
			if column, ok := rel.assignedColumn(rt.Name); ok {
				columns[i] = column
			}
		}
	}
	return columns
}

// varcharLength returns n of the relation's varchar(n) column name, and 0
// when it is another column or the name is ambiguous.
func (rel *relationType) varcharLength(name string) int64 {
	column, ok := rel.uniqueColumn(strings.ToLower(name))
	if !ok {
		return 0
	}
	return column.varcharLength
}

// assignValuesLists applies the columns' types to the values of each row
// of INSERT ... VALUES. DEFAULT stays as it is.
func assignValuesLists(sel *pg.SelectStmt, columns map[int]typedColumn) {
	for _, row := range sel.ValuesLists {
		items := row.GetList().GetItems()
		for i, item := range items {
			if column, ok := columns[i]; ok && item.GetSetToDefault() == nil {
				items[i] = assignedValue(item, column)
			}
		}
	}
}

// assignSetList applies the columns' types to the values of SET column =
// value, and to those of SET (a, b) = (x, y).
func assignSetList(targets []*pg.Node, rel *relationType) {
	for i, t := range targets {
		rt := t.GetResTarget()
		if rt == nil || len(rt.Indirection) > 0 || rt.Val.GetSetToDefault() != nil {
			continue
		}
		if multi := rt.Val.GetMultiAssignRef(); multi != nil {
			if multi.Colno == 1 && i+int(multi.Ncolumns) <= len(targets) {
				assignRow(targets[i:i+int(multi.Ncolumns)], rel)
			}
			continue
		}
		if column, ok := rel.assignedColumn(rt.Name); ok {
			rt.Val = assignedValue(rt.Val, column)
		}
	}
}

// assignRow applies the columns' types to the values of SET (a, b) =
// (x, y). The parser gives each of the targets its own copy of the row,
// so each copy is changed. A subquery's row stays as it is.
func assignRow(targets []*pg.Node, rel *relationType) {
	rows := map[*pg.RowExpr]bool{}
	for _, t := range targets {
		row := t.GetResTarget().GetVal().GetMultiAssignRef().GetSource().GetRowExpr()
		if row == nil || len(row.Args) != len(targets) {
			return
		}
		rows[row] = true
	}
	for j, t := range targets {
		rt := t.GetResTarget()
		column, ok := rel.assignedColumn(rt.Name)
		if !ok || len(rt.Indirection) > 0 {
			continue
		}
		for row := range rows {
			if row.Args[j].GetSetToDefault() == nil {
				row.Args[j] = assignedValue(row.Args[j], column)
			}
		}
	}
}

// assignQuery turns INSERT ... query into INSERT ... SELECT over the
// query as a subquery, with the columns' types applied to its columns.
// Changing the query's own select list instead would change what its
// DISTINCT, GROUP BY 1 or set operation compares. The query is left as
// it is when pgway cannot tell its width, or when the width does not
// match the target columns, which PostgreSQL rejects.
func assignQuery(insert *pg.InsertStmt, columns map[int]typedColumn) {
	width := queryWidth(insert.SelectStmt.GetSelectStmt())
	if width == 0 || len(insert.Cols) > 0 && width != len(insert.Cols) {
		return
	}
	loc := insert.Relation.GetLocation()
	names := make([]*pg.Node, width)
	targets := make([]*pg.Node, width)
	for i := range width {
		name := fmt.Sprintf("%s_%d", assignedColumnAlias, i+1)
		names[i] = pg.MakeStrNode(name)
		value := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(name)}, loc)
		if column, ok := columns[i]; ok {
			value = assignedValue(value, column)
		}
		targets[i] = pg.MakeResTargetNodeWithVal(value, loc)
	}
	from := &pg.Node{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: insert.SelectStmt,
		Alias:    &pg.Alias{Aliasname: assignedColumnAlias, Colnames: names},
	}}}
	insert.SelectStmt = &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
		TargetList: targets, FromClause: []*pg.Node{from}, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
	}}}
}

// queryWidth returns the number of columns of a query, from the leftmost
// select list or VALUES row of a set operation, or 0 when a * or (x).*
// in the select list hides it. A width that is too small would make the
// INSERT drop columns, so any doubt gives 0.
func queryWidth(sel *pg.SelectStmt) int {
	for sel != nil && sel.Op != pg.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	if sel == nil {
		return 0
	}
	if len(sel.ValuesLists) > 0 {
		return len(sel.ValuesLists[0].GetList().GetItems())
	}
	for _, t := range sel.TargetList {
		val := t.GetResTarget().GetVal()
		if ref := val.GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			return 0
		}
		if ind := val.GetAIndirection(); ind != nil && len(ind.Indirection) > 0 &&
			ind.Indirection[len(ind.Indirection)-1].GetAStar() != nil {
			return 0
		}
		if t.GetResTarget() == nil {
			return 0
		}
	}
	return len(sel.TargetList)
}

// varcharAssignment returns pgway_varchar_assign(value, n). A value
// that is not certainly text is cast to varchar first, as PostgreSQL
// converts a value of another type to text on assignment to varchar(n),
// and DuckDB does not cast to VARCHAR implicitly.
func varcharAssignment(value *pg.Node, n int64) *pg.Node {
	loc := exprLocation(value)
	if c := value.GetAConst(); (c == nil || c.GetSval() == nil) && staticType(value) != typeText {
		value = typeCast(value, "varchar", loc)
	}
	return funcCall(varcharAssignFunction, loc, value, pg.MakeAConstIntNode(n, loc))
}

// varcharRegType is the regtype of a varchar(n) column.
var varcharRegType = regType{"character varying", 1043}

// varcharColumnLengths returns n of each reference in stmt to a
// varchar(n) column, directly or through a subquery's select list. It
// resolves the names again, as resolveColumns does.
func varcharColumnLengths(stmt *pg.Node, rel *Relations) map[*pg.ColumnRef]int64 {
	r := &scopeResolver{rel: rel, types: map[*pg.ColumnRef]string{}, wholeRows: map[*pg.ColumnRef]fromItem{},
		varcharLengths: map[*pg.ColumnRef]int64{}}
	r.statement(stmt, nil, nil)
	return r.varcharLengths
}

// columnVarcharLength returns n where a column reference in level is to
// a varchar(n) column, found as columnType finds its type, and 0
// otherwise.
func (level *scope) columnVarcharLength(ref *pg.ColumnRef) int64 {
	fields := ref.Fields
	if len(fields) == 0 || fields[len(fields)-1].GetAStar() != nil {
		return 0
	}
	name := strings.ToLower(fieldName(fields, 1))
	switch len(fields) {
	case 1:
		for s := level; s != nil; s = s.parent {
			if n, found := s.unqualifiedVarcharLength(name); found {
				return n
			}
		}
	case 2:
		alias := fieldName(fields, 2)
		for s := level; s != nil; s = s.parent {
			for _, item := range s.items {
				if item.alias == alias {
					return item.rel.varcharLength(name)
				}
			}
		}
	}
	return 0
}

// unqualifiedVarcharLength looks an unqualified column name up in one
// level. found is set when an item of the level has the name or has
// unknown columns, and n is 0 unless every column of that name is a
// varchar of the same n.
func (level *scope) unqualifiedVarcharLength(name string) (n int64, found bool) {
	for _, item := range level.items {
		if item.rel.opaque {
			return 0, true
		}
		for _, c := range item.rel.columns {
			if c.name != name {
				continue
			}
			if found && n != c.varcharLength {
				return 0, true
			}
			n, found = c.varcharLength, true
		}
	}
	return n, found
}
