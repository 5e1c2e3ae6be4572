package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostGIS on BigQuery: a geometry or geography column is a BigQuery
// GEOGRAPHY, always in WGS 84 (SRID 4326), whose edges are geodesic.
// NOTE: predicates such as ST_Intersects follow geodesic edges where
// PostGIS's geometry follows straight lines in longitude and latitude;
// the two agree for points and differ near long edges.

// bigQueryGISFunctions are the PostGIS functions that BigQuery has with
// the same arguments and results on SRID 4326.
var bigQueryGISFunctions = map[string]string{
	"st_astext": "ST_ASTEXT", "st_intersects": "ST_INTERSECTS", "st_contains": "ST_CONTAINS",
	"st_within": "ST_WITHIN", "st_covers": "ST_COVERS", "st_coveredby": "ST_COVEREDBY",
	"st_touches": "ST_TOUCHES", "st_disjoint": "ST_DISJOINT", "st_equals": "ST_EQUALS",
	"st_x": "ST_X", "st_y": "ST_Y", "st_isempty": "ST_ISEMPTY", "st_npoints": "ST_NUMPOINTS",
	"st_geometrytype": "ST_GEOMETRYTYPE", "st_dimension": "ST_DIMENSION",
	"st_numgeometries": "ST_NUMGEOMETRIES", "st_geogfromtext": "ST_GEOGFROMTEXT",
	"st_geographyfromtext": "ST_GEOGFROMTEXT", "st_geogfromwkb": "ST_GEOGFROMWKB",
	"st_geomfromgeojson": "ST_GEOGFROMGEOJSON", "st_makepoint": "ST_GEOGPOINT",
	"st_point": "ST_GEOGPOINT",
}

// bigQueryMeasures are the PostGIS measurements, which BigQuery computes
// only geodesically, in metres, by the name of BigQuery's function.
// NOTE: BigQuery measures on a sphere; PostGIS measures geography on the
// WGS 84 spheroid unless use_spheroid is false, which differs by up to
// about 0.5%.
var bigQueryMeasures = map[string]string{
	"st_distance": "ST_DISTANCE", "st_dwithin": "ST_DWITHIN", "st_area": "ST_AREA",
	"st_length": "ST_LENGTH", "st_perimeter": "ST_PERIMETER", "st_buffer": "ST_BUFFER",
}

const bigQueryGISHint = "BigQuery has these PostGIS functions: ST_AsText, ST_AsBinary, ST_AsEWKB, " +
	"ST_GeomFromText, ST_GeomFromWKB, ST_GeogFromText, ST_GeomFromGeoJSON, ST_MakeEnvelope, ST_MakePoint, " +
	"ST_Point, ST_SetSRID and ST_Transform to 4326, ST_SRID, ST_X, ST_Y, ST_Intersects, ST_Contains, ST_Within, " +
	"ST_Covers, ST_CoveredBy, ST_Touches, ST_Disjoint, ST_Equals, ST_IsEmpty, ST_NPoints, ST_GeometryType, " +
	"GeometryType, ST_Dimension, ST_NumGeometries, ST_Zmflag, the aggregate ST_Extent, and on geography ST_Distance, ST_DWithin, ST_Area, " +
	"ST_Length, ST_Perimeter and ST_Buffer."

