package proxy_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
)

// assertShutdownError fails the test unless conn's next statement fails
// with 57P01, or the session is already closed.
func assertShutdownError(t *testing.T, conn *pgx.Conn, what string) {
	t.Helper()
	_, err := conn.Exec(context.Background(), "select 1")
	if err == nil {
		t.Fatalf("%s: statement succeeded after the drain ended the session", what)
	}
	if code := pgCode(err); code != "57P01" && !conn.IsClosed() {
		t.Errorf("%s: err = %v, want 57P01", what, err)
	}
}

func TestDrainLetsRunningStatementFinish(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.DrainTimeout = config.Duration(20 * time.Second)
	g := startGateway(t, cfg)
	busy := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	idle := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	running := make(chan error, 1)
	go func() {
		_, err := busy.Exec(context.Background(), "select pg_sleep(2) /* drain-finish */")
		running <- err
	}()
	waitForActiveQuery(t, "drain-finish")

	start := time.Now()
	drained := make(chan struct{})
	go func() {
		g.srv.Drain(time.Duration(cfg.Limits.DrainTimeout))
		close(drained)
	}()

	// The drain refuses new sessions first; a session accepted before
	// that is closed again.
	for {
		conn, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
		if err != nil {
			break
		}
		conn.Close(context.Background())
		if time.Since(start) > 5*time.Second {
			t.Fatal("new sessions still accepted 5s after the drain started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The idle session ends at once, while the statement still runs.
	assertShutdownError(t, idle, "idle session")
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("idle session ended %v after the drain started, want at once", elapsed)
	}

	if err := <-running; err != nil {
		t.Errorf("statement running when the drain started: %v", err)
	}
	assertShutdownError(t, busy, "session after its statement")
	select {
	case <-drained:
	case <-time.After(5 * time.Second):
		t.Fatal("Drain did not return after the last statement finished")
	}
}

func TestDrainTimeoutEndsStatement(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.DrainTimeout = config.Duration(300 * time.Millisecond)
	g := startGateway(t, cfg)
	busy := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	running := make(chan error, 1)
	go func() {
		_, err := busy.Exec(context.Background(), "select pg_sleep(30) /* drain-cut */")
		running <- err
	}()
	waitForActiveQuery(t, "drain-cut")

	start := time.Now()
	g.srv.Drain(time.Duration(cfg.Limits.DrainTimeout))
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Drain took %v with drain_timeout 300ms", elapsed)
	}
	err := <-running
	if err == nil {
		t.Fatal("statement finished although the drain timeout passed")
	}
	if code := pgCode(err); code != "57P01" {
		t.Errorf("statement cut by the drain: err = %v, want 57P01", err)
	}
	assertNotRunning(t, "drain-cut")
}
