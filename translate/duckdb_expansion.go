package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// tooComplex is the error for a statement whose DuckDB rewrite would
// repeat an operand more than maxExpansion times (see expansion), which
// PostgreSQL's statement_too_complex code fits.
func tooComplex() *Error {
	return &Error{Code: "54001", Message: "statement is too complex to translate for DuckDB",
		Hint: "The DuckDB dialect writes the operands of a division, and the argument of round() when the statement does not show its type, more than once, and DuckDB writes the first argument of nullif() twice, so nesting them grows the statement at each level. Nest fewer divisions, nullif() or round() calls, or cast the argument of round() to numeric or double precision."}
}

// tooLarge is the error for a statement whose DuckDB rewrite would have
// more than maxRewriteNodes nodes.
func tooLarge() *Error {
	return &Error{Code: "54001", Message: "statement is too complex to translate for DuckDB",
		Hint: "Its DuckDB rewrite would have more than 200,000 nodes. Split the statement into smaller ones."}
}

// growth is how many times the rewrite may repeat the innermost operand
// of an expression. factor is the product of the repeats of divisions,
// nullif and round() along the deepest nesting, and marks the number of
// expressions along it that markPick may mark as quotients.
type growth struct{ factor, marks int }

// total returns the estimated number of repeats. Each mark may double
// the size once, but markPick marks at most maxPickDepth nested
// expressions.
func (g growth) total() int {
	return min(g.factor<<min(g.marks, maxPickDepth), maxExpansion+1)
}

// expansion estimates how many times the rewrite repeats the innermost
// operand of m's expressions. A division writes each operand that is not
// itself a quotient twice, for its type. round() of one argument writes
// it three times, for the CASE on its type, unless the argument is a
// whole number already (integralValue). DuckDB writes the first argument
// of nullif twice. abs(), coalesce(), CASE, greatest, least and nullif
// repeat the text of a quotient that they pass on (pickTexts), but only
// at maxPickDepth levels.
func expansion(m protoreflect.Message) int {
	return expansionOf(m).total()
}

func expansionOf(m protoreflect.Message) growth {
	inner := growth{factor: 1}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				inner = widerGrowth(inner, expansionOf(list.Get(i).Message()))
			}
		} else {
			inner = widerGrowth(inner, expansionOf(v.Message()))
		}
		return inner.total() <= maxExpansion
	})
	factor, marks := repeats(m.Interface())
	return growth{factor: min(inner.factor*factor, maxExpansion+1), marks: inner.marks + marks}
}

// widerGrowth returns a growth at least as large as each of a and b.
func widerGrowth(a, b growth) growth {
	return growth{factor: max(a.factor, b.factor), marks: max(a.marks, b.marks)}
}

// repeats returns how often the rewrite of a node may write its operands,
// and whether markPick may mark it (1) or not (0).
func repeats(m protoreflect.ProtoMessage) (factor, marks int) {
	switch v := m.(type) {
	case *pg.A_Expr:
		if v.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(v.Name) == "/" {
			return 2, 0
		}
		if v.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			// DuckDB's nullif is a macro, CASE WHEN a = b THEN NULL
			// ELSE a END, so DuckDB itself writes a twice.
			return 2, 1
		}
	case *pg.FuncCall:
		switch strings.ToLower(lastName(v.Funcname)) {
		case "round":
			if len(v.Args) == 1 && !integralValue(v.Args[0]) {
				return 3, 0
			}
		case "abs":
			return 1, 1
		}
	case *pg.CoalesceExpr, *pg.CaseExpr, *pg.MinMaxExpr:
		return 1, 1
	}
	return 1, 0
}

// integralValue reports whether n is a whole number whatever its
// operands' values, such as round(x), floor(x) or abs(trunc(x)), in the
// statement as the client wrote it and as the DuckDB rewrite leaves it.
// round() of such a value is the value itself, half to even or not.
func integralValue(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst:
		return v.AConst.GetIval() != nil || v.AConst.Isnull
	case *pg.Node_TypeCast:
		switch castClasses[lastName(v.TypeCast.TypeName.GetNames())] {
		case typeInteger:
			return true
		case typeNumeric, typeFloat:
			return integralValue(v.TypeCast.Arg)
		}
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		if len(fc.Funcname) != 1 || fc.Over != nil || fc.AggStar || fc.AggDistinct || fc.AggFilter != nil {
			return false
		}
		switch strings.ToLower(lastName(fc.Funcname)) {
		case "round", "trunc", "ceil", "ceiling", "floor":
			return len(fc.Args) == 1
		case "round_even":
			// DuckDB's round half to even, which rewriteRound writes.
			if len(fc.Args) != 2 {
				return false
			}
			places, ok := integerConstant(fc.Args[1])
			return ok && places == 0
		case "abs":
			return len(fc.Args) == 1 && integralValue(fc.Args[0])
		}
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind == pg.A_Expr_Kind_AEXPR_OP && e.Lexpr == nil && lastName(e.Name) == "-" {
			return integralValue(e.Rexpr)
		}
	case *pg.Node_CaseExpr:
		for _, w := range v.CaseExpr.Args {
			if when := w.GetCaseWhen(); when == nil || !integralValue(when.Result) {
				return false
			}
		}
		return v.CaseExpr.Defresult == nil || integralValue(v.CaseExpr.Defresult)
	case *pg.Node_CoalesceExpr:
		return allIntegral(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return allIntegral(v.MinMaxExpr.Args)
	}
	return false
}

func allIntegral(nodes []*pg.Node) bool {
	for _, n := range nodes {
		if !integralValue(n) {
			return false
		}
	}
	return len(nodes) > 0
}
