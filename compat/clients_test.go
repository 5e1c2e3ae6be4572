package compat

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clientTimeout bounds one run of a client program. ogr2ogr's export
// from the BigQuery emulator takes about 90 s on an idle machine of two
// cores, and longer while the other packages' tests run.
const clientTimeout = 5 * time.Minute

// requireClient skips the test when err is not nil, because a client is
// missing, or fails it under PGWAY_REQUIRE_CLIENTS=1, which CI sets so
// that a missing client cannot pass unnoticed.
func requireClient(t *testing.T, client string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("PGWAY_REQUIRE_CLIENTS") == "1" {
		t.Fatalf("%s is missing and PGWAY_REQUIRE_CLIENTS=1: %v", client, err)
	}
	t.Skipf("%s is missing: %v (PGWAY_REQUIRE_CLIENTS=1 makes this a failure)", client, err)
}

// requireProgram returns the path of program on PATH, or skips or fails
// the test as requireClient does.
func requireProgram(t *testing.T, client, program string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	requireClient(t, client, err)
	return path
}

// requireFile checks that a file a client needs exists.
func requireFile(t *testing.T, client, path string) {
	t.Helper()
	_, err := os.Stat(path)
	requireClient(t, client, err)
}

// runClient runs a client program connected to e and returns its
// standard output. A failed run fails the test with the program's
// standard error.
func runClient(t *testing.T, e endpoint, extraEnv []string, program string, args ...string) string {
	t.Helper()
	stdout, _ := runClientStderr(t, e, extraEnv, program, args...)
	return stdout
}

// runClientStderr is runClient for programs such as ogrinfo that report
// some errors only on standard error, which it returns too.
func runClientStderr(t *testing.T, e endpoint, extraEnv []string, program string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.Env = clientEnv(e, extraEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s against %s: %v\nstderr:\n%s\nstdout:\n%s", filepath.Base(program), e, err,
			strings.TrimSpace(stderr.String()), tail(stdout.String(), 20))
	}
	return stdout.String(), stderr.String()
}

// tail returns the last n lines of text.
func tail(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
