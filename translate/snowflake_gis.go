package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// Snowflake stores spatial values as GEOGRAPHY, which it measures
// geodesically in metres, or as GEOMETRY. pgway cannot tell the two apart
// in a column, so the dialect takes spatial columns to be GEOGRAPHY. A
// planar measurement of PostGIS geometry therefore fails with 0A000, and
// on ::geography it becomes Snowflake's geodesic function.
// NOTE: GEOGRAPHY models the Earth as a sphere and reads edges as great
// circle arcs (docs.snowflake.com, "Geospatial data types"). PostGIS
// measures geography on the WGS 84 spheroid unless use_spheroid is false,
// so distances, lengths and areas differ, by an estimated 0.5% at most
// from the Earth's flattening. Predicates such as ST_Intersects follow
// the arcs, where PostGIS geometry follows straight lines in the plane.

// snowflakeGISFunctions are the PostGIS functions that Snowflake has with
// the same arguments, mapped to Snowflake's name.
var snowflakeGISFunctions = map[string]string{
	"st_astext": "st_aswkt", "st_aswkt": "st_aswkt", "st_x": "st_x", "st_y": "st_y",
	"st_srid": "st_srid", "st_intersects": "st_intersects", "st_contains": "st_contains",
	"st_within": "st_within", "st_covers": "st_covers", "st_coveredby": "st_coveredby",
	"st_disjoint": "st_disjoint", "st_makepoint": "st_makepoint", "st_point": "st_makepoint",
	"st_npoints": "st_npoints", "st_numpoints": "st_npoints", "st_isvalid": "st_isvalid",
	"st_xmin": "st_xmin", "st_xmax": "st_xmax", "st_ymin": "st_ymin", "st_ymax": "st_ymax",
}

// snowflakeMeasures are PostGIS's measurements. Snowflake computes them
// on GEOGRAPHY only, in metres; it has no geodesic buffer.
var snowflakeMeasures = gisTable{
	"st_distance":  {geodesic: "st_distance"},
	"st_dwithin":   {geodesic: "st_dwithin", within: true},
	"st_area":      {geodesic: "st_area"},
	"st_length":    {geodesic: "st_length"},
	"st_perimeter": {geodesic: "st_perimeter"},
	"st_buffer":    {},
}

const snowflakeGISHint = "This warehouse has these PostGIS functions: ST_AsBinary, ST_AsEWKB, ST_AsText, " +
	"ST_GeomFromText, ST_GeomFromWKB, ST_SetSRID, ST_X, ST_Y, ST_SRID, ST_Intersects, ST_Contains, " +
	"ST_Within, ST_Covers, ST_CoveredBy, ST_Disjoint, ST_MakePoint, ST_NPoints, ST_IsValid, " +
	"ST_XMin, ST_XMax, ST_YMin, ST_YMax, GeometryType, ST_GeometryType, ST_Zmflag, " +
	"the aggregate ST_Extent, ST_MakeEnvelope with &&, and on geography ST_Distance, " +
	"ST_DWithin, ST_Area, ST_Length and ST_Perimeter."

func (r *snowflakeRewriter) rewriteGISFunction(n *pg.Node, fc *pg.FuncCall, name string) error {
	if fc.Over != nil || fc.AggFilter != nil || len(fc.AggOrder) > 0 || fc.AggDistinct {
		return unsupported("PostGIS function "+name+"() with OVER, FILTER, DISTINCT or ORDER BY", fc.Location, "")
	}
	if _, ok := snowflakeMeasures[name]; ok {
		return r.rewriteMeasure(n, fc, name)
	}
	switch name {
	case "st_asbinary", "st_asewkb":
		if err := dropByteOrder(fc, name); err != nil {
			return err
		}
		renameTo(fc, map[string]string{"st_asbinary": "st_aswkb", "st_asewkb": "st_asewkb"}[name])
		return nil
	case "st_geomfromtext", "st_geomfromwkb", "st_geogfromtext", "st_geographyfromtext":
		return r.rewriteGeomFrom(n, fc, name)
	case "st_setsrid":
		if len(fc.Args) != 2 || !isSRID4326(fc.Args[1]) {
			return unsupported("ST_SetSRID() with an SRID other than 4326", fc.Location,
				"Snowflake's GEOGRAPHY is always in SRID 4326.")
		}
		n.Node = fc.Args[0].Node
		return nil
	case "st_makeenvelope":
		// Left for && to turn into a bounding-box test; checkLeftovers
		// rejects it anywhere else.
		return nil
	case "geometrytype", "st_geometrytype", "st_zmflag":
		return r.rewriteGeometryKind(n, fc, name)
	case "st_extent":
		return r.rewriteSnowflakeExtent(n, fc)
	}
	to, ok := snowflakeGISFunctions[name]
	if !ok {
		return unsupported("PostGIS function "+name+"()", fc.Location, snowflakeGISHint)
	}
	renameTo(fc, to)
	return nil
}

