package bigquery

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/option"

	"pgway/providers"
)

// checkUnreachable checks that err is a connection failure, 08006, that
// names neither the endpoint's address nor the access token.
func checkUnreachable(t *testing.T, err error, elapsed time.Duration, address string) {
	t.Helper()
	if err == nil {
		t.Fatal("Describe succeeded with the endpoint unreachable")
	}
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Code != "08006" {
		t.Errorf("Describe: %v, want SQLSTATE 08006", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("Describe failed after %v, want within 5s", elapsed)
	}
	if pe != nil && (strings.Contains(pe.Message, address) || strings.Contains(pe.Message, testToken)) {
		t.Errorf("message names the endpoint or the token: %s", pe.Message)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error shows the token: %v", err)
	}
}

// TestDescribeRefusedEndpoint describes a project whose endpoint is a
// loopback port that refuses connections. The client library retries a
// refused connection until its context ends, so Describe must stop first.
func TestDescribeRefusedEndpoint(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := l.Addr().String()
	l.Close()
	s := openTestSession(t, "http://"+address)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	_, err = s.Describe(ctx)
	checkUnreachable(t, err, time.Since(start), address)
}

// TestDescribeSilentEndpoint describes a project whose endpoint accepts
// connections and never responds.
func TestDescribeSilentEndpoint(t *testing.T) {
	defer func(timeout time.Duration) { probeTimeout = timeout }(probeTimeout)
	probeTimeout = 500 * time.Millisecond
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	s := openTestSession(t, "http://"+l.Addr().String())
	start := time.Now()
	_, err = s.Describe(context.Background())
	checkUnreachable(t, err, time.Since(start), l.Addr().String())
}

// TestDescribeRetriesTransientError describes the emulator's project
// through a proxy that fails the first two datasets.list requests with
// 503 backendError, which Describe retries.
func TestDescribeRetriesTransientError(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	target, err := url.Parse(e.url)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var failures atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/datasets") && failures.Add(1) <= 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error": {"code": 503, "message": "Backend error",
				"errors": [{"reason": "backendError", "message": "Backend error"}]}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	s := openTestSession(t, server.URL)
	snap, err := s.Describe(context.Background())
	if err != nil {
		t.Fatalf("Describe after two transient errors: %v", err)
	}
	if len(snap.Schemas) == 0 || snap.Schemas[0].Name != "public" {
		t.Errorf("schemas %+v, want the default dataset as public first", snap.Schemas)
	}
	if n := failures.Load(); n < 3 {
		t.Errorf("%d datasets.list requests, want the two that failed and a retry", n)
	}
}

// TestDescribePrimaryKey describes a table that declares a primary key,
// which BigQuery keeps without enforcing it.
func TestDescribePrimaryKey(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	ctx := context.Background()
	client, err := bigquery.NewClient(ctx, emulatorProject,
		option.WithHTTPClient(&http.Client{}), option.WithEndpoint(e.url))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	meta := &bigquery.TableMetadata{
		Schema: bigquery.Schema{
			{Name: "region", Type: bigquery.StringFieldType, Required: true},
			{Name: "code", Type: bigquery.IntegerFieldType, Required: true},
			{Name: "name", Type: bigquery.StringFieldType},
		},
		TableConstraints: &bigquery.TableConstraints{
			PrimaryKey: &bigquery.PrimaryKey{Columns: []string{"region", "code"}},
		},
	}
	if err := client.Dataset("shop").Table("keyed").Create(ctx, meta); err != nil {
		t.Fatal(err)
	}

	snap, err := openTestSession(t, e.url).Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, table := range snap.Schemas[0].Tables {
		switch table.Name {
		case "keyed":
			found = true
			if !slices.Equal(table.PrimaryKey, []string{"region", "code"}) {
				t.Errorf("keyed has primary key %q, want region, code", table.PrimaryKey)
			}
		default:
			if len(table.PrimaryKey) != 0 {
				t.Errorf("%s has primary key %q, want none", table.Name, table.PrimaryKey)
			}
		}
	}
	if !found {
		t.Fatalf("no table keyed in %+v", snap.Schemas[0])
	}
}
