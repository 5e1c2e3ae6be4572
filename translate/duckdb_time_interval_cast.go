package translate

import pg "github.com/pganalyze/pg_query_go/v6"

// timeIntervalCast makes a cast between time and interval, which DuckDB
// lacks, a computation that DuckDB has, where the statement shows the
// argument's type. The cast itself stays, so that a precision such as
// time(0) still rounds. PostgreSQL's time to interval is the time since
// midnight, 24:00:00 included. Its interval to time keeps the
// microseconds of the interval modulo a day, after dropping the months
// and days, which is what DuckDB's time plus interval computes.
func timeIntervalCast(tc *pg.TypeCast, name string) {
	if len(tc.TypeName.GetArrayBounds()) > 0 {
		return
	}
	loc := tc.Location
	switch {
	case name == "interval" && exactType(tc.Arg) == "time":
		tc.Arg = funcCall("to_microseconds", loc, funcCall("epoch_us", loc, tc.Arg))
	case name == "time" && isIntervalValued(tc.Arg):
		tc.Arg = binaryOp("+", typeCast(pg.MakeAConstStrNode("00:00:00", loc), "time", loc), tc.Arg, loc)
	}
}