// rewriteGeometryKind maps PostGIS's GeometryType, ST_GeometryType and
// ST_Zmflag. Snowflake has no function that names a GEOGRAPHY's type, but
// its GeoJSON's "type" member is PostGIS's name in GeoJSON's spelling:
// Point, MultiPolygon, GeometryCollection. GeometryType writes it in
// capitals and ST_GeometryType with the prefix ST_. Snowflake's GEOGRAPHY
// stores no altitude and no measure ("Geospatial data types",
// docs.snowflake.com), so ST_Zmflag is 0, for two dimensions, unless the
// value is NULL.
func (r *snowflakeRewriter) rewriteGeometryKind(n *pg.Node, fc *pg.FuncCall, name string) error {
	if len(fc.Args) != 1 {
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
	}
	loc, g := fc.Location, fc.Args[0]
	if name == "st_zmflag" {
		isNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: g,
			Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
		null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
		// ST_Zmflag returns smallint.
		n.Node = typeCastTo(caseWhen(isNull, null, pg.MakeAConstIntNode(0, loc), loc), snowflakeTypes["int2"], loc).Node
		return nil
	}
	kind := r.call("to_varchar", loc, r.call("get", loc, r.call("st_asgeojson", loc, g), pg.MakeAConstStrNode("type", loc)))
	if name == "geometrytype" {
		n.Node = r.call("upper", loc, kind).Node
		return nil
	}
	n.Node = binaryOp("||", pg.MakeAConstStrNode("ST_", loc), kind, loc).Node
	return nil
}

// rewriteSnowflakeExtent computes the aggregate ST_Extent(geom) from the
// bounds of each geography and writes the box as PostGIS writes a box2d:
// BOX(xmin ymin,xmax ymax). It is NULL where every geography is NULL, as
// ST_Extent is. The result is text, where PostGIS returns box2d.
// NOTE: Snowflake bounds a GEOGRAPHY along the great circles between its
// points, which can reach beyond the points' latitudes, where PostGIS
// bounds the points. Coordinates are written as Snowflake converts a
// FLOAT to text, which may differ from PostGIS's digits.
func (r *snowflakeRewriter) rewriteSnowflakeExtent(n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 1 || fc.AggStar {
		return unsupportedf(fc.Location, "st_extent() takes one geometry")
	}
	loc, g := fc.Location, fc.Args[0]
	bound := func(aggregate, part string) *pg.Node {
		return typeCastTo(r.call(aggregate, loc, r.call(part, loc, g)), "text", loc)
	}
	text := func(s string) *pg.Node { return pg.MakeAConstStrNode(s, loc) }
	box := text("BOX(")
	for _, part := range []*pg.Node{
		bound("min", "st_xmin"), text(" "), bound("min", "st_ymin"), text(","),
		bound("max", "st_xmax"), text(" "), bound("max", "st_ymax"), text(")"),
	} {
		box = binaryOp("||", box, part, loc)
	}
	n.Node = box.Node
	return nil
}

// rewriteGeomFrom parses WKT or WKB as GEOGRAPHY, which is in SRID 4326,
// so the SRID argument must be 4326 where PostGIS would otherwise give
// SRID 0.
func (r *snowflakeRewriter) rewriteGeomFrom(n *pg.Node, fc *pg.FuncCall, name string) error {
	geography := name == "st_geogfromtext" || name == "st_geographyfromtext"
	switch {
	case len(fc.Args) == 1 && geography:
	case len(fc.Args) == 2 && isSRID4326(fc.Args[1]):
	default:
		return unsupported(name+"() without SRID 4326", fc.Location,
			"Snowflake's GEOGRAPHY is always in SRID 4326: pass 4326 as the SRID.")
	}
	n.Node = r.call("to_geography", fc.Location, fc.Args[0]).Node
	return nil
}

