package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file gives extract and date_part PostgreSQL 15's results where
// DuckDB's differ. That is for a unit that the source's type does not
// support, for an infinite date or timestamp, and for a year before 1 AD,
// which DuckDB counts from year 0 and PostgreSQL from 1 BC.

// extractUnitNames are the canonical names of the units that PostgreSQL
// 15 reads for extract and date_part, by keywordKey: first the interval
// units, then the units of its date/time input table.
var extractUnitNames = func() map[string]string {
	out := map[string]string{}
	add := func(unit, names string) {
		for _, name := range strings.Fields(names) {
			out[name] = unit
		}
	}
	add("microseconds", "us usec usecs usecond useconds microsecon")
	add("milliseconds", "ms msec msecs msecond mseconds millisecon")
	add("second", "s sec secs second seconds")
	add("minute", "m min mins minute minutes mm")
	add("hour", "h hr hrs hour hours")
	add("day", "d day days")
	add("week", "w week weeks")
	add("month", "mon mons month months")
	add("quarter", "qtr quarter")
	add("year", "y yr yrs year years")
	add("decade", "dec decs decade decades")
	add("century", "c cent century centuries")
	add("millennium", "mil mils millennia millennium")
	add("timezone", "timezone timezone_h timezone_m")
	add("dow", "dow")
	add("isodow", "isodow")
	add("doy", "doy")
	add("isoyear", "isoyear")
	add("julian", "j julian")
	add("epoch", "epoch")
	return out
}()

// duckDBTimeZoneUnits are DuckDB's names of the units of a time zone's
// hours and minutes, by keywordKey.
var duckDBTimeZoneUnits = map[string]string{"timezone_h": "timezone_hour", "timezone_m": "timezone_minute"}

// duckDBUnitSpellings are the spellings of units other than the
// canonical ones that DuckDB 1.x reads as PostgreSQL does, and that
// rewriteExtract needs no canonical name for. DuckDB rejects mm, j and
// qtr, and its s and ms lose the fraction that rewriteExtract adds only
// for the names it handles.
var duckDBUnitSpellings = wordSet(`us usec usecs usecond useconds microsecond millisecond seconds m min mins minutes
	h hr hrs hours d days w weeks mon mons months y yr yrs years dec decs decades c cent centuries mil mils millennia`)

// spellExtractUnit returns the constant unit of extract or date_part in
// lower case, or "" for another unit, and writes a unit that DuckDB reads
// otherwise under its canonical name. PostgreSQL reads only the first 10
// characters of a unit, so timezone_h is timezone_hour.
func spellExtractUnit(fc *pg.FuncCall) string {
	if len(fc.Args) != 2 || fc.Args[0].GetAConst().GetSval() == nil {
		return ""
	}
	unit := fc.Args[0].GetAConst().GetSval()
	written := strings.ToLower(unit.Sval)
	key := keywordKey(written)
	canonical, known := extractUnitNames[key]
	switch {
	case duckDBTimeZoneUnits[key] != "":
		unit.Sval = duckDBTimeZoneUnits[key]
	case known && written != canonical && !duckDBUnitSpellings[written]:
		unit.Sval = canonical
	}
	return written
}

// extractTypeUnits are the units that PostgreSQL 15's extract supports
// for each DuckDB type, with the PostgreSQL name of the type. The unit
// timezone is also timezone_hour and timezone_minute.
var extractTypeUnits = []struct {
	duckDBName, postgresName string
	units                    map[string]bool
}{
	{"DATE", "date", wordSet("day week month quarter year decade century millennium isoyear julian dow isodow doy epoch")},
	{"TIMESTAMP", "timestamp without time zone", wordSet(`microseconds milliseconds second minute hour day week month
		quarter year decade century millennium isoyear julian dow isodow doy epoch`)},
	{"TIMESTAMP WITH TIME ZONE", "timestamp with time zone", wordSet(`microseconds milliseconds second minute hour day week month
		quarter year decade century millennium isoyear julian dow isodow doy epoch timezone`)},
	{"TIME", "time without time zone", wordSet("microseconds milliseconds second minute hour epoch")},
	{"TIME WITH TIME ZONE", "time with time zone", wordSet("microseconds milliseconds second minute hour epoch timezone")},
}

