package translate

import pg "github.com/pganalyze/pg_query_go/v6"

// inferIntervalFactor gives a bare parameter that multiplies or divides
// an interval the type double precision. PostgreSQL has one operator for
// each (interval * float8, float8 * interval and interval / float8), so
// it resolves the parameter to it, where DuckDB finds several candidates.
func inferIntervalFactor(e *pg.A_Expr, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
		return
	}
	switch lastName(e.Name) {
	case "*":
		if typeOf(e.Lexpr) == 1186 {
			set(e.Rexpr, 701)
		}
		if typeOf(e.Rexpr) == 1186 {
			set(e.Lexpr, 701)
		}
	case "/":
		if typeOf(e.Lexpr) == 1186 {
			set(e.Rexpr, 701)
		}
	}
}

// functionResultOID returns the type of the built-in functions whose
// result does not depend on the types of their arguments: extract() is
// numeric, and date_part(), random() and pi() are double precision. It
// returns 0 for others.
func functionResultOID(fc *pg.FuncCall) uint32 {
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		return 0
	}
	switch lastName(fc.Funcname) {
	case "extract":
		return pgNumericOID
	case "date_part", "random", "pi":
		return 701
	}
	return 0
}
