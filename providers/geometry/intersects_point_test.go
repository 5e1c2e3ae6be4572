package geometry

import (
	"testing"

	"github.com/paulmach/orb"
)

// TestIntersectsPointAllocations checks that ST_Intersects of a polygon
// and a point copies nothing, since a spatial join calls it for every
// pair of rows whose boxes overlap.
func TestIntersectsPointAllocations(t *testing.T) {
	// Interface values made outside the measured function, since
	// converting a slice or an array to one allocates.
	var polygon orb.Geometry = orb.MultiPolygon{
		{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}, {{0.5, 0.5}, {1, 0.5}, {1, 1}, {0.5, 0.5}}},
		{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}},
	}
	var point orb.Geometry = orb.Point{1.5, 1.5}
	allocations := testing.AllocsPerRun(100, func() {
		if !Intersects(polygon, point) || !Intersects(point, polygon) {
			t.Fatal("Intersects of a point inside the polygon is false")
		}
	})
	if allocations != 0 {
		t.Errorf("Intersects of a multipolygon and a point allocates %v times, want 0", allocations)
	}
}
