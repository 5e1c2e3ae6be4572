package duckdb

import (
	"database/sql/driver"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// PostGIS's && compares the 2D bounding boxes that it keeps with every
// geometry (BOX2DF in PostGIS 3). These hold single-precision floats,
// rounded outward from the double-precision coordinates, so && is true
// for boxes that are apart by less than a float's precision:
// 'POINT(1 0)' && 'POINT(1.00000001 0)' is true in PostGIS 3.3. The
// pgway_bbox_* functions return the sides of that box as doubles, NULL for
// an empty geometry, so that the dialect can write && and the bounding
// box test of ST_Intersects in a join as comparisons of numbers, which
// DuckDB plans as a range join.
//
// The provider's && of two geometries compares the same boxes. It
// replaces DuckDB's && on GEOMETRY, which compares the exact boxes, and
// leaves DuckDB's && on lists as it is. Like PostGIS's, it is false when
// either geometry is empty and does not compare SRIDs.

// bboxFunctions returns the functions pgway_bbox_xmin, pgway_bbox_ymin,
// pgway_bbox_xmax and pgway_bbox_ymax.
func bboxFunctions() map[string]udf {
	side := func(part func(orb.Bound) float64, round func(float64) float64) udf {
		return udf{[]duckdb.Type{geom}, double, boundOf(func(b orb.Bound) float64 { return round(part(b)) })}
	}
	return map[string]udf{
		"&&":              {[]duckdb.Type{geom, geom}, boolean, overlaps},
		"pgway_bbox_xmin": side(func(b orb.Bound) float64 { return b.Min[0] }, floatDown),
		"pgway_bbox_ymin": side(func(b orb.Bound) float64 { return b.Min[1] }, floatDown),
		"pgway_bbox_xmax": side(func(b orb.Bound) float64 { return b.Max[0] }, floatUp),
		"pgway_bbox_ymax": side(func(b orb.Bound) float64 { return b.Max[1] }, floatUp),
	}
}

// overlaps is PostGIS's && of two geometries.
func overlaps(args []driver.Value) (any, error) {
	var boxes [2]orb.Bound
	for i, arg := range args {
		g, err := decodeShared(arg)
		if err != nil {
			return nil, err
		}
		b, ok := geometry.Bound(g)
		if !ok {
			return false, nil
		}
		boxes[i] = orb.Bound{Min: orb.Point{floatDown(b.Min[0]), floatDown(b.Min[1])},
			Max: orb.Point{floatUp(b.Max[0]), floatUp(b.Max[1])}}
	}
	a, b := boxes[0], boxes[1]
	return a.Min[0] <= b.Max[0] && b.Min[0] <= a.Max[0] && a.Min[1] <= b.Max[1] && b.Min[1] <= a.Max[1], nil
}

// floatDown returns the largest float32 at or below d, as PostGIS's
// next_float_down does, clamped to the float32 range.
func floatDown(d float64) float64 {
	if d > math.MaxFloat32 {
		return math.MaxFloat32
	}
	if d <= -math.MaxFloat32 {
		return -math.MaxFloat32
	}
	f := float32(d)
	if float64(f) > d {
		f = math.Nextafter32(f, -math.MaxFloat32)
	}
	return float64(f)
}

// floatUp returns the smallest float32 at or above d, as PostGIS's
// next_float_up does, clamped to the float32 range.
func floatUp(d float64) float64 {
	if d >= math.MaxFloat32 {
		return math.MaxFloat32
	}
	if d < -math.MaxFloat32 {
		return -math.MaxFloat32
	}
	f := float32(d)
	if float64(f) < d {
		f = math.Nextafter32(f, math.MaxFloat32)
	}
	return float64(f)
}
