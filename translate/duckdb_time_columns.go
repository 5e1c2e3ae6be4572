package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL rounds a value assigned to a timestamp(p), timestamptz(p),
// time(p) or timetz(p) column to p fractional digits of a second. DuckDB
// keeps these columns without p and would store every microsecond. So
// timePrecisionChecks gives such a column of a CREATE TABLE, with p below
// 6, a CHECK constraint that fails with 0A000 for a value that p digits
// cannot hold. It also casts the column's DEFAULT to type(p), because
// PostgreSQL coerces a default to the column's type. The provider reads p back from the CHECK's message
// (SetTimePrecisions), and assignTimePrecisions casts each value that
// INSERT, UPDATE or ON CONFLICT DO UPDATE assigns to such a column to
// type(p), which the dialect rounds as PostgreSQL does. Values that other
// statements store, such as INSERT ... SELECT * or COPY, meet the CHECK.

// timePrecisionTypes are the types whose precision timePrecisionChecks
// keeps, by the name that the parser gives them.
var timePrecisionTypes = map[string]bool{"timestamp": true, "timestamptz": true, "time": true, "timetz": true}

// timePrecisionMessage is the error message of the CHECK constraint of a
// column of type typ(p). The provider's timePrecisionPattern reads typ
// and p from it, so the two change together.
const timePrecisionMessage = "a value with more than %[2]d fractional digits of a second for a column of type %[1]s(%[2]d) " +
	"is not supported in this statement on this warehouse (SQLSTATE 0A000)"

// timePrecision returns the type name and p of timestamp(p),
// timestamptz(p), time(p) or timetz(p) with p below 6, the precisions
// that round a value.
func timePrecision(tn *pg.TypeName) (string, int64, bool) {
	if tn == nil || len(tn.ArrayBounds) > 0 || !timePrecisionTypes[lastName(tn.Names)] {
		return "", 0, false
	}
	p, ok := typmodInt(tn, 0)
	if !ok || p < 0 || p >= 6 {
		return "", 0, false
	}
	return lastName(tn.Names), p, true
}

// timePrecisionChecks adds the CHECK constraint, and the cast of the
// DEFAULT, to each column of a CREATE TABLE whose type timePrecision
// accepts.
func timePrecisionChecks(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		create, ok := msg.(*pg.CreateStmt)
		if !ok {
			return
		}
		for _, elt := range create.TableElts {
			def := elt.GetColumnDef()
			if def == nil {
				continue
			}
			typ, p, ok := timePrecision(def.TypeName)
			if !ok {
				continue
			}
			for _, c := range def.Constraints {
				if constraint := c.GetConstraint(); constraint.GetContype() == pg.ConstrType_CONSTR_DEFAULT && constraint.RawExpr != nil {
					constraint.RawExpr = castToPrecision(constraint.RawExpr, typ, p, constraint.Location)
				}
			}
			def.Constraints = append(def.Constraints, timePrecisionCheck(def, typ, p))
		}
	})
}

// timePrecisionCheck returns CHECK (CASE WHEN column <> CAST(column AS
// typ(p)) THEN error(...) ELSE true END).
func timePrecisionCheck(def *pg.ColumnDef, typ string, p int64) *pg.Node {
	loc := def.TypeName.Location
	column := func() *pg.Node { return pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(def.Colname)}, loc) }
	rounds := binaryOp("<>", column(), castToPrecision(column(), typ, p, loc), loc)
	message := fmt.Sprintf(timePrecisionMessage, typ, p)
	check := caseWhen(rounds, funcCall("error", loc, pg.MakeAConstStrNode(message, loc)), makeBoolConst(true, loc), loc)
	return &pg.Node{Node: &pg.Node_Constraint{Constraint: &pg.Constraint{
		Contype: pg.ConstrType_CONSTR_CHECK, RawExpr: check, Location: loc}}}
}

// castToPrecision returns CAST(value AS typ(p)).
func castToPrecision(value *pg.Node, typ string, p int64, loc int32) *pg.Node {
	cast := typeCast(value, typ, loc)
	cast.GetTypeCast().TypeName.Names = stringNodes("pg_catalog", typ)
	cast.GetTypeCast().TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(p, loc)}
	return cast
}

// TimePrecision is p of a timestamp(p), timestamptz(p), time(p) or
// timetz(p) column, with p below 6, of a table that Relations hold.
type TimePrecision struct {
	Schema, Table, Column string
	// Type is the name that the parser gives the column's type:
	// timestamp, timestamptz, time or timetz.
	Type      string
	Precision int64
}

// SetTimePrecisions records p of the columns that round their values.
// Call it before r is shared.
func (r *Relations) SetTimePrecisions(columns []TimePrecision) {
	for _, c := range columns {
		rel := r.tables[relationKey{strings.ToLower(c.Schema), strings.ToLower(c.Table)}]
		if rel == nil || !timePrecisionTypes[c.Type] {
			continue
		}
		for i := range rel.columns {
			if rel.columns[i].spelled == c.Column {
				rel.columns[i].timeType, rel.columns[i].timePrecision = c.Type, c.Precision
			}
		}
	}
}

