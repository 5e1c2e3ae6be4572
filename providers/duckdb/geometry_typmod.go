package duckdb

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// A PostGIS column of type geometry(Point) holds points only: PostGIS
// checks the type of each value that a statement stores in it. DuckDB's
// GEOMETRY type has no such modifier, so the DuckDB dialect gives such a
// column a CHECK constraint that calls pgway_geometry_typmod(column,
// 'Point'), which raises PostGIS's error for a geometry of another type.

// typmodFunctions returns pgway_geometry_typmod(geom, type), which
// returns true for a geometry of the type that PostGIS names type, and
// NULL for NULL.
func typmodFunctions() map[string][]udf {
	return map[string][]udf{
		"pgway_geometry_typmod": {{[]duckdb.Type{geom, text}, boolean, func(args []driver.Value) (any, error) {
			g, err := decode(args[0])
			if err != nil {
				return nil, err
			}
			return checkGeometryTypmod(g, args[1].(string))
		}}},
	}
}

// checkGeometryTypmod returns true when g has the type columnType, and
// otherwise PostGIS 3's error for a geometry that does not fit the
// column.
func checkGeometryTypmod(g orb.Geometry, columnType string) (bool, error) {
	name := geometryTypeNames[g.GeoJSONType()]
	if name == columnType {
		return true, nil
	}
	if multi, ok := g.(orb.MultiPoint); ok && len(multi) == 0 && columnType == "Point" {
		// PostGIS stores MULTIPOINT EMPTY in a Point column as POINT
		// EMPTY, which a CHECK cannot do.
		return false, &geometry.InputError{Code: "0A000",
			Message: "MULTIPOINT EMPTY in a geometry(Point) column is not supported on this warehouse"}
	}
	return false, &geometry.InputError{Code: "22023",
		Message: fmt.Sprintf("Geometry type (%s) does not match column type (%s)", name, columnType)}
}
