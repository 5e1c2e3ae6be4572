package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file gives date_trunc, extract and date_part PostgreSQL 15's error
// for a unit that PostgreSQL does not recognize, where DuckDB fails with
// its own message and another SQLSTATE.

// specialUnitWords are the units and reserved words of PostgreSQL 15's
// date/time input table (datetktbl), which extract and date_part read
// after the interval units (intervalUnitWords) and date_trunc does not. extract rejects the
// reserved words but epoch with 0A000 rather than 22023.
var specialUnitWords = wordSet(`dow doy isodow isoyear julian j epoch infinity -infinity now today
	tomorrow yesterday allballs y m d h mm s`)

func wordSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, word := range strings.Fields(words) {
		out[word] = true
	}
	return out
}

// unitTypeNames are the type names in PostgreSQL's message for each
// DuckDB type of the source, by function. date_trunc of a date is the
// timestamptz version and of a time the interval version, as PostgreSQL's
// function resolution casts them, and date_part of a date is an SQL
// function that calls the timestamp version.
var unitTypeNames = map[string]map[string]string{
	"date_trunc": {"DATE": "timestamp with time zone", "TIME": "interval"},
	"date_part":  {"DATE": "timestamp without time zone"},
	"extract":    {"DATE": "date"},
}

// duckDBTypeNames are PostgreSQL's names of the DuckDB types that
// date_trunc, extract and date_part take, in a fixed order so that the
// rewrite is the same every time.
var duckDBTypeNames = [][2]string{
	{"TIMESTAMP", "timestamp without time zone"}, {"TIMESTAMP WITH TIME ZONE", "timestamp with time zone"},
	{"DATE", "date"}, {"INTERVAL", "interval"}, {"TIME", "time without time zone"},
	{"TIME WITH TIME ZONE", "time with time zone"},
}

// rejectUnknownUnit rewrites date_trunc, extract or date_part with a
// constant unit that PostgreSQL 15 does not recognize into an error of
// SQLSTATE 22023 for each row whose source is not NULL, as PostgreSQL
// raises it when it calls the function. It reports whether it rewrote
// the call. PostgreSQL downcases the unit and compares its first 10
// characters.
func rejectUnknownUnit(n *pg.Node, fc *pg.FuncCall, name string) bool {
	if len(fc.Args) < 2 || fc.Args[0].GetAConst().GetSval() == nil {
		return false
	}
	unit := strings.ToLower(fc.Args[0].GetAConst().GetSval().Sval)
	key := keywordKey(unit)
	if _, ok := intervalUnitWords[key]; ok || name != "date_trunc" && specialUnitWords[key] {
		return false
	}

	loc, source := fc.Location, fc.Args[1]
	var typeName *pg.Node
	if len(fc.Args) == 3 {
		typeName = pg.MakeAConstStrNode("timestamp with time zone", loc)
	} else {
		typeName = duckDBTypeNameCase(source, unitTypeNames[name], loc)
	}
	message := binaryOp("||", binaryOp("||",
		pg.MakeAConstStrNode(fmt.Sprintf("unit %q not recognized for type ", unit), loc), typeName, loc),
		pg.MakeAConstStrNode(" (SQLSTATE 22023)", loc), loc)
	raise := funcCall("error", loc, message)

	var result *pg.Node
	switch name {
	case "extract":
		result = decimalCast(raise, extractPrecision, 0, loc)
	case "date_part":
		result = typeCast(raise, "float8", loc)
	default:
		result = raise
	}
	// NOTE: when every source is NULL, the column of date_trunc has the
	// type DuckDB gives error(), not the type of the source.
	n.Node = searchedCase(loc, &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}, isNotNull(cloneNode(source), loc), result).Node
	return true
}

// duckDBTypeNameCase returns a CASE on DuckDB's typeof(source) that gives
// the PostgreSQL name of its type, from overrides and then
// duckDBTypeNames, or the DuckDB name in lower case for another type.
func duckDBTypeNameCase(source *pg.Node, overrides map[string]string, loc int32) *pg.Node {
	kind := funcCall("typeof", loc, cloneNode(source))
	var pairs []*pg.Node
	for _, names := range duckDBTypeNames {
		duckDBName, postgresName := names[0], names[1]
		if override, ok := overrides[duckDBName]; ok {
			postgresName = override
		}
		pairs = append(pairs, binaryOp("=", cloneNode(kind), pg.MakeAConstStrNode(duckDBName, loc), loc),
			pg.MakeAConstStrNode(postgresName, loc))
	}
	return searchedCase(loc, funcCall("lower", loc, kind), pairs...)
}
