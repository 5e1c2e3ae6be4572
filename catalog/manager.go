// Package catalog mirrors the schemas of each connection into a PostgreSQL
// cluster with PostGIS, the catalog database, so that queries of
// pg_catalog and information_schema return what PostgreSQL returns.
//
// Each connection gets a database of its name, with the postgis extension
// and one empty table or view per warehouse relation, whose columns have
// the PostgreSQL types the provider sends. Each pgway user gets a LOGIN
// role of its name, unprivileged and read-only, with a password derived
// from catalog.dsn's, which the Manager sets when the user's first
// session after its start needs the role. A session runs its catalog queries
// on its connection's database as its user's role. The role has CONNECT on
// the databases of the connections its user may use, and functions that
// the Manager installs in each database's pg_catalog treat every other
// database as one that does not exist.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgway/config"
)

// Manager owns the catalog database: its administrative connections, the
// roles of pgway's users and the mirror of each connection. It is safe for
// concurrent use.
type Manager struct {
	log      *slog.Logger
	admin    *pgxpool.Pool
	adminCfg *pgx.ConnConfig
	// adminRole is the role catalog.dsn logs in as, which no user's role
	// may be.
	adminRole string
	interval  time.Duration

	version          string // version() of the catalog cluster
	serverVersion    string // its server_version
	serverVersionNum string // its server_version_num
	// roleConnections is the CONNECTION LIMIT of each user's role.
	roleConnections int
	// superuser is set when catalog.dsn's role is a superuser, which may
	// set the row estimates of the mirror's tables (planRowEstimates).
	superuser bool
	// ownerReady is set once mirrorOwner is known to exist.
	ownerReady bool

	// access reports whether a user may use a connection now; the
	// refreshes revoke CONNECT from roles whose user lost access.
	access func(user, connection string) bool

	mu      sync.Mutex
	mirrors map[string]*Mirror
	roles   map[string]*role
	// ensured holds the databases known to exist.
	ensured map[string]bool
	// createMu serializes the creation of databases.
	createMu sync.Mutex
	// grantMu serializes GRANT CONNECT.
	grantMu sync.Mutex
	// guarded holds the mirror databases in which this process installed
	// the database guard.
	guarded map[string]bool

	// done is cancelled by Close, which ends the refreshes under way.
	done context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// openTimeout bounds connecting to the catalog cluster at start.
const openTimeout = 30 * time.Second

// Open connects to the catalog cluster that cfg.DSN names and reads its
// version. access decides which users keep CONNECT on a mirror; nil lets
// every user who was granted it keep it. Errors never contain the DSN.
func Open(ctx context.Context, cfg config.Catalog, access func(user, connection string) bool, log *slog.Logger) (*Manager, error) {
	poolCfg, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, errors.New("catalog.dsn: invalid connection string")
	}
	poolCfg.MaxConns = 4

	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the catalog database: %w", err)
	}
	m := &Manager{
		log:      log,
		admin:    pool,
		adminCfg: poolCfg.ConnConfig,
		interval: time.Duration(cfg.RefreshInterval),
		access:   access,
		mirrors:  map[string]*Mirror{},
		roles:    map[string]*role{},
		ensured:  map[string]bool{},
		guarded:  map[string]bool{},
	}
	var slots int
	err = pool.QueryRow(ctx, `SELECT version(), current_setting('server_version'),
		current_setting('server_version_num'), current_user,
		current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int,
		(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)`).
		Scan(&m.version, &m.serverVersion, &m.serverVersionNum, &m.adminRole, &slots, &m.superuser)
	m.roleConnections = roleConnectionLimit(slots, int(poolCfg.MaxConns))
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to the catalog database: %w", err)
	}

	if m.interval <= 0 {
		m.interval = time.Duration(config.DefaultCatalogRefresh)
	}
	m.done, m.stop = context.WithCancel(context.Background())
	m.wg.Add(1)
	go m.refreshLoop(m.done)
	log.Info("catalog database connected", "server_version", m.serverVersion)
	return m, nil
}

// Version returns what version() returns on the catalog cluster.
func (m *Manager) Version() string { return m.version }

// ServerVersion returns the catalog cluster's server_version.
func (m *Manager) ServerVersion() string { return m.serverVersion }

// ServerVersionNum returns the catalog cluster's server_version_num.
func (m *Manager) ServerVersionNum() string { return m.serverVersionNum }

// Close stops the periodic refreshes and closes the administrative
// connections. Sessions' own connections stay open until they close them.
func (m *Manager) Close() {
	m.stop()
	m.wg.Wait()
	m.admin.Close()
}

// Mirror returns the mirror of conn, made on first use. It creates
// nothing in the catalog cluster: Acquire does.
func (m *Manager) Mirror(conn *config.Connection) *Mirror {
	m.mu.Lock()
	defer m.mu.Unlock()
	mirror, ok := m.mirrors[conn.Name]
	if !ok {
		mirror = newMirror(m, conn)
		m.mirrors[conn.Name] = mirror
	}
	mirror.setConnection(conn)
	return mirror
}

// refreshLoop refreshes the mirrors that have sessions once per refresh
// interval.
func (m *Manager) refreshLoop(ctx context.Context) {
	defer m.wg.Done()
	ticker := time.NewTicker(m.interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		m.mu.Lock()
		var due []*Mirror
		for _, mirror := range m.mirrors {
			if mirror.inUse() {
				due = append(due, mirror)
			}
		}
		m.mu.Unlock()
		for _, mirror := range due {
			if err := mirror.Refresh(ctx); err != nil && ctx.Err() == nil {
				m.log.Warn("catalog refresh failed", "connection", mirror.name, "error", err)
			}
		}
	}
}

// adminConn connects to database as the role of catalog.dsn.
func (m *Manager) adminConn(ctx context.Context, database string) (*pgx.Conn, error) {
	cfg := m.adminCfg.Copy()
	cfg.Database = database
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to catalog database %q: %w", database, err)
	}
	return conn, nil
}

// EnsureDatabases creates, without mirroring anything into them, the
// databases of the named connections that do not exist yet, so that
// pg_database lists every connection a user may use. Each name is checked
// once per process. It goes on past a name that fails and returns the
// errors joined.
//
// NOTE: the first session of a user who may use many connections waits
// for one CREATE DATABASE per connection that was never mirrored.
func (m *Manager) EnsureDatabases(ctx context.Context, names []string) error {
	var errs []error
	for _, name := range names {
		m.mu.Lock()
		done := m.ensured[name]
		m.mu.Unlock()
		if done {
			continue
		}
		if err := m.ensureDatabase(ctx, name); err != nil {
			errs = append(errs, err)
			continue
		}
		m.mu.Lock()
		m.ensured[name] = true
		m.mu.Unlock()
	}
	return errors.Join(errs...)
}

// roleConnectionLimit returns the CONNECTION LIMIT of each user's role: a
// quarter of the cluster's connections that neither superusers nor
// pgway's own pool take, at least one. Each session that runs catalog
// queries holds one connection as its user's role, so without a limit
// one user's sessions could take every connection and leave other users
// none. A user past the limit gets 53300 from the catalog cluster for the
// catalog queries of further sessions.
func roleConnectionLimit(slots, adminPool int) int {
	return max(1, (slots-adminPool)/4)
}
