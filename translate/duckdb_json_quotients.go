package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// quotientJSONText is the JSON text of the quotient x:
//
//	CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT', 'INTERVAL') THEN typed(x)
//	     ELSE text of x's _result form END
//
// A numeric quotient writes its own text, which keeps PostgreSQL's scale.
// A float or interval quotient has no such text (pgway_pick_text returns
// NULL for it), so typed writes its value by its DuckDB type, as for
// any other value. DuckDB folds typeof to a constant, so only one branch
// runs.
func quotientJSONText(x *pg.Node, loc int32, typed func(*pg.Node, int32) *pg.Node) *pg.Node {
	nested := proto.Clone(x).(*pg.Node)
	kinds := []*pg.Node{pg.MakeAConstStrNode("DOUBLE", loc), pg.MakeAConstStrNode("FLOAT", loc),
		pg.MakeAConstStrNode("INTERVAL", loc)}
	inexact := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_IN,
		Name: stringNodes("="), Lexpr: funcCall(typeofFunction, loc, proto.Clone(x).(*pg.Node)),
		Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: kinds}}}, Location: loc}}}
	return searchedCase(loc, textOf(x), inexact, typed(nested, loc))
}
