package translate

import (
	"errors"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"pgway/providers/geometry"
)

// A PostGIS geometry carries its SRID, which st_srid() returns, clients
// read from its EWKB, and functions of two geometries compare. A DuckDB
// GEOMETRY value carries none, but its type may carry a coordinate
// reference system, which ST_SetCRS sets when DuckDB binds the statement
// and ST_CRS reads. So the dialect gives every geometry it builds the CRS
// EPSG:n of the SRID n that PostGIS gives it, EPSG:0 for SRID 0: from the
// SRID argument of ST_GeomFromText, ST_GeomFromWKB, ST_MakeEnvelope and
// ST_SetSRID, or from the text of a constant. The functions that show an
// SRID take the CRS of their arguments as text (crsOf), and the provider
// sends each result column with the SRID of its CRS. A table column keeps
// the CRS of its type, or the database's default SRID without one.
//
// An SRID that the statement does not give as a constant fails with
// 0A000, since DuckDB fixes the CRS before it runs. Input text that is not
// a constant is taken to have SRID 0, and the provider fails at run time
// when it gives another.

// maxSRID is the largest SRID that PostGIS keeps as it is.
const maxSRID = 998999

// geometryResults are the functions whose result is a geometry that the
// dialect has given its CRS.
var geometryResults = map[string]bool{"st_setcrs": true}

// rewriteGeometrySRID rewrites the PostGIS functions that build a
// geometry or read its SRID, and reports whether it did.
func rewriteGeometrySRID(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	loc := fc.Location
	switch name {
	case "st_geomfromtext", "st_geomfromwkb":
		if len(fc.Args) != 1 && len(fc.Args) != 2 {
			return false, nil
		}
		srid, fixed := int64(0), len(fc.Args) == 2
		if fixed {
			var err error
			if srid, err = sridArgument(fc.Args[1], name); err != nil {
				return true, err
			}
		}
		if text := fc.Args[0].GetAConst().GetSval(); text != nil && name == "st_geomfromtext" {
			inputSRID, err := constantGeometrySRID(text.Sval, false, fc.Args[0].GetAConst().Location)
			if err != nil {
				return true, err
			}
			if !fixed {
				srid = inputSRID
			}
		}
		call := funcCall(name, loc, fc.Args[0], crsConstant(srid, loc), boolConst(fixed, loc))
		n.Node = withCRS(call, srid, loc).Node
		return true, nil
	case "st_makeenvelope":
		if len(fc.Args) != 4 && len(fc.Args) != 5 {
			return false, nil
		}
		srid := int64(0)
		if len(fc.Args) == 5 {
			var err error
			if srid, err = sridArgument(fc.Args[4], name); err != nil {
				return true, err
			}
			fc.Args = fc.Args[:4]
		}
		n.Node = withCRS(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, srid, loc).Node
		return true, nil
	case "st_setsrid":
		if len(fc.Args) != 2 {
			return false, nil
		}
		srid, err := sridArgument(fc.Args[1], name)
		if err != nil {
			return true, err
		}
		n.Node = withCRS(fc.Args[0], srid, loc).Node
		return true, nil
	case "st_transform":
		// The provider transforms from SRID 4326 to 3857 only, and fails
		// with 0A000 for other SRIDs when it runs.
		if len(fc.Args) != 2 {
			return true, unsupportedf(loc, "st_transform() with %d arguments is not supported on this warehouse", len(fc.Args))
		}
		srid, err := sridArgument(fc.Args[1], name)
		if err != nil {
			return true, err
		}
		call := funcCall(name, loc, fc.Args[0], crsOf(fc.Args[0], loc), crsConstant(srid, loc))
		n.Node = withCRS(call, srid, loc).Node
		return true, nil
	case "st_srid":
		if len(fc.Args) == 1 {
			fc.Args = append(fc.Args, crsOf(fc.Args[0], loc))
		}
		return true, nil
	case "st_intersects", "st_contains", "st_within":
		if len(fc.Args) == 2 {
			fc.Args = append(fc.Args, crsOf(fc.Args[0], loc), crsOf(fc.Args[1], loc))
		}
		return true, nil
	case "st_dwithin":
		fc.Args = append(fc.Args, crsOf(fc.Args[0], loc), crsOf(fc.Args[1], loc))
		return true, nil
	case geometryAssignFunction:
		rewriteGeometryAssign(n, fc)
		return true, nil
	case "st_asbinary":
		// The provider's ST_AsBinary(geom, text) writes the byte order
		// that the text names, as PostGIS does.
		return true, nil
	case "st_asewkb":
		if len(fc.Args) == 1 || len(fc.Args) == 2 {
			order := pg.MakeAConstStrNode("NDR", loc)
			if len(fc.Args) == 2 {
				order = fc.Args[1]
			}
			fc.Args = []*pg.Node{fc.Args[0], crsOf(fc.Args[0], loc), order}
		}
		return true, nil
	case "pgway_extent_geometry":
		// PostGIS casts ST_Extent's box2d to a geometry of SRID 0.
		if err := rewriteExtent(n, fc, "pgway_box2d_geometry"); err != nil {
			return true, err
		}
		n.Node = withCRS(&pg.Node{Node: n.Node}, 0, loc).Node
		return true, nil
	}
	return false, nil
}

