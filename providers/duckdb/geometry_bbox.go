package duckdb

import (
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"
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

// bboxFunctions returns the functions pgway_bbox_xmin, pgway_bbox_ymin,
// pgway_bbox_xmax and pgway_bbox_ymax.
func bboxFunctions() map[string]udf {
	side := func(part func(orb.Bound) float64, round func(float64) float64) udf {
		return udf{[]duckdb.Type{geom}, double, boundOf(func(b orb.Bound) float64 { return round(part(b)) })}
	}
	return map[string]udf{
		"pgway_bbox_xmin": side(func(b orb.Bound) float64 { return b.Min[0] }, floatDown),
		"pgway_bbox_ymin": side(func(b orb.Bound) float64 { return b.Min[1] }, floatDown),
		"pgway_bbox_xmax": side(func(b orb.Bound) float64 { return b.Max[0] }, floatUp),
		"pgway_bbox_ymax": side(func(b orb.Bound) float64 { return b.Max[1] }, floatUp),
	}
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
