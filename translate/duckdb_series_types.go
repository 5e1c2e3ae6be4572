package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// seriesTable is the alias of the generate_series call inside the derived
// table that integerSeriesInFrom writes.
const seriesTable = "pgway_series"

// isInt4Series reports whether the arguments of the generate_series call
// fc show that PostgreSQL picks generate_series(int4, int4): each is
// integer or smallint, and one is integer. DuckDB has only a BIGINT
// generate_series.
func isInt4Series(fc *pg.FuncCall) bool {
	integer := false
	for _, arg := range fc.Args {
		switch exactType(arg) {
		case "int4":
			integer = true
		case "int2":
		default:
			return false
		}
	}
	return integer
}

// checkSmallintSeries raises PostgreSQL's error for generate_series whose
// arguments are all smallint, which PostgreSQL cannot resolve among its
// integer, bigint and numeric forms, where DuckDB would return BIGINT.
func checkSmallintSeries(fc *pg.FuncCall) error {
	if len(fc.Args) < 2 || len(fc.Args) > 3 {
		return nil
	}
	names := ""
	for i, arg := range fc.Args {
		if exactType(arg) != "int2" {
			return nil
		}
		if i > 0 {
			names += ", "
		}
		names += "smallint"
	}
	return &Error{Code: "42725", Message: "function generate_series(" + names + ") is not unique",
		Position: int(fc.Location) + 1,
		Hint:     "Could not choose a best candidate function. You might need to add explicit type casts."}
}

// int4SeriesList casts the list that DuckDB's generate_series returns in
// the select list to INTEGER[] when PostgreSQL's call returns integer, so
// that its unnest is integer too.
func int4SeriesList(n *pg.Node) *pg.Node {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) < 2 || len(fc.Args) > 3 || !isInt4Series(fc) {
		return n
	}
	cast := typeCast(n, "int4", fc.Location)
	cast.GetTypeCast().TypeName.ArrayBounds = []*pg.Node{pg.MakeAConstIntNode(-1, -1)}
	return cast
}
