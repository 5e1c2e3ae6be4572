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
// changed since it was prepared, as PostgreSQL plans a statement again
// after search_path changes. Its connection has no open result.
func (st *statement) followSettings() error {
	settings, err := st.session.applySettings(st.conn)
	if err != nil || settings == st.settings {
		return err
	}
	prepared, err := prepare(st.conn, st.sql)
	if err != nil {
		return err
	}
	bindings.DestroyPrepare(&st.prepared)
	st.prepared, st.settings = prepared, settings
	return nil
}

// SetSearchPath sets the schemas, as PostgreSQL clients name them, in
// which names without a schema are looked up, in order. New relations go
// to the first that exists.
func (s *session) SetSearchPath(schemas []string) {
	s.mu.Lock()
	s.searchPath = append([]string{}, schemas...)
	s.mu.Unlock()
}

// SchemaExists reports whether the database has the schema, public as
// DuckDB's main. A schema that cannot be listed counts as missing.
func (s *session) SchemaExists(schema string) bool {
	if schema == "public" {
		schema = "main"
	}
	schemas, err := s.db.schemas.names(s.db)
	_, ok := schemas[strings.ToLower(schema)]
	return err == nil && ok
}

// duckSearchPath returns DuckDB's search_path for the session's: its
// schemas that exist, public as DuckDB's main. DuckDB rejects a schema
// that does not exist, which PostgreSQL skips.
// NOTE: when none exists, DuckDB keeps its default, main, where
// PostgreSQL finds no relation by a name without a schema and creates
// none. DuckDB has no empty path: its system schema, the one other
// choice, would change the database in which schema names are found.
func (s *session) duckSearchPath() (string, error) {
	s.mu.Lock()
	path := s.searchPath
	s.mu.Unlock()
	if path == nil {
		return "", nil
	}
	schemas, err := s.db.schemas.names(s.db)
	if err != nil {
		return "", err
	}
	var items []string
	for _, schema := range path {
		if schema == "public" {
			schema = "main"
		}
		if name, ok := schemas[strings.ToLower(schema)]; ok {
			items = append(items, quoteDuckDBIdent(name))
		}
	}
	return strings.Join(items, ","), nil
}

// schemaNames caches the names of a database's schemas, by lower-case
// name, until a statement may have changed the schemas.
type schemaNames struct {
	mu      sync.Mutex
	version uint64
	read    bool
	byName  map[string]string
}

// names returns the schemas of db.
func (n *schemaNames) names(db *database) (map[string]string, error) {
	version := db.relations.version.Load()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.read && n.version == version {
		return n.byName, nil
	}
	rows, err := db.sqlDB.Query(`SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database()`)
	if err != nil {
		return nil, convertError(fmt.Errorf("list duckdb schemas: %w", err))
	}
	defer rows.Close()
	byName := map[string]string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, convertError(fmt.Errorf("list duckdb schemas: %w", err))
		}
		byName[strings.ToLower(name)] = name
	}
	if err := rows.Err(); err != nil {
		return nil, convertError(fmt.Errorf("list duckdb schemas: %w", err))
	}
	n.byName, n.version, n.read = byName, version, true
	return byName, nil
}
