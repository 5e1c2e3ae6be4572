package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
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

// duckDBSpatial is DuckDB's spatial extension. Its spheroid functions
// read coordinates in latitude, longitude order, so the arguments are
// flipped from PostGIS's longitude, latitude.
var duckDBSpatial = gisTable{
	"st_distance":  {planar: "st_distance", geodesic: "st_distance_spheroid"},
	"st_dwithin":   {planar: "st_dwithin", geodesic: "st_distance_spheroid", within: true},
	"st_area":      {planar: "st_area", geodesic: "st_area_spheroid"},
	"st_length":    {planar: "st_length", geodesic: "st_length_spheroid"},
	"st_perimeter": {planar: "st_perimeter", geodesic: "st_perimeter_spheroid"},
	"st_buffer":    {planar: "st_buffer"},
}

func (d *duckDB) rewriteGISFunction(n *pg.Node, fc *pg.FuncCall, name string) error {
	if d.gis == nil {
		return unsupported("PostGIS function "+name+"()", fc.Location,
			"This DuckDB database has no spatial extension.")
	}
	if name == "st_extent" {
		n.Node = boxText(fc).Node
		return nil
	}
	return d.gis.rewriteMeasure(n, fc, name)
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

// boxText builds PostGIS's box2d text, BOX(xmin ymin,xmax ymax), from
// DuckDB's ST_Extent_Agg, which returns a geometry.
// NOTE: the number format follows box2d's %.15g but is not checked against
// PostGIS, because the spatial extension cannot be installed offline.
func boxText(fc *pg.FuncCall) *pg.Node {
	extent := func() *pg.Node {
		agg := proto.Clone(fc).(*pg.FuncCall)
		agg.Funcname = stringNodes("st_extent_agg")
		return &pg.Node{Node: &pg.Node_FuncCall{FuncCall: agg}}
	}
	args := []*pg.Node{pg.MakeAConstStrNode("BOX(%.15g %.15g,%.15g %.15g)", fc.Location)}
	for _, f := range []string{"st_xmin", "st_ymin", "st_xmax", "st_ymax"} {
		args = append(args, funcCall(f, fc.Location, extent()))
	}
	return funcCall("printf", fc.Location, args...)
}

// rewriteGISOperator turns the bounding-box operator && into
// ST_Intersects_Extent when an operand is evidently a geometry. Otherwise
// && stays, which DuckDB binds by type: list overlap for lists.
func (d *duckDB) rewriteGISOperator(n *pg.Node, e *pg.A_Expr, op string) error {
	if op != "&&" || !(isGeometryExpr(e.Lexpr) || isGeometryExpr(e.Rexpr)) {
		return nil
	}
	if d.gis == nil {
		return unsupported("PostGIS operator &&", e.Location, "This DuckDB database has no spatial extension.")
	}
	n.Node = funcCall("st_intersects_extent", e.Location, asGeometry(e.Lexpr), asGeometry(e.Rexpr)).Node
	return nil
}

func isGeometryExpr(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		name := lastName(fc.Funcname)
		return len(name) > 3 && (name[:3] == "st_" || name[:3] == "ST_")
	}
	return spatialTypes[lastName(n.GetTypeCast().GetTypeName().GetNames())]
}
