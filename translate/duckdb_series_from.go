package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// integerSeriesInFrom makes generate_series of integers in FROM return
// integer, as PostgreSQL's generate_series(int4, int4) does, where
// DuckDB's returns BIGINT. The call becomes a derived table that casts
// its values, named as PostgreSQL names the function's column: by the
// alias's column name, else the alias, else generate_series. The DuckDB
// rewrite runs it twice: for integer constants before the column
// references are resolved, and for arguments that show they are integer
// or smallint after typeColumns casts the columns to their types.
func integerSeriesInFrom(stmt *pg.Node) {
	var items []*pg.Node
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if n, ok := msg.(*pg.Node); ok && n.GetRangeFunction() != nil {
			items = append(items, n)
		}
	})
	for _, n := range items {
		rf := n.GetRangeFunction()
		if rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0 {
			continue
		}
		call := rf.Functions[0].GetList().GetItems()
		if len(call) == 0 {
			continue
		}
		fc := call[0].GetFuncCall()
		if fc == nil || lastName(fc.Funcname) != "generate_series" || schemaOf(fc.Funcname) != "" && schemaOf(fc.Funcname) != "pg_catalog" ||
			len(fc.Args) < 2 || len(fc.Args) > 3 || rf.Alias.GetAliasname() == seriesTable {
			continue
		}
		constants := allInt4Constants(fc.Args)
		if !constants && !isInt4Series(fc) {
			continue
		}
		alias := "generate_series"
		var columns []*pg.Node
		if rf.Alias != nil {
			alias, columns = rf.Alias.Aliasname, rf.Alias.Colnames
		}
		columnCount := 1
		if rf.Ordinality {
			columnCount = 2
		}
		if len(columns) > columnCount {
			continue // PostgreSQL's 42P10 comes from DuckDB's binder.
		}
		value, ordinality := alias, "ordinality"
		if len(columns) > 0 {
			value = columns[0].GetString_().GetSval()
		}
		if len(columns) > 1 {
			ordinality = columns[1].GetString_().GetSval()
		}
		inner := &pg.RangeFunction{Functions: rf.Functions, Ordinality: rf.Ordinality,
			Alias: &pg.Alias{Aliasname: seriesTable, Colnames: stringNodes("pgway_value", "pgway_ordinality")[:columnCount]}}
		targets := []*pg.Node{resTarget(value, typeCast(columnRef("pgway_value"), "int4", fc.Location))}
		if rf.Ordinality {
			targets = append(targets, resTarget(ordinality, columnRef("pgway_ordinality")))
		}
		query := selectOf([]*pg.Node{{Node: &pg.Node_RangeFunction{RangeFunction: inner}}}, targets...)
		// Arguments that are not constants may name the FROM items before
		// the call. A function in FROM can read them, and a subquery only
		// when it is LATERAL.
		n.Node = &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{Lateral: rf.Lateral || !constants, Subquery: query,
			Alias: &pg.Alias{Aliasname: alias}}}
	}
}

// allInt4Constants reports whether every argument is an integer constant,
// of type int4 in PostgreSQL, or its negation.
func allInt4Constants(args []*pg.Node) bool {
	for _, a := range args {
		if e := a.GetAExpr(); e != nil && e.Lexpr == nil && lastName(e.Name) == "-" {
			a = e.Rexpr
		}
		if a.GetAConst().GetIval() == nil {
			return false
		}
	}
	return true
}
