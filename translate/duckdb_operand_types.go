package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file raises PostgreSQL's errors for calls, operators and casts
// whose operand types PostgreSQL 15 rejects and DuckDB takes. These are
// min and max of two values or of a boolean or bytea, string_agg of a
// value that is neither text nor bytea, and a subscript or field of a
// scalar. They also include IS TRUE of a value that is not boolean, ANY
// of a value that is not an array, casts between date and time types and
// numbers, and json_extract_path with a path element that is not text.
// The types are those that the statement shows after typeColumns, or a
// column's type from Relations.

// checkOperandTypes returns the first of these errors in stmt.
func checkOperandTypes(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	typeOf := func(n *pg.Node) string { return shownTypeName(n, types) }
	return walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_FuncCall:
			return checkCallTypes(v.FuncCall, typeOf)
		case *pg.Node_AIndirection:
			return checkIndirection(v.AIndirection, typeOf)
		case *pg.Node_BooleanTest:
			return checkBooleanTest(v.BooleanTest, typeOf)
		case *pg.Node_AExpr:
			return checkArrayComparison(v.AExpr, typeOf)
		case *pg.Node_TypeCast:
			if err := checkJSONBCast(v.TypeCast, typeOf); err != nil {
				return err
			}
			return checkDatetimeCast(v.TypeCast)
		}
		return nil
	})
}

// columnTypeNames are PostgreSQL's names of the column types that
// typeColumns leaves uncast.
var columnTypeNames = map[string]string{"bytea": "bytea", "jsonb": "jsonb"}

// shownTypeName returns PostgreSQL's name of n's type as its errors
// write it, or "" where the statement does not show it. A comparison,
// LIKE, IN and BETWEEN are boolean.
func shownTypeName(n *pg.Node, types map[*pg.ColumnRef]string) string {
	if ref := n.GetColumnRef(); ref != nil {
		if name := columnTypeNames[types[ref]]; name != "" {
			return name
		}
	}
	if e := n.GetAExpr(); e != nil && e.Lexpr != nil {
		switch e.Kind {
		case pg.A_Expr_Kind_AEXPR_OP:
			if comparisonOperators[lastName(e.Name)] {
				return "boolean"
			}
		case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE, pg.A_Expr_Kind_AEXPR_IN,
			pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN, pg.A_Expr_Kind_AEXPR_DISTINCT,
			pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			return "boolean"
		}
	}
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 {
		switch name := lastName(tc.TypeName.GetNames()); name {
		case "bytea", "json", "jsonb", "uuid":
			return name
		}
	}
	return postgresTypeName(n)
}

// scalarTypes are the types of shownTypeName that have neither
// subscripts nor fields in PostgreSQL 15.
var scalarTypes = map[string]bool{
	"smallint": true, "integer": true, "bigint": true, "numeric": true, "real": true, "double precision": true,
	"text": true, "character varying": true, "character": true, "boolean": true, "date": true,
	"timestamp without time zone": true, "timestamp with time zone": true, "interval": true,
	"time without time zone": true, "bytea": true, "json": true, "uuid": true,
}

// checkCallTypes returns 42883 for a call of a built-in function that
// has no overload for the argument types.
func checkCallTypes(fc *pg.FuncCall, typeOf func(*pg.Node) string) error {
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		return nil
	}
	name := strings.ToLower(lastName(fc.Funcname))
	argTypes := make([]string, len(fc.Args))
	for i, arg := range fc.Args {
		argTypes[i] = typeOf(arg)
	}
	if !callTakes(name, argTypes) {
		return missingFunction(name, fc.Location, argTypes...)
	}
	return nil
}

// callTakes reports whether PostgreSQL has the function name for
// arguments of the types argTypes, as far as they are known. It
// returns true for the functions it does not check.
func callTakes(name string, argTypes []string) bool {
	switch name {
	case "min", "max":
		// DuckDB's max(x, n) returns the n largest values as a list.
		if len(argTypes) != 1 {
			return len(argTypes) == 0
		}
		// TODO: max and min of a uuid column still run, because Relations
		// keep no uuid type (formattedTypes), so only u::uuid shows it.
		switch argTypes[0] {
		case "boolean", "bytea", "json", "jsonb", "uuid":
			return false
		}
	case "string_agg":
		if len(argTypes) == 2 {
			return stringAggTakes(argTypes[0], argTypes[1])
		}
	case "json_extract_path", "json_extract_path_text", "jsonb_extract_path", "jsonb_extract_path_text":
		for _, typ := range argTypes[min(1, len(argTypes)):] {
			if typ != "" && !textTypes[typ] {
				return false
			}
		}
	}
	return true
}

// textTypes are the types that PostgreSQL takes for a text argument
// without a cast, unknown being that of a string constant.
var textTypes = map[string]bool{"text": true, "character varying": true, "character": true, "unknown": true}

