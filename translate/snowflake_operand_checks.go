package translate

import (
	"encoding/json"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file rejects, at translation, the Snowflake operators whose
// operands Snowflake cannot take as PostgreSQL does: the difference of
// two times, and a string constant that PostgreSQL reads as an array.

// checkSnowflakeOperands fails with 0A000 for an operator that Snowflake
// would reject, or run on other values, because of its operand types.
func checkSnowflakeOperands(e *pg.A_Expr) error {
	op := lastName(e.Name)
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		if op == "-" && e.Lexpr != nil && snowflakeShowsTime(e.Lexpr) && snowflakeShowsTime(e.Rexpr) {
			return unsupported("time - time", e.Location,
				"PostgreSQL returns an interval, and Snowflake has no interval values.")
		}
		switch op {
		case "@>", "<@", "&&":
			return rejectArrayConstant(op, e.Location, e.Lexpr, e.Rexpr)
		case "=", "<>", "!=", "<", ">", "<=", ">=", "||":
			return rejectArrayLiteralBeside(op, e.Location, e.Lexpr, e.Rexpr)
		}
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		return rejectArrayConstant(op, e.Location, e.Rexpr)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return rejectArrayLiteralBeside("IS DISTINCT FROM", e.Location, e.Lexpr, e.Rexpr)
	case pg.A_Expr_Kind_AEXPR_IN:
		for _, item := range e.Rexpr.GetList().GetItems() {
			if err := rejectArrayLiteralBeside("IN", e.Location, e.Lexpr, item); err != nil {
				return err
			}
		}
	}
	return nil
}

// snowflakeShowsTime reports whether an expression of the rewrite is
// evidently a time: a cast to time, or min or max of one.
func snowflakeShowsTime(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		return lastName(tc.TypeName.GetNames()) == "time" && len(tc.TypeName.GetArrayBounds()) == 0
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 || fc.AggStar || fc.Over != nil {
		return false
	}
	switch lastName(fc.Funcname) {
	case "min", "max":
		return snowflakeShowsTime(fc.Args[0])
	}
	return false
}

// rejectArrayConstant fails for a string constant in array syntax among
// the operands of an array operator. PostgreSQL reads it as an array of
// the other operand's element type, which the rewrite does not know, and
// Snowflake would read it as a string.
func rejectArrayConstant(op string, location int32, operands ...*pg.Node) error {
	for _, operand := range operands {
		c := operand.GetAConst()
		if c == nil || c.GetSval() == nil || !isArraySyntax(c.GetSval().Sval) {
			continue
		}
		return unsupported("a string constant as an operand of "+op, c.Location,
			"pgway cannot see the array's element type: cast the constant to the array's type, such as '{a,b}'::text[].")
	}
	return nil
}

// rejectArrayLiteralBeside fails for a string constant in array syntax
// beside an operand that is not evidently text. PostgreSQL reads the
// constant as an array when the other operand is one, which Snowflake
// cannot compare with or append to a string.
func rejectArrayLiteralBeside(op string, location int32, left, right *pg.Node) error {
	for _, pair := range [][2]*pg.Node{{left, right}, {right, left}} {
		constant, other := pair[0].GetAConst(), pair[1]
		if constant == nil || constant.GetSval() == nil || other == nil || other.GetAConst() != nil {
			continue
		}
		text := constant.GetSval().Sval
		if !isArraySyntax(text) || snowflakeStaticType(other) == typeText {
			continue
		}
		return unsupported("the constant "+quoteLiteral(text)+" beside "+op, constant.Location,
			"PostgreSQL reads it as an array when the other operand is one, and pgway cannot see that operand's type. "+
				"Cast the constant to text for a text operand, such as "+quoteLiteral(text)+"::text.")
	}
	return nil
}

// isArraySyntax reports whether text is a PostgreSQL array literal, such
// as '{a,b}' or '{}'. A JSON object with members, such as '{"a": 1}', is
// not, since it is more likely an operand of a jsonb operator.
func isArraySyntax(text string) bool {
	if _, ok := parseArrayLiteral(text); !ok {
		return false
	}
	return !json.Valid([]byte(text)) || strings.TrimSpace(text) == "{}"
}
