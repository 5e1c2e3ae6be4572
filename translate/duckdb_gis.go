package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// gisFunction says how a dialect computes one PostGIS function.
type gisFunction struct {
	// planar is the dialect's function in the units of the SRID, as PostGIS
	// computes on geometry; "" when the dialect computes only geodesically.
	planar string
	// geodesic is the dialect's function in metres on the WGS 84
	// spheroid, as PostGIS computes on geography; "" when it has none.
	geodesic string
	// within is set for ST_DWithin, which becomes a distance comparison
	// on geography.
	within bool
}

// gisTable is a dialect's capability table, by lower-case PostGIS
// function name. Functions that are not measurements map to themselves.
type gisTable map[string]gisFunction

// duckDBGeometryFunctions are the PostGIS functions that the DuckDB
// provider registers in every database it opens, computed in Go as PostGIS
// computes them (providers/duckdb/geometry.go). DuckDB's spatial extension
// is not used, because it cannot be installed where pgway runs. Every
// other PostGIS function fails with 0A000.
var duckDBGeometryFunctions = map[string]bool{
	"st_asbinary": true, "st_asewkb": true, "st_astext": true,
	"st_geomfromtext": true, "st_geomfromwkb": true, "st_makeenvelope": true,
	"st_intersects": true, "st_contains": true, "st_within": true, "st_x": true, "st_y": true, "st_srid": true,
	"st_setsrid": true, "st_extent": true, "geometrytype": true, "st_geometrytype": true,
	"st_zmflag": true, "pgway_extent_geometry": true, "st_transform": true,
	"st_dwithin": true, geometryAssignFunction: true,
}

// duckDBGeometryHint lists duckDBGeometryFunctions for error hints.
const duckDBGeometryHint = "This warehouse has only these PostGIS functions: ST_AsBinary, ST_AsEWKB, " +
	"ST_AsText, ST_GeomFromText, ST_GeomFromWKB, ST_MakeEnvelope, ST_SetSRID, ST_Intersects, " +
	"ST_Contains and ST_Within (of a polygon and a point), ST_DWithin (of two points on geometry), ST_X, ST_Y, " +
	"ST_SRID, ST_Transform (from SRID 4326 to 3857), GeometryType, ST_GeometryType, ST_Zmflag and the aggregate ST_Extent."

const noGeometryHint = "This DuckDB database has no PostGIS functions."

// postgisFunctions are PostGIS functions whose names do not start with
// st_, which fail with 0A000 like every PostGIS function the provider
// lacks.
var postgisFunctions = map[string]bool{
	"geometrytype": true, "box2d": true, "box3d": true, "postgis_typmod_type": true,
	"postgis_typmod_srid": true, "postgis_typmod_dims": true,
	// ST_Extent cast to geometry, which extentGeometries writes.
	"pgway_extent_geometry": true,
	// The check of a geometry stored in a column, which
	// geometryAssignment writes.
	geometryAssignFunction: true,
}

func (d *duckDB) rewriteGISFunction(n *pg.Node, fc *pg.FuncCall, name string) error {
	if !d.caps.Spatial {
		return unsupported("PostGIS function "+name+"()", fc.Location, noGeometryHint)
	}
	if !duckDBGeometryFunctions[name] {
		return unsupported("PostGIS function "+name+"()", fc.Location, duckDBGeometryHint)
	}
	if name == "st_dwithin" && (len(fc.Args) != 3 || isGeography(fc.Args)) {
		return unsupported("ST_DWithin on geography or with a spheroid argument", fc.Location, duckDBGeometryHint)
	}
	if handled, err := rewriteGeometrySRID(n, fc, name); handled || err != nil {
		return err
	}
	if name == "st_extent" {
		return rewriteExtent(n, fc, "pgway_box2d")
	}
	return nil
}

// rewriteExtent computes the aggregate ST_Extent(geom) from the bounds of
// each geometry, which the provider's functions pgway_xmin and so on
// return (NULL for an empty one), and writes the box as PostGIS writes a
// box2d: BOX(xmin ymin,xmax ymax). Like ST_Extent, it is NULL when there
// is no non-empty geometry. The result is text, or with box
// pgway_box2d_geometry the geometry that PostGIS casts a box2d to.
func rewriteExtent(n *pg.Node, fc *pg.FuncCall, box string) error {
	if len(fc.Args) != 1 || fc.AggStar {
		return unsupportedf(fc.Location, "ST_Extent takes one geometry")
	}
	if fc.Over != nil || fc.AggFilter != nil || fc.AggDistinct || len(fc.AggOrder) > 0 {
		return unsupportedf(fc.Location, "ST_Extent with OVER, FILTER, DISTINCT or ORDER BY is not supported on this warehouse")
	}
	arg := fc.Args[0]
	bound := func(aggregate, part string) *pg.Node {
		return funcCall(aggregate, fc.Location, funcCall(part, fc.Location, arg))
	}
	n.Node = funcCall(box, fc.Location,
		bound("min", "pgway_xmin"), bound("min", "pgway_ymin"),
		bound("max", "pgway_xmax"), bound("max", "pgway_ymax")).Node
	return nil
}

