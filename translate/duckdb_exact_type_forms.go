package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// exactFormType returns the type that exactType reads from the operands
// of n, or "" for other forms. The forms are coalesce, greatest and least
// of one type or of integers (commonExactType), max, min and abs of one
// argument, and a date plus or minus an integer, which is a date.
func exactFormType(n *pg.Node) string {
	switch v := n.GetNode().(type) {
	case *pg.Node_CoalesceExpr:
		return commonExactType(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return commonExactType(v.MinMaxExpr.Args)
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		if len(fc.Funcname) != 1 || len(fc.Args) != 1 || fc.AggStar {
			return ""
		}
		switch strings.ToLower(lastName(fc.Funcname)) {
		case "max", "min":
			return exactType(fc.Args[0])
		case "abs":
			// abs() of a date does not exist, and abs() of the other types
			// returns the argument's type.
			if t := exactType(fc.Args[0]); t != "date" {
				return t
			}
		}
	case *pg.Node_AExpr:
		return dateArithmeticType(v.AExpr)
	}
	return ""
}

// commonExactType returns the type PostgreSQL resolves args of one
// expression to, where it shows exactly: the type of all the args that
// are not NULL when it is the same, or the widest one when they are all
// integers. It returns "" for other mixes, and when only NULL is left.
func commonExactType(args []*pg.Node) string {
	common := ""
	for _, arg := range args {
		if arg.GetAConst().GetIsnull() {
			continue
		}
		t := exactType(arg)
		switch {
		case t == "":
			return ""
		case common == "" || t == common:
			common = t
		case integerWidths[t] != 0 && integerWidths[common] != 0:
			if integerWidths[t] > integerWidths[common] {
				common = t
			}
		default:
			return ""
		}
	}
	return common
}

// dateArithmeticType returns "date" for date + integer, integer + date
// and date - integer, which are dates in PostgreSQL and in DuckDB, and ""
// for other expressions. PostgreSQL has these operators for integer
// only, which smallint is cast to.
func dateArithmeticType(e *pg.A_Expr) string {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
		return ""
	}
	left, right := exactType(e.Lexpr), exactType(e.Rexpr)
	switch lastName(e.Name) {
	case "+":
		if left == "date" && isDayCount(right) || isDayCount(left) && right == "date" {
			return "date"
		}
	case "-":
		if left == "date" && isDayCount(right) {
			return "date"
		}
	}
	return ""
}

// isDayCount reports whether an operand of type t is a smallint or an
// integer, which a date operator adds as days.
func isDayCount(t string) bool {
	return t == "int2" || t == "int4"
}
