package duckdb

/*
#cgo LDFLAGS: -lm
#include <math.h>
*/
import "C"

import (
	"database/sql/driver"
	"fmt"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// ST_Transform from WGS 84 longitude and latitude (SRID 4326) to Web
// Mercator (SRID 3857) computes x = a * lon and y = a * asinh(tan(lat)),
// in radians, with the WGS 84 semi-major axis a. With the C library's tan
// and asinh this gives the same doubles as PostGIS 3.3 with PROJ 9.1 for
// all 171,075 cities of the demo warehouse. Go's math package rounds some
// results to the neighbouring double, which changed the last bit of one
// city in seven.
//
// NOTE: the results are PostGIS's where the PostgreSQL server's C library
// computes tan and asinh as this process's does, as glibc does on both.

// webMercatorRadius is the semi-major axis of WGS 84 in metres, which Web
// Mercator takes as the radius of a sphere.
const webMercatorRadius = 6378137.0

// transformFunctions returns ST_Transform(geom, crs, target), to which the
// dialect passes the CRS of geom and that of the target SRID.
func transformFunctions(defaultSRID int32) map[string][]udf {
	return map[string][]udf{
		"st_transform": {{[]duckdb.Type{geom, text, text}, geom, func(args []driver.Value) (any, error) {
			g, err := decode(args[0])
			if err != nil {
				return nil, err
			}
			from, to := crsSRID(args[1].(string), defaultSRID), crsSRID(args[2].(string), defaultSRID)
			switch {
			case from == 0:
				return nil, &geometry.InputError{Code: "XX000", Message: "ST_Transform: Input geometry has unknown (0) SRID"}
			case from == to:
				return geometry.ToWKB(g)
			case from != 4326 || to != 3857:
				return nil, &geometry.InputError{Code: "0A000", Message: fmt.Sprintf(
					"ST_Transform from SRID %d to SRID %d is not supported on this warehouse, which transforms only from 4326 to 3857", from, to)}
			}
			projected, err := toWebMercator(g)
			if err != nil {
				return nil, err
			}
			return geometry.ToWKB(projected)
		}}},
	}
}

// toWebMercator projects every point of g.
func toWebMercator(g orb.Geometry) (orb.Geometry, error) {
	var failed error
	project := func(p orb.Point) orb.Point {
		if math.IsNaN(p[0]) && math.IsNaN(p[1]) {
			return p // the coordinates of POINT EMPTY
		}
		if math.Abs(p[1]) > 90 || math.IsNaN(p[0]) || math.IsNaN(p[1]) {
			failed = &geometry.InputError{Code: "0A000", Message: fmt.Sprintf(
				"ST_Transform of the point (%v %v), outside the range of longitude and latitude, is not supported on this warehouse", p[0], p[1])}
			return p
		}
		lambda := adjustLongitude(p[0] * (math.Pi / 180))
		phi := p[1] * (math.Pi / 180)
		return orb.Point{webMercatorRadius * lambda, webMercatorRadius * float64(C.asinh(C.tan(C.double(phi))))}
	}
	out := mapPoints(g, project)
	return out, failed
}

// adjustLongitude brings a longitude in radians into -pi..pi as PROJ
// does, leaving values that overshoot pi by less than 1e-12 as they are.
func adjustLongitude(lambda float64) float64 {
	if math.Abs(lambda) < math.Pi+1e-12 {
		return lambda
	}
	lambda += math.Pi
	lambda -= 2 * math.Pi * math.Floor(lambda/(2*math.Pi))
	return lambda - math.Pi
}

// mapPoints returns g with every point replaced by project's result.
func mapPoints(g orb.Geometry, project func(orb.Point) orb.Point) orb.Geometry {
	points := func(ps []orb.Point) []orb.Point {
		out := make([]orb.Point, len(ps))
		for i, p := range ps {
			out[i] = project(p)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		return project(g)
	case orb.MultiPoint:
		return orb.MultiPoint(points(g))
	case orb.LineString:
		return orb.LineString(points(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = points(l)
		}
		return out
	case orb.Polygon:
		out := make(orb.Polygon, len(g))
		for i, r := range g {
			out[i] = points(r)
		}
		return out
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = mapPoints(p, project).(orb.Polygon)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = mapPoints(c, project)
		}
		return out
	}
	return g
}
