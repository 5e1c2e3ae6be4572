package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkNestedAggregates raises PostgreSQL's 42803 and 42P20 errors for
// an aggregate or a window function inside the arguments, ORDER BY or
// FILTER of an aggregate of the same query level, as in sum(sum(x)),
// where DuckDB fails with an internal error. PostgreSQL checks FILTER
// first.
func checkNestedAggregates(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || err != nil || !isAggregate(fc) {
			return
		}
		if fc.AggFilter != nil {
			if inner := innerAggregate(fc.AggFilter.ProtoReflect()); inner != nil {
				err = &Error{Code: "42803", Message: "aggregate functions are not allowed in FILTER", Position: int(inner.Location) + 1}
				if inner.Over != nil {
					err = &Error{Code: "42P20", Message: "window functions are not allowed in FILTER", Position: int(inner.Location) + 1}
				}
				return
			}
		}
		for _, part := range append(append([]*pg.Node(nil), fc.Args...), fc.AggOrder...) {
			if inner := innerAggregate(part.ProtoReflect()); inner != nil {
				message := "aggregate function calls cannot be nested"
				if inner.Over != nil {
					message = "aggregate function calls cannot contain window function calls"
				}
				err = &Error{Code: "42803", Message: message, Position: int(inner.Location) + 1}
				return
			}
		}
	})
	return err
}

// innerAggregate returns the first aggregate or window function call
// under m, outside subqueries, or nil.
func innerAggregate(m protoreflect.Message) *pg.FuncCall {
	switch v := m.Interface().(type) {
	case *pg.SelectStmt:
		return nil
	case *pg.FuncCall:
		if isAggregate(v) || v.Over != nil {
			return v
		}
	}
	var found *pg.FuncCall
	rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		if fd.IsList() {
			list := val.List()
			for i := 0; i < list.Len() && found == nil; i++ {
				found = innerAggregate(list.Get(i).Message())
			}
		} else {
			found = innerAggregate(val.Message())
		}
		return found == nil
	})
	return found
}
