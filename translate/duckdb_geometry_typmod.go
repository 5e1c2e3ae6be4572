package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A column of type geometry(Point) or geometry(Point, 0) holds
// geometries of that type only, which PostGIS checks when a statement
// stores one. DuckDB's GEOMETRY type has no type modifier, so
// geometryTypmodChecks gives such a column of a CREATE TABLE a CHECK
// constraint, pgway_geometry_typmod(column, 'Point'). The provider
// computes it, and it raises PostGIS's 22023 for a geometry of another
// type on every statement that stores one.
//
// A column with an SRID, geometry(Point, 4326), fails with 0A000: DuckDB
// gives a column's type a coordinate reference system only through
// CREATE TABLE AS, so a column that a table definition creates could not
// return its values with that SRID.

// geometryTypmodFunction is the provider's function that checks the type
// of a geometry stored in a column.
const geometryTypmodFunction = "pgway_geometry_typmod"

// geometryTypmodNames are the geometry types of PostGIS's type modifiers,
// by their upper-case names, as PostGIS's lwtype_name writes them.
var geometryTypmodNames = map[string]string{
	"GEOMETRY": "Geometry", "POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon",
	"MULTIPOINT": "MultiPoint", "MULTILINESTRING": "MultiLineString", "MULTIPOLYGON": "MultiPolygon",
	"GEOMETRYCOLLECTION": "GeometryCollection", "CIRCULARSTRING": "CircularString",
	"COMPOUNDCURVE": "CompoundCurve", "CURVEPOLYGON": "CurvePolygon", "MULTICURVE": "MultiCurve",
	"MULTISURFACE": "MultiSurface", "POLYHEDRALSURFACE": "PolyhedralSurface", "TRIANGLE": "Triangle",
	"TIN": "Tin",
}

// linearGeometryTypes are the types whose geometries the provider can
// hold: those without curves.
var linearGeometryTypes = map[string]bool{
	"Geometry": true, "Point": true, "LineString": true, "Polygon": true, "MultiPoint": true,
	"MultiLineString": true, "MultiPolygon": true, "GeometryCollection": true,
}

// geometryTypmodChecks rewrites each geometry column with type modifiers
// of a CREATE TABLE as described above.
func geometryTypmodChecks(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		create, ok := msg.(*pg.CreateStmt)
		if !ok || err != nil {
			return
		}
		for _, elt := range create.TableElts {
			if def := elt.GetColumnDef(); def != nil && err == nil {
				err = addGeometryTypmodCheck(def)
			}
		}
	})
	return err
}

func addGeometryTypmodCheck(def *pg.ColumnDef) error {
	tn := def.TypeName
	if tn == nil || lastName(tn.Names) != "geometry" || len(tn.Typmods) == 0 || len(tn.ArrayBounds) > 0 {
		return nil
	}
	columnType, err := geometryTypmodType(tn)
	if err != nil {
		return err
	}
	tn.Typmods = nil
	if columnType == "Geometry" {
		return nil
	}
	loc := tn.Location
	column := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(def.Colname)}, loc)
	check := funcCall(geometryTypmodFunction, loc, column, pg.MakeAConstStrNode(columnType, loc))
	def.Constraints = append(def.Constraints, &pg.Node{Node: &pg.Node_Constraint{Constraint: &pg.Constraint{
		Contype: pg.ConstrType_CONSTR_CHECK, RawExpr: check, Location: loc}}})
	return nil
}

// geometryTypmodType returns the geometry type of the modifiers of tn, as
// lwtype_name writes it, and fails as PostGIS 3 does for a type it does
// not know, or with 0A000 where the column could not be PostGIS's.
func geometryTypmodType(tn *pg.TypeName) (string, error) {
	loc := tn.Location
	if len(tn.Typmods) > 2 {
		return "", unsupportedf(loc, "geometry with %d type modifiers is not supported on this warehouse", len(tn.Typmods))
	}

	text, ok := typmodText(tn.Typmods[0])
	if !ok {
		return "", unsupported("a geometry type modifier that is not a name", loc, "")
	}
	upper := strings.ToUpper(strings.TrimSpace(text))
	base, dims := upper, ""
	for _, suffix := range []string{"ZM", "Z", "M"} {
		if trimmed, ok := strings.CutSuffix(upper, suffix); ok && geometryTypmodNames[trimmed] != "" {
			base, dims = trimmed, suffix
			break
		}
	}

	columnType := geometryTypmodNames[base]
	if columnType == "" {
		return "", &Error{Code: "22023", Message: "Invalid geometry type modifier: " + text, Position: int(loc) + 1}
	}
	if dims != "" || !linearGeometryTypes[columnType] {
		return "", unsupportedf(loc, "a geometry(%s%s) column is not supported on this warehouse, which holds 2D geometries without curves only",
			columnType, dims)
	}

	if len(tn.Typmods) == 2 {
		sridText, ok := typmodText(tn.Typmods[1])
		srid, err := strconv.ParseInt(strings.TrimSpace(sridText), 10, 32)
		if !ok || err != nil {
			return "", unsupported("a geometry SRID modifier that is not an integer", loc, "")
		}
		if srid > 0 {
			return "", &Error{Code: CodeFeatureNotSupported, Position: int(loc) + 1,
				Message: fmt.Sprintf("a geometry column with SRID %d is not supported on this warehouse", srid),
				Hint: "DuckDB gives no SRID to a column that CREATE TABLE defines. Use geometry(" + columnType +
					") or geometry, whose values come back with the database's default SRID."}
		}
	}
	return columnType, nil
}

// typmodText returns a type modifier as PostgreSQL passes it to the
// type's modifier input function: an integer or string constant, or a
// name, as text.
func typmodText(m *pg.Node) (string, bool) {
	if c := m.GetAConst(); c != nil {
		switch {
		case c.GetIval() != nil:
			return strconv.FormatInt(int64(c.GetIval().Ival), 10), true
		case c.GetSval() != nil:
			return c.GetSval().Sval, true
		}
		return "", false
	}
	if fields := m.GetColumnRef().GetFields(); len(fields) == 1 && fields[0].GetString_() != nil {
		return fields[0].GetString_().Sval, true
	}
	return "", false
}
