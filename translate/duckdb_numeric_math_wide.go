package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The provider's math functions take a DECIMAL argument as
// DECIMAL(38,20), which holds 18 digits before the point, so DuckDB's
// implicit cast of a wider numeric(p,s), such as a numeric(38,0) column,
// fails with 22003 before the function runs.

// nestedDecimalDigits are the digits before the point, and
// nestedDecimalScale the digits after it, of the provider's DECIMAL(38,20).
const (
	nestedDecimalDigits = 18
	nestedDecimalScale  = 20
)

// wideMathArgument returns arg, an argument of a function of
// numericMathFunctions, read from its text into the _result form when it
// is a cast to a numeric(p,s) that DECIMAL(38,20) cannot hold, or an
// integer constant beyond bigint's range. The text of a DECIMAL has all
// its scale's digits, so the value keeps its scale.
func wideMathArgument(arg *pg.Node) *pg.Node {
	if c := arg.GetAConst(); c.GetFval() != nil && !strings.ContainsAny(c.GetFval().Fval, ".eE") {
		// An integer beyond bigint's range is numeric in PostgreSQL,
		// where DuckDB reads a HUGEINT, which the math functions take
		// as double precision.
		text := typeCast(pg.MakeAConstStrNode(c.GetFval().Fval, c.Location), "varchar", c.Location)
		return funcCall(numericCastFunction+resultSuffix, c.Location, text, pg.MakeAConstStrNode("VARCHAR", c.Location))
	}
	tc := arg.GetTypeCast()
	if tc == nil || lastName(tc.TypeName.GetNames()) != "numeric" || len(tc.TypeName.GetArrayBounds()) > 0 {
		return arg
	}
	precision, ok := typmodInt(tc.TypeName, 0)
	if !ok {
		return arg
	}
	scale, _ := typmodInt(tc.TypeName, 1)
	if precision-scale <= nestedDecimalDigits && scale <= nestedDecimalScale {
		return arg
	}
	loc := tc.Location
	return funcCall(numericCastFunction+resultSuffix, loc, typeCast(arg, "varchar", loc), pg.MakeAConstStrNode("VARCHAR", loc))
}
