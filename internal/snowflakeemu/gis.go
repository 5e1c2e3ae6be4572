package snowflakeemu

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// geographySRID is the SRID of every GEOGRAPHY value in Snowflake.
const geographySRID = 4326

// gisFunctions are Snowflake's spatial functions that the emulator runs,
// computed in Go on DuckDB's GEOMETRY values, which are WKB.
//
// NOTE: the emulator stores GEOGRAPHY and GEOMETRY alike, and these
// functions treat every value as a GEOGRAPHY: ST_SRID returns 4326 and
// ST_ASEWKB writes that SRID. ST_INTERSECTS and ST_DISJOINT join points by
// straight lines in longitude and latitude, where Snowflake follows great
// circles, so they differ for edges long enough to bend.
func gisFunctions() map[string][]udf {
	const (
		geom    = duckdb.TYPE_GEOMETRY
		blob    = duckdb.TYPE_BLOB
		text    = duckdb.TYPE_VARCHAR
		double  = duckdb.TYPE_DOUBLE
		integer = duckdb.TYPE_INTEGER
		boolean = duckdb.TYPE_BOOLEAN
	)
	wkt := []udf{{[]duckdb.Type{geom}, text, func(args []driver.Value) (any, error) {
		g, err := decodeGeography(args[0])
		if err != nil {
			return nil, err
		}
		return geometry.Text(g), nil
	}}}
	return map[string][]udf{
		"st_srid": {{[]duckdb.Type{geom}, integer, func(args []driver.Value) (any, error) {
			return int32(geographySRID), nil
		}}},
		"st_aswkt": wkt, "st_astext": wkt,
		"st_aswkb": {{[]duckdb.Type{geom}, blob, func(args []driver.Value) (any, error) {
			g, err := decodeGeography(args[0])
			if err != nil {
				return nil, err
			}
			return geometry.ToWKB(g)
		}}},
		"st_asewkb": {{[]duckdb.Type{geom}, blob, func(args []driver.Value) (any, error) {
			g, err := decodeGeography(args[0])
			if err != nil {
				return nil, err
			}
			data, err := geometry.ToWKB(g)
			if err != nil {
				return nil, err
			}
			return geometry.ToEWKB(data, geographySRID)
		}}},
		"st_makepoint": {{[]duckdb.Type{double, double}, geom, func(args []driver.Value) (any, error) {
			return geometry.ToWKB(orb.Point{args[0].(float64), args[1].(float64)})
		}}},
		"st_intersects": {{[]duckdb.Type{geom, geom}, boolean, func(args []driver.Value) (any, error) {
			a, b, err := geographyPair(args)
			if err != nil {
				return nil, err
			}
			return geometry.Intersects(a, b), nil
		}}},
		"st_disjoint": {{[]duckdb.Type{geom, geom}, boolean, func(args []driver.Value) (any, error) {
			a, b, err := geographyPair(args)
			if err != nil {
				return nil, err
			}
			return !geometry.Intersects(a, b), nil
		}}},
		"st_npoints": {{[]duckdb.Type{geom}, integer, func(args []driver.Value) (any, error) {
			g, err := decodeGeography(args[0])
			if err != nil {
				return nil, err
			}
			return int32(countPoints(g)), nil
		}}},
		"sf_st_asgeojson": {{[]duckdb.Type{geom}, text, func(args []driver.Value) (any, error) {
			g, err := decodeGeography(args[0])
			if err != nil {
				return nil, err
			}
			// ST_ASGEOJSON returns an OBJECT, which the macro of the same
			// name makes JSON.
			data, err := json.Marshal(geoJSONObject(g))
			return string(data), err
		}}},
		"st_x":    {{[]duckdb.Type{geom}, double, pointCoordinate("ST_X", 0)}},
		"st_y":    {{[]duckdb.Type{geom}, double, pointCoordinate("ST_Y", 1)}},
		"st_xmin": {{[]duckdb.Type{geom}, double, boundPart(func(b orb.Bound) float64 { return b.Min[0] })}},
		"st_xmax": {{[]duckdb.Type{geom}, double, boundPart(func(b orb.Bound) float64 { return b.Max[0] })}},
		"st_ymin": {{[]duckdb.Type{geom}, double, boundPart(func(b orb.Bound) float64 { return b.Min[1] })}},
		"st_ymax": {{[]duckdb.Type{geom}, double, boundPart(func(b orb.Bound) float64 { return b.Max[1] })}},
	}
}

func decodeGeography(v driver.Value) (orb.Geometry, error) {
	data, ok := v.([]byte)
	if !ok {
		return nil, fmt.Errorf("GEOGRAPHY value of type %T", v)
	}
	g, _, err := geometry.FromWKB(data)
	return g, err
}

func pointCoordinate(name string, axis int) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		g, err := decodeGeography(args[0])
		if err != nil {
			return nil, err
		}
		p, ok := g.(orb.Point)
		if !ok {
			return nil, &Error{Code: "100214", SQLState: "22023",
				Message: fmt.Sprintf("Geography type %s is not supported by %s; it must be a Point", g.GeoJSONType(), name)}
		}
		return p[axis], nil
	}
}

// boundPart returns a part of a geography's bounding box.
//
// NOTE: Snowflake's bounds of a GEOGRAPHY follow the great circles between
// its points, which can pass beyond the points' latitudes. These are the
// bounds of the points.
func boundPart(part func(orb.Bound) float64) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		g, err := decodeGeography(args[0])
		if err != nil {
			return nil, err
		}
		bound, ok := geometry.Bound(g)
		if !ok {
			return nil, nil
		}
		return part(bound), nil
	}
}

// geographyPair decodes the two GEOGRAPHY arguments of a predicate.
func geographyPair(args []driver.Value) (orb.Geometry, orb.Geometry, error) {
	a, err := decodeGeography(args[0])
	if err != nil {
		return nil, nil, err
	}
	b, err := decodeGeography(args[1])
	return a, b, err
}

// countPoints returns the number of points of g, as ST_NPOINTS counts
// them: the closing point of each ring included.
func countPoints(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g)
	case orb.LineString:
		return len(g)
	case orb.Ring:
		return len(g)
	case orb.MultiLineString:
		n := 0
		for _, l := range g {
			n += len(l)
		}
		return n
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += countPoints(p)
		}
		return n
	case orb.Collection:
		n := 0
		for _, member := range g {
			n += countPoints(member)
		}
		return n
	}
	return 0
}
