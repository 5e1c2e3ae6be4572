package geometry

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// InputError is a failure to read geometry input, with the SQLSTATE that
// PostGIS or pgway reports for it.
type InputError struct {
	Code    string
	Message string
}

func (e *InputError) Error() string { return e.Message + " (SQLSTATE " + e.Code + ")" }

// parseError is PostGIS's error for text it cannot read as a geometry.
func parseError(message string) error { return &InputError{Code: "XX000", Message: message} }

// unsupportedInput is the error for input that PostGIS reads but pgway
// cannot keep, such as a third coordinate, which orb drops.
func unsupportedInput(format string, args ...any) error {
	return &InputError{Code: "0A000", Message: fmt.Sprintf(format, args...)}
}

// ewktSRID matches the SRID=n; prefix of PostGIS's extended WKT.
var ewktSRID = regexp.MustCompile(`^(?i)[ \t\n\r]*SRID=(-?[0-9]+)[ \t\n\r]*;`)

// Parse reads geometry input as PostGIS's geometry type reads it: WKT,
// EWKT (SRID=n;WKT) or, where hexAllowed, hexadecimal WKB or EWKB, which
// PostGIS recognizes by a leading 0. ST_GeomFromText takes no hexadecimal.
// It returns the geometry and the SRID the input gives, 0 when none.
func Parse(text string, hexAllowed bool) (orb.Geometry, int32, error) {
	if hexAllowed && strings.HasPrefix(text, "0") {
		data, err := hex.DecodeString(text)
		if err != nil {
			return nil, 0, errParse
		}
		g, srid, err := FromWKB(data)
		if err == errZM {
			return nil, 0, err
		}
		if err != nil {
			return nil, 0, wkbInputError(data)
		}
		return g, max(srid, 0), nil
	}
	srid := int32(0)
	if m := ewktSRID.FindStringSubmatchIndex(text); m != nil {
		n, err := strconv.ParseInt(text[m[2]:m[3]], 10, 32)
		if err != nil {
			return nil, 0, errParse
		}
		srid = int32(max(n, 0))
		text = text[m[1]:]
	}
	p := &wktParser{text: text}
	g, err := p.geometry()
	if err != nil {
		return nil, 0, err
	}
	p.space()
	if p.pos != len(p.text) {
		return nil, 0, errParse
	}
	return g, srid, nil
}

// wkbInputError explains WKB that orb cannot read: PostGIS reads the
// types with Z or M coordinates and the curves, which pgway cannot keep.
func wkbInputError(data []byte) error {
	if len(data) >= 5 {
		if order := byteOrder(data[0]); order != nil {
			typ := order.Uint32(data[1:5])
			if typ&0xc0000000 != 0 || (typ&0xffff)/1000 != 0 {
				return unsupportedInput("geometries with Z or M coordinates are not supported on this warehouse")
			}
			if base := typ & 0xffff % 1000; base > 7 && base <= 17 {
				return unsupportedInput("curved and surface geometry types are not supported on this warehouse")
			}
		}
	}
	return parseError("Invalid WKB")
}

// wktParser reads the WKT of PostGIS's 2D geometry types.
type wktParser struct {
	text string
	pos  int
}

// unsupportedTypes are the geometry types that PostGIS reads and orb
// cannot hold.
var unsupportedTypes = map[string]bool{
	"CIRCULARSTRING": true, "COMPOUNDCURVE": true, "CURVEPOLYGON": true, "MULTICURVE": true,
	"MULTISURFACE": true, "POLYHEDRALSURFACE": true, "TRIANGLE": true, "TIN": true,
}

func (p *wktParser) space() {
	for p.pos < len(p.text) && strings.IndexByte(" \t\n\r\f\v", p.text[p.pos]) >= 0 {
		p.pos++
	}
}

// word reads a run of letters, upper-cased.
func (p *wktParser) word() string {
	p.space()
	start := p.pos
	for p.pos < len(p.text) && (p.text[p.pos]|0x20 >= 'a' && p.text[p.pos]|0x20 <= 'z') {
		p.pos++
	}
	return strings.ToUpper(p.text[start:p.pos])
}

