package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// PostgreSQL's sum(real) adds in single precision (float4pl), where
// DuckDB's sum of a FLOAT adds in double precision. The DuckDB dialect
// writes sum(r) as pgway_float4_sum(list(r)), with the same DISTINCT,
// ORDER BY, FILTER and OVER on list, and this function adds the list's
// values in their order in float32.

// float4SumFunctions returns the functions of this file by name, for
// registerBuiltinFunctions.
func float4SumFunctions() map[string][]duckdb.ScalarFunc {
	float := typeInfo(duckdb.TYPE_FLOAT)
	return map[string][]duckdb.ScalarFunc{
		"pgway_float4_sum": {udfSpec{params: []duckdb.TypeInfo{mustTypeInfo(duckdb.NewListInfo(float))},
			result: float, run: sumFloat4}},
	}
}

// sumFloat4 adds the non-NULL values of a list of FLOAT as float4pl does,
// with its overflow error for a sum that becomes infinite from finite
// values. It returns NULL when every value is NULL, as sum() does.
func sumFloat4(args []driver.Value) (any, error) {
	values, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("pgway_float4_sum argument has type %T", args[0])
	}
	var sum float32
	seen := false
	for _, v := range values {
		if v == nil {
			continue
		}
		x, ok := v.(float32)
		if !ok {
			return nil, fmt.Errorf("pgway_float4_sum element has type %T", v)
		}
		if !seen {
			sum, seen = x, true
			continue
		}
		next := sum + x
		if math.IsInf(float64(next), 0) && !math.IsInf(float64(sum), 0) && !math.IsInf(float64(x), 0) {
			return nil, errFloatOverflow
		}
		sum = next
	}
	if !seen {
		return nil, nil
	}
	return sum, nil
}
