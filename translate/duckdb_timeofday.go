package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// rewriteTimeOfDay turns timeofday() into pgway_timeofday(zone), the
// DuckDB provider's function that writes the current time as PostgreSQL
// 15's timeofday() does, in the session's time zone, such as
// 'Sat Dec 05 18:47:25.123456 2026 UTC'.
func rewriteTimeOfDay(fc *pg.FuncCall) error {
	if len(fc.Args) != 0 {
		return missingFunction("timeofday", fc.Location, argumentTypes(fc.Args)...)
	}
	fc.Funcname = stringNodes("pgway_timeofday")
	fc.Args = []*pg.Node{pg.MakeAConstStrNode(strings.Trim(timeZoneMarker(), "'"), fc.Location)}
	return nil
}
