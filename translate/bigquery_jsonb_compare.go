package translate

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL compares jsonb values as JSON values, whatever their spacing
// and key order. BigQuery defines no equality or order for its JSON type
// and rejects the query. So the comparisons, grouping, deduplication and
// sorting of values that the statement shows as json or jsonb (showsJSON)
// fail at translation with 0A000, naming the construct and its position.
// NOTE: a column of type JSON does not show its type, so comparing one
// still fails with BigQuery's error. PostgreSQL has no = of json values
// (42883), which these checks reject with 0A000 too.

// bqJSONCompareHint is the hint of the errors of this file.
const bqJSONCompareHint = "BigQuery has no equality or order of JSON values. Compare a field (->>) instead."

// checkBigQueryJSONComparisons rejects json and jsonb values in
// comparisons, IN, CASE, NULLIF, GROUP BY, DISTINCT, ORDER BY, PARTITION
// BY and set operations other than UNION ALL. max() and min() of jsonb
// raise PostgreSQL's error, since PostgreSQL has neither.
func checkBigQueryJSONComparisons(stmt *pg.Node) error {
	var err error
	outputs := jsonbOutputs{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.SelectStmt:
			err = withBigQueryJSONHint(checkJSONBSelect(v, showsJSON, outputs))
		case *pg.SortBy:
			if showsJSON(v.Node) {
				err = bqJSONClauseError("ORDER BY", v.Node)
			}
		case *pg.WindowDef:
			if n := firstJSON(v.PartitionClause); n != nil {
				err = bqJSONClauseError("PARTITION BY", n)
			}
		case *pg.FuncCall:
			err = checkJSONBExtremum(v, showsJSON)
			if n := firstJSON(v.Args); err == nil && v.AggDistinct && n != nil {
				err = bqJSONClauseError("DISTINCT", n)
			}
		case *pg.CaseExpr:
			if v.Arg != nil && showsJSON(v.Arg) {
				err = bqJSONClauseError("CASE", v.Arg)
			}
		case *pg.A_Expr:
			err = checkBigQueryJSONOperands(v)
		}
	})
	return err
}

// checkBigQueryJSONOperands rejects a comparison with a json or jsonb
// operand.
func checkBigQueryJSONOperands(e *pg.A_Expr) error {
	op := lastName(e.Name)
	construct := "operator " + op
	operands := []*pg.Node{e.Lexpr}
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		if !bqComparisons[op] {
			return nil
		}
		operands = append(operands, e.Rexpr)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		construct = "IS DISTINCT FROM"
		operands = append(operands, e.Rexpr)
	case pg.A_Expr_Kind_AEXPR_NULLIF:
		construct = "NULLIF"
		operands = append(operands, e.Rexpr)
	case pg.A_Expr_Kind_AEXPR_IN:
		construct = "IN"
		operands = append(operands, e.Rexpr.GetList().GetItems()...)
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		construct = "BETWEEN"
		operands = append(operands, e.Rexpr.GetList().GetItems()...)
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		if !bqComparisons[op] {
			return nil
		}
		construct = "operator " + op + " ANY or ALL"
	default:
		return nil
	}
	if n := firstJSON(operands); n != nil {
		return bqJSONClauseError(construct, n)
	}
	return nil
}

// firstJSON returns the first of nodes that shows a json or jsonb value,
// or nil.
func firstJSON(nodes []*pg.Node) *pg.Node {
	i := slices.IndexFunc(nodes, func(n *pg.Node) bool { return n != nil && showsJSON(n) })
	if i < 0 {
		return nil
	}
	return nodes[i]
}

func bqJSONClauseError(construct string, n *pg.Node) error {
	return &Error{Code: CodeFeatureNotSupported, Message: construct + " of jsonb values is not supported on BigQuery",
		Hint: bqJSONCompareHint, Position: int(exprLocation(n)) + 1}
}

// withBigQueryJSONHint rewrites an error of checkJSONBSelect, whose
// message names the clause, for BigQuery.
func withBigQueryJSONHint(err error) error {
	e := AsError(err)
	if e == nil {
		return err
	}
	out := *e
	out.Message = strings.Replace(out.Message, "on this warehouse", "on BigQuery", 1)
	out.Hint = bqJSONCompareHint
	return &out
}
