package duckdb

import (
	"database/sql/driver"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// intervalTextFunction writes an interval as PostgreSQL's interval_out
// does under IntervalStyle postgres, the only style pgway accepts:
// "1 year 2 mons", "-1 days". DuckDB's cast to VARCHAR writes
// "1 year 2 months" and "-1 day".
const intervalTextFunction = "pgway_interval_text"

// intervalTextFunctions returns the function of this file by name, for
// registerBuiltinFunctions.
func intervalTextFunctions() map[string][]duckdb.ScalarFunc {
	interval := typeInfo(duckdb.TYPE_INTERVAL)
	return map[string][]duckdb.ScalarFunc{
		intervalTextFunction: {udfSpec{params: []duckdb.TypeInfo{interval}, result: varcharInfo, run: intervalText}},
	}
}

func intervalText(args []driver.Value) (any, error) {
	span := args[0].(duckdb.Interval)
	return providers.FormatInterval(span.Months, span.Days, span.Micros), nil
}
