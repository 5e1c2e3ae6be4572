package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers/geometry"
)

// DuckDB 2.0 has a GEOMETRY type, stored as WKB, with a few functions of
// its own. Without its spatial extension, which cannot be downloaded
// where pgway runs, pgway registers the PostGIS functions below as scalar
// functions of each database, computed in Go. They replace DuckDB's
// functions of the same names, so that results match PostGIS's.
//
// A GEOMETRY value carries no SRID. A column whose type has a coordinate
// reference system (GEOMETRY('EPSG:4326')) is sent with that SRID, and
// every other geometry with the database's default SRID. The dialect
// gives the geometries it builds the CRS of their PostGIS SRID and passes
// the CRS to the functions that show it (geometry_srid.go).

// udf is a scalar function with fixed parameter types, computed row by row.
type udf struct {
	params []duckdb.Type
	result duckdb.Type
	run    func(args []driver.Value) (any, error)
}

func (f udf) Config() duckdb.ScalarFuncConfig {
	config := duckdb.ScalarFuncConfig{}
	for _, p := range f.params {
		config.InputTypeInfos = append(config.InputTypeInfos, typeInfo(p))
	}
	config.ResultTypeInfo = typeInfo(f.result)
	return config
}

func (f udf) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: f.run}
}

func typeInfo(t duckdb.Type) duckdb.TypeInfo {
	info, err := duckdb.NewTypeInfo(t)
	if err != nil {
		panic(fmt.Sprintf("duckdb type %d: %v", t, err))
	}
	return info
}

const (
	geom     = duckdb.TYPE_GEOMETRY
	blob     = duckdb.TYPE_BLOB
	text     = duckdb.TYPE_VARCHAR
	double   = duckdb.TYPE_DOUBLE
	integer  = duckdb.TYPE_INTEGER
	smallint = duckdb.TYPE_SMALLINT
	boolean  = duckdb.TYPE_BOOLEAN
)

// geometryFunctions returns the PostGIS functions by name, each with its
// overloads.
func geometryFunctions(defaultSRID int32) map[string][]udf {
	fromText := func(args []driver.Value) (any, error) {
		g, _, err := geometry.FromText(args[0].(string))
		if err != nil {
			return nil, err
		}
		return geometry.ToWKB(g)
	}
	fromWKB := func(args []driver.Value) (any, error) {
		g, _, err := geometry.FromWKB(args[0].([]byte))
		if err != nil {
			return nil, err
		}
		return geometry.ToWKB(g)
	}
	envelope := func(args []driver.Value) (any, error) {
		return geometry.ToWKB(geometry.Envelope(args[0].(float64), args[1].(float64),
			args[2].(float64), args[3].(float64)))
	}
	return map[string][]udf{
		"st_astext": {{[]duckdb.Type{geom}, text, func(args []driver.Value) (any, error) {
			g, err := decode(args[0])
			if err != nil {
				return nil, err
			}
			return geometry.Text(g), nil
		}}},
		"st_asbinary": {{[]duckdb.Type{geom}, blob, func(args []driver.Value) (any, error) {
			g, err := decode(args[0])
			if err != nil {
				return nil, err
			}
			return geometry.ToWKB(g)
		}}},
		"st_asewkb": {{[]duckdb.Type{geom}, blob, func(args []driver.Value) (any, error) {
			g, err := decode(args[0])
			if err != nil {
				return nil, err
			}
			data, err := geometry.ToWKB(g)
			if err != nil {
				return nil, err
			}
			return geometry.ToEWKB(data, defaultSRID)
		}}},
		"st_geomfromtext": {
			{[]duckdb.Type{text}, geom, fromText},
			{[]duckdb.Type{text, integer}, geom, fromText},
		},
		"st_geomfromwkb": {
			{[]duckdb.Type{blob}, geom, fromWKB},
			{[]duckdb.Type{blob, integer}, geom, fromWKB},
		},
		"st_makeenvelope": {
			{[]duckdb.Type{double, double, double, double}, geom, envelope},
			{[]duckdb.Type{double, double, double, double, integer}, geom, envelope},
		},
		"st_intersects": {{[]duckdb.Type{geom, geom}, boolean, func(args []driver.Value) (any, error) {
			a, err := decodeShared(args[0])
			if err != nil {
				return nil, err
			}
			b, err := decodeShared(args[1])
			if err != nil {
				return nil, err
			}
			return geometry.Intersects(a, b), nil
		}}},
		"st_setsrid": {{[]duckdb.Type{geom, integer}, geom, func(args []driver.Value) (any, error) {
			if srid := args[1].(int32); srid != defaultSRID {
				return nil, fmt.Errorf("ST_SetSRID to SRID %d is not supported on this database, which keeps geometries in SRID %d (SQLSTATE 0A000)", srid, defaultSRID)
			}
			return args[0], nil
		}}},
		"pgway_xmin": {{[]duckdb.Type{geom}, double, boundOf(func(b orb.Bound) float64 { return b.Min[0] })}},
		"pgway_ymin": {{[]duckdb.Type{geom}, double, boundOf(func(b orb.Bound) float64 { return b.Min[1] })}},
		"pgway_xmax": {{[]duckdb.Type{geom}, double, boundOf(func(b orb.Bound) float64 { return b.Max[0] })}},
		"pgway_ymax": {{[]duckdb.Type{geom}, double, boundOf(func(b orb.Bound) float64 { return b.Max[1] })}},
		"pgway_box2d": {{[]duckdb.Type{double, double, double, double}, text, func(args []driver.Value) (any, error) {
			return geometry.Box2DText(args[0].(float64), args[1].(float64), args[2].(float64), args[3].(float64)), nil
		}}},
		"pgway_box2d_geometry": {{[]duckdb.Type{double, double, double, double}, geom, func(args []driver.Value) (any, error) {
			return geometry.ToWKB(geometry.BoxGeometry(args[0].(float64), args[1].(float64), args[2].(float64), args[3].(float64)))
		}}},
		"geometrytype": {{[]duckdb.Type{geom}, text, typeName(func(name string) string {
			return strings.ToUpper(name)
		})}},
		"st_geometrytype": {{[]duckdb.Type{geom}, text, typeName(func(name string) string {
			return "ST_" + name
		})}},
		// orb reads X and Y only, so every geometry here is 2D: flag 0.
		"st_zmflag": {{[]duckdb.Type{geom}, smallint, func(args []driver.Value) (any, error) {
			if _, err := decode(args[0]); err != nil {
				return nil, err
			}
			return int16(0), nil
		}}},
		"st_x":    {{[]duckdb.Type{geom}, double, coordinate("ST_X", 0)}},
		"st_y":    {{[]duckdb.Type{geom}, double, coordinate("ST_Y", 1)}},
		"st_srid": {{[]duckdb.Type{geom}, integer, func([]driver.Value) (any, error) { return defaultSRID, nil }}},
	}
}

