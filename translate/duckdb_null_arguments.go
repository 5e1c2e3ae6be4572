package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// typeNullArguments gives a NULL constant the type that PostgreSQL
// resolves it to where DuckDB would pick another or none:
//
//   - repeat(NULL, n) is text in PostgreSQL, whose only repeat() takes
//     text. DuckDB picks its BLOB overload.
//   - nullif(NULL, b) has b's type in PostgreSQL. DuckDB's has the type
//     of NULL, which pgway sends as text. It becomes
//     CASE WHEN false THEN b END, which has b's type and is NULL too. Only
//     a column or a constant b is rewritten, since PostgreSQL evaluates b
//     and any other expression could raise an error there.
func typeNullArguments(stmt *pg.Node) {
	_ = walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_FuncCall:
			fc := v.FuncCall
			if lastName(fc.Funcname) == "repeat" && len(fc.Args) == 2 && isNullConstant(fc.Args[0]) {
				fc.Args[0] = typeCast(fc.Args[0], "text", fc.Location)
			}
		case *pg.Node_AExpr:
			e := v.AExpr
			if e.Kind != pg.A_Expr_Kind_AEXPR_NULLIF || !isNullConstant(e.Lexpr) || !isErrorFreeOperand(e.Rexpr) {
				return nil
			}
			never := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
				Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: false}}, Location: e.Location}}}
			n.Node = &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
				Args: []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
					Expr: never, Result: e.Rexpr, Location: e.Location}}}},
				Location: e.Location,
			}}
		}
		return nil
	})
}

// isNullConstant reports whether n is the constant NULL.
func isNullConstant(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// isErrorFreeOperand reports whether evaluating n cannot fail: n is a
// column or a constant that is not NULL.
func isErrorFreeOperand(n *pg.Node) bool {
	if n.GetColumnRef() != nil {
		return true
	}
	c := n.GetAConst()
	return c != nil && !c.Isnull
}
