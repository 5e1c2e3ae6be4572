package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// extentGeometryFunctions are the PostGIS functions whose result does not
// show a geometry's SRID. PostGIS casts ST_Extent's box2d to a geometry
// of SRID 0, while the DuckDB provider keeps every geometry in the
// database's one SRID. So an extent can be a geometry only where its SRID
// does not show, or where ST_SetSRID gives it the database's SRID.
var extentGeometryFunctions = map[string]bool{
	"st_astext": true, "st_asbinary": true, "geometrytype": true, "st_geometrytype": true,
	"st_zmflag": true, "st_x": true, "st_y": true, "st_setsrid": true,
}

// extentGeometries fails with 0A000 for a cast of ST_Extent to geometry,
// or ST_Extent as the argument of a PostGIS function: the dialects
// compute the extent as text. On DuckDB (convert), ST_Extent(g), or
// ST_Extent(g)::geometry, as the first argument of
// extentGeometryFunctions becomes pgway_extent_geometry(g) first, the
// extent as PostGIS casts a box2d to geometry.
func extentGeometries(stmt *pg.Node, convert bool) error {
	if convert {
		convertExtentGeometries(stmt)
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.TypeCast:
			if extentCall(v.Arg) != nil && lastName(v.GetTypeName().GetNames()) == "geometry" {
				err = extentAsGeometry(v.Location)
			}
		case *pg.FuncCall:
			name := lastName(v.Funcname)
			if !strings.HasPrefix(name, "st_") && !postgisFunctions[name] || name == "st_extent" {
				return
			}
			for _, a := range v.Args {
				if extent := extentCall(a); extent != nil {
					err = extentAsGeometry(extent.Location)
				}
			}
		}
	})
	return err
}

func convertExtentGeometries(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || len(fc.Args) == 0 || !extentGeometryFunctions[lastName(fc.Funcname)] {
			return
		}
		arg := fc.Args[0]
		if tc := arg.GetTypeCast(); tc != nil && lastName(tc.GetTypeName().GetNames()) == "geometry" {
			arg = tc.Arg
		}
		if extent := extentCall(arg); extent != nil {
			extent.Funcname = stringNodes("pgway_extent_geometry")
			fc.Args[0] = arg
		}
	})
}

// extentCall returns n as a call of ST_Extent, or nil.
func extentCall(n *pg.Node) *pg.FuncCall {
	if fc := n.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "st_extent" {
		return fc
	}
	return nil
}

func extentAsGeometry(location int32) *Error {
	return unsupported("ST_Extent as a geometry", location,
		"PostGIS makes it a geometry of SRID 0. On DuckDB, ST_AsText, ST_AsBinary, ST_GeometryType "+
			"and ST_SetSRID(ST_Extent(...)::geometry, srid) take it.")
}
