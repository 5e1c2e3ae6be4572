package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// DuckDB rejects a window ORDER BY with a volatile function, such as
// random(), so rewriteWithTies cannot number the rows by such a key
// directly. PostgreSQL evaluates each sort key once per row, and uses the
// select-list column for a key that is the same expression as one. Here
// the query that computes the columns also computes each other key as a
// column, and a query around it numbers the rows by those columns:
//
//	SELECT c1, ..., pgway_key1, ..., row_number() OVER (ORDER BY c2, pgway_key1), ...
//	FROM (SELECT <targets> AS c1, ..., <key> AS pgway_key1 FROM ...) pgway_keys

// volatileKeysTable and volatileKeyColumn name the inner query and its
// key columns.
const (
	volatileKeysTable = "pgway_keys"
	volatileKeyColumn = "pgway_key"
)

// volatileWindowKeys are PostgreSQL's volatile functions that DuckDB also
// treats as volatile, for which it rejects a window ORDER BY.
var volatileWindowKeys = map[string]bool{
	"random": true, "gen_random_uuid": true, "nextval": true, "setseed": true,
}

// hasVolatileKey reports whether a sort key in keys calls a volatile
// function.
func hasVolatileKey(keys []*pg.Node) bool {
	volatile := false
	for _, key := range keys {
		walkNode(key, func(n *pg.Node) error {
			if fc := n.GetFuncCall(); fc != nil && volatileWindowKeys[lastName(fc.Funcname)] {
				volatile = true
			}
			return nil
		})
	}
	return volatile
}

// withKeyColumns moves the sort keys of inner, a query whose targets are
// the columns c1, ..., into columns, and returns the query around it
// that selects them and in which keys, changed in place, name them.
func withKeyColumns(inner *pg.SelectStmt, keys []*pg.Node, loc int32) *pg.SelectStmt {
	column := func(name string) *pg.Node {
		return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
			Fields: stringNodes(volatileKeysTable, name), Location: loc}}}
	}
	outer := &pg.SelectStmt{}
	for _, t := range inner.TargetList {
		name := t.GetResTarget().Name
		outer.TargetList = append(outer.TargetList, resTarget(name, column(name)))
	}
	columns := len(inner.TargetList)
	for i, key := range keys {
		by := key.GetSortBy()
		name := ""
		for _, t := range inner.TargetList[:columns] {
			if sameExpression(t.GetResTarget().Val, by.Node) {
				name = t.GetResTarget().Name
				break
			}
		}
		if name == "" {
			name = fmt.Sprintf("%s%d", volatileKeyColumn, i+1)
			inner.TargetList = append(inner.TargetList, resTarget(name, proto.Clone(by.Node).(*pg.Node)))
		}
		by.Node = column(name)
	}
	outer.FromClause = []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: inner}},
		Alias:    &pg.Alias{Aliasname: volatileKeysTable}}}}}
	return outer
}
