package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// alwaysFloatFunctions return double precision for any numeric argument
// in PostgreSQL 15, which has no other version of them.
var alwaysFloatFunctions = map[string]bool{
	"cbrt": true, "degrees": true, "radians": true, "pi": true, "random": true,
	"sin": true, "cos": true, "tan": true, "cot": true, "asin": true, "acos": true, "atan": true, "atan2": true,
	"sind": true, "cosd": true, "tand": true, "cotd": true, "asind": true, "acosd": true, "atand": true, "atan2d": true,
	"sinh": true, "cosh": true, "tanh": true, "asinh": true, "acosh": true, "atanh": true,
}

// floatOrNumericFunctions have a double precision and a numeric version
// in PostgreSQL 15. Arguments that are all integers or floats resolve to
// the double precision one, since float8 is the preferred numeric type.
var floatOrNumericFunctions = map[string]bool{
	"sqrt": true, "exp": true, "ln": true, "log10": true, "power": true, "pow": true,
	"ceil": true, "ceiling": true, "floor": true, "sign": true,
}

// floatOnlyWithOneArgument have a double precision version of one
// argument only: log(b, x), round(x, n) and trunc(x, n) are numeric.
var floatOnlyWithOneArgument = map[string]bool{"log": true, "round": true, "trunc": true}

// returnsFloat8 reports whether PostgreSQL resolves the call fc to a
// function that returns double precision, as far as its arguments show.
func returnsFloat8(fc *pg.FuncCall) bool {
	if len(fc.Funcname) != 1 || fc.AggStar || fc.Over != nil || len(fc.AggOrder) > 0 || fc.AggFilter != nil {
		return false
	}
	name := strings.ToLower(lastName(fc.Funcname))
	switch {
	case alwaysFloatFunctions[name]:
		return true
	case name == "abs" && len(fc.Args) == 1:
		// abs(real) is real, so only a double precision argument counts.
		return exactType(fc.Args[0]) == "float8"
	case floatOrNumericFunctions[name], floatOnlyWithOneArgument[name] && len(fc.Args) == 1:
	default:
		return false
	}
	for _, arg := range fc.Args {
		if class := pickedClass(arg); class != typeFloat && class != typeInteger {
			return false
		}
	}
	return len(fc.Args) > 0
}

// markFloatFunctionText casts to double precision each call of a
// function that returns double precision whose value becomes text, as
// the argument of a cast to text or varchar or an operand of ||. The
// walk rewrites such a call, sqrt() into a CASE for example, before it
// reaches the cast or ||, where floatWidth then would not see a float.
// The added cast keeps it visible, so that its text is PostgreSQL's 2
// where DuckDB writes 2.0.
func markFloatFunctionText(stmt *pg.Node) {
	mark := func(n *pg.Node, loc int32) *pg.Node {
		if fc := n.GetFuncCall(); fc != nil && returnsFloat8(fc) {
			return typeCast(n, "float8", loc)
		}
		return n
	}
	walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_TypeCast:
			tc := v.TypeCast
			name := lastName(tc.TypeName.GetNames())
			if len(tc.TypeName.GetArrayBounds()) == 0 && (name == "text" || name == "varchar") {
				tc.Arg = mark(tc.Arg, tc.Location)
			}
		case *pg.Node_AExpr:
			if e := v.AExpr; e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "||" && e.Lexpr != nil {
				e.Lexpr, e.Rexpr = mark(e.Lexpr, e.Location), mark(e.Rexpr, e.Location)
			}
		}
		return nil
	})
}
