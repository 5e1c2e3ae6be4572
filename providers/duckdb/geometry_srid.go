package duckdb

import (
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"pgway/providers"
	"pgway/providers/geometry"
)

// A DuckDB GEOMETRY value carries no SRID, but its type may carry a
// coordinate reference system, GEOMETRY('EPSG:3857'), which ST_SetCRS sets
// when the statement is bound and ST_CRS reads. The dialect gives every
// geometry it builds the CRS of the SRID PostGIS would give it, EPSG:0
// for SRID 0, so that a result column is sent with that SRID and the
// functions below, to which the dialect passes ST_CRS of each geometry,
// return it. A column whose type has no CRS holds geometries of the
// database's default SRID.

// crsSRID returns the SRID of a geometry whose type has the coordinate
// reference system crs, as DuckDB names it ("" when it has none).
func crsSRID(crs string, defaultSRID int32) int32 {
	if crs == "EPSG:0" {
		return 0
	}
	if srid := sridFromCRS(crs); srid != 0 {
		return srid
	}
	return defaultSRID
}

// sridFunctions are the overloads of the PostGIS functions that take the
// CRS of each geometry argument, or the SRID the dialect expects of the
// input, and the functions that write a geometry as PostGIS's text and
// bytea casts do.
func sridFunctions(defaultSRID int32) map[string][]udf {
	srid := func(v driver.Value) int32 { return crsSRID(v.(string), defaultSRID) }
	return map[string][]udf{
		// pgway_geometry_in(text, crs) reads text cast to geometry,
		// which the dialect expects to have the SRID of crs.
		"pgway_geometry_in": {{[]duckdb.Type{text, text}, geom, func(args []driver.Value) (any, error) {
			return readInput(args[0].(string), true, srid(args[1]), false)
		}}},
		// st_geomfromtext(text, crs, fixed): with fixed the geometry
		// gets the SRID of crs, as the second argument of
		// ST_GeomFromText gives it.
		"st_geomfromtext": {{[]duckdb.Type{text, text, boolean}, geom, func(args []driver.Value) (any, error) {
			return readInput(args[0].(string), false, srid(args[1]), args[2].(bool))
		}}},
		"st_geomfromwkb": {{[]duckdb.Type{blob, text, boolean}, geom, func(args []driver.Value) (any, error) {
			g, inputSRID, err := geometry.FromWKB(args[0].([]byte))
			if err != nil {
				return nil, err
			}
			if err := checkInputSRID(max(inputSRID, 0), srid(args[1]), args[2].(bool)); err != nil {
				return nil, err
			}
			return geometry.ToWKB(g)
		}}},
		"st_srid": {{[]duckdb.Type{geom, text}, integer, func(args []driver.Value) (any, error) {
			return srid(args[1]), nil
		}}},
		"st_intersects": {{[]duckdb.Type{geom, geom, text, text}, boolean, func(args []driver.Value) (any, error) {
			a, err := decodeShared(args[0])
			if err != nil {
				return nil, err
			}
			b, err := decodeShared(args[1])
			if err != nil {
				return nil, err
			}
			if err := sameSRID("ST_Intersects", a, srid(args[2]), b, srid(args[3])); err != nil {
				return nil, err
			}
			return geometry.Intersects(a, b), nil
		}}},
		"st_asbinary": {{[]duckdb.Type{geom, text}, blob, func(args []driver.Value) (any, error) {
			g, err := decode(args[0])
			if err != nil {
				return nil, err
			}
			return geometry.MarshalWKB(g, wkbByteOrder(args[1].(string)))
		}}},
		"st_asewkb": {{[]duckdb.Type{geom, text, text}, blob, func(args []driver.Value) (any, error) {
			return ewkb(args[0], srid(args[1]), args[2].(string))
		}}},
		// pgway_geometry_text is the text of a geometry as PostGIS's
		// geometry_out writes it: upper-case hexadecimal EWKB.
		"pgway_geometry_text": {{[]duckdb.Type{geom, text}, text, func(args []driver.Value) (any, error) {
			data, err := ewkb(args[0], srid(args[1]), "NDR")
			if err != nil {
				return nil, err
			}
			return strings.ToUpper(hex.EncodeToString(data)), nil
		}}},
	}
}

// withSRIDFunctions adds the overloads of sridFunctions,
// transformFunctions, containsFunctions, dwithinFunctions,
// typmodFunctions and assignFunctions to functions.
func withSRIDFunctions(functions map[string][]udf, defaultSRID int32) map[string][]udf {
	sets := []map[string][]udf{sridFunctions(defaultSRID), transformFunctions(defaultSRID),
		containsFunctions(defaultSRID), dwithinFunctions(defaultSRID), typmodFunctions(), assignFunctions(defaultSRID)}
	for _, added := range sets {
		for name, overloads := range added {
			functions[name] = append(functions[name], overloads...)
		}
	}
	return functions
}

