package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// round(x, d) and trunc(x, d) of a numeric or integer x give a numeric of
// scale d in PostgreSQL (0 for d below 0), and div(x, y) one of scale 0,
// whatever x's scale. Such a value keeps its own scale in PostgreSQL
// beside a number of another scale, in a UNION ALL column or in coalesce,
// CASE, greatest or least. DuckDB's DECIMAL gives every row the largest
// scale, so round(n, 1) beside 1.55 is 25.4 in PostgreSQL and 25.40 there.

// roundedScale returns the scale of every value of n when n is div(x, y),
// or round(x, d) or trunc(x, d) of an operand that is not a float, with
// d an integer constant.
func roundedScale(n *pg.Node) (int64, bool) {
	if isDivTrunc(n) {
		return 0, true
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) != 1 || len(fc.Args) != 2 || fc.Over != nil || fc.AggStar || fc.FuncVariadic {
		return 0, false
	}
	if name := strings.ToLower(lastName(fc.Funcname)); name != "round" && name != "trunc" {
		return 0, false
	}
	places, ok := integerConstant(fc.Args[1])
	if !ok || !roundsAsNumeric(fc.Args[0]) {
		return 0, false
	}
	return max(places, 0), true
}

// quotientConcatText writes the quotient operand of || beside text, such
// as round(avg(x), 1) || '%', with its own scale as numeric_out does.
// PostgreSQL's || of a number and text concatenates the number's text,
// where DuckDB's would write the 20 fractional digits of DECIMAL(38,20).
func quotientConcatText(e *pg.A_Expr) {
	if e.Lexpr == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP {
		return
	}
	switch {
	case showsText(e.Rexpr, nil) && resultForm(e.Lexpr):
		e.Lexpr = funcCall(numericOutFunction, e.Location, e.Lexpr)
	case showsText(e.Lexpr, nil) && resultForm(e.Rexpr):
		e.Rexpr = funcCall(numericOutFunction, e.Location, e.Rexpr)
	}
}
