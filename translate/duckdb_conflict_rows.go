package translate

import (
	"errors"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL fails INSERT ... ON CONFLICT (k) DO UPDATE with 21000 when
// two of the inserted rows have the same key, because the second would
// update the row that the first inserted or updated. DuckDB keeps one of
// them instead. DuckDB also keeps only one of the rows whose keys have a
// NULL part, under DO UPDATE and DO NOTHING alike, where PostgreSQL
// inserts each, since NULL conflicts with nothing.
//
// checkConflictRows makes the statement look for such rows before it
// changes anything, on the keys cast to the key columns' types, as
// PostgreSQL compares them. Rows of the same key raise 21000, and two or
// more rows with a NULL in their keys raise 0A000:
//
//   - INSERT ... VALUES gets, in its first row's key, a subquery that
//     compares the number of distinct keys in the list of the rows' keys
//     with the number of keys. The keys are computed twice, so a key
//     that calls a volatile function fails with 0A000.
//   - INSERT ... query becomes INSERT ... SELECT over the query, whose
//     rows window functions count by key, and the statement raises the
//     error when a count is too large.
//
// With DO UPDATE ... WHERE, the second row conflicts only when the first
// changed a row, which the statement cannot tell in advance, so rows of
// the same key fail with 0A000 there.
//
// NOTE: ON CONFLICT DO NOTHING without a conflict target, and with one
// where pgway cannot see the table's columns or the keys, still keeps
// one row of those with a NULL in their keys.

// conflictRowsAlias names the subqueries that checkConflictRows puts
// around the query of an INSERT, and prefixes their columns.
const conflictRowsAlias = "pgway_conflict"

// The columns that the subqueries add. The inner one counts the rows
// with each row's key (0 for a key with a NULL part), marks a NULL key
// with 1, and numbers the rows. The outer one takes the maximum count
// and the sum of the marks over all rows. The row numbers keep the
// query's order, in which PostgreSQL inserts and returns the rows.
const (
	conflictRowsCount = "pgway_conflict_rows"
	conflictNullKey   = "pgway_conflict_null"
	conflictMaxRows   = "pgway_conflict_max_rows"
	conflictNullKeys  = "pgway_conflict_nulls"
	conflictRowNumber = "pgway_conflict_row"
)

// uncheckedConflict is the 0A000 error for a statement whose rows the
// check cannot compare, which ON CONFLICT DO NOTHING ignores, running as
// before.
type uncheckedConflict struct{ err *Error }

func (u uncheckedConflict) Error() string { return u.err.Error() }

// conflictKey is a conflict target column: its position among the
// inserted values and the column of the table.
type conflictKey struct {
	position int
	column   typedColumn
}

// conflictErrors are the calls that raise the error for rows of the same
// key and for several rows with a NULL in their keys.
type conflictErrors struct {
	sameKey, nullKeys *pg.Node
}

// checkConflictRows adds the check for rows of the same key and rows
// with NULL keys to each INSERT ... ON CONFLICT of stmt that names its
// conflict target and can insert more than one row. DO UPDATE fails with
// 0A000 where the check cannot be written; DO NOTHING is left as it is.
func checkConflictRows(stmt *pg.Node, r *Relations) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if insert, ok := msg.(*pg.InsertStmt); ok && err == nil {
			err = checkInsertConflictRows(insert, r)
			var unchecked uncheckedConflict
			if errors.As(err, &unchecked) {
				err = unchecked.err
				if insert.GetOnConflictClause().GetAction() == pg.OnConflictAction_ONCONFLICT_NOTHING {
					err = nil
				}
			}
		}
	})
	return err
}

func checkInsertConflictRows(insert *pg.InsertStmt, r *Relations) error {
	conflict := insert.OnConflictClause
	if conflict == nil || len(conflict.Infer.GetIndexElems()) == 0 || insert.SelectStmt == nil {
		return nil
	}
	sel := insert.SelectStmt.GetSelectStmt()
	values := sel != nil && sel.Op == pg.SetOperation_SETOP_NONE && len(sel.ValuesLists) > 0
	if values && len(sel.ValuesLists) < 2 {
		return nil
	}
	construct := "INSERT ... ON CONFLICT DO UPDATE of several rows"
	rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
	if rel == nil || rel.opaque {
		return uncheckedConflict{unsupported(construct+" into a table whose columns pgway cannot see", conflict.Location,
			"Insert one row per statement.")}
	}
	width := queryWidth(sel)
	if width == 0 {
		return uncheckedConflict{unsupported(construct+" from a query with * in its select list", conflict.Location,
			"Name the columns of the query.")}
	}
	keys, err := conflictKeys(insert, rel, width)
	if err != nil {
		return err
	}

	fail := conflictRowsErrors(conflict)
	if values {
		return checkValuesConflicts(sel, keys, fail)
	}
	wrapConflictQuery(insert, keys, width, fail)
	return nil
}

