package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pgway/auth"
	"pgway/config"
	"pgway/internal/pgtest"
)

// testVersion is the version the test binary is built with.
const testVersion = "v0.0.0-test"

// pgwayBinary is the path of the binary that TestMain builds.
var pgwayBinary string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "pgway-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	pgwayBinary = filepath.Join(dir, "pgway")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+testVersion,
		"-o", pgwayBinary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "build pgway: %v\n", err)
		return 1
	}
	code := m.Run()
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	return code
}

type result struct {
	stdout, stderr string
	code           int
}

// runPgway runs the built binary with args, stdin as its standard input and
// env added to the test's environment.
func runPgway(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(pgwayBinary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("run pgway %v: %v", args, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

const examplePath = "../../config.example.yaml"

var exampleEnv = []string{"PGWAY_EXAMPLE_PG_PASSWORD=example"}

func TestCheckConfigExample(t *testing.T) {
	r := runPgway(t, "", exampleEnv, "check-config", "--config", examplePath)
	if r.code != 0 {
		t.Errorf("exit code = %d, want 0; stdout:\n%s", r.code, r.stdout)
	}
	if want := examplePath + ": ok\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
}

func TestCheckConfigBroken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.yaml")
	text := `
limits:
  max_conections: 10
users:
  - name: alice
    password: secret
connections:
  - name: warehouse
    provider_id: postgres
    owner: alice
    config:
      type: password
      credentials: {port: 5432, database: db, username: u, password: p}
`
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runPgway(t, "", nil, "check-config", "--config", path)
	if r.code != 1 {
		t.Errorf("exit code = %d, want 1", r.code)
	}
	for _, want := range []string{
		"limits.max_conections: unknown key",
		"connections[0].config.credentials.host: missing",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, r.stdout)
		}
	}
	if lines := strings.Count(r.stdout, "\n"); lines != 2 {
		t.Errorf("got %d lines, want one per problem:\n%s", lines, r.stdout)
	}
}

func TestCheckConfigNeedsFile(t *testing.T) {
	r := runPgway(t, "", nil, "check-config")
	if r.code != 2 {
		t.Errorf("exit code = %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, "missing --config FILE") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestServeRejectsBrokenConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte("listen: nowhere\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runPgway(t, "", nil, "serve", "--config", path)
	if r.code != 1 {
		t.Errorf("exit code = %d, want 1", r.code)
	}
	if !strings.Contains(r.stderr, `listen: invalid address "nowhere"`) {
		t.Errorf("stderr does not name the problem:\n%s", r.stderr)
	}
}

func TestHashPassword(t *testing.T) {
	r := runPgway(t, "correct horse\n", nil, "hash-password")
	if r.code != 0 {
		t.Fatalf("exit code = %d; stderr: %s", r.code, r.stderr)
	}
	verifier := strings.TrimSuffix(r.stdout, "\n")
	v, err := auth.ParseVerifier(verifier)
	if err != nil {
		t.Fatalf("output %q does not parse: %v", r.stdout, err)
	}
	if !storedKeyMatches(v, "correct horse") {
		t.Error("the verifier's StoredKey does not belong to the password given on stdin")
	}
	cfg := config.Default()
	cfg.Users = append(cfg.Users, config.User{Name: "alice", SCRAMSHA256: verifier})
	if problems := cfg.Validate(); len(problems) > 0 {
		t.Errorf("check-config rejects the verifier: %v", problems)
	}
}

// storedKeyMatches derives StoredKey from password as RFC 5802 defines it
// and compares it with the one in v.
func storedKeyMatches(v *auth.Verifier, password string) bool {
	salted, err := pbkdf2.Key(sha256.New, password, v.Salt, v.Iterations, sha256.Size)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, salted)
	mac.Write([]byte("Client Key"))
	storedKey := sha256.Sum256(mac.Sum(nil))
	return hmac.Equal(storedKey[:], v.StoredKey)
}

func TestHashPasswordEmpty(t *testing.T) {
	r := runPgway(t, "\n", nil, "hash-password")
	if r.code != 1 {
		t.Errorf("exit code = %d, want 1", r.code)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
}

func TestTokenCreate(t *testing.T) {
	r := runPgway(t, "", nil, "token", "create", "--name", "reports")
	if r.code != 0 {
		t.Fatalf("exit code = %d; stderr: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	var hash string
	for _, line := range lines {
		if h, ok := strings.CutPrefix(line, "  sha256: "); ok {
			hash = h
		}
	}
	sum := sha256.Sum256([]byte(token))
	if hash != hex.EncodeToString(sum[:]) {
		t.Errorf("printed sha256 %q is not the SHA-256 of the printed token", hash)
	}
	if !strings.Contains(r.stdout, "- name: reports\n") {
		t.Errorf("stdout has no YAML entry for the token:\n%s", r.stdout)
	}
}

func TestTokenCreateNeedsName(t *testing.T) {
	r := runPgway(t, "", nil, "token", "create")
	if r.code != 2 {
		t.Errorf("exit code = %d, want 2", r.code)
	}
}

func TestVersion(t *testing.T) {
	r := runPgway(t, "", nil, "version")
	if r.code != 0 {
		t.Errorf("exit code = %d, want 0", r.code)
	}
	if want := "pgway " + testVersion + "\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
}

func TestVersionWithoutLdflags(t *testing.T) {
	if got := versionString(); got == "" {
		t.Error("versionString() is empty")
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{{}, {"launch"}, {"token"}, {"version", "extra"}, {"serve", "--bogus"}}
	for _, args := range cases {
		r := runPgway(t, "", nil, args...)
		if r.code != 2 {
			t.Errorf("pgway %v: exit code = %d, want 2", args, r.code)
		}
		if r.stderr == "" {
			t.Errorf("pgway %v: no usage on stderr", args)
		}
	}
}

func TestHelpRequests(t *testing.T) {
	cases := [][]string{{"help"}, {"--help"}, {"serve", "--help"}, {"check-config", "-h"}}
	for _, args := range cases {
		r := runPgway(t, "", nil, args...)
		if r.code != 0 {
			t.Errorf("pgway %v: exit code = %d, want 0", args, r.code)
		}
		if !strings.Contains(r.stdout, "Usage: pgway") {
			t.Errorf("pgway %v: stdout = %q, want the usage", args, r.stdout)
		}
	}
}

func TestExampleUsersLoadIntoAuth(t *testing.T) {
	t.Setenv("PGWAY_EXAMPLE_PG_PASSWORD", "example")
	cfg, err := config.Load(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.NewDirectory(cfg); err != nil {
		t.Errorf("auth rejects the example's users or tokens: %v", err)
	}
}
