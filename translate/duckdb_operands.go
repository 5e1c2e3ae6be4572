package translate

import (
	"fmt"
	"regexp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The DuckDB rewrites below give operators and functions PostgreSQL's
// operand and result types, where the types of the operands show.

// numericLiteral is a number as a numeric constant writes it.
var numericLiteral = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// numberTypes are the types whose arithmetic with a string constant takes
// the constant as a value of the same type.
var numberTypes = map[string]bool{
	"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true,
}

// typeStringOperand casts a string constant operand of arithmetic to the
// type of the other operand where sameTypeOperand reports PostgreSQL does, as
// it resolves '5' + 3 to integer addition; DuckDB finds no single + for a
// string literal. The cast is
// rewritten as the client's own would be, so '2.5' * 3 fails as in
// PostgreSQL.
func (d *duckDB) typeStringOperand(e *pg.A_Expr, op string) error {
	if e.Lexpr == nil {
		return nil
	}
	left, right := exactType(e.Lexpr), exactType(e.Rexpr)
	if sameTypeOperand(op, right) {
		if done, err := d.castStringConstant(&e.Lexpr, right); done || err != nil {
			return err
		}
	}
	if sameTypeOperand(op, left) {
		_, err := d.castStringConstant(&e.Rexpr, left)
		return err
	}
	return nil
}

// sameTypeOperand reports whether PostgreSQL reads a string constant in
// op with an operand of type typ as a value of typ: for arithmetic on
// numbers, a difference of dates, times or timestamps, and interval
// arithmetic. timestamp - '2024-01-01' is an interval, as in PostgreSQL;
// DuckDB finds two overloads of - for it.
func sameTypeOperand(op, typ string) bool {
	switch {
	case numberTypes[typ]:
		return true
	case op == "-":
		return typ == "date" || typ == "time" || typ == "timestamp" || typ == "timestamptz" || typ == "interval"
	case op == "+":
		return typ == "interval"
	}
	return false
}

// castStringConstant casts *operand to typ when it is a string constant,
// and reports whether it was one.
func (d *duckDB) castStringConstant(operand **pg.Node, typ string) (bool, error) {
	literal := (*operand).GetAConst()
	if literal == nil || literal.GetSval() == nil {
		return false, nil
	}
	value := *operand
	if text := strings.TrimSpace(literal.GetSval().Sval); typ == "numeric" && numericLiteral.MatchString(text) {
		// A numeric constant keeps the scale it is written with, as the
		// value of '2.50'::numeric does.
		value = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
			Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: strings.TrimPrefix(text, "+")}}, Location: literal.Location}}}
	}
	cast := typeCast(value, typ, literal.Location)
	if err := d.rewriteCast(cast, cast.GetTypeCast()); err != nil {
		return true, err
	}
	*operand = cast
	return true, nil
}

// comparedTypes are the types whose comparison with a string constant
// reads the constant as a value of the type, where DuckDB would round
// '2.5' to compare it with an integer.
var comparedTypes = map[string]bool{
	"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true,
	"date": true, "time": true, "timestamp": true, "timestamptz": true,
}

// comparisonOperators are the operators that typeComparison applies to.
var comparisonOperators = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true}

// typeComparison gives a comparison PostgreSQL's operand types. A string
// constant compared with a number or a date takes its type. A real
// compared with another number is compared in double precision. Text
// compared with a number fails, because PostgreSQL has no such operator.
// The right operand of IN and BETWEEN is a list, whose items are each
// compared with the left one.
func (d *duckDB) typeComparison(e *pg.A_Expr, op string) error {
	if e.Lexpr == nil {
		return nil
	}
	rights := []**pg.Node{&e.Rexpr}
	if list := e.Rexpr.GetList(); list != nil {
		rights = rights[:0]
		for i := range list.Items {
			rights = append(rights, &list.Items[i])
		}
	}
	for _, right := range rights {
		left, rightType := exactType(e.Lexpr), exactType(*right)
		if err := mismatchedTypes(left, op, rightType, e.Location); err != nil {
			return err
		}
		if comparedTypes[left] {
			if _, err := d.castStringConstant(right, left); err != nil {
				return err
			}
		} else if comparedTypes[rightType] {
			if _, err := d.castStringConstant(&e.Lexpr, rightType); err != nil {
				return err
			}
		}
		if left == "float4" && numberTypes[rightType] && rightType != "float4" {
			e.Lexpr = typeCast(e.Lexpr, "float8", e.Location)
		}
		if rightType == "float4" && numberTypes[left] && left != "float4" {
			*right = typeCast(*right, "float8", e.Location)
		}
	}
	return nil
}

// mismatchedTypes returns PostgreSQL's error for a comparison of text
// with a number, which has no operator.
func mismatchedTypes(left, op, right string, location int32) error {
	if !(left == "text" && numberTypes[right] || right == "text" && numberTypes[left]) {
		return nil
	}
	if op == "!=" {
		op = "<>"
	}
	return &Error{Code: CodeUndefinedFunction,
		Message:  fmt.Sprintf("operator does not exist: %s %s %s", typeDisplayNames[left], op, typeDisplayNames[right]),
		Hint:     "No operator matches the given name and argument types. You might need to add explicit type casts.",
		Position: int(location) + 1}
}

