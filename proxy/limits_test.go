package proxy_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// assertWorks fails the test unless a new session can run a query, to show
// that a failure in one session left the gateway serving others.
func assertWorks(t *testing.T, g *gateway) {
	t.Helper()
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	var n int
	if err := conn.QueryRow(context.Background(), "select 7").Scan(&n); err != nil {
		t.Fatalf("another session fails: %v", err)
	}
}

func pgCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

func TestMaxConnections(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.MaxConnections = 2
	g := startGateway(t, cfg)
	first := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	g.connect(t, "alice", alicePassword, "alice_private", "disable")

	_, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
	if code := pgCode(err); code != "53300" {
		t.Fatalf("third session: err = %v, want 53300", err)
	}
	var n int
	if err := first.QueryRow(context.Background(), "select 1").Scan(&n); err != nil {
		t.Fatalf("open session after a rejected one: %v", err)
	}
	first.Close(context.Background())
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
		if err == nil {
			conn.Close(context.Background())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no slot freed after a session closed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestMaxMessageBytes(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.MaxMessageBytes = 4096
	g := startGateway(t, cfg)
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	_, err := conn.Exec(context.Background(), "select '"+strings.Repeat("x", 8192)+"'")
	if code := pgCode(err); code != "54000" {
		t.Errorf("oversized query: err = %v, want 54000", err)
	}
	if !conn.IsClosed() {
		// pgx notices the close on its next use.
		if err := conn.Ping(context.Background()); err == nil {
			t.Error("session still open after an oversized message")
		}
	}
	assertWorks(t, g)
}

func TestIdleSessionTimeout(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.IdleSessionTimeout = config.Duration(300 * time.Millisecond)
	g := startGateway(t, cfg)

	// A statement that runs longer than the timeout is not idle time.
	busy := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	if _, err := busy.Exec(context.Background(), "select pg_sleep(0.6)"); err != nil {
		t.Fatalf("long statement: %v", err)
	}
	// Neither is time inside a transaction.
	tx, err := busy.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond)
	if _, err := tx.Exec(context.Background(), "select 1"); err != nil {
		t.Fatalf("statement in an idle transaction: %v", err)
	}
	tx.Rollback(context.Background())

	idle := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	time.Sleep(800 * time.Millisecond)
	_, err = idle.Exec(context.Background(), "select 1")
	if err == nil {
		t.Fatal("idle session survived the timeout")
	}
	if code := pgCode(err); code != "57P05" && !idle.IsClosed() {
		t.Errorf("idle session: err = %v, want 57P05", err)
	}
	assertWorks(t, g)
}

func TestUpstreamBackendTerminated(t *testing.T) {
	g := startGateway(t, testConfig(t))
	victim := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	other := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	done := make(chan error, 1)
	go func() {
		_, err := victim.Exec(context.Background(), "select pg_sleep(20) /* victim */")
		done <- err
	}()
	waitForActiveQuery(t, "victim")
	if err := queryAdmin(upstreamDB, "select pg_terminate_backend(pid) from pg_stat_activity where query like '%victim%' and pid <> pg_backend_pid()"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if code := pgCode(err); code != "57P01" && code != "08006" {
			t.Errorf("terminated query: err = %v, want 57P01 or 08006", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("client hangs after its upstream backend was terminated")
	}
	var n int
	if err := other.QueryRow(context.Background(), "select 1").Scan(&n); err != nil {
		t.Errorf("other session: %v", err)
	}
	assertWorks(t, g)
}

func TestShutdownEndsSessions(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	g.srv.Shutdown()
	_, err := conn.Exec(context.Background(), "select 1")
	if err == nil {
		t.Fatal("session survived shutdown")
	}
	if code := pgCode(err); code != "57P01" && !conn.IsClosed() {
		t.Errorf("after shutdown: err = %v, want 57P01", err)
	}
	if _, err := g.tryConnect("alice", alicePassword, "alice_private", "disable"); err == nil {
		t.Error("new session accepted after shutdown")
	}
}
