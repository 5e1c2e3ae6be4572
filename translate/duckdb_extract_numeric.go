package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// extractPrecision is the DECIMAL precision of extract's whole-number
// fields, whose values all fit in 18 digits: the largest, the julian day
// of a date, stays below 10^10. A precision of 38 would leave DuckDB
// no room for the scale of another numeric in greatest, coalesce or CASE,
// so it would round greatest(extract(day from d), 1.25) to a whole number.
const extractPrecision = 18

// wholeExtractFields are the fields that extract returns as a numeric of
// scale 0 in PostgreSQL 15 for every source type that has them.
var wholeExtractFields = map[string]bool{
	"year": true, "month": true, "day": true, "hour": true, "minute": true, "dow": true, "isodow": true,
	"doy": true, "week": true, "quarter": true, "decade": true, "century": true, "millennium": true,
	"isoyear": true, "microseconds": true, "timezone": true,
}

// isWholeExtract reports whether n is extract of a field in
// wholeExtractFields, whose values have scale 0 in PostgreSQL, so that a
// UNION ALL column or ARRAY beside numerics of another scale keeps each
// value's scale (rowScale).
func isWholeExtract(n *pg.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) != 2 || strings.ToLower(lastName(fc.Funcname)) != "extract" {
		return false
	}
	field := fc.Args[0].GetAConst().GetSval()
	return field != nil && wholeExtractFields[extractUnitNames[keywordKey(field.Sval)]]
}

// castWholeExtract casts guarded, the rewritten extract of unit from
// source, to numeric(extractPrecision, 0) when its values are whole
// numbers: for a unit in wholeExtractFields, and the julian day of a date.
// The cast shows their scale to rowScale and to coalesce, greatest and
// least beside numerics of another scale.
func castWholeExtract(name, unit string, source, guarded *pg.Node, loc int32) *pg.Node {
	whole := wholeExtractFields[unit] || unit == "julian" && exactType(source) == "date"
	if name != "extract" || !whole {
		return guarded
	}
	return decimalCast(guarded, extractPrecision, 0, loc)
}
