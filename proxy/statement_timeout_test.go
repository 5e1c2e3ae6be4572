package proxy_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

const statementTimeoutMessage = "canceling statement due to statement timeout"

// assertStatementTimeout fails the test unless err is PostgreSQL's
// statement-timeout error.
func assertStatementTimeout(t *testing.T, err error) {
	t.Helper()
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a statement timeout", err)
	}
	if pgErr.Code != "57014" {
		t.Errorf("code = %s, want 57014", pgErr.Code)
	}
	if pgErr.Message != statementTimeoutMessage {
		t.Errorf("message = %q, want %q", pgErr.Message, statementTimeoutMessage)
	}
}

// assertNotRunning fails the test unless the upstream has no active query
// whose text contains marker.
func assertNotRunning(t *testing.T, marker string) {
	t.Helper()
	var n int
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := queryAdmin(upstreamDB, "select count(*) from pg_stat_activity where state = 'active' and query like '%"+
			marker+"%' and pid <> pg_backend_pid()", &n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d queries marked %s still run on the warehouse", n, marker)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func timeoutConfig(t *testing.T, timeout time.Duration) *config.Config {
	t.Helper()
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	cfg.Limits.StatementTimeout = config.Duration(timeout)
	return cfg
}

func TestStatementTimeoutCancelsWarehouseQuery(t *testing.T) {
	g := startGateway(t, timeoutConfig(t, 500*time.Millisecond))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	other := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	cases := []struct {
		name, sql string
		args      []any
	}{
		{"simple protocol", "select pg_sleep(30) /* ceiling-simple */", nil},
		{"extended protocol", "select pg_sleep($1) /* ceiling-extended */", []any{30.0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := conn.Exec(context.Background(), tc.sql, tc.args...)
			elapsed := time.Since(start)
			assertStatementTimeout(t, err)
			if elapsed > 5*time.Second {
				t.Errorf("statement ended after %v, want about 500ms", elapsed)
			}
			assertNotRunning(t, "ceiling-")
			var n int
			if err := conn.QueryRow(context.Background(), "select 3").Scan(&n); err != nil {
				t.Fatalf("same session after the timeout: %v", err)
			}
		})
	}
	var n int
	if err := other.QueryRow(context.Background(), "select 4").Scan(&n); err != nil {
		t.Errorf("other session: %v", err)
	}
	assertWorks(t, g)
}

func TestStatementTimeoutCountsNoIdleTime(t *testing.T) {
	g := startGateway(t, timeoutConfig(t, 1000*time.Millisecond))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	ctx := context.Background()

	if _, err := conn.Exec(ctx, "select 1"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if _, err := conn.Exec(ctx, "select 2"); err != nil {
		t.Fatalf("statement after idle time longer than the timeout: %v", err)
	}

	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if _, err := tx.Exec(ctx, "select 3"); err != nil {
		t.Fatalf("statement after idle time in a transaction: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStatementTimeoutCoversWholeQuery(t *testing.T) {
	g := startGateway(t, timeoutConfig(t, 1000*time.Millisecond))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	ctx := context.Background()

	// The statements of one Query message and the commands of one batch up
	// to its Sync are measured together: each takes 600ms, less than the
	// timeout, but together they take longer.
	_, err := conn.Exec(ctx, "select pg_sleep(0.6); select pg_sleep(0.6) /* ceiling-multi */")
	assertStatementTimeout(t, err)
	assertNotRunning(t, "ceiling-multi")

	batch := &pgx.Batch{}
	for range 2 {
		batch.Queue("select pg_sleep($1) /* ceiling-batch */", 0.6)
	}
	err = conn.SendBatch(ctx, batch).Close()
	assertStatementTimeout(t, err)
	assertNotRunning(t, "ceiling-batch")

	if _, err := conn.Exec(ctx, "select pg_sleep(0.1); select pg_sleep(0.1)"); err != nil {
		t.Errorf("short multi-statement query: %v", err)
	}
}

func TestStatementTimeoutPipelinedQueries(t *testing.T) {
	g := startGateway(t, timeoutConfig(t, 1000*time.Millisecond))
	c := trustLogin(t, g, "alice", "alice_private")

	// The second Query is sent before the first returns. Its timeout starts
	// at the first one's ReadyForQuery, so it runs 600ms of its own.
	var batch []byte
	batch = append(batch, goodFrame('Q', []byte("select pg_sleep(0.6)\x00"))...)
	batch = append(batch, goodFrame('Q', []byte("select pg_sleep(0.6)\x00"))...)
	batch = append(batch, goodFrame('Q', []byte("select pg_sleep(30) /* ceiling-pipelined */\x00"))...)
	c.write(t, batch)
	var codes []string
	for ready := 0; ready < 3; {
		switch msg := c.receive(t).(type) {
		case *pgproto3.ErrorResponse:
			codes = append(codes, msg.Code)
			if msg.Message != statementTimeoutMessage {
				t.Errorf("message = %q, want %q", msg.Message, statementTimeoutMessage)
			}
		case *pgproto3.ReadyForQuery:
			ready++
			if ready < 3 && len(codes) > 0 {
				t.Fatalf("pipelined query %d failed: %v", ready, codes)
			}
		}
	}
	if len(codes) != 1 || codes[0] != "57014" {
		t.Errorf("errors = %v, want one 57014 for the third query", codes)
	}
	assertNotRunning(t, "ceiling-pipelined")
	assertWorks(t, g)
}

func TestSessionStatementTimeout(t *testing.T) {
	t.Run("shorter than the limit", func(t *testing.T) {
		// Without limits.statement_timeout the upstream enforces the
		// session's own setting.
		g := startGateway(t, testConfig(t))
		conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
		if _, err := conn.Exec(context.Background(), "set statement_timeout = '300ms'"); err != nil {
			t.Fatal(err)
		}
		_, err := conn.Exec(context.Background(), "select pg_sleep(30) /* session-timeout */")
		assertStatementTimeout(t, err)
		assertNotRunning(t, "session-timeout")
		assertWorks(t, g)
	})
	t.Run("longer than the limit", func(t *testing.T) {
		g := startGateway(t, timeoutConfig(t, 500*time.Millisecond))
		conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
		if _, err := conn.Exec(context.Background(), "set statement_timeout = '1min'"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := conn.Exec(context.Background(), "select pg_sleep(30) /* session-longer */")
		assertStatementTimeout(t, err)
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("statement ended after %v, want about 500ms", elapsed)
		}
		assertNotRunning(t, "session-longer")
		assertWorks(t, g)
	})
}
