package translate

import (
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file raises PostgreSQL's errors for calls and operators that
// PostgreSQL rejects and DuckDB runs: a window aggregate with DISTINCT
// or ORDER BY, nth_value(x, n) with n <= 0, min and max of a boolean, %,
// mod and round of a float, and percentile_cont of a type it does not
// interpolate. The types come from the expressions as typeColumns leaves
// them, so a check applies only where the statement shows the type.

// noFunctionHint and noOperatorHint are PostgreSQL's hints for a call
// and an operator that no overload takes.
const (
	noFunctionHint = "No function matches the given name and argument types. You might need to add explicit type casts."
	noOperatorHint = "No operator matches the given name and argument types. You might need to add explicit type casts."
)

// postgresTypeNames are the names that PostgreSQL's errors give the
// types of exactType.
var postgresTypeNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric",
	"float4": "real", "float8": "double precision", "text": "text", "bool": "boolean",
	"date": "date", "timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"interval": "interval", "time": "time without time zone",
}

// postgresTypeName returns the name of n's type as PostgreSQL's errors
// write it, or "" when the expression does not show its type. A string
// constant and NULL have the type unknown. AND, OR, NOT, IS NULL and IS
// TRUE are boolean.
func postgresTypeName(n *pg.Node) string {
	switch n.GetNode().(type) {
	case *pg.Node_BoolExpr, *pg.Node_NullTest, *pg.Node_BooleanTest:
		return "boolean"
	}
	if c := n.GetAConst(); c != nil {
		switch {
		case c.Isnull || c.GetSval() != nil:
			return "unknown"
		case c.GetBoolval() != nil:
			return "boolean"
		}
	}
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 {
		switch lastName(tc.TypeName.GetNames()) {
		case "varchar":
			return "character varying"
		case "bpchar":
			return "character"
		}
	}
	if a := n.GetAArrayExpr(); a != nil && len(a.Elements) > 0 {
		element := "integer"
		for _, e := range a.Elements {
			switch c := e.GetAConst(); {
			case c.GetFval() != nil:
				element = "numeric"
			case c.GetIval() == nil:
				return ""
			}
		}
		return element + "[]"
	}
	return postgresTypeNames[windowArgumentType(n)]
}

// missingFunction returns PostgreSQL's 42883 error for a call of name
// whose arguments, of the types argTypes, no overload takes. A type that
// the statement does not show, "", leaves the types out of the message.
func missingFunction(name string, loc int32, argTypes ...string) *Error {
	message := fmt.Sprintf("function %s(%s) does not exist", name, strings.Join(argTypes, ", "))
	if slices.Contains(argTypes, "") {
		message = fmt.Sprintf("function %s does not exist for these argument types", name)
	}
	return &Error{Code: CodeUndefinedFunction, Message: message, Hint: noFunctionHint, Position: int(loc) + 1}
}

// argumentTypes returns the postgresTypeName of each argument.
func argumentTypes(args []*pg.Node) []string {
	types := make([]string, len(args))
	for i, arg := range args {
		types[i] = postgresTypeName(arg)
	}
	return types
}

// checkFunctionSignature raises PostgreSQL's error for a call that it
// rejects when it resolves the function, and guards nth_value's
// argument. It runs before the other rewrites of the call change its
// arguments.
func checkFunctionSignature(fc *pg.FuncCall, name string) error {
	if err := checkWindowAggregate(fc); err != nil {
		return err
	}
	switch name {
	case "min", "max", "avg", "sum":
		// DuckDB takes a boolean as 0 or 1 in avg and sum.
		if len(fc.Args) == 1 && postgresTypeName(fc.Args[0]) == "boolean" {
			return missingFunction(name, fc.Location, argumentTypes(fc.Args)...)
		}
	case "round":
		if len(fc.Args) == 2 && !roundTakes(fc.Args[0], fc.Args[1]) {
			return missingFunction(name, fc.Location, argumentTypes(fc.Args)...)
		}
	case "mod":
		if len(fc.Args) == 2 && (floatWidth(fc.Args[0]) != 0 || floatWidth(fc.Args[1]) != 0) {
			return missingFunction(name, fc.Location, argumentTypes(fc.Args)...)
		}
	case "nth_value":
		rewriteNthValue(fc)
	}
	return nil
}

