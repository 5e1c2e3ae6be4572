package proxy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
	"pgway/providers"
	"pgway/proxy"
)

// panickingSession is a warehouse session whose every statement panics,
// standing for a bug in pgway.
type panickingSession struct{}

func (panickingSession) Prepare(context.Context, string) (providers.Statement, error) {
	panic("a bug in pgway")
}

func (panickingSession) Execute(context.Context, providers.Statement, []any) (providers.Rows, error) {
	panic("a bug in pgway")
}

func (panickingSession) Cancel()      {}
func (panickingSession) Close() error { return nil }

func init() {
	providers.Register("panic_test", func(context.Context, *config.Connection) (providers.Session, error) {
		return panickingSession{}, nil
	})
	proxy.UseDialectOf("panic_test", "duckdb")
}

// TestPanicEndsOnlyItsSession checks that a panic in one session ends that
// session with XX000 and that the server and its other sessions go on.
func TestPanicEndsOnlyItsSession(t *testing.T) {
	cfg := testConfig(t)
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "panics", ProviderID: "panic_test", Owner: "alice", Privacy: config.PrivacyPrivate,
		Config: config.ConnectionConfig{Type: "password", Credentials: map[string]string{"password": "x"}},
	})
	g := startGateway(t, cfg)
	ctx := context.Background()
	other := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	conn := g.connect(t, "alice", alicePassword, "panics", "disable")
	_, err := conn.Exec(ctx, "select 1")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "XX000" {
		t.Fatalf("statement in the panicking session: %v, want XX000", err)
	}
	if err := conn.Ping(ctx); err == nil {
		t.Error("the panicking session is still open")
	}
	var value int
	if err := other.QueryRow(ctx, "select 1").Scan(&value); err != nil || value != 1 {
		t.Errorf("other session after the panic: %v", err)
	}
	again := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	if err := again.QueryRow(ctx, "select 1").Scan(&value); err != nil {
		t.Errorf("new session after the panic: %v", err)
	}
	if !strings.Contains(g.logs.String(), "a bug in pgway") {
		t.Error("the panic is not in the log")
	}
}
