package proxy_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"pgway/internal/pgtest"
)

func TestPgxContextCancel(t *testing.T) {
	g := startGateway(t, testConfig(t))
	cfg, err := pgx.ParseConfig(g.dsn("alice", alicePassword, "alice_private", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	// Cancel through a CancelRequest, not by closing the connection.
	cfg.BuildContextWatcherHandler = func(pg *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pg, DeadlineDelay: 5 * time.Second}
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = conn.Exec(ctx, "select pg_sleep(30) /* pgx-cancel */")
	elapsed := time.Since(start)

	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a server error", err)
	}
	if pgErr.Code != "57014" {
		t.Errorf("code = %s, want 57014", pgErr.Code)
	}
	if elapsed > 2*time.Second {
		t.Errorf("cancel took %v, want under 2s", elapsed)
	}
	var n int
	if err := conn.QueryRow(context.Background(), "select 42").Scan(&n); err != nil {
		t.Fatalf("session unusable after cancel: %v", err)
	}
	if n != 42 {
		t.Errorf("select 42 = %d", n)
	}
}

func TestPsqlCancel(t *testing.T) {
	g := startGateway(t, testConfig(t))
	bin, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	cmd := exec.CommandContext(ctx, bin, "-X", "-A", "-t",
		g.dsn("alice", alicePassword, "alice_private", "disable"),
		"-c", "select pg_sleep(30) /* psql-cancel */")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the sleep runs upstream, then interrupt psql as a user
	// pressing Ctrl-C would.
	waitForActiveQuery(t, "psql-cancel")
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	elapsed := time.Since(start)

	if !strings.Contains(stderr.String(), "canceling statement due to user request") {
		t.Errorf("psql stderr = %q, want the cancel error", stderr.String())
	}
	// psql run with -c exits after a cancel instead of running the next
	// command; TestPgxContextCancel shows that the session stays usable.
	if elapsed > 2*time.Second {
		t.Errorf("cancel took %v, want under 2s", elapsed)
	}
}

func TestCancelWithWrongKeyIgnored(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	done := make(chan error, 1)
	go func() {
		_, err := conn.Exec(context.Background(), "select pg_sleep(1) /* wrong-key */")
		done <- err
	}()
	waitForActiveQuery(t, "wrong-key")
	pid := conn.PgConn().PID()
	for _, secret := range [][]byte{{0, 0, 0, 0}, {1, 2, 3}, bytes.Repeat([]byte{7}, 32)} {
		sendCancel(t, g, pid, secret)
	}
	sendCancel(t, g, pid+1, conn.PgConn().SecretKey())

	if err := <-done; err != nil {
		t.Errorf("query with wrong-key cancels = %v, want success", err)
	}
}

// sendCancel sends a raw CancelRequest to the gateway.
func sendCancel(t *testing.T, g *gateway, pid uint32, secret []byte) {
	t.Helper()
	c, err := net.Dial("tcp", net.JoinHostPort(g.Host, strconv.Itoa(g.Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	msg := binary.BigEndian.AppendUint32(nil, uint32(12+len(secret)))
	msg = binary.BigEndian.AppendUint32(msg, 80877102)
	msg = binary.BigEndian.AppendUint32(msg, pid)
	msg = append(msg, secret...)
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	// pgway closes the connection without a reply.
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _ := c.Read(make([]byte, 1))
	if n != 0 {
		t.Errorf("cancel request got %d bytes of answer", n)
	}
}

// waitForActiveQuery waits until the upstream runs a statement containing
// text.
func waitForActiveQuery(t *testing.T, text string) {
	t.Helper()
	if err := awaitActiveQuery(text); err != nil {
		t.Fatal(err)
	}
}

// awaitActiveQuery is waitForActiveQuery for goroutines other than the
// test's own.
func awaitActiveQuery(text string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := queryAdmin(upstreamDB,
			"select count(*) from pg_stat_activity where state = 'active' and query like '%"+text+"%' and pid <> pg_backend_pid()", &n)
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no active query %q upstream", text)
}

func queryAdmin(db, sql string, dest ...any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, upstream.AdminDSN(db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	result := conn.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
	if result.Err != nil {
		return result.Err
	}
	for i, d := range dest {
		if p, ok := d.(*int); ok {
			v, err := strconv.Atoi(string(result.Rows[0][i]))
			if err != nil {
				return err
			}
			*p = v
		}
	}
	return nil
}
