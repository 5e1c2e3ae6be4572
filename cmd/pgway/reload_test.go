package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/internal/pgtest"
)

// reloadConfig is a configuration with one connection, shared, whose
// privacy the test changes.
const reloadConfig = `
listen: 127.0.0.1:%d
http: {listen: 127.0.0.1:%d}
log: {level: info, format: json}
limits: {drain_timeout: 10s}
users:
  - {name: alice, password: alice-Secret-1}
  - {name: bob, password: bob-Secret-2}
connections:
  - name: shared
    provider_id: postgres
    owner: alice
    privacy: %s
    config:
      type: password
      credentials: {host: 127.0.0.1, port: %d, database: reloadtest, username: reloadtest, password: reload-Secret-3, sslmode: disable}
`

// TestServeReloadsOnSIGHUP runs the real binary, makes its only connection
// private with SIGHUP, then sends a broken file, and checks sessions at each
// step.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	upstream, err := pgtest.Shared()
	if err != nil {
		t.Fatal(err)
	}
	if err := upstream.CreateRole("reloadtest", "reload-Secret-3"); err != nil {
		t.Fatal(err)
	}
	if err := upstream.CreateDatabase("reloadtest", "reloadtest"); err != nil {
		t.Fatal(err)
	}

	port, httpPort := freePort(t), freePort(t)
	configFile := filepath.Join(t.TempDir(), "pgway.yaml")
	writeFile(t, configFile, fmt.Sprintf(reloadConfig, port, httpPort, "organization", upstream.Port))
	var logs syncBuffer
	cmd := exec.Command(pgwayBinary, "serve", "--config", configFile)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitForListener(t, port, &logs)

	dsn := func(user, password string) string {
		return fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=shared sslmode=disable connect_timeout=5",
			port, user, password)
	}
	connect := func(user, password string) (*pgx.Conn, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return pgx.Connect(ctx, dsn(user, password))
	}
	bob, err := connect("bob", "bob-Secret-2")
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close(context.Background())
	if _, err := bob.Exec(context.Background(), "select 1"); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	if status, _ := httpGet(t, base+"/readyz"); status != http.StatusOK {
		t.Errorf("/readyz: status %d, want 200", status)
	}
	if _, body := httpGet(t, base+"/metrics"); !strings.Contains(body,
		`pgway_sessions_open{connection="shared",provider="postgres"} 1`) {
		t.Errorf("/metrics lacks the open session:\n%s", body)
	}

	// The connection becomes private to alice.
	writeFile(t, configFile, fmt.Sprintf(reloadConfig, port, httpPort, "private", upstream.Port))
	cmd.Process.Signal(syscall.SIGHUP)
	waitForLog(t, &logs, `"msg":"configuration reloaded"`)

	_, err = bob.Exec(context.Background(), "select 1")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42501" || pgErr.Severity != "FATAL" {
		t.Errorf("bob's open session after the reload: err = %v, want FATAL 42501", err)
	}
	if _, err := connect("bob", "bob-Secret-2"); !errors.As(err, &pgErr) || pgErr.Code != "3D000" {
		t.Errorf("bob's new session after the reload: err = %v, want 3D000", err)
	}
	alice, err := connect("alice", "alice-Secret-1")
	if err != nil {
		t.Fatalf("alice's new session after the reload: %v", err)
	}
	defer alice.Close(context.Background())

	// A file with a mistake is logged and changes nothing.
	writeFile(t, configFile, fmt.Sprintf(reloadConfig, port, httpPort, "public", upstream.Port))
	cmd.Process.Signal(syscall.SIGHUP)
	waitForLog(t, &logs, `"msg":"configuration reload failed; keeping the current configuration"`)
	if !strings.Contains(logs.String(), `connections[0].privacy: must be one of private, groups, organization`) {
		t.Error("the log lacks the problem in the file")
	}
	if _, err := alice.Exec(context.Background(), "select 1"); err != nil {
		t.Errorf("alice's session after a failed reload: %v", err)
	}
	if _, err := connect("bob", "bob-Secret-2"); !errors.As(err, &pgErr) || pgErr.Code != "3D000" {
		t.Errorf("bob's new session after a failed reload: err = %v, want 3D000", err)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("pgway did not exit within 15s of SIGTERM")
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("log:\n%s", logs.String())
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitForLog waits until the log contains want.
func waitForLog(t *testing.T, logs *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the log lacks %s after 10s:\n%s", want, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
