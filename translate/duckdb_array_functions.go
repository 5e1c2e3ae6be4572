package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// arrayMacros are PostgreSQL's array functions that the DuckDB provider
// has as macros of the same arguments (providers/duckdb/array_macros.go),
// by PostgreSQL's name, with their number of arguments. The macros filter
// or transform the list with lambdas, and raise PostgreSQL's 0A000 where
// it rejects an array of more than one dimension.
var arrayMacros = map[string]struct {
	name  string
	nargs int
}{
	"array_positions": {"pgway_array_positions", 2},
	"array_remove":    {"pgway_array_remove", 2},
	"array_replace":   {"pgway_array_replace", 3},
}

// rewriteArrayMacroCall renames a call of a function of arrayMacros to
// its macro.
func rewriteArrayMacroCall(fc *pg.FuncCall, name string) error {
	macro := arrayMacros[name]
	if len(fc.Args) != macro.nargs || fc.AggStar || fc.FuncVariadic || len(fc.AggOrder) > 0 || fc.Over != nil {
		return noSuchFunction(fc, name)
	}
	fc.Funcname = stringNodes(macro.name)
	return nil
}

// rewriteStringToArrayNulls rewrites string_to_array(s, delimiter,
// null_string), whose elements equal to null_string are NULL, into
//
//	pgway_null_elements(string_to_array(s, delimiter), null_string)
//
// with the two-argument call rewritten as rewriteStringToArray does. A
// NULL null_string replaces nothing, as nullif() of NULL does.
func rewriteStringToArrayNulls(n *pg.Node, fc *pg.FuncCall) {
	nullString := fc.Args[2]
	split := &pg.FuncCall{Funcname: fc.Funcname, Args: fc.Args[:2], Location: fc.Location}
	splitNode := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: split}}
	rewriteStringToArray(splitNode, split)
	n.Node = funcCall("pgway_null_elements", fc.Location, splitNode, nullString).Node
}
