package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkDistinctAggregateOrder checks the ORDER BY of each aggregate call
// with DISTINCT, whose sort keys PostgreSQL requires to be arguments of
// the call. DuckDB accepts other sort keys, such as a constant, and runs
// the call. A sort key that is written as an argument passes. A sort key
// that cannot be an argument after PostgreSQL's analysis fails with
// 42P10, as in PostgreSQL: a constant when every argument reads a
// column, or a key that reads a column no argument reads. Any other key
// fails with 0A000, because PostgreSQL may find it equal to an argument
// written differently, as x::int4 is x for an integer column x.
func checkDistinctAggregateOrder(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || err != nil || !fc.AggDistinct || fc.AggWithinGroup || fc.Over != nil {
			return
		}
		for _, item := range fc.AggOrder {
			key := item.GetSortBy().GetNode()
			if key == nil || isDistinctArgument(key, fc.Args) {
				continue
			}
			if cannotBeArgument(key, fc.Args) {
				err = &Error{Code: "42P10", Position: int(exprLocation(key)) + 1,
					Message: "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"}
			} else {
				err = unsupported("a sort key that is not written as an argument of an aggregate with DISTINCT",
					exprLocation(key), "Write the sort key exactly as the argument.")
			}
			return
		}
	})
	return err
}

// isDistinctArgument reports whether key is written as one of args.
func isDistinctArgument(key *pg.Node, args []*pg.Node) bool {
	for _, arg := range args {
		if sameExpression(key, arg) {
			return true
		}
	}
	return false
}

// cannotBeArgument reports whether key differs from every one of args
// after PostgreSQL's analysis: key is a constant and every argument reads
// a column, or key reads a column that no argument reads.
func cannotBeArgument(key *pg.Node, args []*pg.Node) bool {
	argColumns := map[string]bool{}
	everyArgReadsColumn := true
	for _, arg := range args {
		columns := columnNames(arg)
		if len(columns) == 0 {
			everyArgReadsColumn = false
		}
		for name := range columns {
			argColumns[name] = true
		}
	}
	if key.GetAConst() != nil {
		return everyArgReadsColumn
	}
	for name := range columnNames(key) {
		if !argColumns[name] {
			return true
		}
	}
	return false
}

// columnNames returns the last names of the column references in n.
func columnNames(n *pg.Node) map[string]bool {
	names := map[string]bool{}
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if ref, ok := msg.(*pg.ColumnRef); ok && len(ref.Fields) > 0 {
			if s := ref.Fields[len(ref.Fields)-1].GetString_(); s != nil {
				names[s.Sval] = true
			}
		}
	})
	return names
}