func (w *bqWriter) gisFunction(fc *pg.FuncCall, name string) {
	if fn, ok := bigQueryGISFunctions[name]; ok {
		w.call(fn, fc.Args...)
		return
	}
	if fn, ok := bigQueryMeasures[name]; ok {
		w.measure(fc, name, fn)
		return
	}
	switch name {
	case "st_asbinary":
		if w.byteOrder(fc) {
			w.call("ST_ASBINARY", fc.Args[0])
		}
	case "st_asewkb":
		if w.byteOrder(fc) {
			w.asEWKB(fc.Args[0])
		}
	case "st_geomfromtext", "st_geomfromwkb":
		if w.srid4326(fc, 1) {
			w.call(map[string]string{"st_geomfromtext": "ST_GEOGFROMTEXT", "st_geomfromwkb": "ST_GEOGFROMWKB"}[name], fc.Args[0])
		}
	case "st_setsrid", "st_transform":
		if w.srid4326(fc, 1) {
			w.expr(fc.Args[0])
		}
	case "st_srid":
		if len(fc.Args) != 1 {
			w.failf(fc.Location, "st_srid() needs one argument")
			return
		}
		if w.literalSRID(fc.Args[0]) {
			return
		}
		w.write("CASE WHEN ")
		w.operand(fc.Args[0])
		w.write(" IS NULL THEN NULL ELSE 4326 END")
	case "geometrytype":
		// PostGIS's GeometryType is ST_GeometryType without ST_, in capitals.
		w.write("UPPER(SUBSTR(ST_GEOMETRYTYPE(")
		w.list(fc.Args, w.expr)
		w.write("), 4))")
	case "st_makeenvelope":
		w.envelope(fc)
	case "st_extent":
		w.extent(fc)
	case "st_zmflag":
		// BigQuery's GEOGRAPHY has two dimensions, whose flag is 0.
		if len(fc.Args) != 1 {
			w.failf(fc.Location, "st_zmflag() needs one argument")
			return
		}
		w.write("CASE WHEN ")
		w.operand(fc.Args[0])
		w.write(" IS NULL THEN NULL ELSE 0 END")
	default:
		w.unsupportedOn("PostGIS function "+name+"()", fc.Location, bigQueryGISHint)
	}
}

// measure writes a measurement on geography as BigQuery's geodesic
// function in metres. On geometry PostGIS measures in the units of the
// SRID, degrees for 4326, which BigQuery cannot.
func (w *bqWriter) measure(fc *pg.FuncCall, name, fn string) {
	if !isGeography(fc.Args) {
		w.unsupportedOn(name+"() on geometry", fc.Location,
			"BigQuery measures only on the sphere: cast the arguments to geography for a result in metres.")
		return
	}
	if name == "st_distance" && len(fc.Args) != 2 || name == "st_dwithin" && len(fc.Args) != 3 {
		w.unsupportedOn(name+"() with use_spheroid", fc.Location, "")
		return
	}
	w.call(fn, fc.Args...)
}

// byteOrder reports whether the optional byte order of ST_AsBinary and
// ST_AsEWKB is NDR (little-endian), the order BigQuery writes.
func (w *bqWriter) byteOrder(fc *pg.FuncCall) bool {
	switch len(fc.Args) {
	case 1:
		return true
	case 2:
		if order := fc.Args[1].GetAConst().GetSval(); order != nil && strings.EqualFold(order.Sval, "NDR") {
			return true
		}
	}
	w.unsupportedOn(lastName(fc.Funcname)+"() with a byte order other than 'NDR'", fc.Location, "")
	return false
}

// asEWKB writes PostGIS's extended WKB of a geography: BigQuery's
// little-endian WKB with the SRID flag (0x20000000) set in the type and
// SRID 4326 after it. The flag is the fourth byte of the type, zero in
// plain WKB of two-dimensional geometries.
func (w *bqWriter) asEWKB(g *pg.Node) {
	w.write("CONCAT(SUBSTR(ST_ASBINARY(")
	w.expr(g)
	w.write("), 1, 4), b'\\x20\\xe6\\x10\\x00\\x00', SUBSTR(ST_ASBINARY(")
	w.expr(g)
	w.write("), 6))")
}

// srid4326 reports whether argument i of fc is the constant 4326, the
// only SRID of BigQuery's GEOGRAPHY.
func (w *bqWriter) srid4326(fc *pg.FuncCall, i int) bool {
	if len(fc.Args) == i+1 && fc.Args[i].GetAConst().GetIval().GetIval() == 4326 {
		return true
	}
	w.unsupportedOn(lastName(fc.Funcname)+"() without SRID 4326", fc.Location,
		"BigQuery's GEOGRAPHY is always in WGS 84; pass SRID 4326.")
	return false
}

