package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// rewriteMultiUnnest rewrites unnest() of more than one array in FROM,
// which DuckDB lacks, into a derived table of one unnest() per array:
//
//	unnest(a, b) AS u(x, y)  (SELECT unnest(a) AS x, unnest(b) AS y) AS u(x, y)
//
// DuckDB pads the shorter lists of a select list's unnest() calls with
// NULL, as PostgreSQL pads the shorter arrays, and a NULL array has no
// elements in both. The derived table is LATERAL where the arrays refer
// to columns, as a function in FROM may in PostgreSQL. It reports whether
// rf was such a call. WITH ORDINALITY, and a call without an alias that
// names each column, fail with 0A000.
func rewriteMultiUnnest(n *pg.Node, rf *pg.RangeFunction) (bool, error) {
	if len(rf.Functions) != 1 || rf.IsRowsfrom {
		return false, nil
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 {
		return false, nil
	}
	fc := items[0].GetFuncCall()
	if fc == nil || len(fc.Args) < 2 || !strings.EqualFold(lastName(fc.Funcname), "unnest") ||
		schemaOf(fc.Funcname) != "" && schemaOf(fc.Funcname) != "pg_catalog" {
		return false, nil
	}
	if rf.Ordinality {
		return true, unsupported("unnest() of more than one array WITH ORDINALITY", fc.Location, "")
	}
	if rf.Alias == nil || len(rf.Alias.Colnames) != len(fc.Args) {
		// PostgreSQL names every column unnest, where DuckDB would
		// rename all but the first.
		return true, unsupported("unnest() of more than one array without a name for each column", fc.Location,
			"Name every column in the alias, as in unnest(a, b) AS u(x, y).")
	}
	targets := make([]*pg.Node, len(fc.Args))
	for i, array := range fc.Args {
		name := rf.Alias.Colnames[i].GetString_().GetSval()
		targets[i] = resTarget(name, funcCall("unnest", fc.Location, array))
	}
	alias := rf.Alias
	n.Node = &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Lateral:  rf.Lateral || hasColumn(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}),
		Subquery: selectOf(nil, targets...), Alias: alias}}
	return true, nil
}