// take reports whether the next character after spaces is c, and takes it
// when it is.
func (p *wktParser) take(c byte) bool {
	p.space()
	if p.pos < len(p.text) && p.text[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// empty reports whether EMPTY follows, and takes it when it does.
func (p *wktParser) empty() bool {
	save := p.pos
	if p.word() == "EMPTY" {
		return true
	}
	p.pos = save
	return false
}

var errParse = parseError("parse error - invalid geometry")

func (p *wktParser) geometry() (orb.Geometry, error) {
	name := p.word()
	base, dims := name, ""
	for _, suffix := range []string{"ZM", "Z", "M"} {
		if b, ok := strings.CutSuffix(name, suffix); ok && typeNames[b] {
			base, dims = b, suffix
			break
		}
	}
	if unsupportedTypes[base] || unsupportedTypes[strings.TrimSuffix(strings.TrimSuffix(name, "M"), "Z")] {
		return nil, unsupportedInput("geometry type %s is not supported on this warehouse", base)
	}
	if !typeNames[base] {
		return nil, errParse
	}
	if dims == "" {
		save := p.pos
		switch w := p.word(); w {
		case "Z", "M", "ZM":
			dims = w
		default:
			p.pos = save
		}
	}
	if dims != "" {
		return nil, unsupportedInput("geometries with Z or M coordinates are not supported on this warehouse")
	}
	if p.empty() {
		return emptyOf(base), nil
	}
	switch base {
	case "POINT":
		if !p.take('(') {
			return nil, errParse
		}
		pt, err := p.point()
		if err != nil {
			return nil, err
		}
		if !p.take(')') {
			return nil, errParse
		}
		return pt, nil
	case "LINESTRING":
		return p.lineString()
	case "POLYGON":
		return p.polygon()
	case "MULTIPOINT":
		var out orb.MultiPoint
		err := p.list(func() error {
			switch {
			case p.empty():
				out = append(out, orb.Point{math.NaN(), math.NaN()})
			case p.take('('):
				pt, err := p.point()
				if err != nil {
					return err
				}
				if !p.take(')') {
					return errParse
				}
				out = append(out, pt)
			default:
				pt, err := p.point()
				if err != nil {
					return err
				}
				out = append(out, pt)
			}
			return nil
		})
		return out, err
	case "MULTILINESTRING":
		var out orb.MultiLineString
		err := p.list(func() error {
			if p.empty() {
				out = append(out, orb.LineString{})
				return nil
			}
			l, err := p.lineString()
			out = append(out, l)
			return err
		})
		return out, err
	case "MULTIPOLYGON":
		var out orb.MultiPolygon
		err := p.list(func() error {
			if p.empty() {
				out = append(out, orb.Polygon{})
				return nil
			}
			poly, err := p.polygon()
			out = append(out, poly)
			return err
		})
		return out, err
	}
	var out orb.Collection
	err := p.list(func() error {
		g, err := p.geometry()
		out = append(out, g)
		return err
	})
	return out, err
}

var typeNames = map[string]bool{
	"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true,
}

func emptyOf(base string) orb.Geometry {
	switch base {
	case "POINT":
		return emptyPointValue
	case "LINESTRING":
		return orb.LineString{}
	case "POLYGON":
		return orb.Polygon{}
	case "MULTIPOINT":
		return orb.MultiPoint{}
	case "MULTILINESTRING":
		return orb.MultiLineString{}
	case "MULTIPOLYGON":
		return orb.MultiPolygon{}
	}
	return orb.Collection{}
}

// list reads a parenthesized, comma-separated list of items.
func (p *wktParser) list(item func() error) error {
	if !p.take('(') {
		return errParse
	}
	for {
		if err := item(); err != nil {
			return err
		}
		if p.take(')') {
			return nil
		}
		if !p.take(',') {
			return errParse
		}
	}
}

func (p *wktParser) points() ([]orb.Point, error) {
	var out []orb.Point
	err := p.list(func() error {
		pt, err := p.point()
		out = append(out, pt)
		return err
	})
	return out, err
}

func (p *wktParser) lineString() (orb.LineString, error) {
	points, err := p.points()
	if err != nil {
		return nil, err
	}
	if len(points) < 2 {
		return nil, parseError("geometry requires more points")
	}
	return points, nil
}

func (p *wktParser) polygon() (orb.Polygon, error) {
	var out orb.Polygon
	err := p.list(func() error {
		ring, err := p.points()
		if err != nil {
			return err
		}
		if len(ring) < 4 {
			return parseError("geometry requires more points")
		}
		if first, last := ring[0], ring[len(ring)-1]; first != last {
			return parseError("geometry contains non-closed rings")
		}
		out = append(out, ring)
		return nil
	})
	return out, err
}

// number matches a coordinate as PostGIS's WKT lexer reads one.
var number = regexp.MustCompile(`^(?:-?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][-+]?[0-9]+)?|(?i:nan))`)

// point reads the coordinates of one point: two, since a third or
// fourth is Z or M, which pgway cannot keep.
func (p *wktParser) point() (orb.Point, error) {
	var coords []float64
	for {
		p.space()
		m := number.FindString(p.text[p.pos:])
		if m == "" {
			break
		}
		if len(coords) > 0 && !strings.ContainsRune(" \t\n\r\f\v", rune(p.text[p.pos-1])) {
			return orb.Point{}, errParse
		}
		f, err := strconv.ParseFloat(m, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return orb.Point{}, errParse
		}
		coords = append(coords, f)
		p.pos += len(m)
	}
	switch len(coords) {
	case 2:
		return orb.Point{coords[0], coords[1]}, nil
	case 3, 4:
		return orb.Point{}, unsupportedInput("geometries with Z or M coordinates are not supported on this warehouse")
	}
	return orb.Point{}, errParse
}