// readInput parses geometry input text and checks that it has the SRID
// the dialect gave its result, unless fixed is set, when srid replaces
// the input's SRID.
func readInput(text string, hexAllowed bool, srid int32, fixed bool) (any, error) {
	g, inputSRID, err := geometry.Parse(text, hexAllowed)
	if err != nil {
		return nil, err
	}
	if err := checkInputSRID(inputSRID, srid, fixed); err != nil {
		return nil, err
	}
	return geometry.ToWKB(g)
}

// checkInputSRID fails when input that is not a constant, whose SRID the
// dialect took for srid, gives another SRID.
func checkInputSRID(inputSRID, srid int32, fixed bool) error {
	if fixed || inputSRID == srid {
		return nil
	}
	return &geometry.InputError{Code: "0A000", Message: fmt.Sprintf(
		"geometry input of SRID %d that is not a constant is not supported on this warehouse, which types it as SRID %d", inputSRID, srid)}
}

// sameSRID raises PostGIS's error for two geometries of different SRIDs.
func sameSRID(function string, a orb.Geometry, aSRID int32, b orb.Geometry, bSRID int32) error {
	if aSRID == bSRID {
		return nil
	}
	return &geometry.InputError{Code: "XX000", Message: fmt.Sprintf(
		"%s: Operation on mixed SRID geometries (%s, %d) != (%s, %d)",
		function, geometryTypeNames[a.GeoJSONType()], aSRID, geometryTypeNames[b.GeoJSONType()], bSRID)}
}

// wkbByteOrder is the byte order that ST_AsBinary and ST_AsEWKB write for
// their text argument: big-endian (XDR) for text starting with xdr or XDR,
// little-endian (NDR) for any other.
func wkbByteOrder(order string) binary.ByteOrder {
	if strings.HasPrefix(order, "xdr") || strings.HasPrefix(order, "XDR") {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// ewkb writes the geometry v as EWKB with srid in the byte order order.
func ewkb(v driver.Value, srid int32, order string) ([]byte, error) {
	g, err := decode(v)
	if err != nil {
		return nil, err
	}
	data, err := geometry.MarshalWKB(g, wkbByteOrder(order))
	if err != nil {
		return nil, err
	}
	return geometry.ToEWKB(data, srid)
}

// writeGeometryText writes a geometry of the DuckDB type duckType, as
// typeof() names it, as PostGIS's text output writes it: upper-case
// hexadecimal EWKB with the SRID of the type's CRS. A type without a CRS
// holds the database's default SRID, which pgway_text does not know.
func writeGeometryText(b *strings.Builder, data []byte, duckType string) error {
	crs, ok := strings.CutPrefix(duckType, "GEOMETRY('")
	crs, closed := strings.CutSuffix(crs, "')")
	if !ok || !closed || (crs != "EPSG:0" && sridFromCRS(crs) == 0) {
		return &providers.Error{Code: "0A000",
			Message: fmt.Sprintf("text of a %s value whose SRID pgway cannot tell is not supported on DuckDB", duckType),
			Hint:    "Give the geometry its SRID with ST_SetSRID."}
	}
	g, _, err := geometry.FromWKB(data)
	if err != nil {
		return err
	}
	wkbData, err := geometry.ToWKB(g)
	if err != nil {
		return err
	}
	out, err := geometry.ToEWKB(wkbData, crsSRID(crs, 0))
	if err != nil {
		return err
	}
	b.WriteString(strings.ToUpper(hex.EncodeToString(out)))
	return nil
}

// geometryCRSError maps DuckDB's binder errors for geometries of
// different CRSs in one column or comparison, which PostGIS allows since
// each of its geometries has its own SRID, and for ST_CRS of text, which
// the dialect writes for a cast of text that is not a constant to
// geometry, whose SRID pgway cannot know before it runs.
func geometryCRSError(message string) *providers.Error {
	switch {
	case strings.Contains(message, "Cannot cast GEOMETRY with CRS"):
		return &providers.Error{Code: "0A000",
			Message: "geometries of different SRIDs in one column, comparison or function call are not supported on DuckDB",
			Hint:    "DuckDB keeps one SRID for all values of an expression: give them one SRID with ST_SetSRID."}
	case strings.Contains(message, "'pgway_bytea_in(GEOMETRY"):
		return &providers.Error{Code: "0A000",
			Message: "a cast to bytea of a geometry column is not supported on DuckDB",
			Hint:    "Use ST_AsEWKB(geom), which returns the same bytes."}
	case strings.Contains(message, "'st_crs(VARCHAR)'"):
		return &providers.Error{Code: "0A000",
			Message: "a cast to geometry of text that is not a constant is not supported on DuckDB",
			Hint:    "Use ST_GeomFromText(text, srid), which gives the SRID."}
	}
	return nil
}
