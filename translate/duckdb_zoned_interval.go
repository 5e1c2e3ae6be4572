package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL adds the months and days of an interval to a timestamptz in
// local time of the session's TimeZone and picks the UTC offset of the
// result by its own rules. Around daylight saving time transitions these
// differ from DuckDB's ICU arithmetic (providers/duckdb/zoned_interval_udf.go
// has the rules). zonedIntervalArithmetic writes
// timestamptz plus or minus such an interval, and generate_series of
// timestamptz with such a step, with the provider's functions, which
// take the session's time zone. An interval of hours and smaller units
// adds the same time in both, so it stays DuckDB's.
// NOTE: a timestamptz whose type the statement does not show, such as a
// column of VALUES, keeps DuckDB's arithmetic.

const (
	zonedIntervalFunction = "pgway_timestamptz_pl_interval"
	zonedSeriesFunction   = "pgway_timestamptz_series"
)

// zonedIntervalArithmetic rewrites the timestamptz and interval
// arithmetic of stmt, inner expressions first.
func zonedIntervalArithmetic(stmt *pg.Node) {
	kinds := newValueKinds()
	_ = walk(stmt.ProtoReflect(), func(n *pg.Node) error {
		e := n.GetAExpr()
		if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Lexpr == nil || e.Rexpr == nil {
			return nil
		}
		loc := e.Location
		var ts, span *pg.Node
		intervalOperand := func(n *pg.Node, stringOK bool) bool {
			return stringOK && isBareString(n) || kinds.isIntervalOperand(n)
		}
		switch op := lastName(e.Name); {
		case op == "+" && intervalOperand(e.Rexpr, true) && kinds.isTimestamptz(e.Lexpr):
			ts, span = e.Lexpr, e.Rexpr
		case op == "+" && intervalOperand(e.Lexpr, true) && kinds.isTimestamptz(e.Rexpr):
			ts, span = e.Rexpr, e.Lexpr
		case op == "-" && intervalOperand(e.Rexpr, false) && kinds.isTimestamptz(e.Lexpr):
			ts, span = e.Lexpr, e.Rexpr
		default:
			return nil
		}
		if timeOnlyInterval(span) {
			return nil
		}
		span = asInterval(span, loc)
		if lastName(e.Name) == "-" {
			// PostgreSQL negates each field of the interval and adds it.
			span = pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, stringNodes("-"), nil, span, loc)
		}
		n.Node = typeCast(funcCall(zonedIntervalFunction, loc, ts, span, sessionZone(loc)), "timestamptz", loc).Node
		return nil
	})
}

// zonedSeriesList returns the list of values of fc when it is a
// generate_series call of timestamptz values whose step has days or
// months, and nil otherwise.
func zonedSeriesList(fc *pg.FuncCall) *pg.Node {
	if fc == nil || lastName(fc.Funcname) != "generate_series" || schemaOf(fc.Funcname) != "" && schemaOf(fc.Funcname) != "pg_catalog" ||
		len(fc.Args) != 3 || fc.AggStar || fc.AggDistinct || fc.Over != nil {
		return nil
	}
	start, stop, step := fc.Args[0], fc.Args[1], fc.Args[2]
	zoned := isTimestamptzValued(start) && (isTimestamptzValued(stop) || isBareString(stop)) ||
		isBareString(start) && isTimestamptzValued(stop)
	if !zoned || !isIntervalOperand(step, true) || timeOnlyInterval(step) {
		return nil
	}
	loc := fc.Location
	values := funcCall(zonedSeriesFunction, loc, typeCast(start, "timestamptz", loc), typeCast(stop, "timestamptz", loc),
		asInterval(step, loc), sessionZone(loc))
	list := typeCast(values, "timestamptz", loc)
	list.GetTypeCast().TypeName.ArrayBounds = []*pg.Node{pg.MakeAConstIntNode(-1, -1)}
	return list
}

// sessionZone is the name of the session's time zone, which folding
// writes into the statement.
func sessionZone(loc int32) *pg.Node {
	return pg.MakeAConstStrNode(strings.Trim(timeZoneMarker(), "'"), loc)
}

// valueKinds memoizes, for the nodes of one statement, whether the
// statement shows that they are timestamptz or interval values. These
// tests look into both operands of each operator, so a chain of n
// operators such as 1+1+...+1 would take time of the order of n³ without
// it. A node's kind must not change while a valueKinds holds it, as
// holds for the nodes below the one that walk visits.
type valueKinds struct {
	timestamptz, interval, operand map[*pg.Node]bool
}

