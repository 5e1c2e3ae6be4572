package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB divides DECIMAL values in double precision, where PostgreSQL
// divides numerics exactly, with a scale that depends on the values. The
// DuckDB provider registers functions that divide as PostgreSQL does,
// chosen by the operands' types (providers/duckdb/numeric_udf.go):
//
//	a / b   pgway_div(a, b, typeof(a), typeof(b))
//	avg(x)  pgway_avg(sum(x), count(x), typeof(sum(x)))
//
// with the same DISTINCT, FILTER and OVER on sum and count. Their
// numeric quotients are DECIMAL(38,20) values for use inside other
// expressions. A result column of the outermost SELECT, and an operand
// of another division, take the _result form instead, which keeps
// PostgreSQL's scale and text.

const (
	divFunction    = "pgway_div"
	avgFunction    = "pgway_avg"
	resultSuffix   = "_result"
	typeofFunction = "typeof"
)

// rewriteDivision turns a / b into pgway_div. Its operands are already
// rewritten; an operand that is itself a quotient takes the _result
// form, whose scale the quotient's scale depends on.
func rewriteDivision(n *pg.Node, e *pg.A_Expr) {
	if isIntegerConstant(e.Lexpr) && isIntegerConstant(e.Rexpr) {
		// DuckDB's / with integer_division and its division by zero
		// error are PostgreSQL's here.
		return
	}
	if e.Lexpr.GetParamRef() != nil || e.Rexpr.GetParamRef() != nil {
		// DuckDB infers a parameter's type from the other operand of its
		// own /, as PostgreSQL does, and from no function's.
		// NOTE: so $1 / x divides a numeric x in double precision.
		return
	}
	n.Node = funcCall(divFunction, e.Location, e.Lexpr, e.Rexpr,
		operandType(e.Lexpr, e.Location), operandType(e.Rexpr, e.Location)).Node
}

// operandType returns typeof(operand) for pgway_div. An operand that is
// itself a quotient takes the _result form, whose value carries its
// scale, and its type is not needed: ” saves evaluating it twice.
func operandType(operand *pg.Node, loc int32) *pg.Node {
	if resultForm(operand) {
		return pg.MakeAConstStrNode("", loc)
	}
	return funcCall(typeofFunction, loc, proto.Clone(operand).(*pg.Node))
}

// isIntegerConstant reports whether n is an integer constant, negated or
// not.
func isIntegerConstant(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil && e.Lexpr == nil && lastName(e.Name) == "-" {
		n = e.Rexpr
	}
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil
}

// rewriteAverage turns avg(x) into pgway_avg(sum(x), count(x),
// typeof(sum(x))), which divides as PostgreSQL's avg does: exactly, as a
// numeric, for integers and numerics.
func rewriteAverage(n *pg.Node, fc *pg.FuncCall) {
	sum := proto.Clone(fc).(*pg.FuncCall)
	sum.Funcname = stringNodes("sum")
	count := proto.Clone(fc).(*pg.FuncCall)
	count.Funcname = stringNodes("count")
	sumNode := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: sum}}
	n.Node = funcCall(avgFunction, fc.Location, sumNode,
		&pg.Node{Node: &pg.Node_FuncCall{FuncCall: count}},
		funcCall(typeofFunction, fc.Location, proto.Clone(sumNode).(*pg.Node))).Node
}

// isAverage reports whether fc is avg of one argument.
func isAverage(name string, fc *pg.FuncCall) bool {
	return name == "avg" && len(fc.Args) == 1 && !fc.AggStar
}

// resultForm renames pgway_div or pgway_avg at the root of n to its
// _result form and reports whether it did.
func resultForm(n *pg.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) != 1 {
		return false
	}
	name := lastName(fc.Funcname)
	if name != divFunction && name != avgFunction {
		return false
	}
	fc.Funcname = stringNodes(name + resultSuffix)
	return true
}

// resultColumns gives the quotients that are result columns of the
// outermost SELECT their _result form. A set operation's columns, and a
// query that groups by a quotient, keep the DECIMAL form, since both
// sides of a UNION and a GROUP BY expression and its column must be of
// the same type.
func resultColumns(stmt *pg.Node) {
	sel := stmt.GetSelectStmt()
	if sel == nil || sel.Op != pg.SetOperation_SETOP_NONE {
		return
	}
	for _, g := range append(append([]*pg.Node(nil), sel.GroupClause...), sel.DistinctClause...) {
		if g != nil && containsQuotient(g) {
			return
		}
	}
	for _, t := range sel.TargetList {
		if rt := t.GetResTarget(); rt != nil && rt.Val != nil {
			resultForm(rt.Val)
		}
	}
}

// containsQuotient reports whether n calls pgway_div or pgway_avg.
func containsQuotient(n *pg.Node) bool {
	found := false
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if fc, ok := msg.(*pg.FuncCall); ok {
			name := lastName(fc.Funcname)
			found = found || name == divFunction || name == avgFunction
		}
	})
	return found
}

// rewriteExtract makes extract return PostgreSQL's numeric: seconds
// since the epoch with 6 fractional digits (none for a date), seconds and
// milliseconds with the microseconds as fractional digits, and every
// other field as a numeric integer. DuckDB returns BIGINT, and truncates
// seconds and milliseconds to whole units.
func rewriteExtract(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Args[0].GetAConst().GetSval() == nil {
		return
	}
	field := strings.ToLower(fc.Args[0].GetAConst().GetSval().Sval)
	loc, source := fc.Location, fc.Args[1]
	microseconds := func() *pg.Node {
		part := funcCall("date_part", loc, pg.MakeAConstStrNode("microseconds", loc), source)
		return decimalCast(part, 38, 0, loc)
	}
	switch field {
	case "epoch":
		n.Node = funcCall("pgway_epoch", loc, source).Node
	case "second", "seconds":
		n.Node = binaryOp("*", microseconds(), floatConst("0.000001", loc), loc).Node
	case "millisecond", "milliseconds":
		n.Node = binaryOp("*", microseconds(), floatConst("0.001", loc), loc).Node
	case "microsecond", "microseconds":
		n.Node = microseconds().Node
	case "julian":
	default:
		n.Node = decimalCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, 38, 0, loc).Node
	}
}

// decimalCast casts arg to DECIMAL(precision, scale).
func decimalCast(arg *pg.Node, precision, scale int32, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg: arg,
		TypeName: &pg.TypeName{Names: stringNodes("pg_catalog", "numeric"), Typemod: -1, Location: loc,
			Typmods: []*pg.Node{pg.MakeAConstIntNode(int64(precision), loc), pg.MakeAConstIntNode(int64(scale), loc)}},
		Location: loc,
	}}}
}