// monotonicUnits are the units whose value of an infinite date or
// timestamp is Infinity or -Infinity in PostgreSQL 15. The value of every
// other supported unit is NULL.
var monotonicUnits = wordSet("year decade century millennium julian isoyear epoch")

// guardExtract wraps n, the rewritten call of extract or date_part with
// a constant unit, in a CASE on the source's type with these results:
//   - 0A000 for a date, timestamp or time whose type does not support the
//     unit, as in PostgreSQL, where DuckDB returns 0.
//   - PostgreSQL's NULL, Infinity or -Infinity for an infinite date or
//     timestamp, where DuckDB returns a finite number or NULL.
//   - PostgreSQL's year, isoyear and decade of a year BC.
//
// date_part of a date is the timestamp version in PostgreSQL. A time
// source with a date unit and an interval source keep DuckDB's call, whose
// error the DuckDB provider reports with PostgreSQL's SQLSTATE.
// NOTE: extract returns numeric, and DuckDB's DECIMAL has no Infinity, so
// extract of a monotonic unit from an infinite source fails with 0A000.
func guardExtract(n *pg.Node, fc *pg.FuncCall, name, written string) {
	if len(fc.Args) != 2 {
		return
	}
	if written == "" && name == "date_part" {
		rejectVariableUnit(n, fc.Args[0], fc.Args[1], fc.Location)
		return
	}
	unit, ok := extractUnitNames[keywordKey(written)]
	if !ok {
		return
	}
	loc, source, result := fc.Location, fc.Args[1], &pg.Node{Node: n.Node}
	kind := func() *pg.Node { return funcCall("typeof", loc, cloneNode(source)) }
	isType := func(names ...string) *pg.Node {
		var list []*pg.Node
		for _, name := range names {
			list = append(list, pg.MakeAConstStrNode(name, loc))
		}
		return &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_IN, Name: stringNodes("="),
			Lexpr: kind(), Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: list}}}, Location: loc}}}
	}
	raise := func(message string) *pg.Node {
		return searchedCase(loc, nil, isNotNull(cloneNode(source), loc),
			funcCall("error", loc, pg.MakeAConstStrNode(message+" (SQLSTATE 0A000)", loc)))
	}
	asText := func() *pg.Node { return typeCast(cloneNode(source), "varchar", loc) }
	// DuckDB's epoch() is NULL for an infinite date or timestamp only,
	// and binds for every type of the source.
	isInfinite := allOf(loc, isType("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE"), isNotNull(cloneNode(source), loc),
		isNullTest(funcCall("epoch", loc, cloneNode(source)), loc))

	// The source's own type comes first, so that DuckDB binds the call
	// before the other branches for a type that no branch handles.
	var pairs []*pg.Node
	pairs = append(pairs, &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_NOT_EXPR,
		Args: []*pg.Node{isType("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIME", "TIME WITH TIME ZONE")}, Location: loc}}},
		cloneNode(result))
	for _, t := range extractTypeUnits {
		postgresName, units := t.postgresName, t.units
		if t.duckDBName == "DATE" && name == "date_part" {
			postgresName, units = extractTypeUnits[1].postgresName, extractTypeUnits[1].units
		}
		// A date checks the unit before infinity, and a timestamp after
		// it (below). DuckDB rejects the other units of a time while it
		// binds the call, and the DuckDB provider reports that error.
		if !units[unit] && (t.duckDBName == "DATE" || t.duckDBName == "TIME" && unit == "timezone") {
			pairs = append(pairs, isType(t.duckDBName), raise(fmt.Sprintf("unit %q not supported for type %s", written, postgresName)))
		}
	}
	pairs = append(pairs, isInfinite, infiniteExtract(unit, name, asText, raise, loc))
	for _, t := range extractTypeUnits[1:3] {
		if !t.units[unit] {
			pairs = append(pairs, isType(t.duckDBName), raise(fmt.Sprintf("unit %q not supported for type %s", written, t.postgresName)))
		}
	}
	if adjusted := yearsBeforeChrist(unit, name, source, result, loc); adjusted != nil {
		pairs = append(pairs, isType("DATE", "TIMESTAMP"), adjusted)
	}
	if adjusted := zonedYearsBeforeChrist(unit, name, source, result, loc); adjusted != nil {
		pairs = append(pairs, isType("TIMESTAMP WITH TIME ZONE"), adjusted)
	}
	n.Node = castWholeExtract(name, unit, source, searchedCase(loc, result, pairs...), loc).Node
}

