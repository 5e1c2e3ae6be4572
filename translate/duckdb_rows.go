package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL compares row constructors field by field: ROW(a, b) IS NULL
// when every field is NULL, ROW(1, 2) = ROW(1, NULL) is NULL, and < and >
// compare the first pair of fields that differ. DuckDB makes a STRUCT of a
// row, which is NULL only as a whole and compares NULL fields as values.
// The dialect writes row comparisons out as comparisons of their fields.
// NOTE: a field expression can appear in the rewrite more than once, so a
// volatile one such as random() is evaluated more than once.

// rowFields returns the fields of a row constructor, nil for another node.
func rowFields(n *pg.Node) []*pg.Node {
	if r := n.GetRowExpr(); r != nil {
		return r.Args
	}
	return nil
}

// rewriteRowNullTest writes ROW(a, b) IS NULL as a IS NULL AND b IS NULL,
// and IS NOT NULL as a IS NOT NULL AND b IS NOT NULL. ROW() has no
// fields, so both tests are true, as in PostgreSQL.
func rewriteRowNullTest(n *pg.Node, t *pg.NullTest) {
	fields := rowFields(t.Arg)
	if len(fields) == 0 {
		if t.Arg.GetRowExpr() != nil {
			n.Node = boolConst(true, t.Location).Node
		}
		return
	}
	tests := make([]*pg.Node, len(fields))
	for i, f := range fields {
		tests[i] = &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: f, Nulltesttype: t.Nulltesttype, Location: t.Location}}}
	}
	n.Node = boolExpr(pg.BoolExprType_AND_EXPR, tests, t.Location).Node
}

// rewriteRowComparison writes a comparison of two row constructors of the
// same length, or a row IN a list of rows, as comparisons of their fields.
// It reports whether it rewrote e.
func rewriteRowComparison(n *pg.Node, e *pg.A_Expr) bool {
	left := rowFields(e.Lexpr)
	if len(left) == 0 {
		return false
	}
	op := lastName(e.Name)
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		right := rowFields(e.Rexpr)
		if len(right) != len(left) {
			return false
		}
		compared, ok := compareRows(op, left, right, e.Location)
		if ok {
			n.Node = compared.Node
		}
		return ok
	case pg.A_Expr_Kind_AEXPR_IN:
		list := e.Rexpr.GetList()
		if list == nil {
			return false
		}
		combine, each := pg.BoolExprType_OR_EXPR, "="
		if op == "<>" {
			combine, each = pg.BoolExprType_AND_EXPR, "<>"
		}
		var terms []*pg.Node
		for _, item := range list.Items {
			right := rowFields(item)
			if len(right) != len(left) {
				return false
			}
			compared, _ := compareRows(each, left, right, e.Location)
			terms = append(terms, compared)
		}
		n.Node = boolExpr(combine, terms, e.Location).Node
		return true
	}
	return false
}

// compareRows writes left op right for rows of the same length: = as AND
// of the fields' =, <> as OR of their <>, and < <= > >= from the first
// field on, each field deciding unless it is equal.
func compareRows(op string, left, right []*pg.Node, loc int32) (*pg.Node, bool) {
	pairs := func(fieldOp string) []*pg.Node {
		out := make([]*pg.Node, len(left))
		for i := range left {
			out[i] = binaryOp(fieldOp, left[i], right[i], loc)
		}
		return out
	}
	switch op {
	case "=":
		return boolExpr(pg.BoolExprType_AND_EXPR, pairs("="), loc), true
	case "<>":
		return boolExpr(pg.BoolExprType_OR_EXPR, pairs("<>"), loc), true
	case "<", "<=", ">", ">=":
		strict := op[:1]
		last := len(left) - 1
		result := binaryOp(op, left[last], right[last], loc)
		for i := last - 1; i >= 0; i-- {
			equal := binaryOp("=", left[i], right[i], loc)
			result = boolExpr(pg.BoolExprType_OR_EXPR, []*pg.Node{
				binaryOp(strict, left[i], right[i], loc),
				boolExpr(pg.BoolExprType_AND_EXPR, []*pg.Node{equal, result}, loc),
			}, loc)
		}
		return result, true
	}
	return nil, false
}

// boolExpr combines args with AND or OR, or returns the only one.
func boolExpr(kind pg.BoolExprType, args []*pg.Node, loc int32) *pg.Node {
	if len(args) == 1 {
		return args[0]
	}
	return pg.MakeBoolExprNode(kind, args, loc)
}
