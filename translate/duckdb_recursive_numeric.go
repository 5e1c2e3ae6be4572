package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// widenRecursiveConstants casts each numeric constant among the result
// columns of a recursive query's non-recursive term to DECIMAL(38,s) of
// its scale s. DuckDB types the column by the constant, so 1.5 makes it
// DECIMAL(2,1) and a recursive term that doubles it fails with
// "numeric field overflow" at 12.0, where PostgreSQL's numeric column has
// no precision. A value past 38 digits still fails there.
func widenRecursiveConstants(left *pg.SelectStmt) {
	for left != nil && left.Op != pg.SetOperation_SETOP_NONE {
		left = left.Larg
	}
	if left == nil {
		return
	}
	for _, t := range left.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		c := rt.Val.GetAConst()
		if c == nil || c.GetFval() == nil {
			continue
		}
		if scale, ok := decimalConstantScale(c.GetFval().GetFval()); ok {
			rt.Val = decimalCast(rt.Val, 38, scale, c.Location)
		}
	}
}

// decimalConstantScale returns the scale of a numeric constant written
// as digits with a decimal point, and false for one with an exponent or
// more digits than DECIMAL(38,s) holds.
func decimalConstantScale(text string) (int32, bool) {
	digits := strings.TrimPrefix(text, "-")
	whole, fraction, _ := strings.Cut(digits, ".")
	if strings.Trim(whole+fraction, "0123456789") != "" || len(whole)+len(fraction) > 38 {
		return 0, false
	}
	return int32(len(fraction)), true
}