// variableUnits are the values of a date_part unit that is not a
// constant for which DuckDB's date_part of a finite date or timestamp
// from 1 AD on returns PostgreSQL's value. DuckDB drops the fraction of
// second and milliseconds, and it rejects or reads otherwise other
// spellings.
var variableUnits = []string{"year", "month", "day", "hour", "minute", "quarter", "week", "dow", "isodow", "doy",
	"decade", "century", "millennium", "isoyear", "epoch"}

// rejectVariableUnit wraps n, a rewritten date_part whose unit is not a
// constant, so that it fails with 0A000 for a unit outside variableUnits
// and for an infinite date or timestamp or one before 2 January 1 AD UTC.
// guardExtract corrects those values only for a constant unit.
func rejectVariableUnit(n *pg.Node, unit, source *pg.Node, loc int32) {
	result := &pg.Node{Node: n.Node}
	in := func(x *pg.Node, values []string) *pg.Node {
		var items []*pg.Node
		for _, value := range values {
			items = append(items, pg.MakeAConstStrNode(value, loc))
		}
		return &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_IN, Name: stringNodes("="),
			Lexpr: x, Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: items}}}, Location: loc}}}
	}
	or := func(args ...*pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR, Args: args, Location: loc}}}
	}
	not := func(x *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_NOT_EXPR, Args: []*pg.Node{x}, Location: loc}}}
	}
	epoch := func() *pg.Node { return funcCall("epoch", loc, cloneNode(source)) }
	dateOrTimestamp := in(funcCall("typeof", loc, cloneNode(source)), []string{"DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE"})
	outside := allOf(loc, dateOrTimestamp, or(isNullTest(epoch(), loc), binaryOp("<", epoch(), floatConst("-62135510400", loc), loc)))
	unknownUnit := not(in(funcCall("lower", loc, cloneNode(unit)), variableUnits))
	raise := funcCall("error", loc, pg.MakeAConstStrNode("date_part() with a unit that is not a constant is not supported on DuckDB "+
		"for units other than "+strings.Join(variableUnits, ", ")+", nor for an infinite date or timestamp or one before 1 AD (SQLSTATE 0A000)", loc))
	condition := allOf(loc, isNotNull(cloneNode(source), loc), isNotNull(cloneNode(unit), loc), or(unknownUnit, outside))
	n.Node = searchedCase(loc, result, condition, raise).Node
}

// infiniteExtract returns the value of unit for an infinite date or
// timestamp: NULL, or for a monotonic unit an error for extract and
// Infinity or -Infinity for date_part.
func infiniteExtract(unit, name string, asText func() *pg.Node, raise func(string) *pg.Node, loc int32) *pg.Node {
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	switch {
	case !monotonicUnits[unit]:
		return null
	case name == "extract":
		return raise(fmt.Sprintf("extract(%s from an infinite date or timestamp) is not supported on DuckDB, whose numeric has no Infinity", unit))
	}
	return searchedCase(loc, typeCast(pg.MakeAConstStrNode("Infinity", loc), "float8", loc),
		binaryOp("=", asText(), pg.MakeAConstStrNode("-infinity", loc), loc),
		typeCast(pg.MakeAConstStrNode("-Infinity", loc), "float8", loc))
}

