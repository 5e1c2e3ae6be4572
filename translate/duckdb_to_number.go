package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// toNumberFunction is the provider's to_number
// (providers/duckdb/to_number.go). It is a quotient function, because
// PostgreSQL gives each result the scale of the digits its input has
// after the decimal point, which no single DECIMAL type holds.
const toNumberFunction = "pgway_to_number"

// rewriteToNumber turns to_number(text, template) into
// pgway_to_number(text, template, lc_numeric, lc_monetary), which reads
// the text as PostgreSQL 15 does when the statement runs. The locale
// settings decide the symbols of D, G, L and S, as for to_char, and an
// unset one counts as C.
// NOTE: inside another expression the value is DECIMAL(38,20), as every
// quotient's is, so there a value of more than 18 integer digits fails
// with 0A000.
func rewriteToNumber(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 || fc.AggStar || fc.FuncVariadic || len(fc.AggOrder) > 0 {
		return noSuchFunction(fc, "to_number")
	}
	for _, arg := range fc.Args {
		if typ := staticType(arg); typ != typeUnknown && typ != typeText && typ != typeNull {
			// PostgreSQL has to_number(text, text) only, and no implicit
			// cast of a number or a date to text, where DuckDB would cast
			// it to VARCHAR.
			return noSuchFunction(fc, "to_number")
		}
	}
	locale := func(name string) *pg.Node {
		return &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{Args: []*pg.Node{
			pg.MakeAConstStrNode(settingMarker(name), fc.Location), pg.MakeAConstStrNode("C", fc.Location),
		}, Location: fc.Location}}}
	}
	n.Node = funcCall(toNumberFunction, fc.Location, fc.Args[0], fc.Args[1],
		locale("lc_numeric"), locale("lc_monetary")).Node
	return nil
}