func isSRID4326(n *pg.Node) bool {
	v := n.GetAConst().GetIval()
	return v != nil && v.Ival == 4326
}

// rewriteMeasure maps a measurement on ::geography to Snowflake's
// geodesic function, and rejects it on geometry.
func (r *snowflakeRewriter) rewriteMeasure(n *pg.Node, fc *pg.FuncCall, name string) error {
	f := snowflakeMeasures[name]
	if !isGeography(fc.Args) {
		return unsupported(name+"() on geometry", fc.Location,
			"This warehouse measures only on the spheroid: cast the arguments to geography for a result in metres.")
	}
	if f.geodesic == "" {
		return unsupported(name+"() on geography", fc.Location, "Snowflake has no geodesic buffer.")
	}
	geoms := 1
	switch {
	case f.within:
		geoms = 2
		if len(fc.Args) == 4 {
			fc.Args = fc.Args[:3] // use_spheroid, see the note on sphere and spheroid
		}
		if len(fc.Args) != 3 {
			return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
		}
	case name == "st_distance":
		geoms = 2
		if len(fc.Args) == 3 {
			fc.Args = fc.Args[:2]
		}
	case len(fc.Args) == 2:
		fc.Args = fc.Args[:1] // use_spheroid of ST_Area, ST_Length, ST_Perimeter
	}
	if len(fc.Args) < geoms {
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
	}
	renameTo(fc, f.geodesic)
	return nil
}

// rewriteSpatialCast keeps a cast to geography, which Snowflake reads
// from text, WKB or GEOGRAPHY. It drops a cast to geometry, since spatial
// columns are GEOGRAPHY, and parses text cast to geometry with
// TO_GEOGRAPHY, so that the value does not pass for ::geography.
func (r *snowflakeRewriter) rewriteSpatialCast(n *pg.Node, tc *pg.TypeCast, name string) error {
	if len(tc.TypeName.Typmods) > 0 {
		return unsupported("type "+name+" with a type modifier", tc.Location, "")
	}
	switch {
	case name == "geography":
		tc.TypeName = &pg.TypeName{Names: stringNodes("geography"), Typemod: -1, Location: tc.Location}
	case tc.Arg.GetAConst().GetSval() != nil:
		n.Node = r.call("to_geography", tc.Location, tc.Arg).Node
	default:
		n.Node = tc.Arg.Node
	}
	return nil
}

func isEnvelope(n *pg.Node) bool {
	return lastName(n.GetFuncCall().GetFuncname()) == "st_makeenvelope"
}

// rewriteBoxOverlap turns geom && ST_MakeEnvelope(xmin, ymin, xmax, ymax
// [, srid]) with constant coordinates into comparisons of the geometry's
// bounding box, as PostGIS's && compares bounding boxes.
// PostGIS rounds bounding boxes outwards to single precision, so
// its && can be true for a geometry just outside the envelope.
func (r *snowflakeRewriter) rewriteBoxOverlap(n *pg.Node, e *pg.A_Expr) error {
	geom, env := e.Lexpr, e.Rexpr
	if isEnvelope(geom) {
		geom, env = env, geom
	}
	args := env.GetFuncCall().Args
	if len(args) == 5 && !isSRID4326(args[4]) && !isZero(args[4]) {
		return unsupported("ST_MakeEnvelope() with an SRID other than 4326 or 0", e.Location, "")
	}
	if len(args) != 4 && len(args) != 5 {
		return unsupportedf(e.Location, "ST_MakeEnvelope() with %d arguments is not supported", len(args))
	}
	for _, a := range args[:4] {
		if snowflakeStaticType(a) != typeInteger && snowflakeStaticType(a) != typeNumeric {
			return unsupported("ST_MakeEnvelope() with coordinates that are not constants", e.Location, "")
		}
	}
	if isEnvelope(geom) {
		return unsupported("&& between two envelopes", e.Location, "")
	}
	loc := e.Location
	compare := func(fn, op string, bound *pg.Node) *pg.Node {
		return binaryOp(op, r.call(fn, loc, geom), bound, loc)
	}
	n.Node = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{
		compare("st_xmin", "<=", args[2]), compare("st_xmax", ">=", args[0]),
		compare("st_ymin", "<=", args[3]), compare("st_ymax", ">=", args[1]),
	}, loc).Node
	return nil
}

func isZero(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil && c.GetIval().Ival == 0
}