func newValueKinds() *valueKinds {
	return &valueKinds{timestamptz: map[*pg.Node]bool{}, interval: map[*pg.Node]bool{}, operand: map[*pg.Node]bool{}}
}

// isTimestamptzValued reports whether the statement shows that n is a
// timestamptz: a cast, which typeColumns writes for a column of that
// type too, now() and its synonyms, or such a value plus or minus an
// interval.
func isTimestamptzValued(n *pg.Node) bool {
	return newValueKinds().isTimestamptz(n)
}

func (k *valueKinds) isTimestamptz(n *pg.Node) bool {
	known, ok := k.timestamptz[n]
	if !ok {
		known = k.timestamptzOf(n)
		k.timestamptz[n] = known
	}
	return known
}

func (k *valueKinds) timestamptzOf(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil {
		// A timestamptz plus or minus an interval that stayed DuckDB's.
		// exactType of an operator is an integer type or none.
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Lexpr == nil || e.Rexpr == nil {
			return false
		}
		switch lastName(e.Name) {
		case "+":
			return k.isIntervalOperand(e.Rexpr) && k.isTimestamptz(e.Lexpr) ||
				k.isIntervalOperand(e.Lexpr) && k.isTimestamptz(e.Rexpr)
		case "-":
			return k.isIntervalOperand(e.Rexpr) && k.isTimestamptz(e.Lexpr)
		}
		return false
	}
	if exactType(n) == "timestamptz" {
		return true
	}
	if svf := n.GetSqlvalueFunction(); svf != nil {
		return svf.Op == pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP || svf.Op == pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N
	}
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) > 0 || fc.Over != nil {
		return false
	}
	switch strings.ToLower(lastName(fc.Funcname)) {
	case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp":
		return true
	}
	return false
}

// isIntervalOperand reports whether n is an interval that the statement
// shows (isIntervalValued), or a product or quotient of one and a
// number. A string constant counts when stringOK is set, where
// PostgreSQL resolves it as an interval: beside a timestamptz in an
// addition.
func isIntervalOperand(n *pg.Node, stringOK bool) bool {
	return stringOK && isBareString(n) || newValueKinds().isIntervalOperand(n)
}

func (k *valueKinds) isIntervalOperand(n *pg.Node) bool {
	known, ok := k.operand[n]
	if !ok {
		known = k.intervalOperandOf(n)
		k.operand[n] = known
	}
	return known
}

func (k *valueKinds) intervalOperandOf(n *pg.Node) bool {
	if k.isInterval(n) {
		return true
	}
	e := n.GetAExpr()
	if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || len(e.Name) != 1 {
		return false
	}
	switch lastName(e.Name) {
	case "*":
		return k.isIntervalOperand(e.Rexpr) || k.isIntervalOperand(e.Lexpr)
	case "/":
		return k.isIntervalOperand(e.Lexpr)
	}
	return false
}

// timeOnlyInterval reports whether the interval n has neither months nor
// days: a constant of hours or smaller units, or a product or quotient
// of one.
func timeOnlyInterval(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil && e.Kind == pg.A_Expr_Kind_AEXPR_OP && len(e.Name) == 1 && e.Lexpr != nil {
		switch lastName(e.Name) {
		case "*":
			return timeOnlyInterval(e.Lexpr) || timeOnlyInterval(e.Rexpr)
		case "/":
			return timeOnlyInterval(e.Lexpr)
		}
		return false
	}
	text, ok := intervalConstantText(n)
	if !ok {
		return false
	}
	v, err := parseInterval(text)
	return err == nil && v.months == 0 && v.days == 0
}

// intervalConstantText returns the text of a string constant, cast to
// interval without fields or precision, or bare.
func intervalConstantText(n *pg.Node) (string, bool) {
	if tc := n.GetTypeCast(); tc != nil {
		if exactType(n) != "interval" || len(tc.TypeName.GetTypmods()) > 0 {
			return "", false
		}
		n = tc.Arg
	}
	if !isBareString(n) {
		return "", false
	}
	return n.GetAConst().GetSval().GetSval(), true
}

// asInterval casts a string constant to interval, as PostgreSQL resolves
// it beside a timestamptz, and returns other operands unchanged.
func asInterval(n *pg.Node, loc int32) *pg.Node {
	if isBareString(n) {
		return typeCast(n, "interval", loc)
	}
	return n
}

// isBareString reports whether n is a string constant without a cast.
func isBareString(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && c.GetSval() != nil
}
