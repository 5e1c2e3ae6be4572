package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// coalesce, CASE, greatest, least, nullif and abs pass on the value of
// one of their operands, and in PostgreSQL a numeric keeps its scale
// through them. Where such an expression has a quotient operand, the
// DuckDB dialect marks it as a quotient too, pgway_pick(expression),
// which takes part in arithmetic and result columns like pgway_div. Its
// _result form, built when a result column or another quotient function
// needs it, is
//
//	pgway_pick_result(expression, text, ...)
//
// with a text of each value the expression may pass on: the same
// expression over the operands' texts for coalesce, CASE and nullif, one
// text per operand for greatest and least. The provider sends the
// expression's value with the scale of the first text of that value.
// Everywhere else the mark is dropped and the expression computes with
// nested quotients, as before.

const (
	pickFunction        = "pgway_pick"
	numericTextFunction = "pgway_pick_text"
)

// markPick marks n as pgway_pick(n) when it passes on the value of a
// quotient operand, and reports whether it did. It also turns round and
// trunc of a quotient to a number of digits into pgway_round and
// pgway_trunc, whose result has that scale even beyond 20 digits, and sum
// of quotients into pgway_sum (duckdb_numeric_sum.go).
func markPick(n *pg.Node) bool {
	if isPick(n) || isNumericArrayMark(n) {
		// lag or lead, which rewriteWindowDefault marked (windowScales),
		// or a numeric[] parameter (markNumericArray).
		return true
	}
	if fc := n.GetFuncCall(); fc != nil && !rewriteQuotientSum(n, fc, isQuotient) {
		rewriteQuotientRound(n, fc)
	}
	if !picksQuotient(n) && !picksNumeric(n) || pickDepth(n) >= maxPickDepth {
		return false
	}
	n.Node = funcCall(pickFunction, exprLocation(n), &pg.Node{Node: n.Node}).Node
	return true
}

// maxPickDepth is the greatest number of marked expressions nested in one
// another. The _result form of a mark repeats its expression for the
// texts, so its size doubles with each level. Past this depth a quotient
// inside keeps the nested DECIMAL(38,20) scale instead.
const maxPickDepth = 4

// pickDepth returns how deeply marks nest inside n.
func pickDepth(n *pg.Node) int {
	depth := 0
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		// A mark, or its _result form, which pickResult made of one.
		fc, ok := msg.(*pg.FuncCall)
		if ok && len(fc.Args) > 0 && strings.HasPrefix(lastName(fc.Funcname), pickFunction) {
			depth = max(depth, 1+pickDepth(fc.Args[0]))
		}
	})
	return depth
}

// rewriteQuotientRound turns round(quotient, digits) and trunc(quotient,
// digits) into pgway_round and pgway_trunc. DuckDB's round returns a
// double precision value for more than 20 digits of a DECIMAL(38,20).
func rewriteQuotientRound(n *pg.Node, fc *pg.FuncCall) {
	name := strings.ToLower(lastName(fc.Funcname))
	if len(fc.Funcname) != 1 || name != "round" && name != "trunc" || len(fc.Args) != 2 ||
		fc.Over != nil || !isQuotient(fc.Args[0]) || isUntyped(fc.Args[1]) {
		return
	}
	x, digits := fc.Args[0], fc.Args[1]
	n.Node = funcCall("pgway_"+name, fc.Location, x, digits, operandType(x, fc.Location)).Node
}

