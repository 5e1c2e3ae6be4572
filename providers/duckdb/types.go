package duckdb

import (
	"fmt"

	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/providers/geometry"
)

// logicalType is a DuckDB type as the C API describes it, copied into Go
// when a statement is prepared so that reading rows needs no C calls per
// value.
type logicalType struct {
	id    bindings.Type
	alias string // "JSON" for JSON, else usually empty
	// storage is the physical type of DECIMAL and ENUM values.
	storage      bindings.Type
	width, scale uint8    // DECIMAL
	dictionary   []string // ENUM
	arraySize    int      // ARRAY
	// children are the element type of LIST and ARRAY, the key and value
	// types of MAP and the field types of STRUCT.
	children []logicalType
	names    []string // STRUCT field names
	crs      string   // GEOMETRY's coordinate reference system, if any
}

// readLogicalType copies lt and destroys it.
func readLogicalType(lt bindings.LogicalType) logicalType {
	defer bindings.DestroyLogicalType(&lt)
	t := logicalType{id: bindings.GetTypeId(lt), alias: bindings.LogicalTypeGetAlias(lt)}
	switch t.id {
	case bindings.TypeDecimal:
		t.width, t.scale = bindings.DecimalWidth(lt), bindings.DecimalScale(lt)
		t.storage = bindings.DecimalInternalType(lt)
	case bindings.TypeEnum:
		t.storage = bindings.EnumInternalType(lt)
		t.dictionary = make([]string, bindings.EnumDictionarySize(lt))
		for i := range t.dictionary {
			t.dictionary[i] = bindings.EnumDictionaryValue(lt, bindings.IdxT(i))
		}
	case bindings.TypeList:
		t.children = []logicalType{readLogicalType(bindings.ListTypeChildType(lt))}
	case bindings.TypeArray:
		t.arraySize = int(bindings.ArrayTypeArraySize(lt))
		t.children = []logicalType{readLogicalType(bindings.ArrayTypeChildType(lt))}
	case bindings.TypeMap:
		t.children = []logicalType{
			readLogicalType(bindings.MapTypeKeyType(lt)),
			readLogicalType(bindings.MapTypeValueType(lt)),
		}
	case bindings.TypeGeometry:
		t.crs = bindings.GeometryTypeGetCRS(lt)
	case bindings.TypeStruct:
		n := int(bindings.StructTypeChildCount(lt))
		t.children = make([]logicalType, n)
		t.names = make([]string, n)
		for i := range n {
			t.names[i] = bindings.StructTypeChildName(lt, bindings.IdxT(i))
			t.children[i] = readLogicalType(bindings.StructTypeChildType(lt, bindings.IdxT(i)))
		}
	}
	return t
}

// convertFunc turns a non-nil value decoded from a DuckDB vector into a Go
// value that pgtype encodes for the column's PostgreSQL type.
type convertFunc func(v any) (any, error)

// pgType is the PostgreSQL side of a DuckDB type.
type pgType struct {
	oid     uint32
	typmod  int32
	size    int16
	convert convertFunc
}

// scalarTypes maps the DuckDB types that need no details. Unsigned
// integers go to the smallest PostgreSQL type that holds every value. The
// decoder already returns the Go type that pgtype expects.
var scalarTypes = map[bindings.Type]pgType{
	bindings.TypeBoolean:       {pgtype.BoolOID, -1, 1, identity},
	bindings.TypeTinyInt:       {pgtype.Int2OID, -1, 2, identity},
	bindings.TypeSmallInt:      {pgtype.Int2OID, -1, 2, identity},
	bindings.TypeInteger:       {pgtype.Int4OID, -1, 4, identity},
	bindings.TypeBigInt:        {pgtype.Int8OID, -1, 8, identity},
	bindings.TypeUTinyInt:      {pgtype.Int2OID, -1, 2, identity},
	bindings.TypeUSmallInt:     {pgtype.Int4OID, -1, 4, identity},
	bindings.TypeUInteger:      {pgtype.Int8OID, -1, 8, identity},
	bindings.TypeUBigInt:       {pgtype.NumericOID, -1, -1, identity},
	bindings.TypeHugeInt:       {pgtype.NumericOID, -1, -1, identity},
	bindings.TypeUHugeInt:      {pgtype.NumericOID, -1, -1, identity},
	bindings.TypeFloat:         {pgtype.Float4OID, -1, 4, identity},
	bindings.TypeDouble:        {pgtype.Float8OID, -1, 8, identity},
	bindings.TypeVarchar:       {pgtype.TextOID, -1, -1, identity},
	bindings.TypeEnum:          {pgtype.TextOID, -1, -1, identity},
	bindings.TypeBlob:          {pgtype.ByteaOID, -1, -1, identity},
	bindings.TypeDate:          {pgtype.DateOID, -1, 4, checkDateRange},
	bindings.TypeTime:          {pgtype.TimeOID, -1, 8, identity},
	bindings.TypeTimeNS:        {pgtype.TimeOID, -1, 8, identity},
	bindings.TypeTimestamp:     {pgtype.TimestampOID, -1, 8, checkTimestampRange},
	bindings.TypeTimestampS:    {pgtype.TimestampOID, -1, 8, checkTimestampRange},
	bindings.TypeTimestampMS:   {pgtype.TimestampOID, -1, 8, checkTimestampRange},
	bindings.TypeTimestampNS:   {pgtype.TimestampOID, -1, 8, checkTimestampRange},
	bindings.TypeTimestampTZ:   {pgtype.TimestamptzOID, -1, 8, checkTimestampRange},
	bindings.TypeTimestampTZNS: {pgtype.TimestamptzOID, -1, 8, checkTimestampRange},
	bindings.TypeInterval:      {pgtype.IntervalOID, -1, 16, identity},
	bindings.TypeUUID:          {pgtype.UUIDOID, -1, 16, identity},
	bindings.TypeTimeTZ:        {pgtype.TimetzOID, -1, 12, identity},
	// TODO: BIT is sent as text in PostgreSQL's format for varbit, under
	// the text type OID.
	bindings.TypeBit: {pgtype.TextOID, -1, -1, identity},
}