func decode(v driver.Value) (orb.Geometry, error) {
	data, ok := v.([]byte)
	if !ok {
		return nil, fmt.Errorf("geometry value has type %T", v)
	}
	g, _, err := geometry.FromWKB(data)
	return g, err
}

// geometryTypeNames are the names of geometry types as ST_GeometryType
// writes them after its ST_ prefix.
var geometryTypeNames = map[string]string{
	"Point": "Point", "MultiPoint": "MultiPoint", "LineString": "LineString",
	"MultiLineString": "MultiLineString", "Polygon": "Polygon", "MultiPolygon": "MultiPolygon",
	"GeometryCollection": "GeometryCollection",
}

// typeName returns GeometryType or ST_GeometryType, which write the
// geometry's type name in their own forms.
func typeName(form func(string) string) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		g, err := decode(args[0])
		if err != nil {
			return nil, err
		}
		name, ok := geometryTypeNames[g.GeoJSONType()]
		if !ok {
			// orb's Ring and Bound do not come out of WKB.
			return nil, fmt.Errorf("unexpected geometry type %s", g.GeoJSONType())
		}
		return form(name), nil
	}
}

// boundOf returns a function of a geometry's bounding box, which is NULL
// for an empty geometry. The dialect builds ST_Extent from min and max of
// these.
func boundOf(part func(orb.Bound) float64) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		g, err := decode(args[0])
		if err != nil {
			return nil, err
		}
		b, ok := geometry.Bound(g)
		if !ok {
			return nil, nil
		}
		return part(b), nil
	}
}

// coordinate returns ST_X or ST_Y, which take a point and return NULL for
// an empty one.
func coordinate(name string, axis int) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		g, err := decode(args[0])
		if err != nil {
			return nil, err
		}
		p, ok := g.(orb.Point)
		if !ok {
			return nil, fmt.Errorf("Argument to %s() must have type POINT", name)
		}
		if math.IsNaN(p[axis]) {
			return nil, nil
		}
		return p[axis], nil
	}
}

// registerGeometryFunctions adds the PostGIS functions to the database
// that connector opened. DuckDB keeps them in its system catalog, where
// every connection to the database finds them.
func registerGeometryFunctions(ctx context.Context, db *sql.DB, defaultSRID int32) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, "pgway_ctid", ctidFunction()); err != nil {
		return fmt.Errorf("register pgway_ctid: %w", err)
	}
	if err := duckdb.RegisterScalarUDF(conn, "pgway_tid", tidFunction()); err != nil {
		return fmt.Errorf("register pgway_tid: %w", err)
	}
	if err := duckdb.RegisterScalarUDF(conn, "pgway_regtype", regTypeFunction()); err != nil {
		return fmt.Errorf("register pgway_regtype: %w", err)
	}
	for name, f := range bboxFunctions() {
		if err := duckdb.RegisterScalarUDF(conn, name, f); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	for name, overloads := range withSRIDFunctions(geometryFunctions(defaultSRID), defaultSRID) {
		functions := make([]duckdb.ScalarFunc, len(overloads))
		for i, f := range overloads {
			functions[i] = f
		}
		if err := duckdb.RegisterScalarUDFSet(conn, name, functions...); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

// sridFromCRS returns the SRID of a coordinate reference system named as
// DuckDB names it, such as EPSG:4326, or 0 when it has none.
func sridFromCRS(crs string) int32 {
	if crs == "OGC:CRS84" {
		return 4326
	}
	if code, ok := strings.CutPrefix(crs, "EPSG:"); ok {
		if n, err := strconv.ParseInt(code, 10, 32); err == nil {
			return int32(n)
		}
	}
	return 0
}
