package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// A PostGIS geometry column without an SRID modifier keeps the SRID of
// each value stored in it. A DuckDB GEOMETRY column keeps one CRS for all
// its values, or none, and drops the CRS of a value stored in it, so that
// the value would come back with another SRID. assignColumnTypes passes
// each value that INSERT or UPDATE stores in a geometry column through
// the provider's pgway_geometry_assign(value, crs of value, crs of
// column), which fails with 0A000 unless the SRIDs are the same.
//
// NOTE: a column's DEFAULT is stored without this check, and COPY FROM
// reads every geometry as SRID 0 whatever the column's CRS.

// geometryAssignFunction is the DuckDB provider's function that checks
// the SRID of a geometry stored in a column.
const geometryAssignFunction = "pgway_geometry_assign"

// formattedGeometryCRS returns the CRS 'EPSG:n' of a geometry column that
// the provider describes as geometry(Geometry,n), and "" for a column
// without one, whose geometries have the database's default SRID.
func formattedGeometryCRS(formatted string) string {
	modifiers, ok := strings.CutPrefix(formatted, "geometry(Geometry,")
	if !ok {
		return ""
	}
	srid, err := strconv.ParseInt(strings.TrimSuffix(modifiers, ")"), 10, 32)
	if err != nil || !strings.HasSuffix(modifiers, ")") {
		return ""
	}
	return "EPSG:" + strconv.FormatInt(srid, 10)
}

// geometryAssignment returns pgway_geometry_assign(value, crs), which
// rewriteGeometryAssign completes once the GIS functions of value are
// rewritten. A string constant is read as PostGIS reads geometry input,
// with the SRID its text gives. A parameter of a column without a CRS is
// read by pgway_geometry_in, which fails unless its input gives the
// database's default SRID.
func geometryAssignment(value *pg.Node, crs string) *pg.Node {
	loc := exprLocation(value)
	if value.GetParamRef() != nil && crs == "" {
		return funcCall("pgway_geometry_in", loc, typeCast(value, "varchar", loc), pg.MakeAConstStrNode("", loc))
	}
	if c := value.GetAConst(); c != nil && c.GetSval() != nil || value.GetParamRef() != nil {
		value = typeCast(value, "geometry", loc)
	}
	return funcCall(geometryAssignFunction, loc, value, pg.MakeAConstStrNode(crs, loc))
}

// rewriteGeometryAssign passes the CRS of the value to
// pgway_geometry_assign(value, crs of column), and gives the result the
// column's CRS, which the provider's function does not return.
func rewriteGeometryAssign(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 2 {
		return
	}
	loc := fc.Location
	crs := fc.Args[1]
	fc.Args = []*pg.Node{fc.Args[0], crsOf(fc.Args[0], loc), crs}
	if text := crs.GetAConst().GetSval().GetSval(); text != "" {
		n.Node = funcCall("st_setcrs", loc, &pg.Node{Node: n.Node}, pg.MakeAConstStrNode(text, loc)).Node
	}
}
