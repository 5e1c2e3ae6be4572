package duckdb

import (
	"context"
	"fmt"
	"strings"

	bindings "github.com/duckdb/duckdb-go-bindings"
	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// duckdbDefaultSchema is DuckDB's default schema, which PostgreSQL
// clients see as public.
const duckdbDefaultSchema = "main"

// describeRelationsSQL lists the tables and views of the session's
// database. Temporary objects belong to one DuckDB connection and are left
// out.
const describeRelationsSQL = `
SELECT schema_name, table_name, false, coalesce(comment, '') FROM duckdb_tables()
WHERE database_name = current_database() AND NOT temporary AND NOT internal
UNION ALL
SELECT schema_name, view_name, true, coalesce(comment, '') FROM duckdb_views()
WHERE database_name = current_database() AND NOT temporary AND NOT internal
ORDER BY 1, 2`

const describeSchemasSQL = `
SELECT schema_name, coalesce(comment, '') FROM duckdb_schemas()
WHERE database_name = current_database()
	AND schema_name NOT IN ('information_schema', 'pg_catalog')
ORDER BY 1`

const describeColumnsSQL = `
SELECT c.schema_name, c.table_name, c.column_name, c.is_nullable, coalesce(c.comment, ''), ` + varcharColumnType + `
FROM duckdb_columns() c ` + varcharLengthsJoin + `
WHERE c.database_name = current_database() AND NOT c.internal`

// describeKeysSQL lists the columns of the tables' primary keys in key
// order.
const describeKeysSQL = `
SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type = 'PRIMARY KEY'`

// columnKey names one column of one relation.
type columnKey struct{ schema, table, column string }

// columnFacts are the details of a column that duckdb_columns() returns,
// besides its type.
type columnFacts struct {
	nullable bool
	comment  string
	// varchar is "character varying(n)" for a varchar(n) column (see
	// varcharColumnType), whose values a query describes as text.
	varchar string
}

// Describe lists the schemas, tables and views of the session's database,
// with each column's type as the PostgreSQL type that the session sends
// its values as. It reads the types by preparing a query of each relation,
// so that they come from the same mapping as query results.
func (s *session) Describe(ctx context.Context) (*providers.Snapshot, error) {
	schemas, err := s.describeSchemas(ctx)
	if err != nil {
		return nil, convertError(fmt.Errorf("describe duckdb schemas: %w", err))
	}
	facts, err := s.describeColumnFacts(ctx)
	if err != nil {
		return nil, convertError(fmt.Errorf("describe duckdb columns: %w", err))
	}
	keys, err := s.describePrimaryKeys(ctx)
	if err != nil {
		return nil, convertError(fmt.Errorf("describe duckdb primary keys: %w", err))
	}
	tables, err := s.describeTableFacts(ctx)
	if err != nil {
		return nil, convertError(fmt.Errorf("describe duckdb constraints: %w", err))
	}
	rows, err := s.db.sqlDB.QueryContext(ctx, describeRelationsSQL)
	if err != nil {
		return nil, convertError(fmt.Errorf("describe duckdb tables: %w", err))
	}
	defer rows.Close()

	index := make(map[string]int, len(schemas))
	for i, schema := range schemas {
		index[schema.Name] = i
	}
	for rows.Next() {
		var schema string
		var table providers.Table
		if err := rows.Scan(&schema, &table.Name, &table.View, &table.Comment); err != nil {
			return nil, convertError(fmt.Errorf("describe duckdb tables: %w", err))
		}
		if table.Columns, err = s.describeTable(schema, table.Name, facts); err != nil {
			return nil, err
		}
		if !table.View {
			table.PrimaryKey = keys[[2]string{schema, table.Name}]
			table.UniqueKeys = tables.uniqueKeys[[2]string{schema, table.Name}]
			table.EstimatedRows, table.RowsEstimated = tableRows(tables, schema, table.Name)
			for i, column := range table.Columns {
				key := columnKey{schema, table.Name, column.Name}
				table.Columns[i].Default = tables.defaults[key]
				table.Columns[i].Type = withGeometryType(column.Type, tables.geometryTypes[key])
			}
		}
		name := pgSchemaName(schema)
		i, ok := index[name]
		if !ok {
			i = len(schemas)
			index[name] = i
			schemas = append(schemas, providers.Schema{Name: name})
		}
		schemas[i].Tables = append(schemas[i].Tables, table)
	}
	if err := rows.Err(); err != nil {
		return nil, convertError(fmt.Errorf("describe duckdb tables: %w", err))
	}
	return &providers.Snapshot{Schemas: schemas}, nil
}

func (s *session) describeSchemas(ctx context.Context) ([]providers.Schema, error) {
	rows, err := s.db.sqlDB.QueryContext(ctx, describeSchemasSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var schemas []providers.Schema
	for rows.Next() {
		var schema providers.Schema
		if err := rows.Scan(&schema.Name, &schema.Comment); err != nil {
			return nil, err
		}
		schema.Name = pgSchemaName(schema.Name)
		schemas = append(schemas, schema)
	}
	return schemas, rows.Err()
}

// describePrimaryKeys returns the key columns of each table with a
// primary key, by schema and table name.
func (s *session) describePrimaryKeys(ctx context.Context) (map[[2]string][]string, error) {
	rows, err := s.db.sqlDB.QueryContext(ctx, describeKeysSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[[2]string][]string{}
	for rows.Next() {
		var schema, table string
		var columns duckdb.Composite[[]string]
		if err := rows.Scan(&schema, &table, &columns); err != nil {
			return nil, err
		}
		keys[[2]string{schema, table}] = columns.Get()
	}
	return keys, rows.Err()
}

func (s *session) describeColumnFacts(ctx context.Context) (map[columnKey]columnFacts, error) {
	rows, err := s.db.sqlDB.QueryContext(ctx, describeColumnsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	facts := map[columnKey]columnFacts{}
	for rows.Next() {
		var key columnKey
		var f columnFacts
		var duckType string
		if err := rows.Scan(&key.schema, &key.table, &key.column, &f.nullable, &f.comment, &duckType); err != nil {
			return nil, err
		}
		f.varchar = varcharType(duckType)
		facts[key] = f
	}
	return facts, rows.Err()
}

// describeTable prepares a query of every column of the relation and maps
// the column types as describeColumns maps those of any query.
func (s *session) describeTable(schema, table string, facts map[columnKey]columnFacts) ([]providers.TableColumn, error) {
	c, err := s.idle()
	if err != nil {
		return nil, err
	}
	sql := "SELECT * FROM " + quoteDuckDBIdent(schema) + "." + quoteDuckDBIdent(table) + " LIMIT 0"
	prepared, err := prepare(c, sql)
	if err != nil {
		return nil, fmt.Errorf("describe duckdb table %s.%s: %w", schema, table, err)
	}
	defer bindings.DestroyPrepare(&prepared)
	columns, types, _ := describeColumns(prepared, s.db.defaultSRID)
	out := make([]providers.TableColumn, len(columns))
	for i, col := range columns {
		f, ok := facts[columnKey{schema, table, col.Name}]
		out[i] = providers.TableColumn{
			Name:    col.Name,
			Type:    formatType(col, &types[i], s.db.defaultSRID),
			NotNull: ok && !f.nullable,
			Comment: f.comment,
		}
		if f.varchar != "" && out[i].Type == "text" {
			out[i].Type = f.varchar
		}
	}
	return out, nil
}

func pgSchemaName(name string) string {
	if name == duckdbDefaultSchema {
		return "public"
	}
	return name
}

func quoteDuckDBIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// typeNames are the names that PostgreSQL's format_type gives the types
// that mapType sends.
var typeNames = map[uint32]string{
	pgtype.BoolOID:        "boolean",
	pgtype.Int2OID:        "smallint",
	pgtype.Int4OID:        "integer",
	pgtype.Int8OID:        "bigint",
	pgtype.NumericOID:     "numeric",
	pgtype.Float4OID:      "real",
	pgtype.Float8OID:      "double precision",
	pgtype.TextOID:        "text",
	pgtype.ByteaOID:       "bytea",
	pgtype.DateOID:        "date",
	pgtype.TimeOID:        "time without time zone",
	pgtype.TimestampOID:   "timestamp without time zone",
	pgtype.TimestamptzOID: "timestamp with time zone",
	pgtype.IntervalOID:    "interval",
	pgtype.UUIDOID:        "uuid",
	pgtype.JSONBOID:       "jsonb",
}

// elementOIDs maps an array type OID to its element type OID.
var elementOIDs = func() map[uint32]uint32 {
	m := make(map[uint32]uint32, len(arrayOIDs))
	for element, array := range arrayOIDs {
		m[array] = element
	}
	return m
}()

// formatType writes the PostgreSQL type of a result column as format_type
// does. Geometry columns get the SRID their values are sent with.
func formatType(col providers.Column, t *logicalType, defaultSRID int32) string {
	if t.id == bindings.TypeGeometry {
		srid := crsSRID(t.crs, defaultSRID)
		if srid == 0 {
			return "geometry"
		}
		return fmt.Sprintf("geometry(Geometry,%d)", srid)
	}
	if element, ok := elementOIDs[col.TypeOID]; ok {
		return typeNames[element] + "[]"
	}
	if col.TypeOID == pgtype.NumericOID && col.TypeModifier >= 4 {
		typmod := col.TypeModifier - 4
		return fmt.Sprintf("numeric(%d,%d)", typmod>>16, typmod&0xffff)
	}
	if name, ok := typeNames[col.TypeOID]; ok {
		return name
	}
	return "text"
}