// checkWindowAggregate raises PostgreSQL's 0A000 errors for an aggregate
// with DISTINCT or ORDER BY in a window, which DuckDB computes.
func checkWindowAggregate(fc *pg.FuncCall) error {
	if fc.Over == nil || fc.AggWithinGroup {
		return nil
	}
	switch {
	case fc.AggDistinct:
		return &Error{Code: CodeFeatureNotSupported, Message: "DISTINCT is not implemented for window functions",
			Position: int(fc.Location) + 1}
	case len(fc.AggOrder) > 0:
		return &Error{Code: CodeFeatureNotSupported, Message: "aggregate ORDER BY is not implemented for window functions",
			Position: int(fc.Location) + 1}
	}
	return nil
}

// roundTakes reports whether PostgreSQL has round(x, n) for the types
// of x and n, as far as the statement shows them. It has round(numeric,
// integer) only, and casts neither a float to numeric nor a bigint or
// numeric to integer implicitly.
func roundTakes(x, n *pg.Node) bool {
	if floatWidth(x) != 0 || floatWidth(n) != 0 {
		return false
	}
	switch postgresTypeName(n) {
	case "bigint", "numeric", "text", "boolean":
		return false
	}
	return true
}

// checkFloatModulo raises PostgreSQL's 42883 error for % with a float
// operand: PostgreSQL has % for integers and numerics only, and casts no
// float to them implicitly, where DuckDB computes a float remainder.
func checkFloatModulo(e *pg.A_Expr) error {
	if e.Lexpr == nil || floatWidth(e.Lexpr) == 0 && floatWidth(e.Rexpr) == 0 {
		return nil
	}
	left, right := postgresTypeName(e.Lexpr), postgresTypeName(e.Rexpr)
	message := fmt.Sprintf("operator does not exist: %s %% %s", left, right)
	if left == "" || right == "" {
		message = "operator does not exist: % of a double precision or real operand"
	}
	return &Error{Code: CodeUndefinedFunction, Message: message, Hint: noOperatorHint, Position: int(e.Location) + 1}
}

// percentileInputs are the types of the ordering expression that
// PostgreSQL's percentile_cont takes, directly or by an implicit cast to
// double precision. It has percentile_cont for interval too, which
// DuckDB does not interpolate.
var percentileInputs = map[string]bool{
	"smallint": true, "integer": true, "bigint": true, "numeric": true,
	"real": true, "double precision": true, "interval": true, "unknown": true,
}

// checkPercentileInputs raises PostgreSQL's 42883 error for
// percentile_cont of an ordering expression of a type that it does not
// take, such as a timestamp, which DuckDB interpolates. A column alone in
// ORDER BY is not cast (typeColumns), so its type comes from types.
func checkPercentileInputs(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	return walkNode(stmt, func(n *pg.Node) error {
		fc := n.GetFuncCall()
		if fc == nil || !fc.AggWithinGroup || strings.ToLower(lastName(fc.Funcname)) != "percentile_cont" ||
			len(fc.Args) != 1 || len(fc.AggOrder) != 1 {
			return nil
		}
		input := fc.AggOrder[0].GetSortBy().GetNode()
		if input == nil {
			return nil
		}
		typ := postgresTypeName(input)
		if ref := input.GetColumnRef(); ref != nil {
			typ = postgresTypeNames[types[ref]]
		}
		if typ == "interval" {
			rewriteIntervalPercentile(n, fc)
			return nil
		}
		if typ == "" || percentileInputs[typ] {
			return nil
		}
		return missingFunction("percentile_cont", fc.Location, postgresTypeName(fc.Args[0]), typ)
	})
}

// rewriteNthValue raises PostgreSQL's 22016 error for nth_value(x, n)
// with n <= 0, where DuckDB returns NULL. PostgreSQL reads n at every
// row, as DuckDB does, so n becomes
//
//	CASE WHEN n <= 0 THEN error('argument of nth_value ...') ELSE n END
//
// A positive integer or NULL constant is left alone.
func rewriteNthValue(fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Over == nil {
		return
	}
	n := fc.Args[1]
	if c := n.GetAConst(); c != nil && (c.Isnull || c.GetIval() != nil && c.GetIval().Ival > 0) {
		return
	}
	loc := fc.Location
	raise := funcCall("error", loc, pg.MakeAConstStrNode("argument of nth_value must be greater than zero (SQLSTATE 22016)", loc))
	fc.Args[1] = searchedCase(loc, n, compare(n, "<=", 0, loc), raise)
}
