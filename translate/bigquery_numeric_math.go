package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL 15 computes some functions in numeric, with a result scale
// that depends on each value: sqrt(2::numeric) is 1.414213562373095, and
// variance of 1, 2 and 3 is 1.00000000000000000000. They are sqrt, exp,
// ln, log, log10 and power of numerics, log(b, x) of any arguments, and
// stddev and variance of integers and numerics. BigQuery computes the
// aggregates in FLOAT64. Its NUMERIC and BIGNUMERIC functions do not round
// at PostgreSQL's scales, and a BIGNUMERIC value has no scale of its own
// to keep trailing zeros, so such calls fail with 0A000. Double precision
// arguments, and integers where PostgreSQL casts them to double
// precision, keep BigQuery's functions.

// bqNumericMath are the functions of one argument whose numeric overload
// returns numeric, and whose integer arguments PostgreSQL casts to double
// precision.
var bqNumericMath = map[string]bool{
	"sqrt": true, "exp": true, "ln": true, "log": true, "log10": true,
}

// bqNumericAggregates are the aggregates that return numeric for integer
// and numeric arguments.
var bqNumericAggregates = map[string]bool{
	"stddev": true, "stddev_samp": true, "stddev_pop": true,
	"variance": true, "var_samp": true, "var_pop": true,
}

// checkNumericMath fails with 0A000 where PostgreSQL computes the call in
// numeric, and reports whether the call may be written.
func (w *bqWriter) checkNumericMath(fc *pg.FuncCall) bool {
	name := strings.ToLower(lastName(fc.Funcname))
	switch {
	case name == "log" && len(fc.Args) == 2:
		w.unsupportedOn("log() with a base", fc.Location,
			"PostgreSQL computes log(b, x) in numeric; write ln(x::float8) / ln(b::float8) to compute it in double precision.")
		return false
	case (name == "power" || name == "pow") && len(fc.Args) == 2:
		return w.checkPower(fc.Args[0], fc.Args[1], name+"()", fc.Location)
	case bqNumericMath[name] && len(fc.Args) == 1:
		return w.checkFloatArgument(fc.Args[0], name, "int", fc.Location)
	case bqNumericAggregates[name] && len(fc.Args) == 1:
		return w.checkFloatArgument(fc.Args[0], name, "float", fc.Location)
	}
	return true
}

// checkFloatArgument accepts an argument of type class float, or of class
// also, and fails for the others, which PostgreSQL computes in numeric or
// whose type pgway cannot see.
func (w *bqWriter) checkFloatArgument(x *pg.Node, name, also string, loc int32) bool {
	hint := "Cast the argument to double precision, such as " + name + "(x::float8)."
	switch class := bqMathClass(x); {
	case class == "float" || class == also:
		return true
	case class == "int":
		w.unsupportedOn(name+"() of integers", loc,
			"PostgreSQL computes it in numeric, with a result scale that depends on the values, and BigQuery in FLOAT64. "+hint)
	case class == "numeric":
		w.unsupportedOn(name+"() of numeric", loc,
			"PostgreSQL computes it in numeric, with a result scale that depends on the value, and BigQuery rounds otherwise. "+hint)
	default:
		w.unsupportedOn(name+"() of an argument of unknown type", loc,
			"pgway cannot see the argument's type, and PostgreSQL computes "+name+"() of numeric in numeric. "+hint)
	}
	return false
}

// checkPower accepts power(a, b) and a ^ b where PostgreSQL computes them
// in double precision: an operand is double precision, or both are
// integers.
func (w *bqWriter) checkPower(a, b *pg.Node, construct string, loc int32) bool {
	left, right := bqMathClass(a), bqMathClass(b)
	switch {
	case left == "float" || right == "float" || (left == "int" && right == "int"):
		return true
	case left == "numeric" || right == "numeric":
		w.unsupportedOn(construct+" of numeric", loc,
			"PostgreSQL computes it in numeric, with a result scale that depends on the values, and BigQuery rounds otherwise. "+
				"Cast an operand to double precision.")
	default:
		w.unsupportedOn(construct+" of an operand of unknown type", loc,
			"pgway cannot see the operand types, and PostgreSQL computes it in numeric when an operand is numeric. "+
				"Cast an operand to double precision.")
	}
	return false
}

// bqMathClass returns the type class of an argument as PostgreSQL
// resolves a numeric function for it: a string constant is read as
// double precision, PostgreSQL's preferred numeric type.
func bqMathClass(x *pg.Node) string {
	if x.GetAConst().GetSval() != nil {
		return "float"
	}
	return bqStaticType(x)
}

// floatToNumeric writes a cast of double precision to numeric. PostgreSQL
// 15 converts the double's text with 15 significant digits, the %.15g of
// C's printf, so 0.1::float8::numeric is 0.1, where BigQuery's CAST
// writes the double's binary digits (0.1000000000000000055511151231257827021).
// FORMAT('%.15g') writes that text, which CAST reads as the numeric type,
// rounding to numeric(p,s) half away from zero as PostgreSQL does.
// NOTE: that FORMAT's %g rounds as C's printf does is checked on
// bigquery-emulator only. NaN, infinities and values with more digits
// than BIGNUMERIC holds fail, where PostgreSQL 15 converts them, and
// digits after the 38th decimal place are rounded away.
func (w *bqWriter) floatToNumeric(tc *pg.TypeCast) {
	typ := w.bigQueryType(tc.TypeName)
	w.write("CAST(FORMAT('%.15g', ")
	w.expr(tc.Arg)
	w.write(") AS ", typ, ")")
}
