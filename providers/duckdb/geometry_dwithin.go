package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// dwithinFunctions returns ST_DWithin(a, b, distance, crs of a, crs of b)
// on geometry, to which the dialect passes the CRS of each geometry.
//
// PostGIS 3.3 (LWGEOM_dwithin) raises an error for a negative distance
// and for two SRIDs, returns false when either geometry is empty, and
// otherwise compares the planar minimum distance with distance, true when
// it is at most distance. The provider computes it between two points
// only, and fails with 0A000 for other types.
func dwithinFunctions(defaultSRID int32) map[string][]udf {
	within := func(args []driver.Value) (any, error) {
		a, err := decodeShared(args[0])
		if err != nil {
			return nil, err
		}
		b, err := decodeShared(args[1])
		if err != nil {
			return nil, err
		}
		distance := args[2].(float64)
		if distance < 0 {
			return nil, &geometry.InputError{Code: "XX000", Message: "Tolerance cannot be less than zero\n"}
		}
		if err := sameSRID("LWGEOM_dwithin", a, crsSRID(args[3].(string), defaultSRID),
			b, crsSRID(args[4].(string), defaultSRID)); err != nil {
			return nil, err
		}
		if emptyGeometry(a) || emptyGeometry(b) {
			return false, nil
		}
		p, pointA := a.(orb.Point)
		q, pointB := b.(orb.Point)
		if !pointA || !pointB {
			return nil, &geometry.InputError{Code: "0A000", Message: fmt.Sprintf(
				"ST_DWithin of a %s and a %s is not supported on this warehouse, only of two points",
				geometryTypeNames[a.GeoJSONType()], geometryTypeNames[b.GeoJSONType()])}
		}
		return pointDistance(p, q) <= distance, nil
	}
	return map[string][]udf{
		"st_dwithin": {{[]duckdb.Type{geom, geom, double, text, text}, boolean, within}},
	}
}

// pointDistance is the planar distance of two points as PostGIS 3.3
// computes it, sqrt(dx*dx + dy*dy). The conversions round each product,
// so that the compiler does not fuse a multiplication and the addition,
// which could round a distance at the boundary differently.
func pointDistance(p, q orb.Point) float64 {
	dx, dy := q[0]-p[0], q[1]-p[1]
	return math.Sqrt(float64(dx*dx) + float64(dy*dy))
}
