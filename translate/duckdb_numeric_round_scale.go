package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's round(numeric, d) and trunc(numeric, d) give a result of
// scale d, so round(2::numeric, 2) is 2.00. DuckDB's keep the DECIMAL
// type of their argument when d is not below its scale, and write 2.
// Rounding to d places at least the scale leaves the value as it is, so
// such a call becomes a cast to a DECIMAL of scale d.

// rewriteRoundToScale turns round(x, d) and trunc(x, d) into x cast to
// numeric(p-s+d, d) where x shows its DECIMAL type numeric(p,s) and d is
// an integer constant greater than s. It fails with 0A000 where that
// precision is above DuckDB's 38 digits.
func rewriteRoundToScale(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 || fc.Over != nil || fc.AggStar || fc.FuncVariadic || len(fc.Funcname) != 1 {
		return nil
	}
	precision, scale, ok := decimalShapeOf(fc.Args[0])
	places, constant := integerConstant(fc.Args[1])
	if !ok || !constant || places <= scale {
		return nil
	}
	name := strings.ToLower(lastName(fc.Funcname))
	if precision-scale+places > maxDuckDBPrecision {
		return unsupportedf(fc.Location, "%s() of numeric(%d,%d) to %d places is not supported on DuckDB, whose DECIMAL holds at most %d digits",
			name, precision, scale, places, maxDuckDBPrecision)
	}
	n.Node = decimalCast(fc.Args[0], int32(precision-scale+places), int32(places), fc.Location).Node
	return nil
}

// decimalShapeOf returns the precision and scale of the DuckDB DECIMAL
// that n is: a cast to numeric(p,s), or a cast of an integer to numeric,
// which rewriteNumericCast gives the integer type's digits and scale 0.
func decimalShapeOf(n *pg.Node) (precision, scale int64, ok bool) {
	tc := n.GetTypeCast()
	if tc == nil || lastName(tc.TypeName.GetNames()) != "numeric" || len(tc.TypeName.GetArrayBounds()) > 0 {
		return 0, 0, false
	}
	mods := tc.TypeName.GetTypmods()
	switch len(mods) {
	case 0:
		if !isIntegerExpression(tc.Arg) {
			return 0, 0, false
		}
		if digits := integerDigits[exactType(tc.Arg)]; digits != 0 {
			return digits, 0, true
		}
		return maxIntegerDigits, 0, true
	case 2:
		p, pok := integerConstant(mods[0])
		s, sok := integerConstant(mods[1])
		return p, s, pok && sok
	}
	return 0, 0, false
}
