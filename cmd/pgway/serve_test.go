package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/auth"
	"pgway/internal/pgtest"
	"pgway/internal/testcert"
)

// TestServeLogsNoSecrets runs the real binary through successful and failed
// logins and asserts that no secret from its configuration, and no password
// a client tried, appears in its log.
func TestServeLogsNoSecrets(t *testing.T) {
	upstream, err := pgtest.Shared()
	if err != nil {
		t.Fatal(err)
	}
	const (
		upstreamPassword = "upstream-Secret-4411"
		badUpstream      = "stale-upstream-Secret-8822"
		alicePassword    = "alice-Secret-3141"
		bobPassword      = "bob-Secret-2718"
		triedPassword    = "tried-Secret-1618"
	)
	if err := upstream.CreateRole("logtest", upstreamPassword); err != nil {
		t.Fatal(err)
	}
	if err := upstream.CreateDatabase("logtest", "logtest"); err != nil {
		t.Fatal(err)
	}
	bobVerifier, err := auth.NewVerifier(bobPassword)
	if err != nil {
		t.Fatal(err)
	}
	token, tokenHash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	certFile, keyFile, err := testcert.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	configFile := filepath.Join(dir, "pgway.yaml")
	writeFile(t, configFile, fmt.Sprintf(`
listen: 127.0.0.1:%d
tls: {cert_file: %s, key_file: %s, mode: allow}
log: {level: debug, format: json}
users:
  - {name: alice, password: "${PGWAY_TEST_ALICE_PASSWORD}"}
  - {name: bob, scram_sha_256: '%s'}
tokens:
  - {name: alice_ci, owner: alice, sha256: %s, grants: [good]}
connections:
  - name: good
    provider_id: postgres
    owner: alice
    privacy: organization
    config:
      type: password
      credentials: {host: 127.0.0.1, port: %d, database: logtest, username: logtest, password: "${PGWAY_TEST_UPSTREAM_PASSWORD}", sslmode: disable}
  - name: stale
    provider_id: postgres
    owner: alice
    config:
      type: password
      credentials: {host: 127.0.0.1, port: %d, database: logtest, username: logtest, password: %s, sslmode: disable}
`, port, certFile, keyFile, bobVerifier, tokenHash, upstream.Port, upstream.Port, badUpstream))

	var logs syncBuffer
	cmd := exec.Command(pgwayBinary, "serve", "--config", configFile)
	cmd.Env = append(os.Environ(),
		"PGWAY_TEST_ALICE_PASSWORD="+alicePassword,
		"PGWAY_TEST_UPSTREAM_PASSWORD="+upstreamPassword)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitForListener(t, port, &logs)

	dsn := func(user, password, db, sslmode string) string {
		return fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=%s sslmode=%s", port, user, password, db, sslmode)
	}
	attempts := []struct {
		dsn    string
		wantOK bool
	}{
		{dsn("alice", alicePassword, "good", "disable"), true},
		{dsn("bob", bobPassword, "good", "require"), true},
		{dsn("token", token, "good", "require"), true},
		{dsn("alice", triedPassword, "good", "disable"), false},
		{dsn("nobody", triedPassword, "good", "disable"), false},
		{dsn("token", triedPassword, "good", "require"), false},
		{dsn("token", token, "good", "disable"), false},
		{dsn("alice", alicePassword, "stale", "disable"), false},
		{dsn("bob", bobPassword, "stale", "disable"), false},
	}
	for i, a := range attempts {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		conn, err := pgx.Connect(ctx, a.dsn)
		if err == nil {
			_, err = conn.Exec(ctx, "select 1")
			conn.Close(ctx)
		}
		cancel()
		if (err == nil) != a.wantOK {
			t.Errorf("login %d: err = %v, want success %v", i, err, a.wantOK)
		}
	}

	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	out := logs.String()

	secrets := map[string]string{
		"alice's password":          alicePassword,
		"bob's password":            bobPassword,
		"a tried password":          triedPassword,
		"the access token":          token,
		"the upstream password":     upstreamPassword,
		"a stale upstream password": badUpstream,
		"bob's verifier":            bobVerifier[strings.LastIndex(bobVerifier, "$")+1:],
	}
	for name, secret := range secrets {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains %s", name)
		}
	}
	for _, want := range []string{`"msg":"session started"`, `"msg":"session ended"`,
		`"msg":"authentication failed"`, `"msg":"connection denied"`, `"msg":"upstream connect failed"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("log:\n%s", out)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitForListener(t *testing.T, port int, logs *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("pgway did not listen on port %d; log:\n%s", port, logs.String())
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer collects the output of the pgway process.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServeListenFlag serves the demo on the address of --listen, as a
// user does when the default port is taken.
func TestServeListenFlag(t *testing.T) {
	port := freePort(t)
	var logs syncBuffer
	cmd := exec.Command(pgwayBinary, "serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitForListener(t, port, &logs)
	if !strings.Contains(logs.String(), fmt.Sprintf("port=%d", port)) {
		t.Errorf("the logged psql line does not name port %d:\n%s", port, logs.String())
	}

	var out, errOut bytes.Buffer
	bad := exec.Command(pgwayBinary, "serve", "--listen", "nowhere")
	bad.Stdout, bad.Stderr = &out, &errOut
	if err := bad.Run(); err == nil || !strings.Contains(errOut.String(), "listen") {
		t.Errorf("serve --listen nowhere: %v, output %q; want a problem with listen", err, errOut.String())
	}
}