// picksQuotient reports whether n passes on the value of one of its
// operands, and one of them is a quotient.
func picksQuotient(n *pg.Node) bool {
	switch v := n.Node.(type) {
	case *pg.Node_CoalesceExpr:
		return anyQuotient(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return anyQuotient(v.MinMaxExpr.Args)
	case *pg.Node_CaseExpr:
		c := v.CaseExpr
		if c.Defresult != nil && isQuotient(c.Defresult) {
			return true
		}
		for _, w := range c.Args {
			if r := w.GetCaseWhen().GetResult(); r != nil && isQuotient(r) {
				return true
			}
		}
	case *pg.Node_AExpr:
		e := v.AExpr
		return e.Kind == pg.A_Expr_Kind_AEXPR_NULLIF && isQuotient(e.Lexpr)
	case *pg.Node_FuncCall:
		return isAbs(v.FuncCall) && isQuotient(v.FuncCall.Args[0])
	}
	return false
}

// picksNumeric reports whether n is coalesce, CASE, greatest, least or
// nullif of numbers, at least one of them a numeric. DuckDB gives their
// DECIMAL result the largest scale among them, so coalesce(sum(x), 0) is
// 0.00, where PostgreSQL keeps the scale of the value passed on (0).
func picksNumeric(n *pg.Node) bool {
	var operands []**pg.Node
	if inner := nodeMessage(n); inner != nil {
		operands = passedOperands(inner)
	}
	numeric := false
	for _, operand := range operands {
		switch pickedClass(*operand) {
		case typeNumeric:
			numeric = true
		case typeInteger, typeNull:
		default:
			return false
		}
	}
	return numeric && len(operands) > 1
}

// passedOperands returns the operands whose value msg may pass on, if it
// is coalesce, CASE, greatest, least or nullif: where they are, so that
// they can be replaced.
func passedOperands(msg protoreflect.ProtoMessage) []**pg.Node {
	var operands []**pg.Node
	switch v := msg.(type) {
	case *pg.CoalesceExpr:
		for i := range v.Args {
			operands = append(operands, &v.Args[i])
		}
	case *pg.MinMaxExpr:
		for i := range v.Args {
			operands = append(operands, &v.Args[i])
		}
	case *pg.CaseExpr:
		for _, w := range v.Args {
			if when := w.GetCaseWhen(); when != nil {
				operands = append(operands, &when.Result)
			}
		}
		if v.Defresult != nil {
			operands = append(operands, &v.Defresult)
		}
	case *pg.A_Expr:
		if v.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			operands = []**pg.Node{&v.Lexpr, &v.Rexpr}
		}
	}
	return operands
}

// nodeMessage returns the expression or statement that n holds.
func nodeMessage(n *pg.Node) protoreflect.ProtoMessage {
	var inner protoreflect.ProtoMessage
	n.ProtoReflect().Range(func(_ protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		inner = v.Message().Interface()
		return false
	})
	return inner
}

// typeStringOperands gives the string constants among the operands of
// coalesce, CASE, greatest, least and nullif the type of the others when
// those are numbers, as PostgreSQL resolves an unknown constant. That is
// numeric when one of them is a numeric, else the widest integer type
// among them. DuckDB would convert '0.125' to the DECIMAL(10,2) of the
// other operand, 0.13, and '2.5' to an integer, 3, where PostgreSQL keeps
// 0.125 and fails with 22P02.
func typeStringOperands(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		operands := passedOperands(msg)
		typ := ""
		var constants []**pg.Node
		for _, operand := range operands {
			if (*operand).GetAConst().GetSval() != nil {
				constants = append(constants, operand)
				continue
			}
			switch pickedClass(*operand) {
			case typeNumeric:
				typ = "numeric"
			case typeInteger:
				if typ != "numeric" {
					typ = widerInteger(typ, integerTypeName(*operand))
				}
			case typeNull:
			default:
				return
			}
		}
		if typ == "" {
			return
		}
		for _, operand := range constants {
			*operand = typeCast(*operand, typ, (*operand).GetAConst().Location)
		}
	})
}

// integerTypeName returns int2, int4 or int8 for an integer expression:
// its cast's type, or int4 for a constant and anything else.
func integerTypeName(n *pg.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		return lastName(tc.TypeName.GetNames())
	}
	return "int4"
}

