package snowflake

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	sf "github.com/snowflakedb/gosnowflake"

	"pgway/providers"
	"pgway/providers/geometry"
)

const textOID = pgtype.TextOID

// column is a result column with the Snowflake type its values decode
// from.
type column struct {
	providers.Column
	sfType    string // rowtype type in upper case: FIXED, TEXT, TIMESTAMP_NTZ, ...
	scale     int64
	precision int64
}

// columnName returns the name under which PostgreSQL clients see a
// Snowflake name: an all upper-case name, which Snowflake made from an
// unquoted identifier, in lower case, as PostgreSQL folds unquoted
// identifiers. Other names stay as they are.
func columnName(name string) string {
	if name == strings.ToUpper(name) {
		return strings.ToLower(name)
	}
	return name
}

// pgTypeFor maps a Snowflake type to the PostgreSQL type its values are
// sent as, with the typmod and size of a RowDescription.
func pgTypeFor(sfType string, precision, scale, length int64, vectorElement string) (oid uint32, typmod int32, size int16) {
	switch sfType {
	case "FIXED":
		if scale == 0 && precision <= 18 {
			return pgtype.Int8OID, -1, 8
		}
		// numeric's typmod packs precision and scale, offset by the
		// 4-byte varlena header.
		return pgtype.NumericOID, int32(precision)<<16 | int32(scale) + 4, -1
	case "REAL":
		return pgtype.Float8OID, -1, 8
	case "TEXT":
		if length > 0 && length < maxTextLength {
			return pgtype.VarcharOID, int32(length) + 4, -1
		}
		return pgtype.TextOID, -1, -1
	case "BOOLEAN":
		return pgtype.BoolOID, -1, 1
	case "DATE":
		return pgtype.DateOID, -1, 4
	case "TIME":
		return pgtype.TimeOID, -1, 8
	case "TIMESTAMP_NTZ":
		return pgtype.TimestampOID, -1, 8
	case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		return pgtype.TimestamptzOID, -1, 8
	case "BINARY":
		return pgtype.ByteaOID, -1, -1
	case "VARIANT", "OBJECT", "ARRAY", "MAP":
		return pgtype.JSONBOID, -1, -1
	case "GEOGRAPHY", "GEOMETRY":
		return geometry.OID, -1, -1
	case "VECTOR":
		if vectorElement == "INT" {
			return pgtype.Int4ArrayOID, -1, -1
		}
		return pgtype.Float8ArrayOID, -1, -1
	}
	// DECFLOAT and types newer than this provider are sent as text.
	return pgtype.TextOID, -1, -1
}

// maxTextLength is the length Snowflake gives a VARCHAR declared without
// one, which pgway sends as text.
const maxTextLength = 16777216

type columnTypes interface {
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypePrecisionScale
}

// describeColumns maps the columns of a result's metadata. The driver
// does not expose the element type of a VECTOR, which DESCRIBE RESULT
// then reads. s.mu must be held.
func (s *session) describeColumns(ctx context.Context, rows driver.Rows) ([]column, error) {
	typed, ok := rows.(columnTypes)
	if !ok {
		return nil, errors.New("snowflake: the driver's rows have no column types")
	}
	names := rows.Columns()
	columns := make([]column, len(names))
	var vectors map[string]string
	for i, name := range names {
		c := column{sfType: typed.ColumnTypeDatabaseTypeName(i)}
		c.precision, c.scale, _ = typed.ColumnTypePrecisionScale(i)
		length, _ := typed.ColumnTypeLength(i)
		element := ""
		if c.sfType == "VECTOR" {
			if vectors == nil {
				var err error
				if vectors, err = s.vectorElements(ctx, rows); err != nil {
					return nil, err
				}
			}
			element = vectors[name]
		}
		oid, typmod, size := pgTypeFor(c.sfType, c.precision, c.scale, length, element)
		c.Column = providers.Column{Name: columnName(name), TypeOID: oid, TypeModifier: typmod, TypeSize: size}
		columns[i] = c
	}
	return columns, nil
}

// vectorElements returns the element type, INT or FLOAT, of each VECTOR
// column of a result, by column name, from DESCRIBE RESULT.
func (s *session) vectorElements(ctx context.Context, rows driver.Rows) (map[string]string, error) {
	sfRows, ok := rows.(sf.SnowflakeRows)
	if !ok {
		return nil, errors.New("snowflake: the driver's rows have no query id")
	}
	described, err := s.conn.(driver.QueryerContext).QueryContext(sf.WithQueryTag(ctx, s.tag),
		"DESCRIBE RESULT '"+sfRows.GetQueryID()+"'", nil)
	if err != nil {
		return nil, convertError(err)
	}
	defer described.Close()
	elements := map[string]string{}
	values := make([]driver.Value, len(described.Columns()))
	for {
		err := described.Next(values)
		if errors.Is(err, io.EOF) {
			return elements, nil
		}
		if err != nil {
			return nil, convertError(err)
		}
		name, _ := values[0].(string)
		typ, _ := values[1].(string)
		if element, ok := strings.CutPrefix(strings.ToUpper(typ), "VECTOR("); ok {
			element, _, _ = strings.Cut(element, ",")
			elements[name] = strings.TrimSpace(element)
		}
	}
}

// pgTypeName writes a PostgreSQL type as format_type does, for
// Describe.
func pgTypeName(oid uint32, typmod int32) string {
	switch oid {
	case pgtype.Int8OID:
		return "bigint"
	case pgtype.NumericOID:
		if typmod >= 4 {
			return fmt.Sprintf("numeric(%d,%d)", (typmod-4)>>16, (typmod-4)&0xffff)
		}
		return "numeric"
	case pgtype.Float8OID:
		return "double precision"
	case pgtype.VarcharOID:
		return "character varying(" + strconv.Itoa(int(typmod-4)) + ")"
	case pgtype.BoolOID:
		return "boolean"
	case pgtype.DateOID:
		return "date"
	case pgtype.TimeOID:
		return "time without time zone"
	case pgtype.TimestampOID:
		return "timestamp without time zone"
	case pgtype.TimestamptzOID:
		return "timestamp with time zone"
	case pgtype.ByteaOID:
		return "bytea"
	case pgtype.JSONBOID:
		return "jsonb"
	case geometry.OID:
		return "geometry(Geometry,4326)"
	case pgtype.Int4ArrayOID:
		return "integer[]"
	case pgtype.Float8ArrayOID:
		return "double precision[]"
	}
	return "text"
}
