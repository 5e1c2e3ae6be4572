package geometry

import (
	"math"

	"github.com/paulmach/orb"
)

// PostGIS 3.3 computes ST_Intersects of a polygon or multipolygon and a
// point or multipoint without GEOS. After the bounding box test it locates
// each point with the point-in-polygon test that ST_Contains uses, and is
// true when a point is not outside, so a point on the boundary intersects.
// This test allocates nothing, where the general Intersects copies every
// edge of the polygon on each call, and a spatial join of points with
// polygons calls it for each pair of rows whose boxes overlap.

// intersectsPoints returns ST_Intersects(a, b) when one of a and b is a
// polygon or multipolygon and the other a point or a multipoint, and false
// for ok otherwise. A multipoint with an empty member is left to
// Intersects.
//
// NOTE: like ContainsPoint, it tests edges shorter than 1e-12, which
// PostGIS skips for a polygon it has cached for a query.
func intersectsPoints(a, b orb.Geometry) (intersects, ok bool) {
	if !polygonal(a) {
		a, b = b, a
	}
	if !polygonal(a) {
		return false, false
	}
	var points []orb.Point
	switch b := b.(type) {
	case orb.Point:
		points = []orb.Point{b}
	case orb.MultiPoint:
		points = b
	default:
		return false, false
	}
	for _, p := range points {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
			return false, false
		}
	}
	for _, p := range points {
		var location int
		switch a := a.(type) {
		case orb.Polygon:
			location = polygonLocation(a, p)
		case orb.MultiPolygon:
			location = multiPolygonLocation(a, p)
		}
		if location != locationOutside {
			return true, true
		}
	}
	return false, true
}

func polygonal(g orb.Geometry) bool {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		return true
	}
	return false
}
