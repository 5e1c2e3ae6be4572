package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// DuckDB cannot parse FETCH FIRST n ROWS WITH TIES, so a query with it
// becomes a derived table that numbers its rows by the ORDER BY:
//
//	SELECT c1 AS a, ... FROM (SELECT <targets> AS c1, ...,
//	  row_number() OVER (ORDER BY k) AS pgway_row,
//	  rank() OVER (ORDER BY k) AS pgway_rank FROM ...) pgway_ties
//	WHERE pgway_row > offset AND pgway_rank <= offset + n ORDER BY pgway_row
//
// A row's rank is one more than the number of rows before its peers, so
// after the first offset + n rows exactly the peers of the last of them
// have a rank of at most offset + n. As in PostgreSQL, OFFSET counts rows,
// and the ties are those of the last row that FETCH returns.

// withTiesRow and withTiesRank are the names of the derived table's
// row_number() and rank() columns.
const (
	withTiesRow   = "pgway_row"
	withTiesRank  = "pgway_rank"
	withTiesTable = "pgway_ties"
)

// setReturningFunctions are PostgreSQL functions that return sets, which
// PostgreSQL expands in the select list after it numbers the rows, so a
// select list with one of them keeps 0A000 for WITH TIES.
var setReturningFunctions = map[string]bool{
	"generate_series": true, "generate_subscripts": true, "unnest": true, "regexp_matches": true,
	"regexp_split_to_table": true, "string_to_table": true, "json_array_elements": true,
	"json_array_elements_text": true, "jsonb_array_elements": true, "jsonb_array_elements_text": true,
	"json_each": true, "json_each_text": true, "jsonb_each": true, "jsonb_each_text": true,
	"json_object_keys": true, "jsonb_object_keys": true, "jsonb_path_query": true,
	"json_populate_recordset": true, "jsonb_populate_recordset": true, "json_to_recordset": true,
	"jsonb_to_recordset": true,
}

// rewriteWithTies rewrites sel, whose LIMIT is FETCH FIRST ... WITH
// TIES, into the form above, or fails with PostgreSQL's error or 0A000.
func rewriteWithTies(sel *pg.SelectStmt) error {
	count := sel.LimitCount
	loc := exprLocation(count)
	if len(sel.SortClause) == 0 {
		return &Error{Code: "42601", Message: "WITH TIES cannot be specified without ORDER BY clause", Position: int(loc) + 1}
	}
	if c := count.GetAConst(); c != nil && c.Isnull {
		return &Error{Code: "2201W", Message: "row count cannot be null in FETCH FIRST ... WITH TIES clause"}
	}
	if reason := withTiesUnsupported(sel); reason != "" {
		return unsupported("FETCH FIRST ... WITH TIES "+reason, loc, "")
	}
	keys, err := withTiesSortKeys(sel)
	if err != nil {
		return err
	}

	inner := &pg.SelectStmt{
		DistinctClause: sel.DistinctClause, FromClause: sel.FromClause, WhereClause: sel.WhereClause,
		GroupClause: sel.GroupClause, GroupDistinct: sel.GroupDistinct, HavingClause: sel.HavingClause,
		WindowClause: sel.WindowClause, LockingClause: sel.LockingClause,
	}
	var outer []*pg.Node
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		column := fmt.Sprintf("c%d", i+1)
		inner.TargetList = append(inner.TargetList, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{
			Name: column, Val: rt.Val, Location: rt.Location}}})
		name := rt.Name
		if name == "" {
			name = columnName(rt.Val)
		}
		outer = append(outer, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{
			Name: name, Val: withTiesColumn(column, rt.Location), Location: rt.Location}}})
	}
	window := func(function, name string) *pg.Node {
		over := &pg.WindowDef{OrderClause: keys, FrameOptions: frameDefault, Location: loc}
		call := &pg.FuncCall{Funcname: stringNodes(function), Over: over, Location: loc}
		return &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{
			Name: name, Val: &pg.Node{Node: &pg.Node_FuncCall{FuncCall: call}}, Location: loc}}}
	}
	numbered := inner
	if hasVolatileKey(keys) {
		numbered = withKeyColumns(inner, keys, loc)
	}
	numbered.TargetList = append(numbered.TargetList, window("row_number", withTiesRow), window("rank", withTiesRank))

	offset := withTiesBound(sel.LimitOffset, "OFFSET must not be negative", "2201X", loc)
	last := binaryOp("+", proto.Clone(offset).(*pg.Node),
		withTiesBound(count, "LIMIT must not be negative", "2201W", loc), loc)
	where := pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{
		binaryOp(">", withTiesColumn(withTiesRow, loc), offset, loc),
		binaryOp("<=", withTiesColumn(withTiesRank, loc), last, loc),
	}, loc)

	with := sel.WithClause
	proto.Reset(sel)
	sel.WithClause = with
	sel.TargetList = outer
	sel.FromClause = []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: numbered}},
		Alias:    &pg.Alias{Aliasname: withTiesTable}}}}}
	sel.WhereClause = where
	sel.SortClause = []*pg.Node{{Node: &pg.Node_SortBy{SortBy: &pg.SortBy{
		Node: withTiesColumn(withTiesRow, loc), Location: -1}}}}
	sel.Op = pg.SetOperation_SETOP_NONE
	return nil
}

