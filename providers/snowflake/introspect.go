package snowflake

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

var _ providers.Introspector = (*session)(nil)

// Describe lists the schemas, tables, views and columns of the session's
// database from its INFORMATION_SCHEMA, and the tables' primary keys.
// Names are as PostgreSQL clients see them: Snowflake's upper-case names
// in lower case.
func (s *session) Describe(ctx context.Context) (*providers.Snapshot, error) {
	schemas, err := s.queryAll(ctx, "SELECT SCHEMA_NAME, COMMENT FROM INFORMATION_SCHEMA.SCHEMATA "+
		"WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA' ORDER BY SCHEMA_NAME")
	if err != nil {
		return nil, fmt.Errorf("list snowflake schemas: %w", err)
	}
	tables, err := s.queryAll(ctx, "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, COMMENT FROM INFORMATION_SCHEMA.TABLES "+
		"WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY TABLE_SCHEMA, TABLE_NAME")
	if err != nil {
		return nil, fmt.Errorf("list snowflake tables: %w", err)
	}
	// SHOW PRIMARY KEYS is Snowflake's only listing of key columns:
	// INFORMATION_SCHEMA.TABLE_CONSTRAINTS names the keys but not their
	// columns. Its rows are database_name, schema_name, table_name,
	// column_name and key_sequence at positions 2 to 6.
	keys, err := s.queryAll(ctx, "SHOW PRIMARY KEYS IN DATABASE")
	if err != nil {
		return nil, fmt.Errorf("list snowflake primary keys: %w", err)
	}
	columns, err := s.queryAll(ctx, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, "+
		"CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, COMMENT "+
		"FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' "+
		"ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")
	if err != nil {
		return nil, fmt.Errorf("list snowflake columns: %w", err)
	}

	snapshot := &providers.Snapshot{}
	schemaIndex := map[string]int{}
	for _, row := range schemas {
		schemaIndex[text(row[0])] = len(snapshot.Schemas)
		snapshot.Schemas = append(snapshot.Schemas, providers.Schema{Name: columnName(text(row[0])), Comment: text(row[1])})
	}
	type tableRef struct{ schema, table int }
	tableIndex := map[[2]string]tableRef{}
	for _, row := range tables {
		si, ok := schemaIndex[text(row[0])]
		if !ok {
			continue
		}
		schema := &snapshot.Schemas[si]
		tableIndex[[2]string{text(row[0]), text(row[1])}] = tableRef{si, len(schema.Tables)}
		schema.Tables = append(schema.Tables, providers.Table{Name: columnName(text(row[1])),
			View: text(row[2]) == "VIEW", Comment: text(row[3])})
	}
	for _, row := range columns {
		ref, ok := tableIndex[[2]string{text(row[0]), text(row[1])}]
		if !ok {
			continue
		}
		table := &snapshot.Schemas[ref.schema].Tables[ref.table]
		oid, typmod, _ := pgTypeFor(infoType(text(row[3]), number(row[4]), number(row[5]), number(row[6])))
		table.Columns = append(table.Columns, providers.TableColumn{
			Name: columnName(text(row[2])), Type: pgTypeName(oid, typmod),
			NotNull: text(row[7]) == "NO", Comment: text(row[8]),
		})
	}
	slices.SortFunc(keys, func(a, b []any) int { return cmp.Compare(number(a[5]), number(b[5])) })
	for _, row := range keys {
		if ref, ok := tableIndex[[2]string{text(row[2]), text(row[3])}]; ok {
			table := &snapshot.Schemas[ref.schema].Tables[ref.table]
			table.PrimaryKey = append(table.PrimaryKey, columnName(text(row[4])))
		}
	}
	return snapshot, nil
}

// infoType turns INFORMATION_SCHEMA.COLUMNS.DATA_TYPE, such as NUMBER or
// TEXT, into the arguments of pgTypeFor.
func infoType(dataType string, length, precision, scale int64) (string, int64, int64, int64, string) {
	dataType = strings.ToUpper(dataType)
	if element, ok := strings.CutPrefix(dataType, "VECTOR("); ok {
		element, _, _ = strings.Cut(element, ",")
		return "VECTOR", 0, 0, 0, strings.TrimSpace(element)
	}
	switch dataType {
	case "NUMBER":
		return "FIXED", precision, scale, 0, ""
	case "FLOAT":
		return "REAL", 0, 0, 0, ""
	}
	return dataType, precision, scale, length, ""
}

// queryAll runs a query and returns all its rows.
func (s *session) queryAll(ctx context.Context, query string) ([][]any, error) {
	st, err := s.Prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all [][]any
	for rows.Next() {
		all = append(all, append([]any(nil), rows.Values()...))
	}
	return all, rows.Err()
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

// number reads an INFORMATION_SCHEMA number, 0 for NULL.
func number(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case pgtype.Numeric:
		if x.Int != nil && x.Exp == 0 {
			return x.Int.Int64()
		}
		f, err := x.Float64Value()
		if err == nil {
			return int64(f.Float64)
		}
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return 0
}
