package snowflakeemu

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// infoCatalog is the DuckDB catalog of the emulated INFORMATION_SCHEMA
// views, one schema per Snowflake database.
const infoCatalog = "SF_INFORMATION_SCHEMA"

// infoSchemaName returns the DuckDB schema in infoCatalog that holds the
// views of database, "" for the session's database.
func infoSchemaName(database string) string { return encodeName(database) }

// typeRegistry holds the Snowflake types that CREATE TABLE declared, which
// DuckDB's types do not tell apart (VARCHAR(n) and TEXT, VARIANT and
// OBJECT, TIMESTAMP_LTZ and TIMESTAMP_TZ, GEOGRAPHY and GEOMETRY).
type typeRegistry struct {
	mu     sync.Mutex
	tables map[string]map[string]sfType // by database.schema.table, then column
}

func newTypeRegistry() *typeRegistry {
	return &typeRegistry{tables: make(map[string]map[string]sfType)}
}

func tableKey(database, schema, table string) string {
	return database + "\x00" + schema + "\x00" + table
}

func (r *typeRegistry) set(key string, columns map[string]sfType) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tables[key] = columns
}

func (r *typeRegistry) column(key, name string) (sfType, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.tables[key][name]
	return t, ok
}

// lookup returns the declared type of a column called name in a table
// whose name is among words, when it stores values like fallback.
//
// NOTE: this is a heuristic. An expression aliased to the name of a
// column of a mentioned table takes that column's declared type when the
// two agree in DuckDB's type.
func (r *typeRegistry) lookup(name string, words map[string]bool, fallback sfType) (sfType, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for key, columns := range r.tables {
		table := key[strings.LastIndexByte(key, 0)+1:]
		if !words[table] {
			continue
		}
		if t, ok := columns[name]; ok && family(t) == family(fallback) {
			return t, true
		}
	}
	return sfType{}, false
}

// family groups the Snowflake types that DuckDB stores alike.
func family(t sfType) string {
	switch t.name {
	case "variant", "object", "array":
		return "json"
	case "timestamp_ltz", "timestamp_tz":
		return "timestamptz"
	case "geography", "geometry":
		return "geo"
	case "vector":
		return "vector/" + t.vectorElement
	}
	return t.name
}

// qualify returns the database, schema and table of a name of one to
// three parts, completed from the session.
func (s *session) qualify(parts []string) (string, string, string) {
	database, schema := s.database, s.schema
	switch len(parts) {
	case 3:
		database, schema = parts[0], parts[1]
	case 2:
		schema = parts[0]
	}
	return database, schema, parts[len(parts)-1]
}

// recordTable records the column types of a created table and applies
// its comments.
func (e *Emulator) recordTable(ctx context.Context, s *session, rw *rewritten) error {
	database, schema, table := s.qualify(rw.table)
	columns := make(map[string]sfType, len(rw.columns))
	path := quoteDuck(encodeName(database)) + "." + quoteDuck(encodeName(schema)) + "." + quoteDuck(encodeName(table))
	for _, c := range rw.columns {
		columns[c.name] = c.typ
		if c.comment != nil {
			statement := "COMMENT ON COLUMN " + path + "." + quoteDuck(encodeName(c.name)) + " IS " + quoteString(*c.comment)
			if _, err := s.conn.ExecContext(ctx, statement); err != nil {
				return err
			}
		}
	}
	if rw.tableComment != nil {
		if _, err := s.conn.ExecContext(ctx, "COMMENT ON TABLE "+path+" IS "+quoteString(*rw.tableComment)); err != nil {
			return err
		}
	}
	e.types.set(tableKey(database, schema, table), columns)
	return nil
}