// conflictKeys returns the conflict target columns of insert, each with
// the position of its value among the width inserted values.
func conflictKeys(insert *pg.InsertStmt, rel *relationType, width int) ([]conflictKey, error) {
	conflict := insert.OnConflictClause
	targets := make([]string, 0, width)
	if len(insert.Cols) == 0 {
		for i := 0; i < width && i < len(rel.columns); i++ {
			targets = append(targets, rel.columns[i].name)
		}
	}
	for _, col := range insert.Cols {
		rt := col.GetResTarget()
		if rt == nil || len(rt.Indirection) > 0 {
			targets = append(targets, "")
			continue
		}
		targets = append(targets, strings.ToLower(rt.Name))
	}
	var keys []conflictKey
	for _, elem := range conflict.Infer.GetIndexElems() {
		ie := elem.GetIndexElem()
		if ie == nil || ie.Name == "" {
			return nil, uncheckedConflict{unsupported("INSERT ... ON CONFLICT DO UPDATE of several rows with an expression as conflict target",
				conflict.Location, "Insert one row per statement.")}
		}
		name := strings.ToLower(ie.Name)
		column, ok := rel.uniqueColumn(name)
		position := indexOf(targets, name)
		if !ok || position < 0 || !conflictKeyCastable(column) {
			return nil, uncheckedConflict{unsupported(fmt.Sprintf("INSERT ... ON CONFLICT DO UPDATE of several rows on column %q", ie.Name),
				conflict.Location, "Insert the conflict columns' values explicitly, or one row per statement.")}
		}
		keys = append(keys, conflictKey{position: position, column: column})
	}
	return keys, nil
}

