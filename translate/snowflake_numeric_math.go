package translate

import (
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL 15 computes some functions in numeric, with a result scale
// that depends on each value: sqrt(2::numeric) is 1.414213562373095. They
// are sqrt, exp, ln, log, log10 and power of numerics, log(b, x) of any
// arguments, and stddev and variance of integers and numerics. Snowflake
// computes them in FLOAT, and its NUMBER has one scale for a whole
// column, so such calls fail with 0A000. Double precision arguments, and
// integers where PostgreSQL casts them to double precision, keep
// Snowflake's functions.

// snowflakeNumericMath are the functions of one argument whose numeric
// overload returns numeric, and whose integer arguments PostgreSQL casts
// to double precision.
var snowflakeNumericMath = map[string]bool{
	"sqrt": true, "exp": true, "ln": true, "log": true, "log10": true,
}

// snowflakeNumericAggregates are the aggregates that return numeric for
// integer and numeric arguments.
var snowflakeNumericAggregates = map[string]bool{
	"stddev": true, "stddev_samp": true, "stddev_pop": true,
	"variance": true, "var_samp": true, "var_pop": true,
}

// checkNumericMath fails with 0A000 where PostgreSQL computes the call of
// name in numeric. The arguments are already rewritten.
func (r *snowflakeRewriter) checkNumericMath(fc *pg.FuncCall, name string) error {
	switch {
	case name == "log" && len(fc.Args) == 2:
		return unsupported("log() with a base", fc.Location,
			"PostgreSQL computes log(b, x) in numeric; write ln(x::float8) / ln(b::float8) to compute it in double precision.")
	case (name == "power" || name == "pow") && len(fc.Args) == 2:
		return r.checkPower(fc.Args[0], fc.Args[1], name+"()", fc.Location)
	case snowflakeNumericMath[name] && len(fc.Args) == 1:
		return r.checkFloatArgument(fc.Args[0], name, typeInteger, fc.Location)
	case snowflakeNumericAggregates[name] && len(fc.Args) == 1:
		return r.checkFloatArgument(fc.Args[0], name, typeFloat, fc.Location)
	}
	return nil
}

// checkFloatArgument accepts an argument of class float, or of class
// also, and fails for the others, which PostgreSQL computes in numeric or
// whose type pgway cannot see.
func (r *snowflakeRewriter) checkFloatArgument(x *pg.Node, name string, also staticTypeClass, loc int32) error {
	hint := "Cast the argument to double precision, such as " + name + "(x::float8)."
	switch class := r.mathClass(x); {
	case class == typeFloat || class == also:
		return nil
	case class == typeInteger || class == typeNumeric:
		return unsupported(name+"() of "+mathClassName(class), loc,
			"PostgreSQL computes it in numeric, with a result scale that depends on the value, and Snowflake in floating point. "+hint)
	default:
		return unsupported(name+"() of an argument of unknown type", loc,
			"pgway cannot see the argument's type, and PostgreSQL computes "+name+"() of numeric in numeric. "+hint)
	}
}

// checkPower accepts power(a, b) and a ^ b where PostgreSQL computes them
// in double precision: an operand is double precision, or both are
// integers.
func (r *snowflakeRewriter) checkPower(a, b *pg.Node, construct string, loc int32) error {
	left, right := r.mathClass(a), r.mathClass(b)
	switch {
	case left == typeFloat || right == typeFloat || (left == typeInteger && right == typeInteger):
		return nil
	case left == typeNumeric || right == typeNumeric:
		return unsupported(construct+" of numeric", loc,
			"PostgreSQL computes it in numeric, with a result scale that depends on the values, and Snowflake in floating point. "+
				"Cast an operand to double precision.")
	}
	return unsupported(construct+" of an operand of unknown type", loc,
		"pgway cannot see the operand types, and PostgreSQL computes it in numeric when an operand is numeric. "+
			"Cast an operand to double precision.")
}

// mathClass returns the class of a rewritten argument as PostgreSQL
// resolves a numeric function for it. A string constant is read as double
// precision, PostgreSQL's preferred numeric type. A constant too large for
// bigint, and a cast to numeric(p,0), which Snowflake's NUMBER(p,0) cannot
// tell from an integer, are numeric.
func (r *snowflakeRewriter) mathClass(x *pg.Node) staticTypeClass {
	c := x.GetAConst()
	switch {
	case r.numericCasts[x.GetTypeCast()]:
		return typeNumeric
	case c.GetSval() != nil:
		return typeFloat
	case c.GetFval() != nil:
		if _, err := strconv.ParseInt(c.GetFval().Fval, 10, 64); err != nil {
			return typeNumeric
		}
	}
	return snowflakeStaticType(x)
}

func mathClassName(class staticTypeClass) string {
	if class == typeInteger {
		return "integers"
	}
	return "numeric"
}
