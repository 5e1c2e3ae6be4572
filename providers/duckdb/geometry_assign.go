package duckdb

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers/geometry"
)

// A PostGIS geometry column without an SRID modifier stores each value
// with its own SRID. A DuckDB GEOMETRY column has one CRS for all its
// values, or none, and DuckDB drops the CRS of a value stored in a column
// without one, so the value would come back with the column's SRID. The
// dialect passes each value that INSERT or UPDATE stores in a geometry
// column through pgway_geometry_assign(value, crs of value, crs of
// column), which fails unless the two SRIDs are the same.

// assignFunctions returns pgway_geometry_assign, which returns the value
// unchanged, and NULL for NULL.
func assignFunctions(defaultSRID int32) map[string][]udf {
	return map[string][]udf{
		"pgway_geometry_assign": {{[]duckdb.Type{geom, text, text}, geom, func(args []driver.Value) (any, error) {
			valueSRID := crsSRID(args[1].(string), defaultSRID)
			columnSRID := crsSRID(args[2].(string), defaultSRID)
			if valueSRID != columnSRID {
				return nil, &geometry.InputError{Code: "0A000", Message: fmt.Sprintf(
					"storing a geometry of SRID %d in a column whose geometries have SRID %d is not supported on DuckDB, "+
						"which keeps one SRID per column", valueSRID, columnSRID)}
			}
			return args[0], nil
		}}},
	}
}