// arrayOIDs maps an element type OID to the OID of its one-dimensional array.
var arrayOIDs = map[uint32]uint32{
	pgtype.BoolOID:        pgtype.BoolArrayOID,
	pgtype.Int2OID:        pgtype.Int2ArrayOID,
	pgtype.Int4OID:        pgtype.Int4ArrayOID,
	pgtype.Int8OID:        pgtype.Int8ArrayOID,
	pgtype.NumericOID:     pgtype.NumericArrayOID,
	pgtype.Float4OID:      pgtype.Float4ArrayOID,
	pgtype.Float8OID:      pgtype.Float8ArrayOID,
	pgtype.TextOID:        pgtype.TextArrayOID,
	pgtype.ByteaOID:       pgtype.ByteaArrayOID,
	pgtype.DateOID:        pgtype.DateArrayOID,
	pgtype.TimeOID:        pgtype.TimeArrayOID,
	pgtype.TimetzOID:      pgtype.TimetzArrayOID,
	pgtype.TimestampOID:   pgtype.TimestampArrayOID,
	pgtype.TimestamptzOID: pgtype.TimestamptzArrayOID,
	pgtype.IntervalOID:    pgtype.IntervalArrayOID,
	pgtype.UUIDOID:        pgtype.UUIDArrayOID,
	pgtype.JSONBOID:       pgtype.JSONBArrayOID,
}

// mapType returns the PostgreSQL type that a DuckDB column is sent as.
func mapType(t *logicalType) pgType {
	if t.alias == "JSON" && t.id == bindings.TypeVarchar {
		return pgType{pgtype.JSONBOID, -1, -1, jsonbFromText}
	}
	if p, ok := scalarTypes[t.id]; ok {
		return p
	}
	switch t.id {
	case bindings.TypeDecimal:
		// PostgreSQL's numeric typmod packs precision and scale, offset by
		// the 4-byte varlena header.
		typmod := int32(t.width)<<16 | int32(t.scale) + 4
		return pgType{pgtype.NumericOID, typmod, -1, identity}
	case bindings.TypeList, bindings.TypeArray:
		return mapList(&t.children[0])
	case bindings.TypeStruct, bindings.TypeMap:
		if isTIDStruct(t) {
			return pgType{pgtype.TIDOID, -1, 6, toTID}
		}
		if isRegTypeStruct(t) {
			return pgType{providers.RegTypeOID, -1, 4, toRegType}
		}
		if isNumericStruct(t) {
			return pgType{pgtype.NumericOID, -1, -1, fromNumericStruct}
		}
		if isRowStruct(t) {
			return recordType(t, 0)
		}
		if isJSONStruct(t) {
			return jsonType
		}
		return pgType{pgtype.JSONBOID, -1, -1, toJSON}
	}
	// Values of other types (UNION, VARIANT, BIGNUM and extension types)
	// fail when they are decoded, with a hint to cast them.
	return pgType{pgtype.TextOID, -1, -1, identity}
}

