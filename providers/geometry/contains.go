package geometry

import (
	"math"

	"github.com/paulmach/orb"
)

// PostGIS 3.3 computes ST_Contains(polygon, point), and ST_Within with
// its arguments swapped, with its own point-in-polygon test instead of
// GEOS (lwgeom_functions_analytic.c): a winding number over the edges of
// each ring, where a point on an edge is on the boundary and so not
// contained. ContainsPoint follows that test, with the same side
// computation and the same comparisons, so that a point near an edge
// falls on the side PostGIS puts it.

// Point locations relative to a polygonal geometry, as PostGIS numbers
// them.
const (
	locationOutside  = -1
	locationBoundary = 0
	locationInside   = 1
)

// ContainsPoint returns ST_Contains(a, b) for a polygon or multipolygon a
// and a point b, and false for ok when a or b has another type, which
// PostGIS computes with GEOS. Either geometry being empty gives false,
// as in PostGIS.
//
// NOTE: PostGIS skips edges shorter than 1e-12 when it tests a polygon it
// has cached for a query, and tests them otherwise. ContainsPoint tests
// them, so a point on such an edge may differ from a cached test.
func ContainsPoint(a, b orb.Geometry) (contains, ok bool) {
	point, isPoint := b.(orb.Point)
	if !isPoint {
		return false, false
	}
	if math.IsNaN(point[0]) || math.IsNaN(point[1]) {
		switch a.(type) {
		case orb.Polygon, orb.MultiPolygon:
			return false, true // POINT EMPTY
		}
		return false, false
	}
	switch a := a.(type) {
	case orb.Polygon:
		return polygonLocation(a, point) == locationInside, true
	case orb.MultiPolygon:
		return multiPolygonLocation(a, point) == locationInside, true
	}
	return false, false
}

// polygonLocation locates p relative to a polygon as PostGIS's
// point_in_polygon does.
func polygonLocation(polygon orb.Polygon, p orb.Point) int {
	if len(polygon) == 0 {
		return locationOutside
	}
	result := ringLocation(polygon[0], p)
	if result == locationOutside {
		return locationOutside
	}
	for _, hole := range polygon[1:] {
		switch ringLocation(hole, p) {
		case locationInside:
			return locationOutside
		case locationBoundary:
			return locationBoundary
		}
	}
	return result
}

// multiPolygonLocation locates p relative to a multipolygon as PostGIS's
// point_in_multipolygon does: the first polygon that p is not outside of
// decides.
func multiPolygonLocation(polygons orb.MultiPolygon, p orb.Point) int {
	result := locationOutside
	for _, polygon := range polygons {
		if len(polygon) == 0 {
			continue
		}
		exterior := ringLocation(polygon[0], p)
		if exterior == locationOutside {
			continue
		}
		if exterior == locationBoundary {
			return locationBoundary
		}
		result = exterior
		for _, hole := range polygon[1:] {
			location := ringLocation(hole, p)
			if location == locationInside {
				result = locationOutside
				break
			}
			if location == locationBoundary {
				return locationBoundary
			}
		}
		if result != locationOutside {
			return result
		}
	}
	return result
}

// ringLocation locates p relative to a ring by its winding number. An
// edge counts when p lies on its left and it rises through p's y, or on
// its right and it falls, each with its lower end included and its upper
// end excluded. Edges of zero length are skipped.
func ringLocation(ring orb.Ring, p orb.Point) int {
	winding := 0
	for i := 0; i+1 < len(ring); i++ {
		s1, s2 := ring[i], ring[i+1]
		if s1 == s2 {
			continue
		}
		side := (s2[0]-s1[0])*(p[1]-s1[1]) - (p[0]-s1[0])*(s2[1]-s1[1])
		if side == 0 && withinSegmentBox(s1, s2, p) {
			return locationBoundary
		}
		if s1[1] <= p[1] && p[1] < s2[1] && side > 0 {
			winding++
		} else if s2[1] <= p[1] && p[1] < s1[1] && side < 0 {
			winding--
		}
	}
	if winding == 0 {
		return locationOutside
	}
	return locationInside
}

// withinSegmentBox reports whether p lies in the bounding box of the
// segment s1 s2, edges included.
func withinSegmentBox(s1, s2, p orb.Point) bool {
	return min(s1[0], s2[0]) <= p[0] && p[0] <= max(s1[0], s2[0]) &&
		min(s1[1], s2[1]) <= p[1] && p[1] <= max(s1[1], s2[1])
}
