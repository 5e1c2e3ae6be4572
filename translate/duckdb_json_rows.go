package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// functionRow is the value of a reference to the whole row of a FROM
// item that is a function, such as e in
// SELECT e FROM jsonb_array_elements(doc) e. The rewrites of jsonb's
// functions in FROM make the item a subquery, whose whole row DuckDB
// returns as a STRUCT of named fields.
type functionRow int

const (
	// noFunctionRow marks the FROM items that rewriteFunctionRows leaves
	// to DuckDB.
	noFunctionRow functionRow = iota
	// scalarRow is the value of the only result column, as PostgreSQL
	// gives for a function that returns a scalar type.
	scalarRow
	// recordRow is a record of the result columns, ordinality included.
	recordRow
	// shadowedRow marks a reference to a column of an outer query level
	// that an inner function's FROM item of the same name hides from
	// DuckDB.
	shadowedRow
	// relationRow is the whole row of a table or subquery of known
	// columns, which DuckDB returns as a STRUCT of named fields. As a
	// result column it is a record of the columns. checkWholeRows lists
	// the other places where it may be.
	relationRow
)

// functionRowReference records ref in r.wholeRows when PostgreSQL reads it
// as the whole row of a function's FROM item. That is so when ref is one
// name, no column of any query level in scope has it, and the nearest
// FROM item of that name is the function. PostgreSQL looks the name up as
// a column in every level before it looks for a FROM item. DuckDB takes
// the FROM item of an inner level first, so ref is recorded as
// shadowedRow where it is the column of an outer level. A relation of
// unknown columns ends the search, since one of them may be the column.
// NOTE: DuckDB then returns the function's row as a STRUCT where
// PostgreSQL returns its value, unless that relation has the column.
// A reference name.* is recorded too, unless a column has the name, for
// checkWholeRows to tell a whole row from the columns of a select list.
func (r *scopeResolver) functionRowReference(ref *pg.ColumnRef, level *scope) {
	star := isStarReference(ref)
	if len(ref.Fields) != 1 && !star || ref.Fields[0].GetString_() == nil {
		return
	}
	name := ref.Fields[0].GetString_().GetSval()
	var nearest *fromItem
	for s := level; s != nil; s = s.parent {
		if _, found, opaque := s.unqualified(strings.ToLower(name)); found || opaque {
			if nearest != nil && nearest.row != noFunctionRow && !star {
				r.wholeRows[ref] = fromItem{alias: nearest.alias, row: shadowedRow}
			}
			return
		}
		for i := range s.items {
			if nearest == nil && s.items[i].alias == name {
				nearest = &s.items[i]
			}
		}
	}
	switch {
	case nearest == nil:
	case nearest.row != noFunctionRow:
		r.wholeRows[ref] = *nearest
	case nearest.rel != nil && !nearest.rel.opaque && len(nearest.rel.columns) > 0:
		r.wholeRows[ref] = fromItem{alias: nearest.alias, rel: nearest.rel, row: relationRow, nullable: nearest.nullable}
	}
}

// setFunctionType returns the type of the values of one of jsonb's
// set-returning functions of one result column in a select list, and ""
// for other calls.
func setFunctionType(fc *pg.FuncCall) string {
	fn := jsonbSetFunctions[strings.ToLower(lastName(fc.Funcname))]
	switch {
	case fn == nil || len(fn.columns) != 1:
		return ""
	case len(fn.jsonbValues) > 0:
		return "jsonb"
	}
	return "text"
}

// rewriteFunctionRows replaces the references in wholeRows by the value
// PostgreSQL gives them: the only column of the item, which types then
// has, or ROW() of its columns, which DuckDB returns as an unnamed STRUCT
// and pgway sends as a record. A reference that is an output column
// keeps its name.
func rewriteFunctionRows(stmt *pg.Node, wholeRows map[*pg.ColumnRef]fromItem, types map[*pg.ColumnRef]string) error {
	if len(wholeRows) == 0 {
		return nil
	}
	var shadowed *pg.ColumnRef
	for ref, item := range wholeRows {
		if item.row == shadowedRow && (shadowed == nil || ref.Location < shadowed.Location) {
			shadowed = ref
		}
	}
	if shadowed != nil {
		return unsupportedf(shadowed.Location, "column %q of an outer query inside a query whose FROM has a function named %q "+
			"is not supported on this warehouse", wholeRows[shadowed].alias, wholeRows[shadowed].alias)
	}
	if err := checkWholeRows(stmt, wholeRows); err != nil {
		return err
	}
	jsonbFieldsOfJSONRows(stmt, wholeRows)
	// A table's row stays DuckDB's STRUCT outside the select list, where
	// functions such as to_jsonb() read its field names.
	targets := map[*pg.ColumnRef]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		rt, ok := msg.(*pg.ResTarget)
		if !ok || rt.Val == nil {
			return
		}
		ref := rt.Val.GetColumnRef()
		if ref == nil || wholeRows[ref].row == noFunctionRow {
			return
		}
		targets[ref] = true
		if rt.Name == "" {
			rt.Name = ref.Fields[0].GetString_().GetSval()
		}
	})
	return walkNode(stmt, func(n *pg.Node) error {
		ref := n.GetColumnRef()
		if ref == nil {
			return nil
		}
		item, ok := wholeRows[ref]
		if !ok || item.row == relationRow && !targets[ref] {
			return nil
		}
		qualified := func(column typedColumn) *pg.ColumnRef {
			return &pg.ColumnRef{Fields: stringNodes(item.alias, column.name), Location: ref.Location}
		}
		if item.row == scalarRow {
			column := qualified(item.rel.columns[0])
			types[column] = item.rel.columns[0].typ
			n.Node = &pg.Node_ColumnRef{ColumnRef: column}
			return nil
		}
		fields := make([]*pg.Node, len(item.rel.columns))
		for i, c := range item.rel.columns {
			column := qualified(c)
			types[column] = c.typ
			fields[i] = &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: column}}
		}
		n.Node = &pg.Node_RowExpr{RowExpr: &pg.RowExpr{Args: fields, RowFormat: pg.CoercionForm_COERCE_EXPLICIT_CALL,
			Location: ref.Location}}
		return nil
	})
}
