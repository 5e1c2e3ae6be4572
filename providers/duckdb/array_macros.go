package duckdb

import (
	"errors"

	bindings "github.com/duckdb/duckdb-go-bindings"
)

// arrayMacrosSQL creates the macros that the DuckDB dialect calls for
// PostgreSQL's array functions that DuckDB lacks
// (translate/duckdb_array_functions.go). Their lambdas take DuckDB 2.0's
// lambda syntax, which the dialect's deparser cannot write. They are
// temporary, so each connection creates them and they never reach the
// database file, which may be read-only. Each compares elements with IS
// NOT DISTINCT FROM, as PostgreSQL does, and raises PostgreSQL's 0A000
// for an array of more than one dimension, whose elements are lists on
// DuckDB.
const arrayMacrosSQL = `
CREATE OR REPLACE TEMP MACRO pgway_array_positions(a, x) AS
  CASE WHEN typeof(a) LIKE '%[][]' AND len(a) > 0
  THEN error('searching for elements in multidimensional arrays is not supported (SQLSTATE 0A000)')
  ELSE list_filter(range(1, len(a) + 1), lambda i: a[i] IS NOT DISTINCT FROM x)::INTEGER[] END;
CREATE OR REPLACE TEMP MACRO pgway_array_remove(a, x) AS
  CASE WHEN typeof(a) LIKE '%[][]' AND len(a) > 0
  THEN error('removing elements from multidimensional arrays is not supported (SQLSTATE 0A000)')
  ELSE list_filter(a, lambda e: e IS DISTINCT FROM x) END;
CREATE OR REPLACE TEMP MACRO pgway_array_replace(a, x, y) AS
  CASE WHEN typeof(a) LIKE '%[][]' AND len(a) > 0
  THEN error('array_replace() of an array of more than one dimension is not supported on this warehouse (SQLSTATE 0A000)')
  ELSE list_transform(a, lambda e: CASE WHEN e IS NOT DISTINCT FROM x THEN y ELSE e END) END;
CREATE OR REPLACE TEMP MACRO pgway_null_elements(a, null_string) AS
  list_transform(a, lambda e: nullif(e, null_string));
`

// createArrayMacros creates the macros of arrayMacrosSQL on c.
func createArrayMacros(c *conn) error {
	var result bindings.Result
	state := bindings.Query(c.handle, arrayMacrosSQL, &result)
	message := bindings.ResultError(&result)
	bindings.DestroyResult(&result)
	if state == bindings.StateError {
		return convertError(errors.New("create pgway's array macros on a DuckDB connection: " + message))
	}
	return nil
}