// literalSRID writes the SRID of a text literal cast to geometry or
// geography without an SRID, such as GDAL's probe
// ST_SRID('POINT EMPTY'::geometry), and reports whether arg is one.
// PostGIS gives such geometry SRID 0 and such geography 4326. BigQuery
// still parses the text, so that invalid text fails as in PostGIS.
func (w *bqWriter) literalSRID(arg *pg.Node) bool {
	tc := arg.GetTypeCast()
	lit := tc.GetArg().GetAConst().GetSval()
	if lit == nil || len(tc.TypeName.ArrayBounds) > 0 || strings.HasPrefix(strings.ToUpper(lit.Sval), "SRID=") {
		return false
	}
	srid := map[string]string{"geometry": "0", "geography": "4326"}[lastName(tc.TypeName.GetNames())]
	if srid == "" {
		return false
	}
	w.write("CASE WHEN ST_GEOGFROMTEXT(", quoteEscapedString(lit.Sval), ") IS NULL THEN NULL ELSE ", srid, " END")
	return true
}

// envelope writes ST_MakeEnvelope with constant bounds and SRID 4326 as a
// polygon whose edges follow lines of constant longitude and latitude,
// as the edges of PostGIS's envelope do.
func (w *bqWriter) envelope(fc *pg.FuncCall) {
	bounds, ok := bqEnvelopeBounds(fc)
	if !ok || !w.srid4326(fc, 4) {
		if !ok {
			w.unsupportedOn("ST_MakeEnvelope() with bounds that are not constants", fc.Location, "")
		}
		return
	}
	xmin, ymin, xmax, ymax := bounds[0], bounds[1], bounds[2], bounds[3]
	wkt := "POLYGON((" + xmin + " " + ymin + ", " + xmax + " " + ymin + ", " + xmax + " " + ymax + ", " +
		xmin + " " + ymax + ", " + xmin + " " + ymin + "))"
	w.write("ST_GEOGFROMTEXT(", quoteEscapedString(wkt), ", planar => TRUE)")
}

// bqEnvelopeBounds returns the four bounds of ST_MakeEnvelope as numeric
// constants.
func bqEnvelopeBounds(fc *pg.FuncCall) ([]string, bool) {
	if len(fc.Args) != 5 {
		return nil, false
	}
	out := make([]string, 4)
	for i, arg := range fc.Args[:4] {
		c := arg.GetAConst()
		switch {
		case c.GetIval() != nil:
			out[i] = constText(arg)
		case c.GetFval() != nil:
			out[i] = c.GetFval().Fval
		default:
			return nil, false
		}
	}
	return out, true
}

// boundingBoxOverlap writes geom && ST_MakeEnvelope(...), PostGIS's test
// of overlapping bounding boxes, with BigQuery's ST_BOUNDINGBOX, which a
// scalar subquery calls once per row. A box across the antimeridian
// overlaps every longitude, as explained at antimeridianTest.
// NOTE: BigQuery's bounding box of a line or polygon includes the bulge
// of its geodesic edges; PostGIS's box of the vertices does not.
func (w *bqWriter) boundingBoxOverlap(e *pg.A_Expr) {
	geom, env := e.Lexpr, e.Rexpr.GetFuncCall()
	if env == nil || lastName(env.Funcname) != "st_makeenvelope" {
		geom, env = e.Rexpr, e.Lexpr.GetFuncCall()
	}
	if env == nil || strings.ToLower(lastName(env.Funcname)) != "st_makeenvelope" {
		w.unsupportedOn("operator && other than with ST_MakeEnvelope()", e.Location,
			"Use ST_Intersects, or && with an ST_MakeEnvelope of constant bounds.")
		return
	}
	bounds, ok := bqEnvelopeBounds(env)
	if !ok {
		w.unsupportedOn("ST_MakeEnvelope() with bounds that are not constants", env.Location, "")
		return
	}
	if !w.srid4326(env, 4) {
		return
	}
	const box = "_pgway_box"
	w.write("(SELECT (", box, ".xmin <= ", bounds[2], " AND ", box, ".xmax >= ", bounds[0], " OR ",
		antimeridianTest(box), ") AND ", box, ".ymin <= ", bounds[3], " AND ", box, ".ymax >= ", bounds[1],
		" FROM UNNEST([ST_BOUNDINGBOX(")
	w.expr(geom)
	w.write(")]) AS ", box, ")")
}

