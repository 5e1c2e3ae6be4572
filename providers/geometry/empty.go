package geometry

import (
	"encoding/binary"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// WKB has no empty point, so PostGIS 3 writes POINT EMPTY as a point
// whose coordinates are both C's NAN, the quiet NaN with the bits
// 0x7ff8000000000000. Go's math.NaN() has the bits 0x7ff8000000000001, and
// orb writes the bits of each coordinate as they are.

// emptyCoordinate is each coordinate of POINT EMPTY, with the bits that
// PostGIS writes.
var emptyCoordinate = math.Float64frombits(0x7ff8000000000000)

// emptyPointValue is POINT EMPTY as orb keeps it.
var emptyPointValue = orb.Point{emptyCoordinate, emptyCoordinate}

// MarshalWKB encodes g as ISO WKB in the byte order order, writing every
// empty point, alone or in a multi-geometry, as PostGIS does.
func MarshalWKB(g orb.Geometry, order binary.ByteOrder) ([]byte, error) {
	g, _ = withPostGISEmptyPoints(g)
	return wkb.Marshal(g, order)
}

// withPostGISEmptyPoints returns g with the coordinates of every point
// whose X and Y are both NaN replaced by emptyCoordinate, and whether it
// replaced any. It copies what it changes, since g may be shared.
func withPostGISEmptyPoints(g orb.Geometry) (orb.Geometry, bool) {
	switch g := g.(type) {
	case orb.Point:
		if emptyPoint(g) && !sameBits(g, emptyPointValue) {
			return emptyPointValue, true
		}
	case orb.MultiPoint:
		var out orb.MultiPoint
		for i, p := range g {
			if !emptyPoint(p) || sameBits(p, emptyPointValue) {
				continue
			}
			if out == nil {
				out = append(orb.MultiPoint(nil), g...)
			}
			out[i] = emptyPointValue
		}
		if out != nil {
			return out, true
		}
	case orb.Collection:
		var out orb.Collection
		for i, member := range g {
			replaced, changed := withPostGISEmptyPoints(member)
			if !changed {
				continue
			}
			if out == nil {
				out = append(orb.Collection(nil), g...)
			}
			out[i] = replaced
		}
		if out != nil {
			return out, true
		}
	}
	return g, false
}

// sameBits reports whether two points have the same bits, which ==
// cannot tell for NaN.
func sameBits(a, b orb.Point) bool {
	return math.Float64bits(a[0]) == math.Float64bits(b[0]) && math.Float64bits(a[1]) == math.Float64bits(b[1])
}

// withPostGISEmptyPointBits returns the WKB point wkbData with PostGIS's
// bits for POINT EMPTY when both its coordinates are NaN with other bits,
// which pgway wrote before it wrote PostGIS's, and wkbData otherwise.
//
// NOTE: it rewrites a point alone, not an empty point in a multipoint or
// a collection, which only MarshalWKB rewrites.
func withPostGISEmptyPointBits(wkbData []byte) []byte {
	const pointSize = 1 + 4 + 8 + 8
	if len(wkbData) != pointSize {
		return wkbData
	}
	order := byteOrder(wkbData[0])
	if order == nil || order.Uint32(wkbData[1:5]) != 1 {
		return wkbData
	}
	x, y := order.Uint64(wkbData[5:13]), order.Uint64(wkbData[13:21])
	canonical := math.Float64bits(emptyCoordinate)
	if !math.IsNaN(math.Float64frombits(x)) || !math.IsNaN(math.Float64frombits(y)) || (x == canonical && y == canonical) {
		return wkbData
	}
	out := append([]byte(nil), wkbData[:5]...)
	out = order.AppendUint64(out, canonical)
	return order.AppendUint64(out, canonical)
}
