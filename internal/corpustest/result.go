package corpustest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Result is a query result as a client reads it in the text format.
type Result struct {
	Columns []string // each column's name and type, as name(type)
	Rows    []string // each row's values joined by |, NULL as <NULL>
}

// Format sets how Run writes a result. A nil field leaves that part as
// the server sent it.
type Format struct {
	// TypeName names the type of a column with type OID oid. Without it
	// the OID is written in decimal.
	TypeName func(oid uint32) string
	// Value rewrites the text of a non-NULL value of a column with type
	// OID oid.
	Value func(oid uint32, text string) string
}

// Run runs sql on conn with the simple protocol and returns its result in
// format f.
func (f Format) Run(ctx context.Context, conn *pgx.Conn, sql string) (Result, error) {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	var res Result
	fields := rows.FieldDescriptions()
	for _, fd := range fields {
		typeName := fmt.Sprint(fd.DataTypeOID)
		if f.TypeName != nil {
			typeName = f.TypeName(fd.DataTypeOID)
		}
		res.Columns = append(res.Columns, fd.Name+"("+typeName+")")
	}
	for rows.Next() {
		values := make([]string, 0, len(fields))
		for i, v := range rows.RawValues() {
			switch {
			case v == nil:
				values = append(values, "<NULL>")
			case f.Value != nil:
				values = append(values, f.Value(fields[i].DataTypeOID, string(v)))
			default:
				values = append(values, string(v))
			}
		}
		res.Rows = append(res.Rows, strings.Join(values, "|"))
	}
	return res, rows.Err()
}

// GeometryTypeName returns a TypeName that names the type geometryOID as
// geometry, so that PostGIS's geometry, whose OID differs between
// databases, compares equal to pgway's. Other types keep their OID.
func GeometryTypeName(geometryOID uint32) func(uint32) string {
	return func(oid uint32) string {
		if oid == geometryOID {
			return "geometry"
		}
		return fmt.Sprint(oid)
	}
}

// IntegerFamilyTypeName returns a TypeName like GeometryTypeName's that
// also names smallint, integer and bigint as integer, for warehouses with
// one integer type, which pgway sends as bigint.
func IntegerFamilyTypeName(geometryOID uint32) func(uint32) string {
	geometry := GeometryTypeName(geometryOID)
	return func(oid uint32) string {
		switch oid {
		case 20, 21, 23:
			return "integer"
		}
		return geometry(oid)
	}
}

var trailingZeros = regexp.MustCompile(`(\.\d*?)0+$`)

// TrimNumericFraction is a Value that drops the trailing zeros of numeric
// values, for warehouses whose numeric type has a fixed scale where
// PostgreSQL's numeric keeps the scale of each value.
func TrimNumericFraction(oid uint32, text string) string {
	if oid != 1700 {
		return text
	}
	text = trailingZeros.ReplaceAllString(text, "$1")
	return strings.TrimSuffix(text, ".")
}

// GeometryOID returns the OID of PostGIS's geometry type in the database
// of conn.
func GeometryOID(t *testing.T, conn *pgx.Conn) uint32 {
	t.Helper()
	var oid uint32
	err := conn.QueryRow(context.Background(), "select oid from pg_type where typname = 'geometry'",
		pgx.QueryExecModeSimpleProtocol).Scan(&oid)
	if err != nil {
		t.Fatalf("look up the geometry type: %v", err)
	}
	return oid
}
