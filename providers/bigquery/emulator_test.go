package bigquery

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// emulatorProject is the project of the emulator's test data.
const emulatorProject = "pgway-test"

// emulatorBinary returns the path of bigquery-emulator, from PATH or
// GOPATH/bin. A missing binary skips the test, unless
// PGWAY_REQUIRE_EMULATORS=1, which CI sets, makes it a failure.
func emulatorBinary(t testing.TB) string {
	t.Helper()
	if path, err := exec.LookPath("bigquery-emulator"); err == nil {
		return path
	}
	gopath, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		path := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "bigquery-emulator")
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	const message = "bigquery-emulator is not installed: run .ci/bigquery-emulator.sh"
	if os.Getenv("PGWAY_REQUIRE_EMULATORS") == "1" {
		t.Fatal(message + " (PGWAY_REQUIRE_EMULATORS=1)")
	}
	t.Skip(message)
	return ""
}

// emulator is a bigquery-emulator process serving the test project on
// loopback.
type emulator struct {
	// url is the REST endpoint, http://127.0.0.1:port.
	url string
}

// startEmulator starts bigquery-emulator with the data file dataFile
// (under testdata) and stops it when the test ends.
func startEmulator(t testing.TB, dataFile string) *emulator {
	t.Helper()
	bin := emulatorBinary(t)
	httpPort, grpcPort := freePort(t), freePort(t)
	var output bytes.Buffer
	cmd := exec.Command(bin, "--host=127.0.0.1", "--port="+strconv.Itoa(httpPort),
		"--grpc-port="+strconv.Itoa(grpcPort), "--project="+emulatorProject,
		"--data-from-yaml="+filepath.Join("testdata", dataFile), "--log-level=error")
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatalf("start bigquery-emulator: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	e := &emulator{url: "http://127.0.0.1:" + strconv.Itoa(httpPort)}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(e.url + "/bigquery/v2/projects/" + emulatorProject + "/datasets")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return e
			}
		}
		select {
		case <-exited:
			t.Fatalf("bigquery-emulator exited: %s", output.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("bigquery-emulator did not answer within 60s: %v\n%s", err, output.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// request is one request that a recorder passed on.
type request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   string
}

// recorder is a reverse proxy on loopback that records the requests it
// passes to a target, and can hold some of them back.
type recorder struct {
	server *httptest.Server
	mu     sync.Mutex
	log    []request
	// hold, when set, is called before a request is passed on and may
	// block it.
	hold func(r *http.Request)
}

func newRecorder(t testing.TB, target string) *recorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	rec.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		rec.log = append(rec.log, request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
			Header: r.Header.Clone(), Body: string(body)})
		hold := rec.hold
		rec.mu.Unlock()
		if hold != nil {
			hold(r)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(rec.server.Close)
	return rec
}

func (rec *recorder) url() string { return rec.server.URL }

// requests returns the recorded requests whose path contains fragment.
func (rec *recorder) requests(fragment string) []request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []request
	for _, r := range rec.log {
		if strings.Contains(r.Path, fragment) {
			out = append(out, r)
		}
	}
	return out
}

func (rec *recorder) setHold(hold func(r *http.Request)) {
	rec.mu.Lock()
	rec.hold = hold
	rec.mu.Unlock()
}

// waitFor polls cond until it holds or 10 seconds pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
