package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file closes gaps of date/time and float input and arithmetic on
// DuckDB: intervals in isfinite(), a time added to a timestamp,
// underscores in float input and the range of to_timestamp(seconds).

// finiteInterval rewrites isfinite() of an interval, which DuckDB lacks.
// PostgreSQL 15 has no infinite intervals, so the result is true, or
// NULL for NULL: x IS NOT NULL OR NULL.
func finiteInterval(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 1 || !isIntervalValued(fc.Args[0]) {
		return false
	}
	loc := fc.Location
	notNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: fc.Args[0], Nulltesttype: pg.NullTestType_IS_NOT_NULL, Location: loc}}}
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	n.Node = pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{notNull, null}, loc).Node
	return true
}

// addTimeAsInterval rewrites timestamp + time and time + timestamp, with
// or without time zone, which PostgreSQL resolves through the implicit
// cast of time to interval and DuckDB lacks.
func addTimeAsInterval(e *pg.A_Expr) {
	if e.Lexpr == nil {
		return
	}
	isTimestamp := func(n *pg.Node) bool {
		t := exactType(n)
		return t == "timestamp" || t == "timestamptz"
	}
	switch {
	case isTimestamp(e.Lexpr) && showsTime(e.Rexpr):
		e.Rexpr = timeAsInterval(e.Rexpr, e.Location)
	case showsTime(e.Lexpr) && isTimestamp(e.Rexpr):
		e.Lexpr = timeAsInterval(e.Lexpr, e.Location)
	}
}

// checkFloatUnderscore raises PostgreSQL 15's error for a float constant
// with an underscore, such as '1_0'::float8, which DuckDB reads as 10.
func checkFloatUnderscore(text, typeName string, location int32) error {
	if !strings.Contains(text, "_") {
		return nil
	}
	// float8in quotes the text as it is, without escapes.
	return &Error{Code: "22P02", Position: int(location) + 1,
		Message: fmt.Sprintf(`invalid input syntax for type %s: "%s"`, typeName, text)}
}

// textFloatUnderscore makes text that is not a constant, cast to float4
// or float8, fail as PostgreSQL 15 fails where it has an underscore:
//
//	CASE WHEN strpos(x, '_') > 0 THEN error(...) ELSE x END
func textFloatUnderscore(tc *pg.TypeCast, name string) {
	if staticType(tc.Arg) != typeText {
		return
	}
	loc, typeName := tc.Location, "double precision"
	if name == "float4" {
		typeName = "real"
	}
	x := tc.Arg
	message := binaryOp("||", binaryOp("||",
		pg.MakeAConstStrNode(fmt.Sprintf(`invalid input syntax for type %s: "`, typeName), loc), cloneNode(x), loc),
		pg.MakeAConstStrNode(`" (SQLSTATE 22P02)`, loc), loc)
	underscore := binaryOp(">", funcCall("strpos", loc, cloneNode(x), pg.MakeAConstStrNode("_", loc)),
		pg.MakeAConstIntNode(0, loc), loc)
	tc.Arg = searchedCase(loc, x, underscore, funcCall("error", loc, message))
}

// PostgreSQL 15's range of to_timestamp(double precision) in seconds
// since 1970: from 4714-11-24 BC up to 294277-01-01. DuckDB's timestamps
// end on 294247-01-10, after maxDuckDBEpoch seconds.
const (
	minEpochSeconds = -210866803200
	endEpochSeconds = 9224318016000
	maxDuckDBEpoch  = 9223372036854
)

// guardEpochRange makes to_timestamp(x) of seconds return PostgreSQL
// 15's infinities and fail as PostgreSQL fails, where DuckDB fails on an
// infinity and returns timestamps before 4714 BC. Past DuckDB's last
// timestamp it fails with 0A000:
//
//	CASE WHEN isnan(x) THEN error(...) WHEN x = 'infinity' THEN 'infinity'::timestamptz
//	  WHEN x = '-infinity' THEN '-infinity'::timestamptz
//	  WHEN x < min OR x >= end THEN error(...) WHEN x > maxDuckDB THEN error(...)
//	  ELSE to_timestamp(x) END
//
// PostgreSQL's message writes x as C's %g does, as DuckDB's printf does.
func guardEpochRange(n *pg.Node, fc *pg.FuncCall) {
	if epochConstantInRange(fc.Args[0]) {
		return
	}
	loc := fc.Location
	seconds := func() *pg.Node { return typeCast(cloneNode(fc.Args[0]), "float8", loc) }
	raise := func(message *pg.Node) *pg.Node { return funcCall("error", loc, message) }
	infinity := func(text string) (*pg.Node, *pg.Node) {
		cond := binaryOp("=", seconds(), typeCast(pg.MakeAConstStrNode(text, loc), "float8", loc), loc)
		return cond, typeCast(pg.MakeAConstStrNode(text, loc), "timestamptz", loc)
	}

	isNaN := funcCall("isnan", loc, seconds())
	positive, positiveValue := infinity("infinity")
	negative, negativeValue := infinity("-infinity")
	outside := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{
		binaryOp("<", seconds(), bigintConstant(minEpochSeconds, loc), loc),
		binaryOp(">=", seconds(), bigintConstant(endEpochSeconds, loc), loc)}, loc)
	rangeMessage := binaryOp("||", binaryOp("||",
		pg.MakeAConstStrNode(`timestamp out of range: "`, loc),
		funcCall("printf", loc, pg.MakeAConstStrNode("%g", loc), seconds()), loc),
		pg.MakeAConstStrNode(`" (SQLSTATE 22008)`, loc), loc)
	beyondDuckDB := binaryOp(">", seconds(), bigintConstant(maxDuckDBEpoch, loc), loc)

	n.Node = searchedCase(loc, &pg.Node{Node: n.Node},
		isNaN, raise(pg.MakeAConstStrNode("timestamp cannot be NaN (SQLSTATE 22008)", loc)),
		positive, positiveValue,
		negative, negativeValue,
		outside, raise(rangeMessage),
		beyondDuckDB, raise(pg.MakeAConstStrNode(
			"to_timestamp() after 294247-01-10 is not supported on DuckDB (SQLSTATE 0A000)", loc)),
	).Node
}

// epochConstantInRange reports whether x is a number constant of seconds
// that DuckDB's to_timestamp() reads as PostgreSQL's does.
func epochConstantInRange(x *pg.Node) bool {
	c := x.GetAConst()
	var text string
	switch {
	case c.GetIval() != nil:
		text = strconv.FormatInt(int64(c.GetIval().Ival), 10)
	case c.GetFval() != nil:
		text = c.GetFval().Fval
	default:
		return false
	}
	seconds, err := strconv.ParseFloat(text, 64)
	return err == nil && seconds >= minEpochSeconds && seconds <= maxDuckDBEpoch
}
