package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// formatFunctions are PostgreSQL's format() and quote functions, with
// the provider's functions that run them (providers/duckdb/format_udf.go)
// and whether their arguments are any type, which they write as text.
var formatFunctions = map[string]struct {
	name    string
	anyType bool
}{
	"format":         {"pgway_format", true},
	"quote_ident":    {"pgway_quote_ident", false},
	"quote_literal":  {"pgway_quote_literal", true},
	"quote_nullable": {"pgway_quote_nullable", true},
}

// rewriteFormatFunction rewrites a call of one of formatFunctions and
// reports whether it did. The arguments are written as text as concat()
// writes them (rewriteConcat), which is PostgreSQL's output for the types
// that DuckDB writes otherwise.
func rewriteFormatFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	f, ok := formatFunctions[name]
	if !ok {
		return false, nil
	}
	if fc.FuncVariadic {
		return true, unsupportedf(fc.Location, "VARIADIC arguments of %s() are not supported on DuckDB", name)
	}
	if len(fc.Args) == 0 || name != "format" && len(fc.Args) != 1 || hasNamedArg(fc) {
		return true, noSuchFunction(fc, name)
	}
	args := fc.Args
	if name != "format" && showsBoolean(fc.Args[0]) {
		// quote_literal(anyelement) reads its argument's cast to text,
		// true, where concat() and format() write t.
		n.Node = funcCall(f.name, fc.Location, typeCast(fc.Args[0], "varchar", fc.Location)).Node
		return true, nil
	}
	if f.anyType {
		// quote_literal(anyelement) reads its argument's cast to text,
		// which writes a boolean as true where format() writes t.
		rewriteTextArguments(fc, name == "format", name == "format")
		args = make([]*pg.Node, len(fc.Args))
		for i, arg := range fc.Args {
			args[i] = arg
			if name != "format" || i > 0 {
				// format() takes its format string as text only.
				args[i] = typeCast(arg, "varchar", fc.Location)
			}
		}
	}
	n.Node = funcCall(f.name, fc.Location, args...).Node
	return true, nil
}

// textFunctionName returns the PostgreSQL name of a provider function
// of duckdb_regex.go or of this file, for PostgresFunctionName.
func textFunctionName(name string) (string, bool) {
	for postgres, f := range formatFunctions {
		if f.name == name {
			return postgres, true
		}
	}
	for postgres, f := range regexPositionFunctions {
		if f.name == name {
			return postgres, true
		}
	}
	switch name {
	case "pgway_regexp_match", "pgway_regexp_matches", "pgway_regexp_replace":
		return strings.TrimPrefix(name, "pgway_"), true
	case "pgway_regexp_split":
		return "regexp_split_to_array", true
	case "pgway_regexp_split_table":
		return "regexp_split_to_table", true
	case "pgway_substring_regex", "pgway_substring_similar":
		return "substring", true
	}
	return "", false
}

// showsBoolean reports whether n is a boolean that its expression shows:
// a constant, a cast, AND, OR, NOT, IS, or a comparison.
func showsBoolean(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil {
		switch e.Kind {
		case pg.A_Expr_Kind_AEXPR_OP:
			return comparisonOperators[lastName(e.Name)] && e.Lexpr != nil
		case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE, pg.A_Expr_Kind_AEXPR_IN,
			pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_DISTINCT:
			return true
		}
	}
	return postgresTypeName(n) == "boolean"
}