// antimeridianTest returns the test of whether box, a BigQuery STRUCT of
// xmin, ymin, xmax and ymax, crosses the antimeridian. Such a box has an
// xmax above 180, as bigquery-emulator v0.8.1 writes it, or below its
// xmin, the other way to write it. The geometry's vertices then lie on
// both sides of longitude 180, so their box in PostGIS spans nearly all
// longitudes, which pgway takes as -180 to 180.
func antimeridianTest(box string) string {
	return "(" + box + ".xmax > 180 OR " + box + ".xmin > " + box + ".xmax)"
}

// extent writes the aggregate ST_Extent(geom) as the text of PostGIS's
// box2d, BOX(xmin ymin,xmax ymax), from BigQuery's aggregate ST_EXTENT.
// Like ST_Extent, the result is NULL when no row has a non-empty
// geometry.
// NOTE: a box across the antimeridian becomes longitudes -180 to 180,
// wider than PostGIS's box of the vertices when none is near longitude
// 180. BigQuery's box of a line or polygon also includes the bulge of its
// geodesic edges.
func (w *bqWriter) extent(fc *pg.FuncCall) {
	if len(fc.Args) != 1 {
		w.failf(fc.Location, "st_extent() needs one argument")
		return
	}
	// The argument is written once, then repeated as text.
	inner := &bqWriter{d: w.d}
	inner.expr(fc.Args[0])
	if inner.err != nil {
		if w.err == nil {
			w.err = inner.err
		}
		return
	}
	box := "ST_EXTENT(" + inner.b.String() + ")"
	str := func(field string) string { return "CAST(" + box + "." + field + " AS STRING)" }
	w.write("CASE WHEN ", box, " IS NULL THEN NULL WHEN ", antimeridianTest(box),
		" THEN CONCAT('BOX(-180 ', ", str("ymin"), ", ',180 ', ", str("ymax"), ", ')') ELSE CONCAT('BOX(', ",
		str("xmin"), ", ' ', ", str("ymin"), ", ',', ", str("xmax"), ", ' ', ", str("ymax"), ", ')') END")
}

// geoCast writes a cast to geometry or geography. A value that is one
// already is a GEOGRAPHY; text becomes one through ST_GEOGFROMTEXT when
// its SRID is 4326, the default for geography.
func (w *bqWriter) geoCast(tc *pg.TypeCast, name string) {
	lit := tc.Arg.GetAConst().GetSval()
	if lit == nil {
		if t := bqStaticType(tc.Arg); t != "" {
			w.unsupportedOn("a cast of "+t+" to "+name, tc.Location, "")
			return
		}
		w.expr(tc.Arg)
		return
	}
	wkt, hasSRID := strings.CutPrefix(lit.Sval, "SRID=4326;")
	if !hasSRID && (name == "geometry" || strings.HasPrefix(strings.ToUpper(lit.Sval), "SRID=")) {
		w.unsupportedOn(name+" text without SRID=4326", tc.Location, "BigQuery's GEOGRAPHY is always in WGS 84; write SRID=4326;WKT.")
		return
	}
	w.write("ST_GEOGFROMTEXT(", quoteEscapedString(wkt), ")")
}
