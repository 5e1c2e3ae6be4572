package proxy

import (
	"context"
	"fmt"

	"pgway/auth"
	"pgway/catalog"
	"pgway/config"
)

// openCatalog connects to the catalog database when catalog.dsn is set.
func (s *Server) openCatalog(cfg *config.Config) error {
	s.setConnections(cfg.Connections)
	if cfg.Catalog.DSN == "" {
		return nil
	}
	m, err := catalog.Open(context.Background(), cfg.Catalog, s.mayUse, s.log)
	if err != nil {
		return fmt.Errorf("open the catalog database: %w", err)
	}
	s.catalog = m
	return nil
}

// setConnections keeps the configured connections for allowedConnections.
func (s *Server) setConnections(conns []config.Connection) {
	list := append([]config.Connection(nil), conns...)
	s.connections.Store(&list)
}

// mayUse reports whether user may use the connection under the current
// configuration, not counting token grants.
func (s *Server) mayUse(user, connection string) bool {
	conn, ok := s.registry.Lookup(connection)
	return ok && s.directory().Authorize(&auth.Principal{User: user}, conn)
}

// allowedConnections returns the names of the connections the principal
// may use, which are the databases pg_database shows it.
func (s *Server) allowedConnections(p *auth.Principal) []string {
	dir := s.directory()
	var names []string
	for _, conn := range *s.connections.Load() {
		if dir.Authorize(p, &conn) {
			names = append(names, conn.Name)
		}
	}
	return names
}