// sameTypeAs casts x to the type of extract's or date_part's result.
func sameTypeAs(name string, x *pg.Node, loc int32) *pg.Node {
	if name == "extract" {
		return decimalCast(x, extractPrecision, 0, loc)
	}
	return typeCast(x, "float8", loc)
}

// negate returns 0 - x, which is 0 rather than the double -0 for x = 0.
func negate(x *pg.Node, loc int32) *pg.Node {
	return binaryOp("-", pg.MakeAConstIntNode(0, loc), x, loc)
}

func allOf(loc int32, args ...*pg.Node) *pg.Node {
	return &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_AND_EXPR, Args: args, Location: loc}}}
}

func isNullTest(x *pg.Node, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: x, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
}

// yearsBeforeChrist returns unit's value from result, DuckDB's value of
// a date or timestamp, with PostgreSQL's count of years BC, or nil where
// both agree. DuckDB's year 0 is PostgreSQL's year -1 (1 BC), and
// PostgreSQL's decade of year y <= 0 is -((9 - y) / 10), rounded down.
func yearsBeforeChrist(unit, name string, source, result *pg.Node, loc int32) *pg.Node {
	switch unit {
	case "year", "isoyear":
		return searchedCase(loc, sameTypeAs(name, binaryOp("-", cloneNode(result), pg.MakeAConstIntNode(1, loc), loc), loc),
			binaryOp(">", cloneNode(result), pg.MakeAConstIntNode(0, loc), loc), cloneNode(result))
	case "decade":
		year := func() *pg.Node {
			return funcCall("date_part", loc, pg.MakeAConstStrNode("year", loc), cloneNode(source))
		}
		tenths := binaryOp("/", binaryOp("-", pg.MakeAConstIntNode(9, loc), year(), loc), floatConst("10.0", loc), loc)
		return searchedCase(loc, sameTypeAs(name, negate(funcCall("floor", loc, tenths), loc), loc),
			binaryOp(">=", year(), pg.MakeAConstIntNode(0, loc), loc), cloneNode(result))
	}
	return nil
}

// zonedYearsBeforeChrist returns unit's value from result, DuckDB's
// value of a timestamptz, with PostgreSQL's count of years BC, or nil
// where both agree. DuckDB's year and decade of a timestamptz count the
// years of the era, so 44 BC is year 44 and decade 4 where PostgreSQL's
// are -44 and -5, and its isoyear counts from year 0 as for a timestamp.
func zonedYearsBeforeChrist(unit, name string, source, result *pg.Node, loc int32) *pg.Node {
	// A timestamp BC in any time zone is before 2 January 1 AD UTC, which
	// the cheaper test on the epoch checks first.
	beforeChrist := allOf(loc,
		binaryOp("<", funcCall("epoch", loc, cloneNode(source)), floatConst("-62135510400", loc), loc),
		funcCall("contains", loc, typeCast(cloneNode(source), "varchar", loc), pg.MakeAConstStrNode("(BC)", loc)))
	switch unit {
	case "year":
		return searchedCase(loc, cloneNode(result), beforeChrist, sameTypeAs(name, negate(cloneNode(result), loc), loc))
	case "isoyear":
		return yearsBeforeChrist(unit, name, source, result, loc)
	case "decade":
		eraYear := funcCall("date_part", loc, pg.MakeAConstStrNode("year", loc), cloneNode(source))
		tenths := binaryOp("/", binaryOp("+", pg.MakeAConstIntNode(8, loc), eraYear, loc), floatConst("10.0", loc), loc)
		return searchedCase(loc, cloneNode(result), beforeChrist, sameTypeAs(name, negate(funcCall("floor", loc, tenths), loc), loc))
	}
	return nil
}
