package duckdb

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/translate"
)

// The column types of a database's tables and views, which the DuckDB
// dialect uses to give a column its PostgreSQL semantics (see
// translate.Relations). The sessions of a database share one
// translate.Relations until a statement may have changed the schemas.

// relationTypes caches a database's Relations.
type relationTypes struct {
	// version counts the statements that may have changed the schemas.
	version atomic.Uint64

	// current is the last Relations read and the version it was read at,
	// which sessions check without a lock. mu serializes the reads.
	current atomic.Pointer[readRelations]
	mu      sync.Mutex
}

type readRelations struct {
	version   uint64
	relations *translate.Relations
}

// relationColumnsSQL lists the columns of the database's tables and
// views. Temporary relations belong to one DuckDB connection and are left
// out, so their columns have no known type.
const relationColumnsSQL = `
SELECT c.schema_name, c.table_name, c.column_name, ` + varcharColumnType + `
FROM duckdb_columns() c ` + varcharLengthsJoin + `
WHERE c.database_name = current_database() AND NOT c.internal
ORDER BY c.schema_name, c.table_name, c.column_index`

// exactTypes are the DuckDB types whose values are the PostgreSQL type's,
// with that type as format_type writes it. The dialect casts a column to
// its type (translate's typeColumns), which DuckDB drops only when the
// types are the same. Other columns, such as TINYINT or HUGEINT, are
// listed without a type.
var exactTypes = map[string]string{
	"DOUBLE": "double precision", "FLOAT": "real", "SMALLINT": "smallint", "INTEGER": "integer",
	"BIGINT": "bigint", "VARCHAR": "text", "BOOLEAN": "boolean", "DATE": "date", "INTERVAL": "interval",
	"TIMESTAMP": "timestamp without time zone", "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
	"TIME": "time without time zone", "BLOB": "bytea", "JSON": "jsonb",
}

