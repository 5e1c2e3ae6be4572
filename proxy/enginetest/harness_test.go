package enginetest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	_ "pgway/providers/duckdb"
	"pgway/proxy"
)

// oracle is the PostgreSQL server whose answers the tests expect from
// pgway.
var oracle *pgtest.Server

func TestMain(m *testing.M) {
	var err error
	code := 1
	if oracle, err = pgtest.Shared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	} else {
		code = m.Run()
	}
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

// oracleDSN connects to the oracle's postgres database.
func oracleDSN() string {
	return oracle.AdminDSN("postgres")
}

// gateway is a pgway server running in the test process.
type gateway struct {
	Host string
	Port int
	srv  *proxy.Server
}

// startDemo serves config.Default(), the demo user and carto_dw, on a free
// loopback port until the test ends.
func startDemo(t *testing.T) *gateway {
	t.Helper()
	return serve(t, config.Default())
}

// serve serves cfg on a free loopback port until the test ends.
func serve(t *testing.T, cfg *config.Config) *gateway {
	t.Helper()
	cfg.Listen = "127.0.0.1:0"
	if problems := cfg.Validate(); len(problems) > 0 {
		t.Fatalf("configuration has problems: %v", problems)
	}
	srv, err := proxy.NewServer(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(srv.Shutdown)
	return &gateway{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, srv: srv}
}

// startDuckDBFile serves config.Default() and a connection of the given
// name to the DuckDB file at path, which the demo user may use, on a free
// loopback port until the test ends.
func startDuckDBFile(t *testing.T, name, path string) *gateway {
	t.Helper()
	cfg := config.Default()
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: name, ProviderID: "duckdb", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "file", Credentials: map[string]string{"path": path}},
	})
	return serve(t, cfg)
}

// dsn builds a libpq connection string to the gateway.
func (g *gateway) dsn(user, password, database, sslmode string) string {
	return fmt.Sprintf("host=%s port=%d user=%s password='%s' dbname=%s sslmode=%s connect_timeout=5",
		g.Host, g.Port, user, password, database, sslmode)
}

func (g *gateway) connect(t *testing.T, user, password, database, sslmode string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, g.dsn(user, password, database, sslmode))
	if err != nil {
		t.Fatalf("connect as %s to %s: %v", user, database, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
