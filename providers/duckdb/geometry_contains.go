package duckdb

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// containsFunctions returns ST_Contains(a, b, crs of a, crs of b) and
// ST_Within, to which the dialect passes the CRS of each geometry. They
// compute a polygon or multipolygon that contains a point, which PostGIS
// 3.3 tests with its own point-in-polygon function, and fail with 0A000
// for other types, which PostGIS passes to GEOS.
func containsFunctions(defaultSRID int32) map[string][]udf {
	contains := func(polygonal, point orb.Geometry, polygonalCRS, pointCRS driver.Value) (any, error) {
		// PostGIS's ST_Within calls its ST_Contains with the arguments
		// swapped, so both name contains in the error.
		if err := sameSRID("contains", polygonal, crsSRID(polygonalCRS.(string), defaultSRID),
			point, crsSRID(pointCRS.(string), defaultSRID)); err != nil {
			return nil, err
		}
		result, ok := geometry.ContainsPoint(polygonal, point)
		if !ok {
			if emptyGeometry(polygonal) || emptyGeometry(point) {
				return false, nil
			}
			return nil, &geometry.InputError{Code: "0A000", Message: fmt.Sprintf(
				"ST_Contains and ST_Within of a %s and a %s are not supported on this warehouse, only of a polygon or multipolygon and a point",
				geometryTypeNames[polygonal.GeoJSONType()], geometryTypeNames[point.GeoJSONType()])}
		}
		return result, nil
	}
	call := func(swap bool) func(args []driver.Value) (any, error) {
		return func(args []driver.Value) (any, error) {
			a, err := decodeShared(args[0])
			if err != nil {
				return nil, err
			}
			b, err := decodeShared(args[1])
			if err != nil {
				return nil, err
			}
			if swap {
				return contains(b, a, args[3], args[2])
			}
			return contains(a, b, args[2], args[3])
		}
	}
	return map[string][]udf{
		"st_contains": {{[]duckdb.Type{geom, geom, text, text}, boolean, call(false)}},
		"st_within":   {{[]duckdb.Type{geom, geom, text, text}, boolean, call(true)}},
	}
}

// emptyGeometry reports whether g has no coordinates, which makes
// ST_Contains false whatever the types.
func emptyGeometry(g orb.Geometry) bool {
	_, nonEmpty := geometry.Bound(g)
	return !nonEmpty
}