// uniqueColumn returns the relation's column name, which must be unique.
func (rel *relationType) uniqueColumn(name string) (typedColumn, bool) {
	var found []typedColumn
	for _, c := range rel.columns {
		if c.name == name {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return typedColumn{}, false
	}
	return found[0], true
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// conflictKeyTypes are the column types whose explicit cast gives a key
// the value that assignment to the column gives it.
var conflictKeyTypes = map[string]bool{
	"int2": true, "int4": true, "int8": true, "text": true, "bool": true, "date": true,
	"numeric": true, "bytea": true,
}

func conflictKeyCastable(column typedColumn) bool {
	_, _, numeric := numericTypmods(column.typ)
	return conflictKeyTypes[column.typ] || numeric
}

// conflictKeyValue returns value as the key column stores it.
func conflictKeyValue(value *pg.Node, column typedColumn) *pg.Node {
	loc := exprLocation(value)
	if column.varcharLength > 0 {
		return varcharAssignment(value, column.varcharLength)
	}
	if precision, scale, ok := numericTypmods(column.typ); ok {
		cast := typeCast(value, "numeric", loc)
		cast.GetTypeCast().TypeName.Typmods = []*pg.Node{
			pg.MakeAConstIntNode(precision, loc), pg.MakeAConstIntNode(scale, loc)}
		return cast
	}
	return typeCast(value, column.typ, loc)
}

// conflictRowsErrors returns the calls that raise the errors for rows
// of the same key, PostgreSQL's 21000, or 0A000 under DO UPDATE ...
// WHERE, and for several rows with NULL keys, 0A000. DO NOTHING has no
// error for rows of the same key.
func conflictRowsErrors(conflict *pg.OnConflictClause) conflictErrors {
	loc := conflict.Location
	raise := func(message string) *pg.Node {
		return funcCall("error", loc, pg.MakeAConstStrNode(message, loc))
	}
	var errs conflictErrors
	switch {
	case conflict.Action != pg.OnConflictAction_ONCONFLICT_UPDATE:
	case conflict.WhereClause != nil:
		errs.sameKey = raise("INSERT ... ON CONFLICT DO UPDATE ... WHERE with rows of the same key is not supported on this warehouse (SQLSTATE 0A000)")
	default:
		errs.sameKey = raise("ON CONFLICT DO UPDATE command cannot affect row a second time (SQLSTATE 21000)")
	}
	errs.nullKeys = raise("INSERT ... ON CONFLICT of several rows with NULL in the conflict key is not supported on this warehouse (SQLSTATE 0A000)")
	return errs
}

// checkValuesConflicts guards the first row's first key of INSERT ...
// VALUES with the checks for rows of the same key and with NULL keys:
//
//	CASE WHEN (SELECT CASE WHEN list_unique(l) < list_aggregate(l, 'count')
//	  THEN error(...) WHEN len(l) - list_aggregate(l, 'count') > 1
//	  THEN error(...) ELSE false END FROM (SELECT [key1, key2, ...] AS l))
//	THEN NULL ELSE key1 END
//
// DuckDB's list_unique() and count leave out NULLs. A key of several
// columns is one row(...) in the list, NULL when a part is NULL.
// Constant keys are compared while the statement is translated instead.
//
// NOTE: the list repeats each key, so some thousands of rows with keys
// of parameters or expressions can exceed maxRewriteNodes and fail as
// too complex.
func checkValuesConflicts(sel *pg.SelectStmt, keys []conflictKey, fail conflictErrors) error {
	if checked, err := compareConstantKeys(sel, keys, fail); checked {
		return err
	}
	elements := make([]*pg.Node, 0, len(sel.ValuesLists))
	for _, row := range sel.ValuesLists {
		items := row.GetList().GetItems()
		parts := make([]*pg.Node, len(keys))
		for j, key := range keys {
			if key.position >= len(items) {
				return nil
			}
			item := items[key.position]
			loc := exprLocation(item)
			if item.GetSetToDefault() != nil {
				return uncheckedConflict{unsupported("DEFAULT as the conflict key of INSERT ... ON CONFLICT DO UPDATE of several rows", loc,
					"Insert the key's value explicitly, or one row per statement.")}
			}
			if hasVolatileCall(item) {
				return uncheckedConflict{unsupported("a volatile function in the conflict key of INSERT ... ON CONFLICT DO UPDATE of several rows", loc,
					"Insert one row per statement.")}
			}
			parts[j] = conflictKeyValue(proto.Clone(item).(*pg.Node), key.column)
		}
		elements = append(elements, keyElement(parts))
	}

	loc := exprLocation(fail.nullKeys)
	list := func() *pg.Node { return pg.MakeColumnRefNode(stringNodes(conflictRowsAlias), loc) }
	keyCount := func() *pg.Node { return funcCall("list_aggregate", loc, list(), pg.MakeAConstStrNode("count", loc)) }
	nullKeys := binaryOp(">", binaryOp("-", funcCall("len", loc, list()), keyCount(), loc), pg.MakeAConstIntNode(1, loc), loc)
	check := caseWhen(nullKeys, fail.nullKeys, makeBoolConst(false, loc), loc)
	if fail.sameKey != nil {
		sameKeys := binaryOp("<", funcCall("list_unique", loc, list()), keyCount(), loc)
		caseExpr := check.GetCaseExpr()
		caseExpr.Args = append([]*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: sameKeys, Result: fail.sameKey, Location: loc}}}}, caseExpr.Args...)
	}
	keyList := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: elements, Location: loc}}}
	listed := &pg.SelectStmt{TargetList: []*pg.Node{{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{
		Name: conflictRowsAlias, Val: keyList, Location: loc}}}}, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT}
	checked := &pg.Node{Node: &pg.Node_SubLink{SubLink: &pg.SubLink{
		SubLinkType: pg.SubLinkType_EXPR_SUBLINK,
		Subselect: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
			TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(check, loc)},
			FromClause: []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
				Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: listed}},
				Alias:    &pg.Alias{Aliasname: conflictRowsAlias}}}}},
			LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
		}}},
		Location: loc,
	}}}
	items := sel.ValuesLists[0].GetList().GetItems()
	first := keys[0].position
	items[first] = caseWhen(checked, &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}},
		items[first], loc)
	return nil
}

// keyElement returns the one part of a key, or CASE WHEN the parts are
// not NULL THEN row(parts) END.
func keyElement(parts []*pg.Node) *pg.Node {
	if len(parts) == 1 {
		return parts[0]
	}
	loc := exprLocation(parts[0])
	row := funcCall("row", loc, parts...)
	return caseWhen(keysNotNull(parts), row, nil, loc)
}