// widerInteger returns the wider of two integer type names, either of
// which may be empty.
func widerInteger(a, b string) string {
	rank := map[string]int{"": 0, "int2": 1, "int4": 2, "int8": 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// pickedClass returns the class of a number that the expression shows:
// a constant's, a cast's, or that of the sum, min, max or abs of one. It
// returns typeNull for NULL and typeUnknown for anything else.
func pickedClass(n *pg.Node) staticTypeClass {
	if c := n.GetAConst(); c != nil && c.Isnull {
		return typeNull
	}
	if _, ok := roundedScale(n); ok {
		// div(), or round() or trunc() to a number of places.
		return typeNumeric
	}
	if fc := n.GetFuncCall(); fc != nil && len(fc.Funcname) == 1 && len(fc.Args) == 1 && !fc.AggStar {
		switch strings.ToLower(lastName(fc.Funcname)) {
		case "sum", "min", "max", "abs":
			return pickedClass(fc.Args[0])
		}
		return typeUnknown
	}
	if e := n.GetAExpr(); e != nil && mixedArithmetic(e) {
		return typeNumeric
	}
	return staticType(n)
}

// mixedArithmetic reports whether e is +, - or * of a numeric and an
// integer, whose result is numeric, as in coalesce(x * 2, 0).
func mixedArithmetic(e *pg.A_Expr) bool {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || !strings.Contains("+-*", lastName(e.Name)) {
		return false
	}
	left, right := pickedClass(e.Lexpr), pickedClass(e.Rexpr)
	return left == typeNumeric && right == typeInteger || left == typeInteger && right == typeNumeric
}

// isAbs reports whether fc is abs() of one argument.
func isAbs(fc *pg.FuncCall) bool {
	return len(fc.Funcname) == 1 && strings.EqualFold(lastName(fc.Funcname), "abs") &&
		len(fc.Args) == 1 && fc.Over == nil && !fc.AggStar && !fc.AggDistinct
}

func anyQuotient(nodes []*pg.Node) bool {
	for _, n := range nodes {
		if isQuotient(n) {
			return true
		}
	}
	return false
}

// isPick reports whether n is an expression marked by markPick.
func isPick(n *pg.Node) bool {
	fc := n.GetFuncCall()
	return fc != nil && len(fc.Args) == 1 && lastName(fc.Funcname) == pickFunction
}

// pickResult turns the mark pgway_pick(expression) into its _result form.
func pickResult(fc *pg.FuncCall) {
	expression := fc.Args[0]
	fc.Args = append([]*pg.Node{expression}, pickTexts(expression)...)
}

// pickTexts returns the texts of the values that expression may pass on.
func pickTexts(expression *pg.Node) []*pg.Node {
	c := proto.Clone(expression).(*pg.Node)
	switch v := c.Node.(type) {
	case *pg.Node_CoalesceExpr:
		for i, arg := range v.CoalesceExpr.Args {
			v.CoalesceExpr.Args[i] = textOf(arg)
		}
	case *pg.Node_CaseExpr:
		for _, w := range v.CaseExpr.Args {
			if when := w.GetCaseWhen(); when != nil {
				when.Result = textOf(when.Result)
			}
		}
		if v.CaseExpr.Defresult != nil {
			v.CaseExpr.Defresult = textOf(v.CaseExpr.Defresult)
		}
	case *pg.Node_MinMaxExpr:
		texts := make([]*pg.Node, len(v.MinMaxExpr.Args))
		for i, arg := range v.MinMaxExpr.Args {
			texts[i] = textOf(arg)
		}
		return texts
	case *pg.Node_AExpr:
		return []*pg.Node{textOf(v.AExpr.Lexpr)}
	case *pg.Node_FuncCall:
		if isWindowDefault(c) {
			return []*pg.Node{windowTexts(c)}
		}
		loc := v.FuncCall.Location
		return []*pg.Node{funcCall("ltrim", loc, textOf(v.FuncCall.Args[0]), pg.MakeAConstStrNode("-", loc))}
	}
	return []*pg.Node{c}
}

// textOf returns an expression for the text of n's value as PostgreSQL's
// numeric_out writes it: a quotient's from its _result form, another
// value's from its DuckDB type, whose scale is the value's.
func textOf(n *pg.Node) *pg.Node {
	loc := exprLocation(n)
	if isPick(n) {
		if texts := pickTexts(n.GetFuncCall().Args[0]); len(texts) == 1 {
			return texts[0]
		}
	}
	c := proto.Clone(n).(*pg.Node)
	if resultForm(c) {
		return funcCall(numericTextFunction, loc, c)
	}
	return typeCast(c, "text", loc)
}

// dropPicks replaces the marks that no result column or quotient function
// turned into their _result form by the expressions they mark, and so the
// marks of numeric[] parameters (markNumericArray).
func dropPicks(stmt *pg.Node) {
	_ = walkNode(stmt, func(n *pg.Node) error {
		if isPick(n) || isNumericArrayMark(n) {
			n.Node = n.GetFuncCall().Args[0].Node
		}
		return nil
	})
}

// scalarQuotient returns the result column of a scalar subquery whose
// only result column is a quotient, or nil.
func scalarQuotient(sl *pg.SubLink) *pg.ResTarget {
	if sl.SubLinkType != pg.SubLinkType_EXPR_SUBLINK {
		return nil
	}
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil || isSetOperation(sel) || len(sel.TargetList) != 1 || groupsByQuotient(sel) {
		return nil
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil || !isQuotient(rt.Val) {
		return nil
	}
	return rt
}
