package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL has sqrt, exp, ln, log and power for numeric as well as for
// double precision, and computes the numeric ones in numeric, with a
// result scale that depends on the arguments' values. DuckDB computes
// them in double precision. Where an argument may be a numeric, the
// DuckDB dialect calls the provider's functions instead
// (providers/duckdb/numeric_math_udf.go), which pick PostgreSQL's
// function by the arguments' types when the statement runs:
//
//	sqrt(x)      pgway_sqrt(x, typeof(x))
//	log(b, x)    pgway_log(b, x, typeof(b), typeof(x))
//	x ^ y        pgway_power(x, y, typeof(x), typeof(y))
//
// They are quotient functions: their numeric results have scales of
// their own, with the nested and _result forms of pgway_div.

// numericMathFunctions are the provider's functions for PostgreSQL's
// math functions that have a numeric version, by name and number of
// arguments.
var numericMathFunctions = map[string]map[int]string{
	"sqrt":  {1: "pgway_sqrt"},
	"exp":   {1: "pgway_exp"},
	"ln":    {1: "pgway_ln"},
	"log":   {1: "pgway_log10", 2: "pgway_log"},
	"log10": {1: "pgway_log10"},
	"power": {2: "pgway_power"},
	"pow":   {2: "pgway_power"},
}

// rewriteNumericMath turns a call of a function in numericMathFunctions
// into the provider's function when an argument is a numeric or of a
// type that the statement does not show, and reports whether it did.
// Floats and integers keep DuckDB's double precision functions, which
// PostgreSQL's function resolution picks for them, except in log(b, x),
// which PostgreSQL has for numeric only. A parameter or a string constant
// keeps them too: DuckDB finds no single overload for it.
func rewriteNumericMath(n *pg.Node, fc *pg.FuncCall, name string) bool {
	fn, ok := numericMathFunctions[name][len(fc.Args)]
	if !ok || fc.AggStar || fc.AggDistinct || fc.Over != nil || fc.AggFilter != nil || len(fc.AggOrder) > 0 {
		return false
	}
	numeric := fn == "pgway_log"
	for _, arg := range fc.Args {
		if isUntyped(arg) || arg.GetAConst().GetIsnull() {
			return false
		}
		switch staticType(arg) {
		case typeNumeric, typeUnknown:
			numeric = true
		case typeInteger:
		default:
			return false
		}
	}
	if !numeric {
		return false
	}
	loc := fc.Location
	args := make([]*pg.Node, 0, 2*len(fc.Args))
	types := make([]*pg.Node, 0, len(fc.Args))
	for _, arg := range fc.Args {
		arg = wideMathArgument(typedConstant(arg))
		args = append(args, arg)
		types = append(types, operandType(arg, loc))
	}
	n.Node = funcCall(fn, loc, append(args, types...)...).Node
	return true
}

// rewriteNumericPower turns x ^ y into pgway_power where power(x, y)
// takes it, and reports whether it did.
func rewriteNumericPower(n *pg.Node, e *pg.A_Expr) bool {
	if e.Lexpr == nil {
		return false
	}
	call := funcCall("power", e.Location, e.Lexpr, e.Rexpr)
	if !rewriteNumericMath(call, call.GetFuncCall(), "power") {
		return false
	}
	n.Node = call.Node
	return true
}
