package proxy_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"pgway/config"
)

// serveHTTP serves the gateway's HTTP endpoints on a free loopback port
// and returns their base URL.
func (g *gateway) serveHTTP(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: g.srv.HTTPHandler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
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

// scrape returns the metric families of /metrics.
func scrape(t *testing.T, base string) (map[string]*dto.MetricFamily, string) {
	t.Helper()
	status, body := httpGet(t, base+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics: status %d", status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families, body
}

// metricValue returns the value of the series of name whose labels
// include labels, or -1 when there is none.
func metricValue(families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	family, ok := families[name]
	if !ok {
		return -1
	}
	for _, m := range family.Metric {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func hasLabels(m *dto.Metric, labels map[string]string) bool {
	matched := 0
	for _, pair := range m.Label {
		if want, ok := labels[pair.GetName()]; ok && want == pair.GetValue() {
			matched++
		}
	}
	return matched == len(labels)
}

func TestMetricsOfScriptedSession(t *testing.T) {
	g := startGateway(t, testConfig(t))
	base := g.serveHTTP(t)

	// Failed logins: a wrong password, and a user without access.
	g.tryConnect("alice", "wrong-password", "alice_private", "disable")
	g.tryConnect("bob", bobPassword, "alice_private", "disable")

	cfg, err := pgx.ParseConfig(g.dsn("alice", alicePassword, "alice_private", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	// The simple protocol makes each statement one Query message, and so
	// one ReadyForQuery.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "select name from cities /* metrics-secret-text */"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "select 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "select 1/0"); pgCode(err) != "22012" {
		t.Fatalf("division by zero: err = %v, want 22012", err)
	}

	families, body := scrape(t, base)
	session := map[string]string{"connection": "alice_private", "provider": "postgres"}
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"pgway_sessions_open", session, 1},
		{"pgway_sessions_total", session, 1},
		{"pgway_statements_total", map[string]string{"provider": "postgres", "result": "ok"}, 2},
		{"pgway_statements_total", map[string]string{"provider": "postgres", "result": "error"}, 1},
		{"pgway_statement_duration_seconds", map[string]string{"provider": "postgres"}, 3},
		{"pgway_rows_sent_total", map[string]string{"provider": "postgres"}, 4},
		{"pgway_upstream_errors_total", map[string]string{"provider": "postgres", "class": "22"}, 1},
		{"pgway_authentication_failures_total",
			map[string]string{"method": "scram-sha-256", "reason": "invalid_credentials"}, 1},
		{"pgway_authentication_failures_total",
			map[string]string{"method": "scram-sha-256", "reason": "no_access"}, 1},
	}
	for _, c := range checks {
		if got := metricValue(families, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := metricValue(families, "pgway_bytes_sent_total", map[string]string{"provider": "postgres"}); got <= 0 {
		t.Errorf("pgway_bytes_sent_total = %v, want more than 0", got)
	}
	// bob tried to log in. User names are no label values.
	for _, text := range []string{"metrics-secret-text", "cities", "bob"} {
		if strings.Contains(body, text) {
			t.Errorf("/metrics contains %q", text)
		}
	}

	conn.Close(ctx)
	deadline := time.Now().Add(5 * time.Second)
	for {
		families, _ = scrape(t, base)
		if metricValue(families, "pgway_sessions_open", session) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("pgway_sessions_open did not drop to 0 after the session closed")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.DrainTimeout = config.Duration(10 * time.Second)
	g := startGateway(t, cfg)
	base := g.serveHTTP(t)

	if status, _ := httpGet(t, base+"/healthz"); status != http.StatusOK {
		t.Errorf("/healthz: status %d, want 200", status)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		status, _ := httpGet(t, base+"/readyz")
		if status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: status %d, want 200 while serving", status)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A running statement keeps the drain going while /readyz is checked.
	busy := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	running := make(chan error, 1)
	go func() {
		_, err := busy.Exec(context.Background(), "select pg_sleep(1) /* readyz-drain */")
		running <- err
	}()
	waitForActiveQuery(t, "readyz-drain")
	go g.srv.Drain(time.Duration(cfg.Limits.DrainTimeout))
	deadline = time.Now().Add(5 * time.Second)
	for {
		status, _ := httpGet(t, base+"/readyz")
		if status == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: status %d, want 503 while draining", status)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status, _ := httpGet(t, base+"/healthz"); status != http.StatusOK {
		t.Errorf("/healthz while draining: status %d, want 200", status)
	}
	if err := <-running; err != nil {
		t.Errorf("statement running during the drain: %v", err)
	}
}
