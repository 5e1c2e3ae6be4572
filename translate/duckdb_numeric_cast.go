package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// numericCastFunction is the provider's cast to numeric without a
// precision, a quotient function (providers/duckdb/numeric_cast.go).
const numericCastFunction = "pgway_to_numeric"

// rewriteNumericCast keeps the value's own scale in a cast to numeric
// without a precision, as PostgreSQL does, and reports whether it
// rewrote the cast. A numeric expression that the statement shows, such
// as a column of numeric(10,2) or 1.5 * 2.25, has that scale in its DuckDB
// DECIMAL type, and a quotient in its value, so the cast goes. An integer
// becomes DECIMAL(p,0), where p is the number of digits of its type. An
// expression of another or unknown type becomes pgway_to_numeric(x, typeof(x)), which converts when the statement runs.
// Constants, and parameters whose type the statement does not show, are
// left to unconstrainedNumeric.
// NOTE: inside another expression, such as a comparison, the value of
// pgway_to_numeric is DECIMAL(38,20), which fails for values of 18 or
// more digits before the point, where DECIMAL(38,10) held 28.
func rewriteNumericCast(n *pg.Node, tc *pg.TypeCast) bool {
	if len(tc.TypeName.GetTypmods()) == 0 && len(tc.TypeName.GetArrayBounds()) > 0 {
		markNumericArray(n, tc)
		return false
	}
	if len(tc.TypeName.GetTypmods()) > 0 && len(tc.TypeName.GetArrayBounds()) == 0 {
		floatDigitsText(tc)
		return false
	}
	if len(tc.TypeName.GetArrayBounds()) > 0 {
		return false
	}
	arg := tc.Arg
	if arg.GetAConst() != nil || hasParam(arg) && staticType(arg) == typeUnknown {
		return false
	}
	if inner := arg.GetTypeCast(); inner != nil && inner.Arg.GetAConst() != nil && floatWidth(arg) == 0 &&
		staticType(arg) != typeInteger {
		// A constant that a cast has already typed, such as 1.5e3.
		return false
	}
	if isQuotient(arg) && !floatQuotient(arg) && !mayBeFloatQuotient(arg) || staticType(arg) == typeNumeric {
		n.Node = arg.Node
		return true
	}
	switch staticType(arg) {
	case typeInteger:
		// An integer has scale 0. The precision is the most digits of
		// its type, so that DuckDB's common type of it and a DECIMAL with
		// a scale, in greatest() or UNION, keeps that scale: with
		// DECIMAL(38,0), greatest(0.7, 0::numeric) would round 0.7 to 1.
		digits := integerDigits[exactType(arg)]
		if digits == 0 {
			digits = maxIntegerDigits
		}
		tc.TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(digits, -1), pg.MakeAConstIntNode(0, -1)}
		return false
	case typeTime, typeNull:
		// PostgreSQL has no such cast, and DuckDB's error stays.
		return false
	}
	n.Node = funcCall(numericCastFunction, tc.Location, arg, operandType(arg, tc.Location)).Node
	return true
}

// A numeric[] parameter keeps each element's scale in PostgreSQL
// ({1.50,NULL,2}), where DuckDB's cast of its elements gives them one.
// markNumericArray marks the cast of such a parameter's elements as
// pgway_numeric_array(cast). A result column that passes it on unchanged
// (promoteNumericArray) becomes pgway_numeric_array_result(elements),
// which reads each element as numeric_in does. Elsewhere dropPicks leaves
// the cast, DECIMAL(38,10) by unconstrainedNumeric.
const numericArrayMark = "pgway_numeric_array"

// textArrayFunction splits an array parameter's text into its elements
// (arrayParam).
const textArrayFunction = "pgway_text_array"

// markNumericArray marks n, the cast tc of numeric[] without a precision,
// when its operand is the elements of an array parameter.
func markNumericArray(n *pg.Node, tc *pg.TypeCast) {
	if fc := tc.Arg.GetFuncCall(); fc == nil || lastName(fc.Funcname) != textArrayFunction {
		return
	}
	n.Node = funcCall(numericArrayMark, tc.Location, &pg.Node{Node: n.Node}).Node
}

// isNumericArrayMark reports whether n is a mark of markNumericArray.
func isNumericArrayMark(n *pg.Node) bool {
	fc := n.GetFuncCall()
	return fc != nil && len(fc.Args) == 1 && lastName(fc.Funcname) == numericArrayMark
}

// promoteNumericArray turns the mark n into its _result form.
func promoteNumericArray(n *pg.Node) {
	fc := n.GetFuncCall()
	elements := fc.Args[0].GetTypeCast().Arg
	n.Node = funcCall(numericArrayMark+resultSuffix, fc.Location, elements).Node
}

// floatQuotient reports whether n, a quotient that isQuotient accepts,
// shows a float operand, so that it is a float division, whose value a
// cast to numeric reads as PostgreSQL's float8_numeric does.
func floatQuotient(n *pg.Node) bool {
	args := n.GetFuncCall().GetArgs()
	return len(args) >= 2 && (floatWidth(args[0]) != 0 || floatWidth(args[1]) != 0)
}

// floatDigitsText makes tc, a cast to numeric(p,s), read a float operand
// from its text with 15 significant digits, 6 for a real, as PostgreSQL's
// float8_numeric and float4_numeric do before they round to the scale.
// DuckDB would round the double's binary value: 1.005::float8 to 1.00,
// where PostgreSQL reads 1.005 and rounds to 1.01.
func floatDigitsText(tc *pg.TypeCast) {
	format := map[int]string{4: "%.6g", 8: "%.15g"}[floatWidth(tc.Arg)]
	if format == "" {
		return
	}
	tc.Arg = funcCall("printf", tc.Location, pg.MakeAConstStrNode(format, tc.Location), tc.Arg)
}