// assignTimePrecisions casts the values that stmt assigns to a column of
// a table in r that SetTimePrecisions lists to the column's type(p): the
// rows of INSERT ... VALUES, the result of INSERT ... SELECT, and the SET
// lists of UPDATE and of ON CONFLICT DO UPDATE.
//
// NOTE: INSERT ... SELECT with * in its select list, whose width pgway
// cannot tell, and SET (a, b) = (subquery) are left to the CHECK, so they
// fail with 0A000 where PostgreSQL rounds.
func assignTimePrecisions(stmt *pg.Node, r *Relations) {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		insert := v.InsertStmt
		rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		columns := insertedTimeColumns(insert, rel)
		if sel := insert.SelectStmt.GetSelectStmt(); sel != nil && len(columns) > 0 {
			if len(sel.ValuesLists) > 0 && sel.Op == pg.SetOperation_SETOP_NONE {
				roundValuesLists(sel, columns)
			} else {
				roundQuery(insert, columns)
			}
		}
		if conflict := insert.OnConflictClause; conflict != nil && conflict.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
			roundSetList(conflict.TargetList, rel)
		}
	case *pg.Node_UpdateStmt:
		update := v.UpdateStmt
		rel := r.lookup(update.Relation.GetSchemaname(), update.Relation.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		roundSetList(update.TargetList, rel)
	}
}

// timeColumn returns the relation's column name when SetTimePrecisions
// listed it, and false for other columns or an ambiguous name.
func (rel *relationType) timeColumn(name string) (typedColumn, bool) {
	column, ok := rel.uniqueColumn(strings.ToLower(name))
	return column, ok && column.timeType != ""
}

// insertedTimeColumns returns the columns that SetTimePrecisions listed
// among those an INSERT fills, by the position of their values.
func insertedTimeColumns(insert *pg.InsertStmt, rel *relationType) map[int]typedColumn {
	columns := map[int]typedColumn{}
	if len(insert.Cols) == 0 {
		for i, column := range rel.columns {
			if column.timeType != "" {
				columns[i] = column
			}
		}
		return columns
	}
	for i, col := range insert.Cols {
		if rt := col.GetResTarget(); rt != nil && len(rt.Indirection) == 0 {
			if column, ok := rel.timeColumn(rt.Name); ok {
				columns[i] = column
			}
		}
	}
	return columns
}

// roundAssigned returns value cast to the column's type(p).
func roundAssigned(value *pg.Node, column typedColumn) *pg.Node {
	return castToPrecision(value, column.timeType, column.timePrecision, exprLocation(value))
}

func roundValuesLists(sel *pg.SelectStmt, columns map[int]typedColumn) {
	for _, row := range sel.ValuesLists {
		items := row.GetList().GetItems()
		for i, item := range items {
			if column, ok := columns[i]; ok && item.GetSetToDefault() == nil {
				items[i] = roundAssigned(item, column)
			}
		}
	}
}

// roundSetList casts the values of SET column = value, and those of SET
// (a, b) = (x, y), that go to a column SetTimePrecisions listed. The
// parser gives each target of SET (a, b) = (x, y) its own copy of the
// row, so each copy is cast.
func roundSetList(targets []*pg.Node, rel *relationType) {
	for i, t := range targets {
		rt := t.GetResTarget()
		if rt == nil || len(rt.Indirection) > 0 || rt.Val.GetSetToDefault() != nil {
			continue
		}
		if multi := rt.Val.GetMultiAssignRef(); multi != nil {
			if multi.Colno == 1 && i+int(multi.Ncolumns) <= len(targets) {
				roundRow(targets[i:i+int(multi.Ncolumns)], rel)
			}
			continue
		}
		if column, ok := rel.timeColumn(rt.Name); ok {
			rt.Val = roundAssigned(rt.Val, column)
		}
	}
}

func roundRow(targets []*pg.Node, rel *relationType) {
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
		column, ok := rel.timeColumn(rt.Name)
		if !ok || len(rt.Indirection) > 0 {
			continue
		}
		for row := range rows {
			if row.Args[j].GetSetToDefault() == nil {
				row.Args[j] = roundAssigned(row.Args[j], column)
			}
		}
	}
}

// roundQuery turns INSERT ... query into INSERT ... SELECT over the query
// as a subquery, with the columns that go to a column SetTimePrecisions
// listed cast, as assignQuery does for varchar(n).
func roundQuery(insert *pg.InsertStmt, columns map[int]typedColumn) {
	width := queryWidth(insert.SelectStmt.GetSelectStmt())
	if width == 0 || len(insert.Cols) > 0 && width != len(insert.Cols) {
		return
	}
	loc := insert.Relation.GetLocation()
	names := make([]*pg.Node, width)
	targets := make([]*pg.Node, width)
	for i := range width {
		name := fmt.Sprintf("%s_%d", roundedColumnAlias, i+1)
		names[i] = pg.MakeStrNode(name)
		value := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(name)}, loc)
		if column, ok := columns[i]; ok {
			value = roundAssigned(value, column)
		}
		targets[i] = pg.MakeResTargetNodeWithVal(value, loc)
	}
	from := &pg.Node{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: insert.SelectStmt,
		Alias:    &pg.Alias{Aliasname: roundedColumnAlias, Colnames: names},
	}}}
	insert.SelectStmt = &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
		TargetList: targets, FromClause: []*pg.Node{from}, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
	}}}
}

// roundedColumnAlias names the subquery that roundQuery puts around the
// query of an INSERT, and prefixes its columns.
const roundedColumnAlias = "pgway_rounded"
