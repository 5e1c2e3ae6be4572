package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// int4Results are functions whose result is an integer in PostgreSQL 15
// whatever the arguments' types, by their names before and after the
// rewrite, because sum gets its argument already rewritten.
var int4Results = map[string]bool{
	"ascii": true, "octet_length": true, "bit_length": true, "char_length": true,
	"character_length": true, "strpos": true, "regexp_count": true,
	"pgway_octet_length": true, "pgway_regexp_count": true,
}

// sumArgumentType returns the type of sum's argument n where exactType
// or the integer operators and functions below show it, so that sum of
// an integer expression is a bigint as in PostgreSQL. DuckDB sums every
// integer type into a HUGEINT, which pgway takes for a numeric, so sum(x)
// / 2 would divide exactly instead of truncating.
//
// NOTE: an argument of another unknown type, such as an element of an
// int[] column or a scalar subquery, keeps DuckDB's HUGEINT sum, so
// sum(ia[1]) / 2 still divides as numerics.
func sumArgumentType(n *pg.Node) string {
	if t := exactType(n); t != "" {
		return t
	}
	switch v := n.GetNode().(type) {
	case *pg.Node_AExpr:
		return integerOperatorType(v.AExpr)
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		name := strings.ToLower(lastName(fc.Funcname))
		switch {
		case int4Results[name]:
			return "int4"
		case name == "pgway_shift_left" || name == "pgway_shift_right":
			// The rewritten << and >>, whose left operand gives the type.
			return integerOperandsType(sumArgumentType(fc.Args[0]), sumArgumentType(fc.Args[0]))
		case (name == "mod" || name == "xor") && len(fc.Args) == 2:
			// xor is the rewritten #.
			return integerOperandsType(sumArgumentType(fc.Args[0]), sumArgumentType(fc.Args[1]))
		}
	}
	return ""
}

// integerOperatorType returns the type of unary +, ~, NULLIF and the bit
// operators on integers: the operand's type, the wider operand's for &, |
// and #, and the left operand's for << and >>.
func integerOperatorType(e *pg.A_Expr) string {
	if e.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
		if t := sumArgumentType(e.Lexpr); integerWidths[t] != 0 {
			return t
		}
		return ""
	}
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP {
		return ""
	}
	op := lastName(e.Name)
	switch {
	case e.Lexpr == nil && (op == "+" || op == "~"):
		return integerOperandsType(sumArgumentType(e.Rexpr), sumArgumentType(e.Rexpr))
	case e.Lexpr == nil:
		return ""
	case op == "&" || op == "|" || op == "#":
		return integerOperandsType(sumArgumentType(e.Lexpr), sumArgumentType(e.Rexpr))
	case op == "<<" || op == ">>":
		// The shift count is an integer, cast from smallint if need be.
		if right := sumArgumentType(e.Rexpr); right != "int2" && right != "int4" {
			return ""
		}
		return integerOperandsType(sumArgumentType(e.Lexpr), sumArgumentType(e.Lexpr))
	case op == "+" || op == "-" || op == "*" || op == "%":
		return integerOperandsType(sumArgumentType(e.Lexpr), sumArgumentType(e.Rexpr))
	}
	return ""
}

// integerOperandsType returns the wider of two integer types, or "" unless both
// are integer types.
func integerOperandsType(left, right string) string {
	if integerWidths[left] == 0 || integerWidths[right] == 0 {
		return ""
	}
	if integerWidths[left] > integerWidths[right] {
		return left
	}
	return right
}