// Relations returns the column types of the session's database as they
// are now, in the session's transaction when it has one.
func (s *session) Relations(ctx context.Context) (*translate.Relations, error) {
	if s.tx != nil && s.tx.changedSchemas {
		return s.transactionRelations(ctx)
	}
	cache := &s.db.relations
	version := cache.version.Load()
	if read := cache.current.Load(); read != nil && read.version == version {
		return read.relations, nil
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if read := cache.current.Load(); read != nil && read.version == version {
		return read.relations, nil // another session read them meanwhile
	}
	tables, err := s.relationColumns(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.describeViews(ctx, tables); err != nil {
		return nil, err
	}
	relations := translate.NewRelations(tables)
	relations.SetCatalog(s.db.catalogName(ctx))
	if err := s.withMacros(ctx, relations); err != nil {
		return nil, err
	}
	if err := s.withUniqueKeys(ctx, relations); err != nil {
		return nil, err
	}
	if err := s.withTimePrecisions(ctx, relations); err != nil {
		return nil, err
	}
	read := &readRelations{version: version, relations: relations}
	cache.current.Store(read)
	return read.relations, nil
}

// relationColumns reads the columns of the database's tables and views.
func (s *session) relationColumns(ctx context.Context) (map[[2]string][]translate.RelationColumn, error) {
	rows, err := s.db.sqlDB.QueryContext(ctx, relationColumnsSQL)
	if err != nil {
		return nil, convertError(fmt.Errorf("list duckdb columns: %w", err))
	}
	defer rows.Close()
	tables := map[[2]string][]translate.RelationColumn{}
	for rows.Next() {
		var schema, table, column, duckType string
		if err := rows.Scan(&schema, &table, &column, &duckType); err != nil {
			return nil, convertError(fmt.Errorf("list duckdb columns: %w", err))
		}
		key := [2]string{pgSchemaName(schema), table}
		tables[key] = append(tables[key], translate.RelationColumn{Name: column, Type: exactType(duckType)})
	}
	if err := rows.Err(); err != nil {
		return nil, convertError(fmt.Errorf("list duckdb columns: %w", err))
	}
	return tables, nil
}

// exactType returns the PostgreSQL type of a DuckDB type in exactTypes,
// numeric(p,s) for DECIMAL(p,s), varchar(n) for the VARCHAR(n) of
// varcharColumnType, or a one-dimensional array of the first two, as
// format_type writes it, and "" for other types.
func exactType(duckType string) string {
	if element, ok := strings.CutSuffix(duckType, "[]"); ok {
		if name := exactType(element); name != "" && !strings.HasSuffix(name, "]") {
			return name + "[]"
		}
		return ""
	}
	if modifiers, ok := strings.CutPrefix(duckType, "DECIMAL("); ok {
		return "numeric(" + modifiers
	}
	if varchar := varcharType(duckType); varchar != "" {
		return varchar
	}
	if duckType == "GEOMETRY" || strings.HasPrefix(duckType, "GEOMETRY(") {
		// The dialect finds the geometry columns of joins by this name
		// (boxSpatialJoins), and checks the SRID of a value stored in a
		// column against that of the column's CRS.
		crs := strings.TrimSuffix(strings.TrimPrefix(duckType, "GEOMETRY('"), "')")
		if srid := sridFromCRS(crs); srid != 0 || crs == "EPSG:0" {
			return fmt.Sprintf("geometry(Geometry,%d)", srid)
		}
		return "geometry"
	}
	return exactTypes[duckType]
}

// viewsSQL lists the database's views.
const viewsSQL = `
SELECT schema_name, view_name FROM duckdb_views()
WHERE database_name = current_database() AND NOT temporary AND NOT internal`

// describeViews replaces the column types of views in tables by those of
// their queries as DuckDB binds them now. duckdb_columns() keeps a view's
// types from when it was created, which are wrong once a table it reads
// is replaced by one with other types. A view that no longer binds gets
// no types.
func (s *session) describeViews(ctx context.Context, tables map[[2]string][]translate.RelationColumn) error {
	rows, err := s.db.sqlDB.QueryContext(ctx, viewsSQL)
	if err != nil {
		return convertError(fmt.Errorf("list duckdb views: %w", err))
	}
	var views [][2]string
	for rows.Next() {
		var view [2]string
		if err := rows.Scan(&view[0], &view[1]); err != nil {
			rows.Close()
			return convertError(fmt.Errorf("list duckdb views: %w", err))
		}
		views = append(views, view)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return convertError(fmt.Errorf("list duckdb views: %w", err))
	}
	for _, view := range views {
		key := [2]string{pgSchemaName(view[0]), view[1]}
		columns, err := s.viewColumns(ctx, view[0], view[1])
		if err != nil {
			columns = tables[key]
			for i := range columns {
				columns[i].Type = ""
			}
		}
		tables[key] = columns
	}
	return nil
}

// viewColumns returns the columns of a view's query.
func (s *session) viewColumns(ctx context.Context, schema, view string) ([]translate.RelationColumn, error) {
	rows, err := s.db.sqlDB.QueryContext(ctx,
		"DESCRIBE SELECT * FROM "+quoteDuckDBIdent(schema)+"."+quoteDuckDBIdent(view))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var columns []translate.RelationColumn
	for rows.Next() {
		values := make([]any, len(names))
		var name, duckType string
		values[0], values[1] = &name, &duckType
		for i := 2; i < len(values); i++ {
			values[i] = new(any)
		}
		if err := rows.Scan(values...); err != nil {
			return nil, err
		}
		columns = append(columns, translate.RelationColumn{Name: name, Type: exactType(duckType)})
	}
	return columns, rows.Err()
}

// transactionTablesSQL lists the columns of the tables visible to the
// transaction, with its own DDL.
const transactionTablesSQL = `
SELECT c.schema_name, c.table_name, c.column_name, ` + varcharColumnType + `
FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
` + varcharLengthsJoin + `
WHERE c.database_name = current_database() AND NOT c.internal
ORDER BY c.schema_name, c.table_name, c.column_index`

// transactionRelations returns the column types of the tables as the
// transaction that ran DDL reads them, read on its connection and kept
// until its next DDL. Views get no types here: binding one that no
// longer binds would fail, and DuckDB aborts a transaction at any error.
// While the transaction's connection has an open result nothing is read,
// and no column has a type.
func (s *session) transactionRelations(ctx context.Context) (*translate.Relations, error) {
	tx := s.tx
	if tx.relations != nil && tx.relationsAt == tx.schemaChanges {
		return tx.relations, nil
	}
	if s.busy(tx.conn) {
		relations := translate.NewRelations(nil)
		relations.SetCatalog(s.db.catalogName(ctx))
		if err := s.withMacros(ctx, relations); err != nil {
			return nil, err
		}
		return relations, nil
	}
	tables, err := s.readTables(tx.conn)
	if err != nil {
		tx.aborted = true
		return nil, err
	}
	relations := translate.NewRelations(tables)
	relations.SetCatalog(s.db.catalogName(ctx))
	if err := s.withMacros(ctx, relations); err != nil {
		return nil, err
	}
	if err := s.withTransactionUniqueKeys(tx.conn, relations); err != nil {
		tx.aborted = true
		return nil, err
	}
	if err := s.withTransactionTimePrecisions(tx.conn, relations); err != nil {
		tx.aborted = true
		return nil, err
	}
	tx.relations, tx.relationsAt = relations, tx.schemaChanges
	return tx.relations, nil
}

// readTables runs transactionTablesSQL on c.
func (s *session) readTables(c *conn) (map[[2]string][]translate.RelationColumn, error) {
	rows, err := s.queryText(c, transactionTablesSQL)
	if err != nil {
		return nil, err
	}
	tables := map[[2]string][]translate.RelationColumn{}
	for _, row := range rows {
		key := [2]string{pgSchemaName(row[0]), row[1]}
		tables[key] = append(tables[key], translate.RelationColumn{Name: row[2], Type: exactType(row[3])})
	}
	return tables, nil
}

// schemaStatements are the statements after which the schemas may differ.
var schemaStatements = map[bindings.StatementType]bool{
	bindings.StatementTypeCreate: true, bindings.StatementTypeDrop: true,
	bindings.StatementTypeAlter: true, bindings.StatementTypeAttach: true,
	bindings.StatementTypeDetach: true, bindings.StatementTypeCopy: true,
}

// noteSchemaChange counts a statement of kind that ran, or failed, as a
// possible change of the schemas. DDL in a transaction counts again when
// the transaction ends, when other sessions see it or it is undone. The
// column types of other sessions are read on a connection of their own;
// a transaction that ran DDL reads its own (transactionRelations).
func (s *session) noteSchemaChange(kind statementKind) {
	if !schemaStatements[bindings.StatementType(kind)] {
		return
	}
	s.db.relations.version.Add(1)
	if s.tx != nil {
		s.tx.changedSchemas = true
		s.tx.schemaChanges++
	}
}

// catalogName returns the database's name in DuckDB, its
// current_database(), read once, or "" when it cannot be read.
func (db *database) catalogName(ctx context.Context) string {
	db.catalog.once.Do(func() {
		if err := db.sqlDB.QueryRowContext(ctx, "SELECT current_database()").Scan(&db.catalog.name); err != nil {
			db.catalog.name = ""
		}
	})
	return db.catalog.name
}