// refreshInfo rebuilds the INFORMATION_SCHEMA tables of database from
// DuckDB's catalog, with Snowflake's names and types.
func (e *Emulator) refreshInfo(ctx context.Context, conn *sql.Conn, database string) error {
	duckDatabase := encodeName(database)
	schema := infoCatalog + "." + quoteDuck(duckDatabase)
	statements := []string{
		"CREATE SCHEMA IF NOT EXISTS " + schema,
		"CREATE OR REPLACE TABLE " + schema + ".SCHEMATA (CATALOG_NAME VARCHAR, SCHEMA_NAME VARCHAR, SCHEMA_OWNER VARCHAR, COMMENT VARCHAR)",
		"CREATE OR REPLACE TABLE " + schema + ".TABLES (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, TABLE_OWNER VARCHAR, TABLE_TYPE VARCHAR, COMMENT VARCHAR)",
		"CREATE OR REPLACE TABLE " + schema + ".COLUMNS (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, COLUMN_NAME VARCHAR, ORDINAL_POSITION DECIMAL(9,0), IS_NULLABLE VARCHAR, DATA_TYPE VARCHAR, CHARACTER_MAXIMUM_LENGTH DECIMAL(9,0), NUMERIC_PRECISION DECIMAL(9,0), NUMERIC_SCALE DECIMAL(9,0), DATETIME_PRECISION DECIMAL(9,0), COMMENT VARCHAR)",
	}
	for _, s := range statements {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO "+schema+".SCHEMATA VALUES (?, 'INFORMATION_SCHEMA', NULL, 'Views describing the contents of schemas in this database')", database); err != nil {
		return err
	}
	if err := e.copyInfo(ctx, conn, schema+".SCHEMATA",
		"SELECT schema_name, comment FROM duckdb_schemas() WHERE database_name = ? AND NOT internal AND schema_name <> 'main'",
		duckDatabase, func(values []any) []any {
			return []any{database, decodeName(values[0].(string)), "ACCOUNTADMIN", values[1]}
		}); err != nil {
		return err
	}
	if err := e.copyInfo(ctx, conn, schema+".TABLES",
		"SELECT schema_name, table_name, 'BASE TABLE', comment FROM duckdb_tables() WHERE database_name = ? "+
			"UNION ALL SELECT schema_name, view_name, 'VIEW', comment FROM duckdb_views() WHERE database_name = ? AND NOT internal",
		duckDatabase, func(values []any) []any {
			return []any{database, decodeName(values[0].(string)), decodeName(values[1].(string)), "ACCOUNTADMIN", values[2], values[3]}
		}); err != nil {
		return err
	}
	return e.copyInfo(ctx, conn, schema+".COLUMNS",
		"SELECT schema_name, table_name, column_name, column_index, is_nullable, data_type, comment FROM duckdb_columns() WHERE database_name = ? AND NOT internal",
		duckDatabase, func(values []any) []any {
			schemaName, table, column := decodeName(values[0].(string)), decodeName(values[1].(string)), decodeName(values[2].(string))
			t, ok := e.types.column(tableKey(database, schemaName, table), column)
			if !ok {
				t = typeFromDuck(values[5].(string))
			}
			nullable := "YES"
			if values[4] == false {
				nullable = "NO"
			}
			row := []any{database, schemaName, table, column, values[3], nullable, infoDataType(t), nil, nil, nil, nil, values[6]}
			switch t.name {
			case "text", "binary":
				row[7] = t.length
			case "fixed":
				row[8], row[9] = t.precision, t.scale
			case "time", "timestamp_ntz", "timestamp_ltz", "timestamp_tz":
				row[10] = t.scale
			}
			return row
		})
}

// infoDataType writes a type as INFORMATION_SCHEMA.COLUMNS.DATA_TYPE does.
//
// NOTE: VECTOR is written with its element type and dimension, as
// DESCRIBE writes it. Whether Snowflake's DATA_TYPE does so is not
// verified here.
func infoDataType(t sfType) string {
	switch t.name {
	case "fixed":
		return "NUMBER"
	case "real":
		return "FLOAT"
	case "vector":
		return t.String()
	}
	return strings.ToUpper(t.name)
}

// copyInfo inserts into table the rows of query, with database as each of
// its parameters, after convert.
func (e *Emulator) copyInfo(ctx context.Context, conn *sql.Conn, table, query, database string, convert func([]any) []any) error {
	args := make([]any, strings.Count(query, "?"))
	for i := range args {
		args[i] = database
	}
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	var converted [][]any
	for rows.Next() {
		columns, _ := rows.Columns()
		values := make([]any, len(columns))
		pointers := make([]any, len(columns))
		for i := range values {
			pointers[i] = &values[i]
		}
		if err := rows.Scan(pointers...); err != nil {
			rows.Close()
			return err
		}
		converted = append(converted, convert(values))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, row := range converted {
		placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(row)), ", ")
		if _, err := conn.ExecContext(ctx, "INSERT INTO "+table+" VALUES ("+placeholders+")", row...); err != nil {
			return err
		}
	}
	return nil
}
