package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkAmbiguousOrderNames raises PostgreSQL's 42702 for ORDER BY or
// DISTINCT ON a bare name that two result columns with different
// expressions have, as in SELECT a AS x, b AS x FROM t ORDER BY x. DuckDB
// sorts by one of them. PostgreSQL 15 looks such a name up among the
// result columns first (findTargetlistEntrySQL92 in parse_clause.c).
// Columns of equal expressions, as in SELECT a AS x, a AS x, are not
// ambiguous, but the columns of a set operation are always distinct.
//
// NOTE: the expressions are compared as written, except that column
// references compare by their last name, so t.a and a are the same. Two
// columns of the same name in different FROM items, as in SELECT t.a,
// u.a ... ORDER BY a, are therefore not reported.
func checkAmbiguousOrderNames(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		sel, ok := msg.(*pg.SelectStmt)
		if !ok || err != nil {
			return
		}
		for _, s := range sel.SortClause {
			if err = ambiguousOrderName(sel, s.GetSortBy().GetNode(), "ORDER BY"); err != nil {
				return
			}
		}
		for _, n := range sel.DistinctClause {
			if err = ambiguousOrderName(sel, n, "DISTINCT ON"); err != nil {
				return
			}
		}
	})
	return err
}

// ambiguousOrderName returns 42702 when n, an item of the clause of sel,
// is a bare name of two result columns with different expressions.
func ambiguousOrderName(sel *pg.SelectStmt, n *pg.Node, clause string) error {
	ref := n.GetColumnRef()
	if ref == nil || len(ref.Fields) != 1 || ref.Fields[0].GetString_() == nil {
		return nil
	}
	name := ref.Fields[0].GetString_().Sval
	targets, setOperation := sel.TargetList, false
	for first := sel; first.Op != pg.SetOperation_SETOP_NONE && first.Larg != nil; first = first.Larg {
		targets, setOperation = first.Larg.TargetList, true
	}
	var match *pg.Node
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		if result := resultName(rt); result != name && strings.EqualFold(result, name) {
			// PostgreSQL compares the names exactly, so x names no result
			// column "X", and DuckDB, which ignores case, would sort by it.
			return unsupportedf(ref.Location, "%s %q beside the result column %q, whose name differs only in case, is not supported on DuckDB", clause, name, result)
		}
		if resultName(rt) != name {
			continue
		}
		if match != nil && (setOperation || !sameExpression(comparableTarget(match), comparableTarget(rt.Val))) {
			return &Error{Code: "42702", Position: int(ref.Location) + 1,
				Message: fmt.Sprintf("%s %q is ambiguous", clause, name)}
		}
		if match == nil {
			match = rt.Val
		}
	}
	return nil
}

// resultName returns the name of a result column where the statement
// shows it: its alias, or the name of a column reference. It returns ""
// for other expressions.
func resultName(rt *pg.ResTarget) string {
	if rt.Name != "" {
		return rt.Name
	}
	fields := rt.Val.GetColumnRef().GetFields()
	if len(fields) == 0 || fields[len(fields)-1].GetString_() == nil {
		return ""
	}
	return fields[len(fields)-1].GetString_().Sval
}

// comparableTarget returns n, or a reference to its last name where n is
// a column reference.
func comparableTarget(n *pg.Node) *pg.Node {
	fields := n.GetColumnRef().GetFields()
	if len(fields) < 2 {
		return n
	}
	return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: fields[len(fields)-1:]}}}
}
