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
	"GeometryType, ST_Dimension, ST_NumGeometries, and on geography ST_Distance, ST_DWithin, ST_Area, " +
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
		w.unsupportedOn("ST_Extent", fc.Location,
			"BigQuery has no box2d type, and its ST_EXTENT bounds geodesic edges; select ST_XMin and friends of each row's geometry instead.")
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
// of overlapping bounding boxes, with BigQuery's ST_BOUNDINGBOX.
// NOTE: BigQuery's bounding box of a line or polygon includes the bulge
// of its geodesic edges, and its xmin exceeds xmax for a box across the
// antimeridian; PostGIS's box of the vertices has neither.
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
	tests := []struct{ field, op, bound string }{
		{"xmin", "<=", bounds[2]}, {"xmax", ">=", bounds[0]}, {"ymin", "<=", bounds[3]}, {"ymax", ">=", bounds[1]},
	}
	w.write("(")
	for i, t := range tests {
		if i > 0 {
			w.write(" AND ")
		}
		w.write("ST_BOUNDINGBOX(")
		w.expr(geom)
		w.write(").", t.field, " ", t.op, " ", t.bound)
	}
	w.write(")")
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
