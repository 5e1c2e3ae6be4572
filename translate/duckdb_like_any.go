package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// expandLikeAny rewrites x LIKE ANY (ARRAY[p1, p2]) and the ILIKE, NOT
// and ALL forms, which DuckDB cannot parse, into one match for each
// element of the ARRAY constructor:
//
//	x LIKE ANY (ARRAY[p1, p2])  (x LIKE p1 OR x LIKE p2)
//	x LIKE ALL (ARRAY[p1, p2])  (x LIKE p1 AND x LIKE p2)
//
// OR and AND combine NULL as ANY and ALL do, and an empty array gives
// false for ANY and true for ALL. Each match is rewritten as a LIKE of
// its own (rewriteLike, rewriteILike). It reports whether e was such an
// expression. An array that is not a constructor is left to the caller,
// which rejects it, and so is an x that calls a volatile function, which
// the rewrite would evaluate once per element.
func (d *duckDB) expandLikeAny(n *pg.Node, e *pg.A_Expr) (bool, error) {
	op := lastName(e.Name)
	if _, ok := likeOperatorKinds[op]; !ok {
		return false, nil
	}
	array := e.Rexpr
	if tc := array.GetTypeCast(); tc != nil {
		array = tc.Arg
	}
	constructor := array.GetAArrayExpr()
	if constructor == nil || hasVolatileCall(e.Lexpr) {
		return false, nil
	}
	all := e.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL
	if len(constructor.Elements) == 0 {
		n.Node = &pg.Node_AConst{AConst: &pg.A_Const{
			Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: all}}, Location: e.Location}}
		return true, nil
	}
	matches := make([]*pg.Node, 0, len(constructor.Elements))
	for _, pattern := range constructor.Elements {
		match := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP, Name: stringNodes(op),
			Lexpr: proto.Clone(e.Lexpr).(*pg.Node), Rexpr: pattern, Location: e.Location}
		node := &pg.Node{Node: &pg.Node_AExpr{AExpr: match}}
		if err := d.rewriteOperator(node, match); err != nil {
			return true, err
		}
		matches = append(matches, node)
	}
	if len(matches) == 1 {
		n.Node = matches[0].Node
		return true, nil
	}
	join := pg.BoolExprType_OR_EXPR
	if all {
		join = pg.BoolExprType_AND_EXPR
	}
	n.Node = pg.MakeBoolExprNode(join, matches, e.Location).Node
	return true, nil
}
