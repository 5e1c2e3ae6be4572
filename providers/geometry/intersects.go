package geometry

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Intersects reports whether a and b share at least one point, boundaries
// included, as PostGIS's ST_Intersects does for planar geometries. Two
// geometries intersect when an edge of one crosses or touches an edge of
// the other, or when a vertex of one lies in the other.
func Intersects(a, b orb.Geometry) bool {
	// A point outside the box of a polygon is outside the polygon, so
	// intersectsPoints needs no box test.
	if result, ok := intersectsPoints(a, b); ok {
		return result
	}
	if !a.Bound().Intersects(b.Bound()) {
		return false
	}
	pa, pb := flatten(a), flatten(b)
	for _, p := range pa.points {
		if pb.covers(p) {
			return true
		}
	}
	for _, p := range pb.points {
		if pa.covers(p) {
			return true
		}
	}
	for _, s := range pa.segments {
		for _, t := range pb.segments {
			if segmentsIntersect(s[0], s[1], t[0], t[1]) {
				return true
			}
		}
	}
	return false
}

// parts is a geometry taken apart: its vertices, its edges and its
// polygons.
type parts struct {
	points   []orb.Point
	segments [][2]orb.Point
	polygons []orb.Polygon
}

func flatten(g orb.Geometry) *parts {
	p := &parts{}
	p.add(g)
	return p
}

func (p *parts) add(g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		p.points = append(p.points, g)
	case orb.MultiPoint:
		p.points = append(p.points, g...)
	case orb.LineString:
		p.addLine(g)
	case orb.MultiLineString:
		for _, ls := range g {
			p.addLine(ls)
		}
	case orb.Ring:
		p.add(orb.Polygon{g})
	case orb.Polygon:
		for _, ring := range g {
			p.addLine(ring)
		}
		if len(g) > 0 {
			p.polygons = append(p.polygons, g)
		}
	case orb.MultiPolygon:
		for _, polygon := range g {
			p.add(polygon)
		}
	case orb.Collection:
		for _, member := range g {
			p.add(member)
		}
	case orb.Bound:
		p.add(g.ToPolygon())
	}
}

func (p *parts) addLine(points []orb.Point) {
	p.points = append(p.points, points...)
	for i := 0; i+1 < len(points); i++ {
		p.segments = append(p.segments, [2]orb.Point{points[i], points[i+1]})
	}
}

// covers reports whether point lies on a vertex, an edge or inside a
// polygon of p.
func (p *parts) covers(point orb.Point) bool {
	for _, q := range p.points {
		if q == point {
			return true
		}
	}
	for _, s := range p.segments {
		if onSegment(point, s[0], s[1]) {
			return true
		}
	}
	for _, polygon := range p.polygons {
		if planar.PolygonContains(polygon, point) {
			return true
		}
	}
	return false
}

// orientation returns the sign of the cross product (b-a) x (c-a): 1 when
// a, b, c turn counterclockwise, -1 clockwise, 0 when collinear.
func orientation(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func onSegment(p, a, b orb.Point) bool {
	return orientation(a, b, p) == 0 &&
		min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// segmentsIntersect reports whether segments ab and cd share a point.
func segmentsIntersect(a, b, c, d orb.Point) bool {
	o1, o2 := orientation(a, b, c), orientation(a, b, d)
	o3, o4 := orientation(c, d, a), orientation(c, d, b)
	if o1 != o2 && o3 != o4 {
		return true
	}
	return o1 == 0 && onSegment(c, a, b) || o2 == 0 && onSegment(d, a, b) ||
		o3 == 0 && onSegment(a, c, d) || o4 == 0 && onSegment(b, c, d)
}
