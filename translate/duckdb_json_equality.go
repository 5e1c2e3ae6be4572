package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL's json type has no equality or ordering operators, so
// DISTINCT, GROUP BY, ORDER BY, PARTITION BY, count(DISTINCT), the set
// operations other than UNION ALL and = of json values fail with 42883.
// DuckDB would compare the text that pgway keeps for them.

// takeJSONColumns removes the json columns of a derived table from types,
// which resolveColumns found, and returns them. The other rewrites handle
// such a column as one of unknown type, whose text a cast reads by its
// DuckDB type when the statement runs.
func takeJSONColumns(types map[*pg.ColumnRef]string) map[*pg.ColumnRef]bool {
	json := map[*pg.ColumnRef]bool{}
	for ref, typ := range types {
		if typ == "json" {
			json[ref] = true
			delete(types, ref)
		}
	}
	return json
}

// checkJSONEquality raises PostgreSQL's 42883 for json values where they
// would be compared. jsonColumns are the column references of json type.
func checkJSONEquality(stmt *pg.Node, jsonColumns map[*pg.ColumnRef]bool) error {
	isJSON := func(n *pg.Node) bool {
		if ref := n.GetColumnRef(); ref != nil {
			return jsonColumns[ref]
		}
		return returnsJSON(n)
	}
	var err error
	outputs := jsonbOutputs{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.SelectStmt:
			if clause, n := jsonbSelectClause(v, isJSON, outputs); n != nil {
				err = jsonOperatorError(clause, n)
			}
		case *pg.WindowDef:
			for _, n := range v.PartitionClause {
				if err == nil && isJSON(n) {
					err = jsonOperatorError("PARTITION BY", n)
				}
			}
		case *pg.FuncCall:
			for _, n := range v.Args {
				if err == nil && v.AggDistinct && isJSON(n) {
					err = jsonOperatorError("DISTINCT", n)
				}
			}
		case *pg.A_Expr:
			if v.Kind == pg.A_Expr_Kind_AEXPR_OP && v.Lexpr != nil && lastName(v.Name) == "=" &&
				jsonOperand(v.Lexpr, isJSON) != "" && jsonOperand(v.Rexpr, isJSON) != "" && (isJSON(v.Lexpr) || isJSON(v.Rexpr)) {
				err = &Error{Code: CodeUndefinedFunction,
					Message:  "operator does not exist: " + jsonOperand(v.Lexpr, isJSON) + " = " + jsonOperand(v.Rexpr, isJSON),
					Hint:     "No operator matches the given name and argument types. You might need to add explicit type casts.",
					Position: int(v.Location) + 1}
			}
		}
	})
	return err
}

// jsonOperand returns the type PostgreSQL names for n in an operator
// error: json, unknown for a string constant, or "" for another value.
func jsonOperand(n *pg.Node, isJSON func(*pg.Node) bool) string {
	switch {
	case isJSON(n):
		return "json"
	case n.GetAConst().GetSval() != nil:
		return "unknown"
	}
	return ""
}

// jsonOperatorError returns PostgreSQL's error for json values in clause:
// ORDER BY needs an ordering operator, the others equality.
func jsonOperatorError(clause string, n *pg.Node) error {
	operator := "an equality"
	if clause == "ORDER BY" {
		operator = "an ordering"
	}
	return &Error{Code: CodeUndefinedFunction,
		Message:  "could not identify " + operator + " operator for type json",
		Position: int(exprLocation(n)) + 1}
}
