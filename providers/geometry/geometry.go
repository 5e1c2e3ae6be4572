// Package geometry converts and tests 2D geometries for providers that
// send them as PostGIS geometry: EWKB for the wire, WKT as PostGIS prints
// it, and the predicates pgway computes itself where a warehouse has no
// GIS functions. Geometries are read from and written to ISO WKB with
// github.com/paulmach/orb, which handles X and Y only.
package geometry

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/encoding/wkt"
)

// OID is the type OID under which pgway sends geometry values when no
// catalog database supplies the OID of PostGIS's geometry type, which
// PostgreSQL assigns when the extension is created. It is above the OIDs
// of PostgreSQL's built-in types, which are below 16384, and stays the
// same across sessions, so that clients that cache type OIDs stay right.
const OID = 90000

// wkbSRIDFlag is set in the type word of an EWKB geometry that carries an
// SRID after the type word.
const wkbSRIDFlag = 0x20000000

// ToEWKB returns the EWKB of the WKB geometry wkbData with srid, in the
// byte order of wkbData, as PostGIS's geometry_send writes it. With srid 0
// it returns wkbData unchanged, except that POINT EMPTY gets PostGIS's NaN
// bits.
func ToEWKB(wkbData []byte, srid int32) ([]byte, error) {
	if len(wkbData) < 5 {
		return nil, errors.New("invalid WKB: shorter than 5 bytes")
	}
	wkbData = withPostGISEmptyPointBits(wkbData)
	if srid == 0 {
		return wkbData, nil
	}
	order := byteOrder(wkbData[0])
	if order == nil {
		return nil, fmt.Errorf("invalid WKB byte order %d", wkbData[0])
	}
	typ := order.Uint32(wkbData[1:5])
	if typ&wkbSRIDFlag != 0 {
		return wkbData, nil
	}
	typ, err := extendedType(typ)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(wkbData)+4)
	out = append(out, wkbData[0])
	out = order.AppendUint32(out, typ|wkbSRIDFlag)
	out = order.AppendUint32(out, uint32(srid))
	return append(out, wkbData[5:]...), nil
}

// extendedType converts an ISO WKB type word, where Z, M and ZM add 1000,
// 2000 and 3000, to the EWKB one, where they set the two top bits.
func extendedType(typ uint32) (uint32, error) {
	if typ > 0xffff {
		return typ, nil // already EWKB flags
	}
	base, dims := typ%1000, typ/1000
	switch dims {
	case 0:
		return base, nil
	case 1:
		return base | 0x80000000, nil
	case 2:
		return base | 0x40000000, nil
	case 3:
		return base | 0xc0000000, nil
	}
	return 0, fmt.Errorf("invalid WKB geometry type %d", typ)
}

// order is a byte order that can both read and append.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func byteOrder(b byte) order {
	switch b {
	case 0:
		return binary.BigEndian
	case 1:
		return binary.LittleEndian
	}
	return nil
}

// FromWKB decodes WKB or EWKB into a geometry and its SRID, 0 when the
// data carries none.
func FromWKB(data []byte) (orb.Geometry, int32, error) {
	if err := CheckTwoDimensional(data); err != nil {
		return nil, 0, err
	}
	srid := int32(0)
	if len(data) >= 9 {
		if order := byteOrder(data[0]); order != nil && order.Uint32(data[1:5])&wkbSRIDFlag != 0 {
			srid = int32(order.Uint32(data[5:9]))
			stripped := append([]byte{data[0]}, order.AppendUint32(nil, order.Uint32(data[1:5])&^wkbSRIDFlag)...)
			data = append(stripped, data[9:]...)
		}
	}
	g, err := wkb.Unmarshal(data)
	if err != nil {
		return nil, 0, fmt.Errorf("invalid WKB: %w", err)
	}
	return g, srid, nil
}

// ToWKB encodes g as little-endian ISO WKB, as PostGIS's ST_AsBinary does
// on little-endian hosts.
func ToWKB(g orb.Geometry) ([]byte, error) {
	return MarshalWKB(g, binary.LittleEndian)
}

// FromText parses WKT or PostGIS's EWKT (SRID=n;WKT) into a geometry and
// its SRID, 0 when the text gives none.
func FromText(text string) (orb.Geometry, int32, error) {
	srid := int32(0)
	if len(text) > 5 && (text[:5] == "SRID=" || text[:5] == "srid=") {
		var rest string
		if n, err := fmt.Sscanf(text[5:], "%d;", &srid); n != 1 || err != nil {
			return nil, 0, fmt.Errorf("invalid EWKT SRID in %q", text)
		}
		_, rest, _ = cutByte(text, ';')
		text = rest
	}
	g, err := wkt.Unmarshal(text)
	if err != nil {
		return nil, 0, fmt.Errorf("parse error - invalid geometry: %w", err)
	}
	return g, srid, nil
}

func cutByte(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// Envelope returns the polygon that ST_MakeEnvelope builds: the corners in
// the order PostGIS writes them, starting at the minimum corner.
func Envelope(xmin, ymin, xmax, ymax float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{xmin, ymin}, {xmin, ymax}, {xmax, ymax}, {xmax, ymin}, {xmin, ymin},
	}}
}

// BoxGeometry returns the geometry that PostGIS casts a box2d to: a
// point when the box has no extent, a line from the minimum corner to the
// maximum when it is flat, and otherwise the polygon of Envelope.
func BoxGeometry(xmin, ymin, xmax, ymax float64) orb.Geometry {
	switch {
	case xmin == xmax && ymin == ymax:
		return orb.Point{xmin, ymin}
	case xmin == xmax || ymin == ymax:
		return orb.LineString{{xmin, ymin}, {xmax, ymax}}
	}
	return Envelope(xmin, ymin, xmax, ymax)
}

// Box2DText writes a bounding box as PostGIS writes a box2d, the result
// of ST_Extent: BOX(xmin ymin,xmax ymax).
func Box2DText(xmin, ymin, xmax, ymax float64) string {
	return "BOX(" + Coordinate(xmin) + " " + Coordinate(ymin) + "," +
		Coordinate(xmax) + " " + Coordinate(ymax) + ")"
}

// Bound returns the bounding box of g, and false for an empty geometry,
// which has none.
func Bound(g orb.Geometry) (orb.Bound, bool) {
	empty := true
	var bound orb.Bound
	walkPoints(g, func(p orb.Point) {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
			return // the coordinates of POINT EMPTY
		}
		if empty {
			bound, empty = orb.Bound{Min: p, Max: p}, false
			return
		}
		bound = bound.Extend(p)
	})
	return bound, !empty
}

// walkPoints calls visit for every point of g.
func walkPoints(g orb.Geometry, visit func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		visit(g)
	case orb.MultiPoint:
		for _, p := range g {
			visit(p)
		}
	case orb.LineString:
		for _, p := range g {
			visit(p)
		}
	case orb.MultiLineString:
		for _, l := range g {
			walkPoints(l, visit)
		}
	case orb.Ring:
		for _, p := range g {
			visit(p)
		}
	case orb.Polygon:
		for _, r := range g {
			walkPoints(r, visit)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			walkPoints(p, visit)
		}
	case orb.Collection:
		for _, c := range g {
			walkPoints(c, visit)
		}
	}
}
