package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// microsecondsPerDay is the time of day 24:00:00, which PostgreSQL's
// time and timetz reach when 23:59:59.5 rounds up, and which DuckDB's
// TIME holds too. It is written as text cast to int8 because an integer
// constant node holds 32 bits.
const microsecondsPerDay = "86400000000"

// roundTimeOfDay rounds the time or timetz n to precision fractional
// digits of a second, half up, as a cast to time(p) or timetz(p) does in
// PostgreSQL, where DuckDB drops the precision:
//
//	CASE WHEN r >= 86400000000 THEN '24:00:00'::time
//	     ELSE x + to_microseconds(r - epoch_us(x)) END
//
// with r = (epoch_us(x) + half) / unit * unit, which DuckDB divides as
// integers (DuckDBSessionSetup). epoch_us of a timetz is its local time of
// day. A time that rounds up to midnight stays 24:00:00, with the offset
// of a timetz, where adding to it would wrap around to 00:00:00.
func roundTimeOfDay(n *pg.Node, precision int64, withZone bool, loc int32) {
	unit := int64(1)
	for range 6 - precision {
		unit *= 10
	}
	x := &pg.Node{Node: n.Node}
	us := func() *pg.Node { return funcCall("epoch_us", loc, cloneNode(x)) }
	units := binaryOp("/", binaryOp("+", us(), pg.MakeAConstIntNode(unit/2, loc), loc), pg.MakeAConstIntNode(unit, loc), loc)
	rounded := func() *pg.Node { return binaryOp("*", cloneNode(units), pg.MakeAConstIntNode(unit, loc), loc) }
	added := binaryOp("+", cloneNode(x), funcCall("to_microseconds", loc, binaryOp("-", rounded(), us(), loc)), loc)
	midnight := typeCast(pg.MakeAConstStrNode("24:00:00", loc), "time", loc)
	if withZone {
		offset := funcCall("regexp_extract", loc, typeCast(cloneNode(x), "varchar", loc), pg.MakeAConstStrNode(`[+-][0-9:]+$`, loc))
		midnight = typeCast(funcCall("concat", loc, pg.MakeAConstStrNode("24:00:00", loc), offset), "timetz", loc)
	}
	day := typeCast(pg.MakeAConstStrNode(microsecondsPerDay, loc), "int8", loc)
	n.Node = searchedCase(loc, added, binaryOp(">=", rounded(), day, loc), midnight).Node
}
