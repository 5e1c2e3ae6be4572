package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// removeOnlyKeyword removes ONLY from the tables of SELECT, UPDATE, DELETE
// and TRUNCATE, which DuckDB cannot parse. DuckDB has no table
// inheritance, so ONLY t and t are the same rows. ALTER TABLE ONLY keeps
// it, for checkRenameAnalyze.
func removeOnlyKeyword(stmt *pg.Node) {
	if stmt.GetRenameStmt() != nil || stmt.GetAlterTableStmt() != nil {
		return
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if rv, ok := msg.(*pg.RangeVar); ok {
			rv.Inh = true
		}
	})
}

// checkReturningAggregates raises PostgreSQL's 42803 and 42P20 for an
// aggregate or a window function in RETURNING, where DuckDB raises a
// binder error.
func checkReturningAggregates(stmt *pg.Node) error {
	var list []*pg.Node
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		list = v.InsertStmt.ReturningList
	case *pg.Node_UpdateStmt:
		list = v.UpdateStmt.ReturningList
	case *pg.Node_DeleteStmt:
		list = v.DeleteStmt.ReturningList
	}
	for _, item := range list {
		inner := innerAggregate(item.ProtoReflect())
		if inner == nil {
			continue
		}
		if inner.Over != nil {
			return &Error{Code: "42P20", Message: "window functions are not allowed in RETURNING", Position: int(inner.Location) + 1}
		}
		return &Error{Code: "42803", Message: "aggregate functions are not allowed in RETURNING", Position: int(inner.Location) + 1}
	}
	return nil
}

// checkValuesTypes raises PostgreSQL's 42804 for a column of a VALUES
// list whose rows have types of different categories, such as text and
// integer, where DuckDB raises an internal error. PostgreSQL resolves the
// column row by row: the first typed row gives the type, which a later
// row of the same category may widen, as select_common_type does. A
// column with a row whose type pgway cannot tell is left to DuckDB. The
// rows of INSERT ... VALUES are assigned to the target columns one by one
// instead, so they are not checked.
func checkValuesTypes(stmt *pg.Node) error {
	var inserted *pg.SelectStmt
	if insert := stmt.GetInsertStmt(); insert != nil {
		inserted = insert.SelectStmt.GetSelectStmt()
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		sel, ok := msg.(*pg.SelectStmt)
		if !ok || err != nil || sel == inserted || len(sel.ValuesLists) < 2 {
			return
		}
		width := len(sel.ValuesLists[0].GetList().GetItems())
		for column := range width {
			if err = checkValuesColumn(sel.ValuesLists, column); err != nil {
				return
			}
		}
	})
	return err
}

// checkValuesColumn checks the types of one column of rows.
func checkValuesColumn(rows []*pg.Node, column int) error {
	resolved := ""
	var types []string
	var values []*pg.Node
	for _, row := range rows {
		items := row.GetList().GetItems()
		if column >= len(items) {
			return nil
		}
		c := leafColumn(&pg.ResTarget{Val: items[column]}, nil)
		if c.typ == "" {
			return nil
		}
		types = append(types, c.typ)
		values = append(values, items[column])
	}
	for i, typ := range types {
		switch {
		case typ == "unknown" || typ == resolved:
		case resolved == "":
			resolved = typ
		case typeCategories[resolved] == "" || typeCategories[typ] == "":
			return nil
		case typeCategories[resolved] != typeCategories[typ]:
			return &Error{Code: "42804", Message: fmt.Sprintf("VALUES types %s and %s cannot be matched",
				typeDisplayNames[resolved], typeDisplayNames[typ]), Position: int(exprLocation(values[i])) + 1}
		case implicitRanks[resolved] == 0 || implicitRanks[typ] == 0:
			// Neither converts to the other, which PostgreSQL reports
			// with another error.
			return nil
		case implicitRanks[typ] > implicitRanks[resolved]:
			resolved = typ
		}
	}
	return castUnknownValues(values, types, resolved)
}