// stringAggTakes reports whether PostgreSQL has string_agg for a value
// and delimiter of these types: string_agg(text, text) and
// string_agg(bytea, bytea), where a string constant takes either type.
func stringAggTakes(value, delimiter string) bool {
	kind := func(typ string) string {
		switch {
		case typ == "" || typ == "unknown":
			return ""
		case textTypes[typ]:
			return "text"
		case typ == "bytea":
			return "bytea"
		}
		return "other"
	}
	v, d := kind(value), kind(delimiter)
	return v != "other" && d != "other" && (v == "" || d == "" || v == d)
}

// checkIndirection returns PostgreSQL's error for a subscript or a field
// of a value whose type has neither: 42804 and 42809.
func checkIndirection(ind *pg.A_Indirection, typeOf func(*pg.Node) string) error {
	typ := typeOf(ind.Arg)
	if len(ind.Indirection) == 0 || !scalarTypes[typ] {
		return nil
	}
	position := int(leftmostLocation(ind.Arg)) + 1
	if field := ind.Indirection[0].GetString_(); field != nil {
		return &Error{Code: "42809", Position: position, Message: fmt.Sprintf(
			"column notation .%s applied to type %s, which is not a composite type", field.Sval, typ)}
	}
	if ind.Indirection[0].GetAIndices() != nil {
		return &Error{Code: "42804", Position: position, Message: fmt.Sprintf(
			"cannot subscript type %s because it does not support subscripting", typ)}
	}
	return nil
}

// booleanTestNames are the constructs of the kinds of BooleanTest, as
// PostgreSQL's errors name them.
var booleanTestNames = map[pg.BoolTestType]string{
	pg.BoolTestType_IS_TRUE: "IS TRUE", pg.BoolTestType_IS_NOT_TRUE: "IS NOT TRUE",
	pg.BoolTestType_IS_FALSE: "IS FALSE", pg.BoolTestType_IS_NOT_FALSE: "IS NOT FALSE",
	pg.BoolTestType_IS_UNKNOWN: "IS UNKNOWN", pg.BoolTestType_IS_NOT_UNKNOWN: "IS NOT UNKNOWN",
}

// checkBooleanTest returns 42804 for IS TRUE and the like of a value
// whose type is not boolean, which DuckDB casts to boolean.
func checkBooleanTest(test *pg.BooleanTest, typeOf func(*pg.Node) string) error {
	typ := typeOf(test.Arg)
	if typ == "" || typ == "boolean" || typ == "unknown" {
		return nil
	}
	return &Error{Code: "42804", Position: int(leftmostLocation(test.Arg)) + 1, Message: fmt.Sprintf(
		"argument of %s must be type boolean, not type %s", booleanTestNames[test.Booltesttype], typ)}
}

// checkArrayComparison returns 42809 for x op ANY (y) or ALL (y) where y
// is not an array, which DuckDB fails on with XX000.
func checkArrayComparison(e *pg.A_Expr, typeOf func(*pg.Node) string) error {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP_ANY && e.Kind != pg.A_Expr_Kind_AEXPR_OP_ALL {
		return nil
	}
	if !scalarTypes[typeOf(e.Rexpr)] {
		return nil
	}
	return &Error{Code: "42809", Message: "op ANY/ALL (array) requires array on right side",
		Position: int(e.Location) + 1}
}

// datetimeCasts are the casts that PostgreSQL 15 has from and to its date
// and time types, among the types of exactType. Every other cast between
// one of them and another type of exactType but text is missing, as
// pg_cast shows.
var datetimeCasts = map[string]map[string]bool{
	"date":        {"timestamp": true, "timestamptz": true},
	"time":        {"interval": true},
	"timestamp":   {"date": true, "time": true, "timestamptz": true},
	"timestamptz": {"date": true, "time": true, "timestamp": true},
	"interval":    {"time": true},
}

// checkDatetimeCast returns 42846 for a cast between a date or time type
// and a number, a boolean or another date or time type that PostgreSQL
// cannot cast to. DuckDB fails on most of them with 22P02, and casts
// a timestamp to a time with time zone.
func checkDatetimeCast(tc *pg.TypeCast) error {
	if len(tc.TypeName.GetArrayBounds()) > 0 {
		return nil
	}
	target, source := castTypeNames[lastName(tc.TypeName.GetNames())], booleanCastOperandType(tc.Arg)
	if source == "" || target == "" || source == target || source == "text" || target == "text" {
		return nil
	}
	_, sourceIsDatetime := datetimeCasts[source]
	_, targetIsDatetime := datetimeCasts[target]
	if !sourceIsDatetime && !targetIsDatetime || datetimeCasts[source][target] {
		return nil
	}
	return &Error{Code: "42846", Position: int(tc.Location) + 1, Message: fmt.Sprintf(
		"cannot cast type %s to %s", typeDisplayName(source), typeDisplayName(target))}
}
