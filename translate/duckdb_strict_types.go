package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file raises PostgreSQL's errors for operands of a type that
// PostgreSQL rejects where DuckDB casts them: a number where a condition
// must be boolean (NOT 1, WHERE 1), and a comparison of a boolean with a
// number (b = 1). It also negates integers so that DuckDB raises
// PostgreSQL's overflow error, where DuckDB's parser folds the negation
// of a constant into a wider type (-(-2147483648)::int was 2147483648).
// As in duckdb_pg_errors.go, the types are those that the statement
// shows after typeColumns.

// strictNumberTypes are the names that postgresTypeName gives the number
// types, which PostgreSQL neither compares with a boolean nor takes as
// one.
var strictNumberTypes = map[string]bool{
	"smallint": true, "integer": true, "bigint": true, "numeric": true, "real": true, "double precision": true,
}

// checkStrictTypes raises PostgreSQL's 42804 error for a condition that
// is not boolean and its 42883 error for a comparison of a boolean with a
// number, and rewrites the negation of integers (negateIntegers).
func checkStrictTypes(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_BoolExpr:
			construct := map[pg.BoolExprType]string{
				pg.BoolExprType_AND_EXPR: "AND", pg.BoolExprType_OR_EXPR: "OR", pg.BoolExprType_NOT_EXPR: "NOT",
			}[v.BoolExpr.Boolop]
			for _, arg := range v.BoolExpr.Args {
				if err := checkCondition(arg, construct); err != nil {
					return err
				}
			}
		case *pg.Node_SelectStmt:
			if err := checkCondition(v.SelectStmt.WhereClause, "WHERE"); err != nil {
				return err
			}
			return checkCondition(v.SelectStmt.HavingClause, "HAVING")
		case *pg.Node_UpdateStmt:
			return checkCondition(v.UpdateStmt.WhereClause, "WHERE")
		case *pg.Node_DeleteStmt:
			return checkCondition(v.DeleteStmt.WhereClause, "WHERE")
		case *pg.Node_JoinExpr:
			return checkCondition(v.JoinExpr.Quals, "JOIN/ON")
		case *pg.Node_FuncCall:
			return checkCondition(v.FuncCall.AggFilter, "FILTER")
		case *pg.Node_CaseExpr:
			if v.CaseExpr.Arg != nil {
				return nil
			}
			for _, when := range v.CaseExpr.Args {
				if err := checkCondition(when.GetCaseWhen().GetExpr(), "CASE/WHEN"); err != nil {
					return err
				}
			}
		case *pg.Node_AExpr:
			if err := checkBooleanComparison(v.AExpr); err != nil {
				return err
			}
			negateIntegers(n, v.AExpr)
		}
		return nil
	})
}

// checkCondition returns PostgreSQL's error for a condition of construct
// whose type the statement shows to be a number.
func checkCondition(condition *pg.Node, construct string) error {
	if condition == nil {
		return nil
	}
	typ := postgresTypeName(condition)
	if !strictNumberTypes[typ] {
		return nil
	}
	return &Error{Code: "42804",
		Message:  fmt.Sprintf("argument of %s must be type boolean, not type %s", construct, typ),
		Position: int(leftmostLocation(condition)) + 1}
}

// checkBooleanComparison returns PostgreSQL's 42883 error for a
// comparison, or IN, of a boolean with a number. The parser names the
// operator of IN =, and that of NOT IN <>, as PostgreSQL's error does.
func checkBooleanComparison(e *pg.A_Expr) error {
	op := lastName(e.Name)
	rights := []*pg.Node{e.Rexpr}
	switch {
	case e.Lexpr == nil:
		return nil
	case e.Kind == pg.A_Expr_Kind_AEXPR_IN:
		rights = e.Rexpr.GetList().GetItems()
	case e.Kind != pg.A_Expr_Kind_AEXPR_OP || !comparisonOperators[op]:
		return nil
	}
	if op == "!=" {
		op = "<>"
	}
	left := postgresTypeName(e.Lexpr)
	for _, right := range rights {
		rightType := postgresTypeName(right)
		if left == "boolean" && strictNumberTypes[rightType] || rightType == "boolean" && strictNumberTypes[left] {
			return &Error{Code: CodeUndefinedFunction,
				Message:  fmt.Sprintf("operator does not exist: %s %s %s", left, op, rightType),
				Hint:     noOperatorHint,
				Position: int(e.Location) + 1}
		}
	}
	return nil
}

// negateIntegers turns -x of an integer type into 0 - x of that type,
// which DuckDB computes in the type and so raises "integer out of range"
// for the type's minimum, as PostgreSQL does. DuckDB's parser folds
// -(c::int) of a constant c into a constant of a wider type.
// NOTE: -x of a column whose type the statement does not show still fails
// with DuckDB's message for the overflow, under SQLSTATE 22003.
func negateIntegers(n *pg.Node, e *pg.A_Expr) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr != nil || lastName(e.Name) != "-" {
		return
	}
	typ := exactType(e.Rexpr)
	if typ != "int2" && typ != "int4" && typ != "int8" {
		return
	}
	zero := typeCast(pg.MakeAConstIntNode(0, e.Location), typ, e.Location)
	n.Node = binaryOp("-", zero, e.Rexpr, e.Location).Node
}

// leftmostLocation returns the location of the leftmost token of an
// expression, where PostgreSQL's errors point: that of a cast's or an
// operator's first operand.
func leftmostLocation(n *pg.Node) int32 {
	location := exprLocation(n)
	var inner *pg.Node
	switch v := n.GetNode().(type) {
	case *pg.Node_TypeCast:
		inner = v.TypeCast.Arg
	case *pg.Node_AExpr:
		inner = v.AExpr.Lexpr
	}
	if inner != nil {
		if left := leftmostLocation(inner); left >= 0 && (location < 0 || left < location) {
			return left
		}
	}
	return location
}