// rewriteGeometryCast rewrites a cast to geometry and reports whether it
// did. Text is read by the provider's pgway_geometry_in, as PostGIS's
// geometry input reads it, with the SRID of a constant's text or else 0.
// A geometry keeps its CRS, which DuckDB's cast to GEOMETRY would drop.
func rewriteGeometryCast(n *pg.Node, tc *pg.TypeCast) (bool, error) {
	if len(tc.TypeName.GetTypmods()) > 0 {
		return true, unsupported("a cast to geometry with a type modifier", tc.Location,
			"Cast to geometry and give the SRID with ST_SetSRID.")
	}
	loc := tc.Location
	arg := tc.Arg
	if fc := arg.GetFuncCall(); fc != nil && geometryResults[strings.ToLower(lastName(fc.Funcname))] {
		n.Node = arg.Node
		return true, nil
	}
	if c := arg.GetAConst(); c != nil {
		text := c.GetSval()
		if text == nil {
			return false, nil // NULL::geometry
		}
		srid, err := constantGeometrySRID(text.Sval, true, c.Location)
		if err != nil {
			return true, err
		}
		call := funcCall("pgway_geometry_in", loc, arg, crsConstant(srid, loc))
		n.Node = withCRS(call, srid, loc).Node
		return true, nil
	}
	if arg.GetParamRef() != nil {
		call := funcCall("pgway_geometry_in", loc, typeCast(arg, "varchar", loc), crsConstant(0, loc))
		n.Node = withCRS(call, 0, loc).Node
		return true, nil
	}
	// Another expression keeps the CRS of its type. DuckDB cannot read
	// the CRS of text, so text that is not a constant fails to bind.
	cast := &pg.Node{Node: &pg.Node_TypeCast{TypeCast: tc}}
	tc.TypeName.Names = stringNodes("geometry")
	n.Node = funcCall("st_setcrs", loc, cast, crsOf(arg, loc)).Node
	return true, nil
}

// withCRS is ST_SetCRS(x, 'EPSG:srid').
func withCRS(x *pg.Node, srid int64, loc int32) *pg.Node {
	return funcCall("st_setcrs", loc, x, crsConstant(srid, loc))
}

// crsConstant is the CRS of SRID srid, 'EPSG:srid'. The dialect passes
// SRIDs to the provider's functions in this form too, so that an SRID
// constant of the statement does not appear alone in the rewrite, where
// a shared template would take it for a value to fill in (shared.go).
func crsConstant(srid int64, loc int32) *pg.Node {
	return pg.MakeAConstStrNode("EPSG:"+strconv.FormatInt(srid, 10), loc)
}

