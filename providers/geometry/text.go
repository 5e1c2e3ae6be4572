package geometry

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// maxDecimals is the number of decimal places PostGIS 3's ST_AsText
// writes at most by default.
const maxDecimals = 15

// Text writes g as PostGIS's ST_AsText does: no space after the type
// name or after commas, and each coordinate in its shortest form with at
// most 15 decimal places.
func Text(g orb.Geometry) string {
	var b strings.Builder
	writeText(&b, g)
	return b.String()
}

func writeText(b *strings.Builder, g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		b.WriteString("POINT")
		writeEmptyOr(b, emptyPoint(g), func() {
			b.WriteByte('(')
			writePoint(b, g)
			b.WriteByte(')')
		})
	case orb.MultiPoint:
		b.WriteString("MULTIPOINT")
		writeEmptyOr(b, len(g) == 0, func() {
			writeList(b, len(g), func(i int) {
				if emptyPoint(g[i]) {
					b.WriteString("EMPTY")
					return
				}
				b.WriteByte('(')
				writePoint(b, g[i])
				b.WriteByte(')')
			})
		})
	case orb.LineString:
		b.WriteString("LINESTRING")
		writeEmptyOr(b, len(g) == 0, func() { writePoints(b, g) })
	case orb.MultiLineString:
		b.WriteString("MULTILINESTRING")
		writeEmptyOr(b, len(g) == 0, func() {
			writeList(b, len(g), func(i int) { writeMember(b, len(g[i]) == 0, func() { writePoints(b, g[i]) }) })
		})
	case orb.Polygon:
		b.WriteString("POLYGON")
		writeEmptyOr(b, len(g) == 0, func() { writeRings(b, g) })
	case orb.MultiPolygon:
		b.WriteString("MULTIPOLYGON")
		writeEmptyOr(b, len(g) == 0, func() {
			writeList(b, len(g), func(i int) { writeMember(b, len(g[i]) == 0, func() { writeRings(b, g[i]) }) })
		})
	case orb.Collection:
		b.WriteString("GEOMETRYCOLLECTION")
		writeEmptyOr(b, len(g) == 0, func() {
			writeList(b, len(g), func(i int) { writeText(b, g[i]) })
		})
	case orb.Ring:
		writeText(b, orb.Polygon{g})
	case orb.Bound:
		writeText(b, g.ToPolygon())
	}
}

func writeEmptyOr(b *strings.Builder, empty bool, write func()) {
	if empty {
		b.WriteString(" EMPTY")
		return
	}
	write()
}

// emptyPoint reports whether p is POINT EMPTY, which WKB writes with NaN
// coordinates.
func emptyPoint(p orb.Point) bool {
	return math.IsNaN(p[0]) && math.IsNaN(p[1])
}

// writeMember writes an empty member of a multi-geometry as PostGIS does,
// EMPTY without a type name.
func writeMember(b *strings.Builder, empty bool, write func()) {
	if empty {
		b.WriteString("EMPTY")
		return
	}
	write()
}

func writeList(b *strings.Builder, n int, item func(int)) {
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		item(i)
	}
	b.WriteByte(')')
}

func writeRings(b *strings.Builder, p orb.Polygon) {
	writeList(b, len(p), func(i int) { writePoints(b, p[i]) })
}

func writePoints[T ~[]orb.Point](b *strings.Builder, points T) {
	writeList(b, len(points), func(i int) { writePoint(b, points[i]) })
}

func writePoint(b *strings.Builder, p orb.Point) {
	b.WriteString(Coordinate(p[0]))
	b.WriteByte(' ')
	b.WriteString(Coordinate(p[1]))
}

// Coordinate formats one coordinate as PostGIS 3 does: the shortest
// decimal that reads back as the same double, rounded to 15 decimal
// places. Magnitudes of 1e15 and more, and nonzero ones of 1e-8 and less,
// are written with an exponent, such as 1e-8 or 1.234567890123457e+16.
func Coordinate(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case f == 0:
		return "0"
	case math.Abs(f) >= 1e15 || math.Abs(f) <= 1e-8:
		return exponentForm(f)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if dot := strings.IndexByte(s, '.'); dot >= 0 && len(s)-dot-1 > maxDecimals {
		s = strconv.FormatFloat(f, 'f', maxDecimals, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// exponentForm writes f with at most 15 decimal places in the mantissa
// and an exponent without leading zeros.
func exponentForm(f float64) string {
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mantissa, exponent, _ := strings.Cut(s, "e")
	if dot := strings.IndexByte(mantissa, '.'); dot >= 0 && len(mantissa)-dot-1 > maxDecimals {
		s = strconv.FormatFloat(f, 'e', maxDecimals, 64)
		mantissa, exponent, _ = strings.Cut(s, "e")
		mantissa = strings.TrimRight(strings.TrimRight(mantissa, "0"), ".")
	}
	sign, digits := exponent[:1], strings.TrimLeft(exponent[1:], "0")
	return mantissa + "e" + sign + digits
}
