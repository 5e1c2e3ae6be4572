package corpustest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/proxy"
)

// StartPostgres starts a PostgreSQL server for the test and returns a
// connection to its database corpus, loaded as LoadPostgres loads it.
func StartPostgres(t *testing.T, fixture, dsnParams string) *pgx.Conn {
	t.Helper()
	server, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Stop() })
	return LoadPostgres(t, server, "corpus", fixture, dsnParams)
}

// LoadPostgres creates database db on server with the C collation,
// PostGIS and fixture, and returns a connection to it in UTC. dsnParams,
// such as "application_name=psql", are added to the connection string.
func LoadPostgres(t *testing.T, server *pgtest.Server, db, fixture, dsnParams string) *pgx.Conn {
	t.Helper()
	err := server.Exec("postgres", "create database "+db+" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'")
	if err != nil {
		t.Fatalf("create database: %v", err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.AdminDSN(db)+" timezone=UTC "+dsnParams)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, "create extension postgis"); err != nil {
		t.Fatalf("create extension postgis: %v", err)
	}
	if _, err := conn.Exec(ctx, fixture); err != nil {
		t.Fatalf("load fixture into PostgreSQL: %v", err)
	}
	return conn
}

// ServeConnection serves the warehouse connection conn through pgway for
// the test, with the demo user, and connects to it as psql would, giving
// up after timeout.
func ServeConnection(t *testing.T, conn config.Connection, timeout time.Duration) *pgx.Conn {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Connections = append(cfg.Connections, conn)
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
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	dsn := fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=%s sslmode=disable application_name=psql",
		ln.Addr().(*net.TCPAddr).Port, config.DemoUser, config.DemoPassword, conn.Name)
	client, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close(context.Background()) })
	return client
}
