package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// DuckDB returns NaN or an infinity where PostgreSQL's math functions
// raise an error: ln(0) is -Infinity and sqrt(-1) NaN there. The dialect
// checks the argument first and raises PostgreSQL's error through
// DuckDB's error(), whose message the DuckDB provider reads the SQLSTATE
// from.

// domainCheck is one condition on a math function's arguments under which
// PostgreSQL raises an error.
type domainCheck struct {
	fails   func(args []*pg.Node, loc int32) *pg.Node
	code    string
	message string
}

var (
	zeroLog = domainCheck{
		fails:   func(a []*pg.Node, loc int32) *pg.Node { return compare(last(a), "=", 0, loc) },
		code:    "2201E",
		message: "cannot take logarithm of zero",
	}
	negativeLog = domainCheck{
		fails:   func(a []*pg.Node, loc int32) *pg.Node { return compare(last(a), "<", 0, loc) },
		code:    "2201E",
		message: "cannot take logarithm of a negative number",
	}
	negativeRoot = domainCheck{
		fails:   func(a []*pg.Node, loc int32) *pg.Node { return compare(a[0], "<", 0, loc) },
		code:    "2201F",
		message: "cannot take square root of a negative number",
	}
	outsideUnit = domainCheck{
		fails: func(a []*pg.Node, loc int32) *pg.Node {
			return pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR,
				[]*pg.Node{compare(a[0], "<", -1, loc), compare(a[0], ">", 1, loc)}, loc)
		},
		code:    "22003",
		message: "input is out of range",
	}
	zeroToNegative = domainCheck{
		fails: func(a []*pg.Node, loc int32) *pg.Node {
			return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR,
				[]*pg.Node{compare(a[0], "=", 0, loc), compare(a[1], "<", 0, loc)}, loc)
		},
		code:    "2201F",
		message: "zero raised to a negative power is undefined",
	}
	negativeToFraction = domainCheck{
		fails: func(a []*pg.Node, loc int32) *pg.Node {
			fraction := binaryOp("<>", a[1], funcCall("floor", loc, a[1]), loc)
			return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR,
				[]*pg.Node{compare(a[0], "<", 0, loc), fraction}, loc)
		},
		code:    "2201F",
		message: "a negative number raised to a non-integer power yields a complex result",
	}
)

// domainChecks are the checks of each function, by name and number of
// arguments.
var domainChecks = map[string]map[int][]domainCheck{
	"ln":    {1: {zeroLog, negativeLog}},
	"log":   {1: {zeroLog, negativeLog}, 2: {zeroLog, negativeLog}},
	"log10": {1: {zeroLog, negativeLog}},
	"sqrt":  {1: {negativeRoot}},
	"acos":  {1: {outsideUnit}},
	"asin":  {1: {outsideUnit}},
	"power": {2: {zeroToNegative, negativeToFraction}},
	"pow":   {2: {zeroToNegative, negativeToFraction}},
}

// guardDomain wraps a call of a function in domainChecks in a CASE that
// raises PostgreSQL's error for arguments outside the function's domain.
// NOTE: the checks evaluate the arguments again, so a volatile argument
// such as random() can pass the check with one value and reach the
// function with another.
func guardDomain(n *pg.Node, fc *pg.FuncCall, name string) {
	checks := domainChecks[name][len(fc.Args)]
	if len(checks) == 0 || fc.AggStar || fc.Over != nil {
		return
	}
	loc := fc.Location
	var whens []*pg.Node
	for _, c := range checks {
		raise := funcCall("error", loc, pg.MakeAConstStrNode(c.message+" (SQLSTATE "+c.code+")", loc))
		whens = append(whens, &pg.Node{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: c.fails(fc.Args, loc), Result: raise, Location: loc}}})
	}
	// n may already hold more than the call, such as a cast of it.
	rewritten := &pg.Node{Node: n.Node}
	n.Node = &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{Args: whens, Defresult: rewritten, Location: loc}}
}

func compare(x *pg.Node, op string, value int64, loc int32) *pg.Node {
	return binaryOp(op, x, pg.MakeAConstIntNode(value, loc), loc)
}

func last(nodes []*pg.Node) *pg.Node { return nodes[len(nodes)-1] }

// Limits of exp(x) for a double precision x, found by running
// PostgreSQL 15.18 on x86-64 Linux: exp(709.782712893384) is the largest
// finite result, and exp(-745.1332191019411) the smallest nonzero one.
// PostgreSQL raises 22003 beyond them, where DuckDB returns Infinity and
// 0. DuckDB's exp returns the same values at both limits.
const (
	maxExpArgument = "709.782712893384"
	minExpArgument = "-745.1332191019411"
)

// guardExp wraps exp(x) in a CASE that raises PostgreSQL's overflow and
// underflow errors for a finite x whose result does not fit a double.
// exp of a numeric runs as pgway_exp (duckdb_numeric_math.go) instead.
func guardExp(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 1 || fc.AggStar || fc.Over != nil {
		return
	}
	loc := fc.Location
	x := func() *pg.Node { return typeCast(proto.Clone(fc.Args[0]).(*pg.Node), "float8", loc) }
	infinity := func(text string) *pg.Node { return typeCast(pg.MakeAConstStrNode(text, loc), "float8", loc) }
	beyond := func(op, limit, infinityOp, infinityText string) *pg.Node {
		return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{
			binaryOp(op, x(), floatConstant(limit, loc), loc),
			binaryOp(infinityOp, x(), infinity(infinityText), loc),
		}, loc)
	}
	raise := func(message string) *pg.Node {
		return funcCall("error", loc, pg.MakeAConstStrNode(message+" (SQLSTATE 22003)", loc))
	}
	whens := []*pg.Node{
		{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: beyond(">", maxExpArgument, "<", "Infinity"), Result: raise("value out of range: overflow"), Location: loc}}},
		{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: beyond("<", minExpArgument, ">", "-Infinity"), Result: raise("value out of range: underflow"), Location: loc}}},
	}
	rewritten := &pg.Node{Node: n.Node}
	n.Node = &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{Args: whens, Defresult: rewritten, Location: loc}}
}

// guardRepeat stops repeat() before it builds a text of more than
// PostgreSQL's 1 GB limit for one value, which DuckDB would try to build
// in memory. The check is on the count, which DuckDB computes first, also
// when it folds a call of constants while it plans the statement.
func guardRepeat(fc *pg.FuncCall) {
	if len(fc.Args) != 2 {
		return
	}
	loc := fc.Location
	size := binaryOp("*", funcCall("strlen", loc, fc.Args[0]), fc.Args[1], loc)
	// The text and its 4-byte header must fit in 2^30 - 1 bytes.
	tooLong := binaryOp(">", size, pg.MakeAConstIntNode(1<<30-1-4, loc), loc)
	raise := funcCall("error", loc, pg.MakeAConstStrNode("requested length too large (SQLSTATE 54000)", loc))
	fc.Args[1] = &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Args:      []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{Expr: tooLong, Result: raise, Location: loc}}}},
		Defresult: fc.Args[1], Location: loc}}}
}