// mapList maps a LIST or ARRAY to a PostgreSQL array when its elements
// map to a scalar type or are lists of one (nestedListType), and to jsonb
// otherwise.
func mapList(child *logicalType) pgType {
	if isNumericStruct(child) {
		return pgType{pgtype.NumericArrayOID, -1, -1, fromNumericStructList}
	}
	if child.alias == "JSON" && child.id == bindings.TypeVarchar {
		return pgType{pgtype.JSONBArrayOID, -1, -1, jsonbListFromText}
	}
	if isJSONStruct(child) {
		return jsonArrayType
	}
	if nested, ok := nestedListType(child); ok {
		return nested
	}
	if isRowStruct(child) {
		return recordArrayType(child)
	}
	element := mapType(child)
	arrayOID, ok := arrayOIDs[element.oid]
	if !ok || child.alias == "JSON" {
		return pgType{pgtype.JSONBOID, -1, -1, toJSON}
	}
	return pgType{arrayOID, -1, -1, identity}
}

func identity(v any) (any, error) { return v, nil }

// geometryType sends GEOMETRY as PostGIS geometry: EWKB with an SRID.
func geometryType(crs string, defaultSRID int32) pgType {
	srid := crsSRID(crs, defaultSRID)
	return pgType{geometry.OID, -1, -1, func(v any) (any, error) {
		data, ok := v.([]byte)
		if !ok {
			return nil, fmt.Errorf("geometry value has type %T", v)
		}
		// ToEWKB would send the ISO type words of a Z or M geometry
		// that DuckDB stores, which PostGIS writes as EWKB flags.
		if err := geometry.CheckTwoDimensional(data); err != nil {
			return nil, err
		}
		return geometry.ToEWKB(data, srid)
	}}
}

// describeColumns maps the result columns of a prepared statement.
// Geometry columns are sent as EWKB with the SRID of their coordinate
// reference system, else with defaultSRID.
func describeColumns(stmt bindings.PreparedStatement, defaultSRID int32) ([]providers.Column, []logicalType, []convertFunc) {
	count := int(bindings.PreparedStatementColumnCount(stmt))
	return mapColumns(count, defaultSRID, func(i bindings.IdxT) (string, bindings.LogicalType) {
		return bindings.PreparedStatementColumnName(stmt, i), bindings.PreparedStatementColumnLogicalType(stmt, i)
	})
}

// describeResult maps the columns of an executed statement's result.
func describeResult(result *bindings.Result, defaultSRID int32) ([]providers.Column, []logicalType, []convertFunc) {
	count := int(bindings.ColumnCount(result))
	return mapColumns(count, defaultSRID, func(i bindings.IdxT) (string, bindings.LogicalType) {
		return bindings.ColumnName(result, i), bindings.ColumnLogicalType(result, i)
	})
}

// mapColumns maps count columns, reading each one's name and type with
// column.
func mapColumns(count int, defaultSRID int32, column func(bindings.IdxT) (string, bindings.LogicalType)) ([]providers.Column, []logicalType, []convertFunc) {
	columns := make([]providers.Column, count)
	types := make([]logicalType, count)
	converters := make([]convertFunc, count)
	for i := range count {
		name, lt := column(bindings.IdxT(i))
		types[i] = readLogicalType(lt)
		t := mapType(&types[i])
		if types[i].id == bindings.TypeGeometry {
			t = geometryType(types[i].crs, defaultSRID)
		}
		if isRowStruct(&types[i]) {
			t = recordType(&types[i], defaultSRID)
		}
		columns[i] = providers.Column{Name: name, TypeOID: t.oid, TypeModifier: t.typmod, TypeSize: t.size}
		converters[i] = t.convert
	}
	return columns, types, converters
}

// paramTypes maps the parameter types DuckDB inferred. A parameter DuckDB
// cannot infer is reported as text, and its value is bound as a string.
func paramTypes(stmt bindings.PreparedStatement) ([]uint32, []bindings.Type) {
	n := int(bindings.NParams(stmt))
	oids := make([]uint32, n)
	ids := make([]bindings.Type, n)
	for i := range n {
		ids[i] = bindings.ParamType(stmt, bindings.IdxT(i+1))
		oids[i] = pgtype.TextOID
		if scalar, ok := scalarTypes[ids[i]]; ok {
			oids[i] = scalar.oid
		}
		if ids[i] == bindings.TypeDecimal {
			oids[i] = pgtype.NumericOID
		}
		if ids[i] == bindings.TypeVarchar && isJSONParam(stmt, i+1) {
			oids[i] = pgtype.JSONBOID
		}
	}
	return oids, ids
}

func unsupportedType(t *logicalType) error {
	return fmt.Errorf("DuckDB type %d is not supported", t.id)
}
