package duckdb

import (
	"context"
	"fmt"
	"strings"
	"sync"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// connSettings are the session's settings that DuckDB keeps per
// connection, and fixes in a statement when it prepares it: the TimeZone
// of its conversions and the search_path of its names.
type connSettings struct {
	timeZone string
	// searchPath is DuckDB's search_path, "" for DuckDB's default.
	searchPath string
}

// applySettings sets the session's settings on c, which has no open
// result, and returns them.
func (s *session) applySettings(c *conn) (connSettings, error) {
	s.mu.Lock()
	zone := s.timeZone
	s.mu.Unlock()
	path, err := s.duckSearchPath()
	if err != nil {
		return connSettings{}, err
	}
	want := connSettings{timeZone: zone, searchPath: path}
	if c.settings.timeZone != want.timeZone {
		if err := s.run(context.Background(), c, "SET TimeZone = "+quoteString(zone)); err != nil {
			return connSettings{}, &providers.Error{Code: "22023",
				Message: fmt.Sprintf("invalid value for parameter \"TimeZone\": %q", zone), Err: err}
		}
		c.settings.timeZone = zone
	}
	if c.settings.searchPath != want.searchPath {
		set := "RESET search_path"
		if path != "" {
			set = "SET search_path = " + quoteString(path)
		}
		if err := s.run(context.Background(), c, set); err != nil {
			return connSettings{}, err
		}
		c.settings.searchPath = path
	}
	return want, nil
}

// followSettings prepares the statement again when the session's settings
// or the database's schemas changed since it was prepared, as PostgreSQL
// plans a statement again after search_path changes or DDL. DuckDB would
// keep the tables it bound. Its connection has no open result.
func (st *statement) followSettings() error {
	version := st.session.db.relations.version.Load()
	settings, err := st.session.applySettings(st.conn)
	if err != nil || settings == st.settings && version == st.schemaVersion {
		return err
	}
	prepared, err := prepare(st.conn, st.sql)
	if err != nil {
		return err
	}
	bindings.DestroyPrepare(&st.prepared)
	st.prepared, st.settings, st.schemaVersion = prepared, settings, version
	return nil
}

// SetSearchPath sets the schemas, as PostgreSQL clients name them, in
// which names without a schema are looked up, in order. New relations go
// to the first that exists.
func (s *session) SetSearchPath(schemas []string) {
	s.mu.Lock()
	s.searchPath = append([]string{}, schemas...)
	s.duckPath = duckPath{}
	s.mu.Unlock()
}

// SchemaExists reports whether the database has the schema, public as
// DuckDB's main. A schema that cannot be listed counts as missing.
func (s *session) SchemaExists(schema string) bool {
	if schema == "public" {
		schema = "main"
	}
	schemas, err := s.schemaNames()
	return err == nil && schemas.names[schema]
}

// duckSearchPath returns DuckDB's search_path for the session's: its
// schemas that exist, public as DuckDB's main. DuckDB rejects a schema
// that does not exist, which PostgreSQL skips. Names match in their case,
// as in PostgreSQL, where DuckDB would match them in any case.
// When none exists, DuckDB keeps its default, main: it has no empty path,
// and its system schema, the one other choice, would change the database
// in which schema names are found. The DuckDB dialect then qualifies or
// rejects the names without a schema (translate's checkNames).
func (s *session) duckSearchPath() (string, error) {
	s.mu.Lock()
	path := s.searchPath
	s.mu.Unlock()
	if path == nil {
		return "", nil
	}
	schemas, err := s.schemaNames()
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.duckPath.schemas == schemas {
		return s.duckPath.value, nil
	}
	var items []string
	for _, schema := range path {
		if schema == "public" {
			schema = "main"
		}
		if schemas.names[schema] {
			items = append(items, quoteDuckDBIdent(schema))
		}
	}
	s.duckPath = duckPath{schemas: schemas, value: strings.Join(items, ",")}
	return s.duckPath.value, nil
}

// schemaSet is the names of a database's schemas at one time. A new set
// is read after each change of the schemas, so its address tells sets
// apart.
type schemaSet struct {
	names map[string]bool
}

// duckPath is DuckDB's search_path for the session's, computed from the
// schemas of a schemaSet, which it is kept with.
type duckPath struct {
	schemas *schemaSet
	value   string
}

// schemaNames returns the names of the schemas visible to the session:
// those of its transaction after DDL in it, else the database's.
func (s *session) schemaNames() (*schemaSet, error) {
	if tx := s.tx; tx != nil && tx.changedSchemas {
		if tx.schemas != nil && tx.schemasAt == tx.schemaChanges {
			return tx.schemas, nil
		}
		if !s.busy(tx.conn) {
			names, err := s.readSchemas(tx.conn)
			if err != nil {
				tx.aborted = true
				return nil, err
			}
			tx.schemas, tx.schemasAt = names, tx.schemaChanges
			return names, nil
		}
	}
	return s.db.schemas.names(s.db)
}

// schemasSQL lists the schemas of the database.
const schemasSQL = `SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database()`

// readSchemas runs schemasSQL on c, which has no open result.
func (s *session) readSchemas(c *conn) (*schemaSet, error) {
	rows, err := s.queryText(c, schemasSQL)
	if err != nil {
		return nil, err
	}
	names := &schemaSet{names: map[string]bool{}}
	for _, row := range rows {
		names.names[row[0]] = true
	}
	return names, nil
}

// queryText runs sql, whose columns are VARCHAR, on c, which has no open
// result, and returns its rows.
func (s *session) queryText(c *conn, sql string) ([][]string, error) {
	prepared, err := prepare(c, sql)
	if err != nil {
		return nil, err
	}
	st := &statement{session: s, conn: c, sql: sql, prepared: prepared, settings: c.settings}
	st.describe()
	defer st.Close()
	r := &rows{session: s, statement: st, conn: c, prepared: prepared}
	if err := r.run(context.Background(), nil); err != nil {
		return nil, err
	}
	defer r.Close()
	var out [][]string
	for r.Next() {
		row := make([]string, len(r.Values()))
		for i, v := range r.Values() {
			row[i], _ = v.(string)
		}
		out = append(out, row)
	}
	return out, r.Err()
}

// temporarySQL lists the session's temporary views, then tables.
const temporarySQL = `
SELECT 'VIEW', view_name FROM duckdb_views() WHERE temporary
UNION ALL SELECT 'TABLE', table_name FROM duckdb_tables() WHERE temporary
ORDER BY 1 DESC`

// DiscardTemporary drops the session's temporary tables and views, as
// DISCARD TEMP and DISCARD ALL do. In a block or an implicit transaction
// the drops are changes of its DuckDB transaction, so ROLLBACK brings the
// tables back. The session then keeps running on their connection.
func (s *session) DiscardTemporary(ctx context.Context) error {
	s.mu.Lock()
	c := s.temporary
	s.mu.Unlock()
	if c == nil {
		return nil
	}
	if s.busy(c) {
		return &providers.Error{Code: "0A000",
			Message: "DISCARD TEMP while a cursor or portal is open is not supported on DuckDB",
			Hint:    "Fetch the whole result or close the cursor first."}
	}
	drop := statementKind(bindings.StatementTypeDrop)
	if err := s.beginChanges(ctx, drop); err != nil {
		return err
	}
	relations, err := s.queryText(c, temporarySQL)
	if err != nil {
		return err
	}
	for _, r := range relations {
		err := s.run(ctx, c, "DROP "+r[0]+" IF EXISTS temp.main."+quoteDuckDBIdent(r[1]))
		if c == s.txConn() {
			s.noteTransaction(drop, err)
		}
		if err != nil {
			return err
		}
	}
	// The column types of the temporary tables are read again
	// (TemporaryColumns), in a transaction too.
	s.db.relations.version.Add(1)
	if c == s.txConn() {
		return nil
	}
	s.mu.Lock()
	s.temporary = nil
	s.mu.Unlock()
	return nil
}

// schemaNamesCache caches the names of a database's schemas until a
// statement may have changed the schemas.
type schemaNamesCache struct {
	mu      sync.Mutex
	version uint64
	read    bool
	byName  *schemaSet
}

// names returns the schemas of db.
func (n *schemaNamesCache) names(db *database) (*schemaSet, error) {
	version := db.relations.version.Load()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.read && n.version == version {
		return n.byName, nil
	}
	rows, err := db.sqlDB.Query(schemasSQL)
	if err != nil {
		return nil, convertError(fmt.Errorf("list duckdb schemas: %w", err))
	}
	defer rows.Close()
	names := &schemaSet{names: map[string]bool{}}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, convertError(fmt.Errorf("list duckdb schemas: %w", err))
		}
		names.names[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, convertError(fmt.Errorf("list duckdb schemas: %w", err))
	}
	n.byName, n.version, n.read = names, version, true
	return names, nil
}