// wrapConflictQuery turns INSERT ... query into
//
//	INSERT ... SELECT c1, ... FROM (
//	  SELECT c1, ..., max(pgway_conflict_rows) OVER () AS pgway_conflict_max_rows,
//	    sum(pgway_conflict_null) OVER () AS pgway_conflict_nulls FROM (
//	      SELECT c1, ..., CASE WHEN key IS NOT NULL THEN count(*) OVER
//	        (PARTITION BY key) ELSE 0 END AS pgway_conflict_rows,
//	        CASE WHEN key IS NOT NULL THEN 0 ELSE 1 END AS pgway_conflict_null
//	      FROM (query) AS pgway_conflict(c1, ...)) AS pgway_conflict) AS pgway_conflict
//	WHERE CASE WHEN pgway_conflict_max_rows > 1 THEN error(...)
//	  WHEN pgway_conflict_nulls > 1 THEN error(...) ELSE true END
//	ORDER BY pgway_conflict_row
//
// where the innermost subquery numbers the rows with row_number() OVER ().
//
// The maximum and sum over all rows make the error the same whichever
// row DuckDB filters first.
func wrapConflictQuery(insert *pg.InsertStmt, keys []conflictKey, width int, fail conflictErrors) {
	loc := insert.Relation.GetLocation()
	names := make([]*pg.Node, width)
	for i := range width {
		names[i] = pg.MakeStrNode(fmt.Sprintf("%s_%d", conflictRowsAlias, i+1))
	}
	column := func(name string) *pg.Node {
		return pg.MakeColumnRefNode(stringNodes(name), loc)
	}
	named := func(name string, val *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name, Val: val, Location: loc}}}
	}
	columns := func(extra ...*pg.Node) []*pg.Node {
		targets := make([]*pg.Node, 0, width+len(extra))
		for i := range width {
			targets = append(targets, pg.MakeResTargetNodeWithVal(column(names[i].GetString_().Sval), loc))
		}
		return append(targets, extra...)
	}
	from := func(query *pg.Node, colnames []*pg.Node) []*pg.Node {
		return []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
			Subquery: query, Alias: &pg.Alias{Aliasname: conflictRowsAlias, Colnames: colnames}}}}}
	}
	selectNode := func(sel *pg.SelectStmt) *pg.Node {
		sel.LimitOption = pg.LimitOption_LIMIT_OPTION_DEFAULT
		return &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}
	}

	partition := make([]*pg.Node, len(keys))
	refs := make([]*pg.Node, len(keys))
	for j, key := range keys {
		refs[j] = column(names[key.position].GetString_().Sval)
		partition[j] = conflictKeyValue(proto.Clone(refs[j]).(*pg.Node), key.column)
	}
	count := countRows(loc)
	count.GetFuncCall().Over = &pg.WindowDef{PartitionClause: partition, FrameOptions: frameDefault, Location: loc}
	zero, one := pg.MakeAConstIntNode(0, loc), pg.MakeAConstIntNode(1, loc)
	number := funcCall("row_number", loc)
	number.GetFuncCall().Over = &pg.WindowDef{FrameOptions: frameDefault, Location: loc}
	counted := selectNode(&pg.SelectStmt{
		TargetList: columns(
			named(conflictRowsCount, caseWhen(keysNotNull(refs), count, zero, loc)),
			named(conflictNullKey, caseWhen(keysNotNull(refs), proto.Clone(zero).(*pg.Node), one, loc)),
			named(conflictRowNumber, number)),
		FromClause: from(insert.SelectStmt, names),
	})

	overAll := func(name, column string) *pg.Node {
		call := funcCall(name, loc, pg.MakeColumnRefNode(stringNodes(column), loc))
		call.GetFuncCall().Over = &pg.WindowDef{FrameOptions: frameDefault, Location: loc}
		return call
	}
	totals := selectNode(&pg.SelectStmt{
		TargetList: columns(
			named(conflictMaxRows, overAll("max", conflictRowsCount)),
			named(conflictNullKeys, overAll("sum", conflictNullKey)),
			pg.MakeResTargetNodeWithVal(column(conflictRowNumber), loc)),
		FromClause: from(counted, nil),
	})

	nullKeys := binaryOp(">", column(conflictNullKeys), pg.MakeAConstIntNode(1, loc), loc)
	check := caseWhen(nullKeys, fail.nullKeys, makeBoolConst(true, loc), loc)
	if fail.sameKey != nil {
		sameKeys := binaryOp(">", column(conflictMaxRows), pg.MakeAConstIntNode(1, loc), loc)
		caseExpr := check.GetCaseExpr()
		caseExpr.Args = append([]*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: sameKeys, Result: fail.sameKey, Location: loc}}}}, caseExpr.Args...)
	}
	insert.SelectStmt = selectNode(&pg.SelectStmt{
		TargetList:  columns(),
		FromClause:  from(totals, nil),
		WhereClause: check,
		SortClause: []*pg.Node{{Node: &pg.Node_SortBy{SortBy: &pg.SortBy{
			Node: column(conflictRowNumber), Location: -1}}}},
	})
}