// typeDisplayNames are the names PostgreSQL's messages give the types of
// castTypeNames.
var typeDisplayNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric", "float4": "real",
	"float8": "double precision", "text": "text", "bool": "boolean", "date": "date",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"interval": "interval", "time": "time without time zone",
}

// dateDifference casts date - date to integer, its type in PostgreSQL,
// where DuckDB returns a BIGINT.
func dateDifference(n *pg.Node, e *pg.A_Expr) bool {
	if e.Lexpr == nil || exactType(e.Lexpr) != "date" || exactType(e.Rexpr) != "date" {
		return false
	}
	n.Node = typeCast(&pg.Node{Node: n.Node}, "int4", e.Location).Node
	return true
}

// timestampDifference subtracts two timestamps with time zone as
// timestamps in UTC, as PostgreSQL does: the elapsed time, of which each
// 24 hours count as a day. DuckDB counts calendar days in the session's
// time zone, so 25 hours across the end of daylight saving time were
// 1 day.
func timestampDifference(e *pg.A_Expr) bool {
	if e.Lexpr == nil || exactType(e.Lexpr) != "timestamptz" || exactType(e.Rexpr) != "timestamptz" {
		return false
	}
	utc := func(x *pg.Node) *pg.Node {
		return funcCall("timezone", e.Location, pg.MakeAConstStrNode("UTC", e.Location), x)
	}
	e.Lexpr, e.Rexpr = utc(e.Lexpr), utc(e.Rexpr)
	return true
}

// seriesOfDates casts the dates of generate_series(date, date, interval)
// to timestamptz, the overload PostgreSQL's function resolution picks,
// where DuckDB would return timestamps.
func seriesOfDates(fc *pg.FuncCall) {
	if len(fc.Args) != 3 || exactType(fc.Args[0]) != "date" && exactType(fc.Args[1]) != "date" {
		return
	}
	for i := range fc.Args[:2] {
		if exactType(fc.Args[i]) == "date" {
			fc.Args[i] = typeCast(fc.Args[i], "timestamptz", fc.Location)
		}
	}
}

// doubleFunctions exist in PostgreSQL for double precision and numeric,
// not for real, so a real argument is cast to double precision and so is
// the result, where DuckDB keeps real: floor() of a real of 1234567 is
// 1.234567e+06 in real.
var doubleFunctions = map[string]bool{
	"floor": true, "ceil": true, "ceiling": true, "trunc": true, "sign": true, "sqrt": true, "cbrt": true,
	"exp": true, "ln": true, "log": true, "log10": true, "power": true, "pow": true, "degrees": true,
	"radians": true, "sin": true, "cos": true, "tan": true, "cot": true, "asin": true, "acos": true,
	"atan": true, "atan2": true, "sinh": true, "cosh": true, "tanh": true, "asinh": true, "acosh": true, "atanh": true,
}

// realArgumentsToDouble casts the real arguments of a call to double
// precision.
func realArgumentsToDouble(fc *pg.FuncCall) {
	for i, arg := range fc.Args {
		if floatWidth(arg) == 4 {
			fc.Args[i] = typeCast(arg, "float8", fc.Location)
		}
	}
}

// signType casts sign() to PostgreSQL's result type, double precision for
// a float or an integer and numeric for a numeric, where DuckDB returns a
// TINYINT.
func signType(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 1 {
		return
	}
	typ := "float8"
	switch staticType(fc.Args[0]) {
	case typeFloat, typeInteger:
	case typeNumeric:
		typ = "numeric"
	default:
		return
	}
	call := &pg.Node{Node: n.Node}
	n.Node = typeCast(call, typ, fc.Location).Node
	if typ == "numeric" {
		// The sign keeps no scale: sign(-2.5) is -1.
		n.GetTypeCast().TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(1, fc.Location), pg.MakeAConstIntNode(0, fc.Location)}
	}
}

// guardPowerRange raises PostgreSQL's range errors for power() of double
// precision or of integers, which PostgreSQL computes in double
// precision. An infinite result of finite arguments is an overflow, and 0
// of a base other than 0 an underflow, where DuckDB returns Infinity and 0.
func guardPowerRange(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.AggStar || fc.Over != nil {
		return
	}
	for _, arg := range fc.Args {
		if class := staticType(arg); class != typeFloat && class != typeInteger {
			return
		}
	}
	loc := fc.Location
	base, exponent := fc.Args[0], fc.Args[1]
	result := &pg.Node{Node: n.Node}
	overflow := boolExpr(pg.BoolExprType_AND_EXPR, []*pg.Node{funcCall("isinf", loc, result),
		funcCall("isfinite", loc, base), funcCall("isfinite", loc, exponent)}, loc)
	underflow := boolExpr(pg.BoolExprType_AND_EXPR, []*pg.Node{compare(result, "=", 0, loc), compare(base, "<>", 0, loc)}, loc)
	n.Node = searchedCase(loc, result, overflow, rangeError("overflow", loc), underflow, rangeError("underflow", loc)).Node
}
