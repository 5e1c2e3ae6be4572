package duckdb

import (
	"database/sql/driver"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// volatileUDF is a function that DuckDB must call for every row, never
// folding it to a constant.
type volatileUDF struct{ udfSpec }

func (f volatileUDF) Config() duckdb.ScalarFuncConfig {
	config := f.udfSpec.Config()
	config.Volatile = true
	return config
}

// clockFunctions returns pgway_clock_timestamp, PostgreSQL's
// clock_timestamp(): the time at each call, which changes within a
// statement.
func clockFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_clock_timestamp": {volatileUDF{udfSpec{result: typeInfo(duckdb.TYPE_TIMESTAMP_TZ),
			run: func([]driver.Value) (any, error) {
				// PostgreSQL's timestamps have microseconds.
				return time.Now().UTC().Truncate(time.Microsecond), nil
			}}}},
	}
}
