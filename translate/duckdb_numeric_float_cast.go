package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// floatResultFunctions are the quotient functions that return DuckDB's
// DOUBLE for a float argument, as PostgreSQL's float8 versions of stddev,
// variance, sqrt, exp, ln, log and power do. A cast of their result to
// numeric must convert it (pgway_to_numeric), because the argument's type
// often shows only when the statement runs.
var floatResultFunctions = map[string]bool{
	varianceFunction: true, "pgway_sqrt": true, "pgway_exp": true, "pgway_ln": true,
	"pgway_log10": true, "pgway_log": true, "pgway_power": true,
}

// mayBeFloatQuotient reports whether n, a quotient, may be a float when
// the statement runs: a function of floatResultFunctions, or a quotient
// with such an operand, such as stddev(x) * 2.
func mayBeFloatQuotient(n *pg.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Funcname) != 1 || !isQuotientName(lastName(fc.Funcname)) {
		return false
	}
	// An operand may already have its _result form.
	if floatResultFunctions[strings.TrimSuffix(lastName(fc.Funcname), resultSuffix)] {
		return true
	}
	for _, arg := range fc.Args {
		if mayBeFloatQuotient(arg) {
			return true
		}
	}
	return false
}