// constantGeometrySRID reads geometry input text as the provider does and
// returns the SRID it gives, so that text that PostGIS cannot read fails
// here too. The literal then stays in a shared template's key, since a
// template's placeholder text does not parse, and text of another SRID
// does not share a template (shared.go).
func constantGeometrySRID(text string, hexAllowed bool, loc int32) (int64, error) {
	_, srid, err := geometry.Parse(text, hexAllowed)
	if err != nil {
		var input *geometry.InputError
		if errors.As(err, &input) {
			return 0, &Error{Code: input.Code, Message: input.Message, Position: int(loc) + 1}
		}
		return 0, err
	}
	if int64(srid) > maxSRID {
		return 0, sridOutOfRange(loc, int64(srid))
	}
	return int64(srid), nil
}

// crsOf is coalesce(ST_CRS(x), ”), the CRS of the geometry x as text,
// empty when its type has none.
func crsOf(x *pg.Node, loc int32) *pg.Node {
	if fc := x.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "st_setcrs" && len(fc.Args) == 2 {
		if crs := fc.Args[1].GetAConst().GetSval(); crs != nil {
			// The dialect's own ST_SetCRS: its CRS, without computing x
			// a second time.
			return pg.MakeAConstStrNode(crs.Sval, loc)
		}
	}
	return &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{
		Args:     []*pg.Node{funcCall("st_crs", loc, proto.Clone(x).(*pg.Node)), pg.MakeAConstStrNode("", loc)},
		Location: loc,
	}}}
}

// geometryBuilders are the PostGIS functions that return a geometry.
var geometryBuilders = map[string]bool{
	"st_geomfromtext": true, "st_geomfromwkb": true, "st_makeenvelope": true, "st_setsrid": true,
	"st_transform": true,
}

// returnsGeometry reports whether n is evidently a geometry: a call of
// geometryBuilders or a cast to geometry, before the dialect rewrites it.
func returnsGeometry(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		return geometryBuilders[strings.ToLower(lastName(fc.Funcname))]
	}
	return lastName(n.GetTypeCast().GetTypeName().GetNames()) == "geometry"
}

// geometryBytea is the bytea of the geometry x, rewritten, as PostGIS
// casts it: its EWKB. It returns nil when x is not evidently a geometry.
func geometryBytea(x *pg.Node, loc int32) *pg.Node {
	if fc := x.GetFuncCall(); fc == nil || !geometryResults[strings.ToLower(lastName(fc.Funcname))] {
		return nil
	}
	return funcCall("st_asewkb", loc, x, crsOf(x, loc), pg.MakeAConstStrNode("NDR", loc))
}

// sridArgument returns the SRID that an argument of function gives: an
// integer constant, which PostGIS reads as 0 when it is negative.
func sridArgument(arg *pg.Node, function string) (int64, error) {
	c := arg.GetAConst()
	if tc := arg.GetTypeCast(); tc != nil && c == nil {
		if name := lastName(tc.TypeName.GetNames()); name == "int4" || name == "int8" || name == "int2" {
			c = tc.Arg.GetAConst()
		}
	}
	if c == nil || c.GetIval() == nil && !c.GetIsnull() && c.GetSval() == nil {
		if c != nil && c.GetFval() != nil {
			return 0, unsupportedf(exprLocation(arg), "the SRID of %s() must be an integer constant on this warehouse", function)
		}
		return 0, unsupported("an SRID of "+function+"() that is not a constant", exprLocation(arg),
			"DuckDB fixes a geometry's SRID before it runs the statement: give the SRID as an integer constant.")
	}
	var srid int64
	switch {
	case c.GetIval() != nil:
		srid = int64(c.GetIval().Ival)
	case c.GetSval() != nil:
		n, err := strconv.ParseInt(strings.TrimSpace(c.GetSval().Sval), 10, 32)
		if err != nil {
			return 0, unsupportedf(c.Location, "the SRID of %s() must be an integer constant on this warehouse", function)
		}
		srid = n
	default:
		return 0, unsupportedf(c.Location, "a NULL SRID of %s() is not supported on this warehouse", function)
	}
	if srid > maxSRID {
		return 0, sridOutOfRange(c.Location, srid)
	}
	return max(srid, 0), nil
}

func sridOutOfRange(loc int32, srid int64) *Error {
	return unsupportedf(loc, "SRID %d, which PostGIS maps to another, is not supported on this warehouse", srid)
}
