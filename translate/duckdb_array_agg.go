package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// nestedArrayAggReason explains why array_agg of an array runs only as a
// result column on DuckDB.
const nestedArrayAggReason = "array_agg() of an array inside an expression is not supported on this warehouse"

// nestedArrayAggHint is the hint of the translation error.
const nestedArrayAggHint = "DuckDB builds a list of lists, where PostgreSQL builds an array of more dimensions. " +
	"Use array_agg() of an array only as a whole result column."

// checkNestedArrayAggs finds the calls of array_agg whose argument may be
// an array and that are not a whole result column or sort key of the
// statement. PostgreSQL's array_agg of arrays returns an array of one
// more dimension, whose elements unnest, cardinality, subscripts and
// array functions see one by one. DuckDB's returns a list of lists, which
// the provider sends as the PostgreSQL array, but which other functions
// read as a list of lists. A call whose argument shows an array fails here
// with 0A000. The returned calls have an argument of unknown type, and
// guardNestedArrayAggs makes them fail with 0A000 when the argument
// turns out to be a list.
// NOTE: DuckDB binds x = ANY(array_agg(y)) before it runs the check, so
// with a y of unknown array type that statement fails with the provider's
// 0A000 for a comparison with a list of lists, which names no position.
func checkNestedArrayAggs(stmt *pg.Node, types map[*pg.ColumnRef]string) (map[*pg.FuncCall]bool, error) {
	whole := map[*pg.FuncCall]bool{}
	if sel := stmt.GetSelectStmt(); sel != nil {
		addWholeArrayAggs(sel, whole)
	}
	guarded := map[*pg.FuncCall]bool{}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || err != nil || whole[fc] || len(fc.Args) != 1 ||
			!strings.EqualFold(lastName(fc.Funcname), "array_agg") {
			return
		}
		switch arg := fc.Args[0]; {
		case showsArray(arg) || strings.HasSuffix(types[arg.GetColumnRef()], "[]"):
			err = unsupported("array_agg() of an array inside an expression", fc.Location, nestedArrayAggHint)
		case !showsScalar(arg, types):
			guarded[fc] = true
		}
	})
	return guarded, err
}

// addWholeArrayAggs adds the calls of array_agg that are a whole result
// column or sort key of sel, or of the arms of its set operation.
func addWholeArrayAggs(sel *pg.SelectStmt, whole map[*pg.FuncCall]bool) {
	if sel.Larg != nil {
		addWholeArrayAggs(sel.Larg, whole)
		addWholeArrayAggs(sel.Rarg, whole)
	}
	for _, target := range sel.TargetList {
		if fc := target.GetResTarget().GetVal().GetFuncCall(); fc != nil {
			whole[fc] = true
		}
	}
	for _, sort := range sel.SortClause {
		if fc := sort.GetSortBy().GetNode().GetFuncCall(); fc != nil {
			whole[fc] = true
		}
	}
}

// showsScalar reports whether n shows a type that is not an array: a
// constant, a cast to a scalar type, or a column of a known scalar type.
func showsScalar(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if ref := n.GetColumnRef(); ref != nil {
		typ := types[ref]
		return typ != "" && !strings.HasSuffix(typ, "[]")
	}
	if n.GetAConst() != nil {
		return true
	}
	return staticType(n) != typeUnknown || exactType(n) != ""
}

// guardNestedArrayAggs wraps the argument of each call that
// checkNestedArrayAggs returned in a check that raises 0A000 when DuckDB
// types it as a list, or the whole call when it has DISTINCT and ORDER BY.
// DuckDB resolves typeof() when it binds the statement, so for other
// arguments the check reduces to the argument.
func guardNestedArrayAggs(stmt *pg.Node, guarded map[*pg.FuncCall]bool) {
	if len(guarded) == 0 {
		return
	}
	sorted := map[*pg.FuncCall]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || !guarded[fc] || len(fc.Args) != 1 {
			return
		}
		delete(guarded, fc) // inspect may reach the wrapped argument again
		if fc.AggDistinct && len(fc.AggOrder) > 0 {
			// DuckDB requires the sort keys of a DISTINCT aggregate to be
			// its argument, and it finds no check with error() equal to
			// another, so the check goes around the call.
			sorted[fc] = true
			return
		}
		fc.Args[0] = listGuard(fc.Args[0], "%]", fc.Location)
	})
	if len(sorted) == 0 {
		return
	}
	_ = walkNode(stmt, func(n *pg.Node) error {
		if fc := n.GetFuncCall(); sorted[fc] {
			// The type of a list of lists ends in ][] or ][2] and so on.
			n.Node = listGuard(&pg.Node{Node: n.Node}, "%]%]", fc.Location).Node
		}
		return nil
	})
}

// listGuard returns value in a check that raises 0A000 when the DuckDB
// type of value is LIKE pattern.
func listGuard(value *pg.Node, pattern string, loc int32) *pg.Node {
	isList := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{
		Kind: pg.A_Expr_Kind_AEXPR_LIKE, Name: stringNodes("~~"),
		Lexpr: funcCall("typeof", loc, value), Rexpr: pg.MakeAConstStrNode(pattern, loc), Location: loc}}}
	raise := funcCall("error", loc, pg.MakeAConstStrNode(nestedArrayAggReason+" (SQLSTATE 0A000)", loc))
	when := pg.MakeCaseWhenNode(isList, raise, loc)
	guard := pg.MakeCaseExprNode(nil, []*pg.Node{when}, loc)
	guard.GetCaseExpr().Defresult = value
	return guard
}
