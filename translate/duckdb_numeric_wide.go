package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The provider's division takes a DECIMAL operand as DECIMAL(38,20),
// which holds 18 digits before the point, so DuckDB's cast to it fails
// with 22003 for a larger value, such as 9223372036854775807::numeric,
// which is DECIMAL(38,0) there, or the constant 1e19. PostgreSQL's
// numeric has no such limit. wideDecimalOperand passes an operand whose
// type allows more digits as its text, which pgway_to_numeric reads with
// the scale that the text shows, as numeric_in does.

// maxNestedIntegerDigits is the number of digits before the point that
// the provider's DECIMAL(38,20) parameters hold.
const maxNestedIntegerDigits = 18

// wideDecimalOperand returns operand as pgway_to_numeric(operand::varchar,
// 'VARCHAR') when its DECIMAL type or its constant text has more than
// maxNestedIntegerDigits digits before the point, and operand itself
// otherwise. DuckDB writes a DECIMAL(p,s) with s fractional digits, the
// scale of numeric(p,s) in PostgreSQL.
func wideDecimalOperand(operand *pg.Node, loc int32) *pg.Node {
	var text *pg.Node
	switch {
	case wideNumericCast(operand.GetTypeCast()):
		text = typeCast(operand, "varchar", loc)
	case wideNumericConstant(operand.GetAConst()):
		text = pg.MakeAConstStrNode(operand.GetAConst().GetFval().Fval, loc)
	default:
		return operand
	}
	return funcCall(numericCastFunction, loc, text, pg.MakeAConstStrNode("VARCHAR", loc))
}

// wideNumericCast reports whether tc casts to numeric(p,s) with p - s
// greater than maxNestedIntegerDigits.
func wideNumericCast(tc *pg.TypeCast) bool {
	if tc == nil || lastName(tc.TypeName.GetNames()) != "numeric" || len(tc.TypeName.GetArrayBounds()) > 0 {
		return false
	}
	mods := tc.TypeName.GetTypmods()
	if len(mods) == 0 || len(mods) > 2 || mods[0].GetAConst().GetIval() == nil {
		return false
	}
	precision, scale := mods[0].GetAConst().GetIval().Ival, int32(0)
	if len(mods) == 2 {
		if mods[1].GetAConst().GetIval() == nil {
			return false
		}
		scale = mods[1].GetAConst().GetIval().Ival
	}
	return precision-scale > maxNestedIntegerDigits
}

// wideNumericConstant reports whether c is a numeric constant with a
// point and more than maxNestedIntegerDigits digits before it. The parser
// makes an integer constant beyond integer's range a Float too, which
// DuckDB reads as BIGINT or HUGEINT, and the division takes those as they
// are.
func wideNumericConstant(c *pg.A_Const) bool {
	if c.GetFval() == nil {
		return false
	}
	whole, _, point := strings.Cut(c.GetFval().Fval, ".")
	return point && len(strings.TrimLeft(whole, "+-0")) > maxNestedIntegerDigits
}

// specialNumericConstant returns the error for the text of a numeric
// constant that is NaN or an infinity, which DuckDB's DECIMAL cannot
// hold: 0A000, or PostgreSQL's 22003 for an infinity cast to a numeric
// with a precision, which PostgreSQL 15 rejects too. It returns nil for
// other text.
func specialNumericConstant(text string, tn *pg.TypeName, loc int32) error {
	// PostgreSQL's numeric input takes no sign before NaN.
	switch strings.ToLower(text) {
	case "nan":
	case "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf":
		if mods := tn.GetTypmods(); len(mods) > 0 && mods[0].GetAConst().GetIval() != nil {
			// NOTE: PostgreSQL adds the detail "A field with precision p,
			// scale s cannot hold an infinite value.", which Error has no
			// field for.
			return &Error{Code: "22003", Message: "numeric field overflow", Position: int(loc) + 1}
		}
	default:
		return nil
	}
	return unsupportedf(loc, "numeric %s is not supported on this warehouse", strconv.Quote(text))
}

// wideAverageSum returns the sum that avg divides. When the argument is a
// numeric(p,s) with more than maxNestedIntegerDigits digits before the
// point, it returns the _result form of the sum's text. DuckDB's sum of
// such a value is a DECIMAL(38,s), which the provider's DECIMAL(38,20)
// parameter of pgway_avg does not hold.
func wideAverageSum(fc *pg.FuncCall, sum *pg.Node) *pg.Node {
	if len(fc.Args) != 1 || !wideNumericCast(fc.Args[0].GetTypeCast()) {
		return sum
	}
	loc := fc.Location
	return funcCall(numericCastFunction+resultSuffix, loc, typeCast(sum, "varchar", loc), pg.MakeAConstStrNode("VARCHAR", loc))
}
