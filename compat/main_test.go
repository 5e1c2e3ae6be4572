package compat

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	_ "pgway/providers/duckdb"
	"pgway/proxy"
)

// The test world: two pgway users, the warehouse role and database in the
// upstream PostgreSQL, and the catalog cluster's administrator.
const (
	alice, alicePassword     = "alice", "alice-Compat-4417"
	bob, bobPassword         = "bob", "bob-Compat-9023"
	warehouseRole            = "warehouse"
	warehousePassword        = "warehouse-Compat-5581"
	warehouseDB              = "demo"
	catalogRole              = "pgway_catalog"
	catalogPassword          = "catalog-Compat-7302"
	bobPrivateConnectionName = "bob_private"
)

// setupTimeout bounds loading the demo tables into PostgreSQL.
const setupTimeout = 5 * time.Minute

var (
	// upstream is the PostgreSQL server with PostGIS that the postgres
	// target relays to. Its demo database is also the oracle: the clients
	// run against it directly, and the tests expect the same from pgway.
	upstream *pgtest.Server
	// catalogServer is the cluster in which pgway mirrors the schemas of
	// its warehouse connections.
	catalogServer *pgtest.Server
	// gatewayPort is the loopback port of the pgway server under test.
	gatewayPort int
	// connections are the pgway connections of the targets.
	connections []config.Connection
	// cleanups stop what the targets' setUp started, such as emulators.
	cleanups []func() error
)

func TestMain(m *testing.M) {
	code := 1
	srv, err := setUp()
	if err != nil {
		fmt.Fprintln(os.Stderr, "compat: set up:", err)
	} else {
		code = m.Run()
		srv.Shutdown()
	}
	for _, cleanup := range cleanups {
		if err := cleanup(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if catalogServer != nil {
		if err := catalogServer.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

// setUp starts both PostgreSQL servers, loads the demo data into the
// upstream and starts pgway.
func setUp() (*proxy.Server, error) {
	var err error
	if upstream, err = pgtest.Shared(); err != nil {
		return nil, err
	}
	if err := setUpWarehouse(); err != nil {
		return nil, err
	}
	for _, tg := range targets {
		conn, err := tg.setUp()
		if err != nil {
			return nil, fmt.Errorf("set up target %s: %w", tg.Name, err)
		}
		tg.Connection = conn.Name
		connections = append(connections, conn)
	}
	if catalogServer, err = pgtest.Start(pgtest.Options{}); err != nil {
		return nil, fmt.Errorf("start the catalog cluster: %w", err)
	}
	sql := fmt.Sprintf("CREATE ROLE %s LOGIN SUPERUSER PASSWORD '%s'", catalogRole, catalogPassword)
	if err := catalogServer.Exec("postgres", sql); err != nil {
		return nil, fmt.Errorf("create the catalog role: %w", err)
	}
	return startGateway(gatewayConfig())
}

func setUpWarehouse() error {
	if err := upstream.CreateRole(warehouseRole, warehousePassword); err != nil {
		return err
	}
	if err := upstream.CreateDatabase(warehouseDB, warehouseRole); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, upstream.AdminDSN(warehouseDB))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return loadDemo(ctx, conn, warehouseRole)
}

// gatewayConfig serves two users, the connection of each target, open to
// the organization, and bob_private, the demo warehouse again, which only
// bob may use.
func gatewayConfig() *config.Config {
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Users = []config.User{
		{Name: alice, Password: alicePassword},
		{Name: bob, Password: bobPassword},
	}
	cfg.Connections = append(slices.Clone(connections), config.Connection{
		Name: bobPrivateConnectionName, ProviderID: "carto_dw", Owner: bob, Privacy: config.PrivacyPrivate,
		Config: config.ConnectionConfig{Type: "embedded"},
	})
	cfg.Catalog.DSN = fmt.Sprintf("postgres://%s:%s@%s:%d/postgres?sslmode=disable",
		catalogRole, catalogPassword, catalogServer.Host, catalogServer.Port)
	return cfg
}

func startGateway(cfg *config.Config) (*proxy.Server, error) {
	if problems := cfg.Validate(); len(problems) > 0 {
		return nil, fmt.Errorf("configuration has problems: %v", problems)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("PGWAY_COMPAT_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := proxy.NewServer(cfg, logger)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Shutdown()
		return nil, err
	}
	go srv.Serve(ln)
	gatewayPort = ln.Addr().(*net.TCPAddr).Port
	return srv, nil
}
