package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// extentGeometryFunctions are the PostGIS functions that take ST_Extent
// as a geometry without a cast, as PostGIS casts its box2d to a geometry
// of SRID 0 for them. On DuckDB a cast of ST_Extent to geometry works
// anywhere, since the dialect gives the extent SRID 0 too.
var extentGeometryFunctions = map[string]bool{
	"st_astext": true, "st_asbinary": true, "geometrytype": true, "st_geometrytype": true,
	"st_zmflag": true, "st_x": true, "st_y": true, "st_setsrid": true,
}

// extentGeometries fails with 0A000 for a cast of ST_Extent to geometry,
// or ST_Extent as the argument of a PostGIS function: the dialects
// compute the extent as text. On DuckDB (convert), ST_Extent(g)::geometry,
// and ST_Extent(g) as the first argument of extentGeometryFunctions,
// become pgway_extent_geometry(g) first, the extent as PostGIS casts a
// box2d to geometry.
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
	// The dialect gives pgway_extent_geometry SRID 0, so every cast of
	// ST_Extent to geometry can become it.
	_ = walkNode(stmt, func(n *pg.Node) error {
		tc := n.GetTypeCast()
		if extent := extentCall(tc.GetArg()); extent != nil && lastName(tc.GetTypeName().GetNames()) == "geometry" {
			extent.Funcname = stringNodes("pgway_extent_geometry")
			n.Node = tc.Arg.Node
		}
		return nil
	})
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
