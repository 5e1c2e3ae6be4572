package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's INSERT ... VALUES without a column list fills the leading
// columns of the table and gives the others their defaults. DuckDB
// requires a value for every column, so nameInsertedColumns names the
// leading columns that the rows fill, from the column types that pgway
// reads. Rows longer than the target columns fail with PostgreSQL's
// 42601 instead of DuckDB's binder error.

// nameInsertedColumns names the target columns of an INSERT ... VALUES
// into a table of r that has no column list and rows shorter than the
// table, and checks the width of the rows against the target columns.
func nameInsertedColumns(stmt *pg.Node, r *Relations) error {
	if merge := stmt.GetMergeStmt(); merge != nil {
		return nameMergeInsertedColumns(merge, r)
	}
	insert := stmt.GetInsertStmt()
	if insert == nil {
		return nil
	}
	rows := insert.SelectStmt.GetSelectStmt().GetValuesLists()
	if len(rows) == 0 {
		return nameQueryInsertedColumns(insert, r)
	}
	width := len(rows[0].GetList().GetItems())
	for _, row := range rows[1:] {
		if len(row.GetList().GetItems()) != width {
			// DuckDB raises 42601 for rows of different lengths, as
			// PostgreSQL does.
			return nil
		}
	}
	if len(insert.Cols) > 0 {
		return checkInsertedWidth(rows[0], width, len(insert.Cols), insert.Cols)
	}
	rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
	if rel == nil || rel.opaque || len(rel.columns) == 0 {
		return nil
	}
	if width > len(rel.columns) {
		return checkInsertedWidth(rows[0], width, len(rel.columns), nil)
	}
	if width < len(rel.columns) {
		insert.Cols = leadingColumns(rel, width)
	}
	return nil
}

// leadingColumns returns a column list that names the first width
// columns of rel.
func leadingColumns(rel *relationType, width int) []*pg.Node {
	var cols []*pg.Node
	for _, column := range rel.columns[:width] {
		name := column.spelled
		if name == "" {
			name = column.name
		}
		cols = append(cols, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name, Location: -1}}})
	}
	return cols
}

// nameMergeInsertedColumns does for each INSERT action of MERGE what
// nameInsertedColumns does for INSERT ... VALUES.
func nameMergeInsertedColumns(merge *pg.MergeStmt, r *Relations) error {
	for _, n := range merge.MergeWhenClauses {
		when := n.GetMergeWhenClause()
		width := len(when.GetValues())
		if when.GetCommandType() != pg.CmdType_CMD_INSERT || width == 0 {
			continue
		}
		row := &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: when.Values}}}
		if len(when.TargetList) > 0 {
			if err := checkInsertedWidth(row, width, len(when.TargetList), when.TargetList); err != nil {
				return err
			}
			continue
		}
		rel := r.lookup(merge.Relation.GetSchemaname(), merge.Relation.GetRelname())
		if rel == nil || rel.opaque || len(rel.columns) == 0 {
			continue
		}
		if width > len(rel.columns) {
			return checkInsertedWidth(row, width, len(rel.columns), nil)
		}
		if width < len(rel.columns) {
			when.TargetList = leadingColumns(rel, width)
		}
	}
	return nil
}

// checkInsertedWidth returns PostgreSQL's 42601 when the rows of width
// values do not match the target columns, pointing where PostgreSQL
// points: at the first extra value, or at the first column without one.
func checkInsertedWidth(row *pg.Node, width, targets int, cols []*pg.Node) error {
	switch {
	case width > targets:
		return &Error{Code: CodeSyntaxError, Message: "INSERT has more expressions than target columns",
			Position: int(exprLocation(row.GetList().Items[targets])) + 1}
	case width < targets && cols != nil:
		return &Error{Code: CodeSyntaxError, Message: "INSERT has more target columns than expressions",
			Position: int(cols[width].GetResTarget().GetLocation()) + 1}
	}
	return nil
}

// nameQueryInsertedColumns does for INSERT ... SELECT what
// nameInsertedColumns does for INSERT ... VALUES, where queryWidth can
// tell the width of the query.
func nameQueryInsertedColumns(insert *pg.InsertStmt, r *Relations) error {
	sel := insert.SelectStmt.GetSelectStmt()
	width := queryWidth(sel)
	if sel == nil || len(insert.Cols) > 0 {
		return nil
	}
	rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
	if rel == nil || rel.opaque || len(rel.columns) == 0 {
		return nil
	}
	if width == 0 {
		// DuckDB raises the error of a query wider than the table.
		if width = starQueryWidth(insert, r); width >= len(rel.columns) {
			return nil
		}
	}
	if width == 0 {
		return nil
	}
	if width > len(rel.columns) {
		for sel.Op != pg.SetOperation_SETOP_NONE {
			sel = sel.Larg
		}
		extra := sel.TargetList
		if len(sel.ValuesLists) > 0 {
			extra = sel.ValuesLists[0].GetList().GetItems()
		}
		// PostgreSQL points at the first value without a target column.
		value := extra[len(rel.columns)]
		if rt := value.GetResTarget(); rt != nil {
			value = rt.Val
		}
		return &Error{Code: CodeSyntaxError, Message: "INSERT has more expressions than target columns",
			Position: int(exprLocation(value)) + 1}
	}
	if width < len(rel.columns) {
		insert.Cols = leadingColumns(rel, width)
	}
	return nil
}
