package enginetest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/proxy"
)

// benchTypedConn serves a DuckDB file connection with a table of
// integers, with a catalog database when withCatalog is set, and returns
// a connection of the demo user.
func benchTypedConn(b *testing.B, withCatalog bool) *pgx.Conn {
	b.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: typedConnection, ProviderID: "duckdb", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "file",
			Credentials: map[string]string{"path": filepath.Join(b.TempDir(), "typed.duckdb")}},
	})

	if withCatalog {
		cluster, err := pgtest.Start(pgtest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { cluster.Stop() })
		if err := cluster.CreateRole(adminRole, adminPassword); err != nil {
			b.Fatal(err)
		}
		if err := cluster.Exec("postgres", "ALTER ROLE "+adminRole+" SUPERUSER"); err != nil {
			b.Fatal(err)
		}
		cfg.Catalog.DSN = fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable",
			adminRole, adminPassword, cluster.Port)
	}

	srv, err := proxy.NewServer(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	b.Cleanup(srv.Shutdown)
	g := &gateway{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, srv: srv}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, typedConnection, "disable"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(ctx) })
	for _, sql := range []string{"create table totals (n int4)", "insert into totals values (1), (2), (3)"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	return conn
}

// BenchmarkResultTypesQuery runs a simple query of a sum of integers
// through pgway without a catalog database, with one whose description
// of the query text is cached, and with one that describes a new text at
// each query.
func BenchmarkResultTypesQuery(b *testing.B) {
	ctx := context.Background()
	query := func(b *testing.B, conn *pgx.Conn, i int) {
		var sum int64
		sql := fmt.Sprintf("select sum(n) + %d from totals", i)
		if err := conn.QueryRow(ctx, sql, pgx.QueryExecModeSimpleProtocol).Scan(&sum); err != nil {
			b.Fatal(err)
		}
	}
	const texts = 100
	b.Run("no catalog", func(b *testing.B) {
		conn := benchTypedConn(b, false)
		for i := 0; b.Loop(); i++ {
			query(b, conn, i%texts)
		}
	})
	b.Run("catalog cached", func(b *testing.B) {
		conn := benchTypedConn(b, true)
		for i := range texts {
			query(b, conn, i) // describes each text once
		}
		for i := 0; b.Loop(); i++ {
			query(b, conn, i%texts)
		}
	})
	b.Run("catalog new text", func(b *testing.B) {
		conn := benchTypedConn(b, true)
		for i := 0; b.Loop(); i++ {
			query(b, conn, i)
		}
	})
}
