package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// A column of a derived table, WITH query or VALUES list whose value is
// computed text, such as lower(s) or '1/2/' || '24', is text in
// PostgreSQL. resultColumns gives it that type, so typeColumns casts its
// references to text. A cast of such a reference to date, time,
// timestamp or boolean then reads the text as PostgreSQL does
// (textToDateTime, textToBoolean), where DuckDB's cast would read
// '1/2/24' year first.

// byteaOverloadFunctions of computedTextFunctions also take bytea in
// PostgreSQL 15 and return bytea for it.
var byteaOverloadFunctions = map[string]bool{
	"substr": true, "substring": true, "btrim": true, "ltrim": true, "rtrim": true, "string_agg": true,
}

// derivedText reports whether n is computed text (computedText) whatever
// its operands' DuckDB types: a function that also takes bytea counts
// only when its first argument is text.
func (types computedColumnTypes) derivedText(n *pg.Node) bool {
	if !types.computedText(n) {
		return false
	}
	fc := n.GetFuncCall()
	if fc == nil || !byteaOverloadFunctions[lastName(fc.Funcname)] {
		return true
	}
	return len(fc.Args) > 0 && types.textual(fc.Args[0])
}