// dropByteOrder removes the byte order argument of ST_AsBinary(geom,
// 'NDR') and ST_AsEWKB(geom, 'NDR'), which QGIS sends, for Snowflake,
// whose functions take one argument and always write little-endian (NDR)
// WKB. Any other byte order fails with 0A000. The DuckDB provider's
// functions take the byte order.
func dropByteOrder(fc *pg.FuncCall, name string) error {
	if len(fc.Args) != 2 {
		return nil
	}
	order := fc.Args[1].GetAConst().GetSval()
	if order == nil || !strings.EqualFold(order.Sval, "NDR") {
		return unsupportedf(fc.Location, "%s() with a byte order other than 'NDR' is not supported on this warehouse", name)
	}
	fc.Args = fc.Args[:1]
	return nil
}

// rewriteMeasure maps a measurement to the planar or geodesic function,
// by whether its first argument is cast to geography.
func (t gisTable) rewriteMeasure(n *pg.Node, fc *pg.FuncCall, name string) error {
	f, ok := t[name]
	if !ok {
		return nil
	}
	if !isGeography(fc.Args) {
		if f.planar == "" {
			return unsupported(name+"() on geometry", fc.Location,
				"This warehouse measures only on the spheroid: cast the arguments to geography for a result in metres.")
		}
		fc.Funcname = stringNodes(f.planar)
		return nil
	}
	if f.geodesic == "" {
		return unsupported(name+"() on geography", fc.Location, "")
	}
	return geodesicCall(n, fc, f)
}

func geodesicCall(n *pg.Node, fc *pg.FuncCall, f gisFunction) error {
	args := make([]*pg.Node, len(fc.Args))
	copy(args, fc.Args)
	geoms := len(args)
	if f.within {
		geoms = 2
	}
	if len(args) < geoms || (f.within && len(args) != 3) {
		return unsupportedf(fc.Location, "%s() with these arguments is not supported on geography", lastName(fc.Funcname))
	}
	for i := range geoms {
		args[i] = funcCall("st_flipcoordinates", fc.Location, asGeometry(args[i]))
	}
	if !f.within {
		n.Node = funcCall(f.geodesic, fc.Location, args...).Node
		return nil
	}
	distance := funcCall(f.geodesic, fc.Location, args[0], args[1])
	n.Node = binaryOp("<=", distance, args[2], fc.Location).Node
	return nil
}

// isGeography reports whether the first argument is cast to geography.
func isGeography(args []*pg.Node) bool {
	return len(args) > 0 && lastName(args[0].GetTypeCast().GetTypeName().GetNames()) == "geography"
}

// asGeometry drops a cast to geography, which DuckDB does not have.
func asGeometry(n *pg.Node) *pg.Node {
	if tc := n.GetTypeCast(); tc != nil && lastName(tc.TypeName.GetNames()) == "geography" {
		return tc.Arg
	}
	return n
}

// rewriteGISOperator rejects the bounding-box operator && on an operand
// that is evidently a geometry when the database has no GEOMETRY type.
// Otherwise && stays, which DuckDB binds by type: on GEOMETRY to the
// provider's &&, which compares PostGIS's single-precision boxes, and on
// lists to DuckDB's test of whether they overlap.
func (d *duckDB) rewriteGISOperator(e *pg.A_Expr, op string) error {
	if op != "&&" || d.caps.Spatial || !(isGeometryExpr(e.Lexpr) || isGeometryExpr(e.Rexpr)) {
		return nil
	}
	return unsupported("PostGIS operator &&", e.Location, noGeometryHint)
}

func isGeometryExpr(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		name := lastName(fc.Funcname)
		return len(name) > 3 && (name[:3] == "st_" || name[:3] == "ST_")
	}
	return spatialTypes[lastName(n.GetTypeCast().GetTypeName().GetNames())]
}