// frameDefault is FRAMEOPTION_DEFAULTS of PostgreSQL 15's parsenodes.h:
// RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
const frameDefault = 0x2 | 0x20 | 0x400

// withTiesUnsupported returns what keeps sel from the rewrite, or "".
func withTiesUnsupported(sel *pg.SelectStmt) string {
	switch {
	case isSetOperation(sel):
		return "of a set operation"
	case len(sel.ValuesLists) > 0:
		return "of VALUES"
	case len(sel.DistinctClause) > 0:
		return "with DISTINCT"
	case sel.IntoClause != nil:
		return "with INTO"
	}
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if ref := rt.GetVal().GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			return "with * in the select list"
		}
		setReturning := false
		walkNode(rt.GetVal(), func(n *pg.Node) error {
			if fc := n.GetFuncCall(); fc != nil && setReturningFunctions[lastName(fc.Funcname)] {
				setReturning = true
			}
			return nil
		})
		if setReturning {
			return "with a set-returning function in the select list"
		}
	}
	return ""
}

// withTiesSortKeys returns copies of the ORDER BY of sel for the window,
// with each select-list position and output column name replaced by the
// column's expression, since a window's ORDER BY reads neither.
func withTiesSortKeys(sel *pg.SelectStmt) ([]*pg.Node, error) {
	var keys []*pg.Node
	for _, s := range sel.SortClause {
		sort := proto.Clone(s).(*pg.Node)
		by := sort.GetSortBy()
		if by == nil {
			return nil, unsupported("FETCH FIRST ... WITH TIES with this ORDER BY", -1, "")
		}
		if c := by.Node.GetAConst(); c != nil && c.GetIval() != nil {
			position := int(c.GetIval().Ival)
			if position < 1 || position > len(sel.TargetList) {
				return nil, &Error{Code: "42P10", Position: int(c.Location) + 1,
					Message: fmt.Sprintf("ORDER BY position %d is not in select list", position)}
			}
			by.Node = proto.Clone(sel.TargetList[position-1].GetResTarget().Val).(*pg.Node)
		} else if ref := by.Node.GetColumnRef(); ref != nil && len(ref.Fields) == 1 && ref.Fields[0].GetString_() != nil {
			name := ref.Fields[0].GetString_().Sval
			var matches []*pg.Node
			for _, t := range sel.TargetList {
				if rt := t.GetResTarget(); rt.Name == name {
					matches = append(matches, rt.Val)
				}
			}
			if len(matches) > 1 {
				return nil, unsupported("FETCH FIRST ... WITH TIES ordered by a name of two output columns", ref.Location, "")
			}
			if len(matches) == 1 {
				by.Node = proto.Clone(matches[0]).(*pg.Node)
			}
		}
		keys = append(keys, sort)
	}
	return keys, nil
}

// withTiesColumn returns a reference to column of the derived table.
func withTiesColumn(column string, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
		Fields: stringNodes(withTiesTable, column), Location: loc}}}
}

// withTiesBound returns the row count or offset n as bigint: 0 for a
// missing n or a NULL offset, and an error for a negative n or a NULL
// count at the rows that read it.
func withTiesBound(n *pg.Node, negative, code string, loc int32) *pg.Node {
	if n == nil {
		return pg.MakeAConstIntNode(0, loc)
	}
	if c := n.GetAConst(); c != nil {
		// checkLimit rejected a negative constant, and rewriteWithTies a
		// NULL count.
		if c.Isnull {
			return pg.MakeAConstIntNode(0, loc)
		}
		return typeCast(n, "int8", loc)
	}
	value := typeCast(n, "int8", loc)
	raise := func(message string) *pg.Node {
		return funcCall("error", loc, pg.MakeAConstStrNode(message+" (SQLSTATE "+code+")", loc))
	}
	isNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: proto.Clone(value).(*pg.Node), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	ifNull := raise("row count cannot be null in FETCH FIRST ... WITH TIES clause")
	if code == "2201X" {
		ifNull = pg.MakeAConstIntNode(0, loc)
	}
	below := binaryOp("<", proto.Clone(value).(*pg.Node), pg.MakeAConstIntNode(0, loc), loc)
	return searchedCase(loc, value, isNull, ifNull, below, raise(negative))
}