// keysNotNull returns key1 IS NOT NULL AND ... for the key parts refs.
func keysNotNull(refs []*pg.Node) *pg.Node {
	tests := make([]*pg.Node, len(refs))
	for j, ref := range refs {
		tests[j] = &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: proto.Clone(ref).(*pg.Node), Nulltesttype: pg.NullTestType_IS_NOT_NULL, Location: -1}}}
	}
	if len(tests) == 1 {
		return tests[0]
	}
	return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, tests, -1)
}

func cloneNodes(nodes []*pg.Node) []*pg.Node {
	out := make([]*pg.Node, len(nodes))
	for i, n := range nodes {
		out[i] = proto.Clone(n).(*pg.Node)
	}
	return out
}

// countRows returns count(*).
func countRows(loc int32) *pg.Node {
	count := pg.MakeFuncCallNode(stringNodes("count"), nil, loc)
	count.GetFuncCall().AggStar = true
	return count
}

func makeBoolConst(value bool, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
		Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: value}}, Location: loc}}}
}

// compareConstantKeys compares the keys of INSERT ... VALUES while it is
// translated when each is an integer constant for an integer column, a
// string constant for a text column or NULL, whose equality is that of
// the constants' values or text. It reports whether it could, with the
// error that the statement raises. Large bulk upserts with constant keys
// so need no check in the statement.
func compareConstantKeys(sel *pg.SelectStmt, keys []conflictKey, fail conflictErrors) (bool, error) {
	seen := make(map[string]bool, len(sel.ValuesLists))
	nulls := 0
	sameKey := false
	for _, row := range sel.ValuesLists {
		items := row.GetList().GetItems()
		parts := make([]string, len(keys))
		hasNull := false
		for j, key := range keys {
			if key.position >= len(items) {
				return false, nil
			}
			c := items[key.position].GetAConst()
			switch {
			case c == nil:
				return false, nil
			case c.Isnull:
				hasNull = true
			case c.GetIval() != nil && (key.column.typ == "int2" || key.column.typ == "int4" || key.column.typ == "int8"):
				parts[j] = fmt.Sprint(c.GetIval().Ival)
			case c.GetSval() != nil && key.column.typ == "text":
				text, ok := assignedVarchar(c.GetSval().Sval, key.column.varcharLength)
				if !ok {
					return false, nil
				}
				parts[j] = text
			default:
				return false, nil
			}
		}
		if hasNull {
			nulls++
			continue
		}
		encoded := fmt.Sprintf("%q", parts)
		if seen[encoded] {
			sameKey = true
		}
		seen[encoded] = true
	}
	raised := func(call *pg.Node) error {
		message := call.GetFuncCall().Args[0].GetAConst().GetSval().Sval
		text, code, _ := strings.Cut(strings.TrimSuffix(message, ")"), " (SQLSTATE ")
		return &Error{Code: code, Message: text, Position: int(exprLocation(call)) + 1}
	}
	switch {
	case sameKey && fail.sameKey != nil:
		return true, raised(fail.sameKey)
	case nulls > 1:
		return true, raised(fail.nullKeys)
	}
	return true, nil
}

// assignedVarchar returns text as a varchar(n) column stores it, cut to n
// characters where only spaces follow, or false when it is too long. n
// is 0 for a text column.
func assignedVarchar(text string, n int64) (string, bool) {
	runes := []rune(text)
	if n == 0 || int64(len(runes)) <= n {
		return text, true
	}
	if strings.TrimRight(string(runes[n:]), " ") != "" {
		return "", false
	}
	return string(runes[:n]), true
}
