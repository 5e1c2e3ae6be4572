package enginetest

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// boundedQuery runs on the demo warehouse for a short while and returns
// one row.
const boundedQuery = "select count(*) from (select name from cities limit 3000) a, " +
	"(select name from cities limit 3000) b where md5(a.name || b.name) < '004'"

func TestEngineReloadRevokesAccess(t *testing.T) {
	cfg := config.Default()
	cfg.Users = append(cfg.Users, config.User{Name: "bob", Password: "bob-password"})
	g := serve(t, cfg)
	bob := g.connect(t, "bob", "bob-password", config.DemoConnection, "disable")
	demo := g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	ctx := context.Background()
	if _, err := bob.Exec(ctx, "select 1"); err != nil {
		t.Fatalf("statement before the reload: %v", err)
	}

	next := *cfg
	next.Connections = slices.Clone(cfg.Connections)
	for i := range next.Connections {
		if next.Connections[i].Name == config.DemoConnection {
			next.Connections[i].Privacy = config.PrivacyPrivate
		}
	}
	if err := g.srv.Reload(&next); err != nil {
		t.Fatal(err)
	}

	_, err := bob.Exec(ctx, "select 1")
	pgErr := assertCode(t, err, "42501")
	if pgErr.Severity != "FATAL" {
		t.Errorf("severity = %s, want FATAL", pgErr.Severity)
	}
	if !bob.IsClosed() {
		t.Error("session is still open after its access was revoked")
	}
	if _, err := demo.Exec(ctx, "select 1"); err != nil {
		t.Errorf("owner's session after the reload: %v", err)
	}
}

func TestEngineDrainLetsStatementFinish(t *testing.T) {
	g := startDemo(t)
	pg := frontend(t, g)
	fe := pg.Frontend()
	fe.Send(&pgproto3.Query{String: boundedQuery})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	go g.srv.Drain(30 * time.Second)

	var got []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatalf("connection ended after %v without 57P01: %v", got, err)
		}
		if errMsg, ok := msg.(*pgproto3.ErrorResponse); ok {
			if errMsg.Code != "57P01" || errMsg.Severity != "FATAL" {
				t.Errorf("error = %s %s %s, want FATAL 57P01", errMsg.Severity, errMsg.Code, errMsg.Message)
			}
			break
		}
		got = append(got, typeName(msg))
	}
	want := []string{"RowDescription", "DataRow", "CommandComplete", "ReadyForQuery"}
	if !slices.Equal(got, want) {
		t.Errorf("messages before 57P01 = %v, want %v", got, want)
	}
}

func TestEngineDrainTimeoutEndsStatement(t *testing.T) {
	g := startDemo(t)
	pg := frontend(t, g)
	fe := pg.Frontend()
	fe.Send(&pgproto3.Query{String: slowQuery})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	drained := make(chan struct{})
	go func() { g.srv.Drain(500 * time.Millisecond); close(drained) }()
	receiveShutdownError(t, pg)
	if elapsed := time.Since(start); elapsed < 400*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("statement ended %v after the drain began, want about 500ms", elapsed)
	}
	select {
	case <-drained:
	case <-time.After(10 * time.Second):
		t.Fatal("Drain did not return")
	}
}

func TestEngineMetricsAndAudit(t *testing.T) {
	cfg := config.Default()
	cfg.Audit.Path = filepath.Join(t.TempDir(), "audit.jsonl")
	g := serve(t, cfg)
	conn := g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	ctx := context.Background()
	var n int64
	if err := conn.QueryRow(ctx, "select count(*) from cities where name = 'secret-literal'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "select count(*) from cities where name = $1", "secret-parameter").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "select * from no_such_table"); err == nil {
		t.Fatal("query of a missing table succeeded")
	}

	recorder := httptest.NewRecorder()
	g.srv.HTTPHandler().ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := recorder.Body.String()
	for _, series := range []string{
		`pgway_statements_total{provider="carto_dw",result="ok"}`,
		`pgway_statements_total{provider="carto_dw",result="error"}`,
		`pgway_statement_duration_seconds_count{provider="carto_dw"}`,
		`pgway_rows_sent_total{provider="carto_dw"}`,
	} {
		if !strings.Contains(body, series) {
			t.Errorf("/metrics has no series %s", series)
		}
	}

	conn.Close(ctx)
	g.srv.Shutdown()
	text, err := os.ReadFile(cfg.Audit.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"secret-literal", "secret-parameter", "cities"} {
		if strings.Contains(string(text), secret) {
			t.Errorf("audit log contains %q", secret)
		}
	}
	var records []map[string]any
	scanner := bufio.NewScanner(strings.NewReader(string(text)))
	for scanner.Scan() {
		var r map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			t.Fatalf("audit line is not JSON: %v", err)
		}
		if r["type"] == "statement" {
			records = append(records, r)
		}
	}
	// pgx prepares each query in one batch up to Sync and runs it in
	// another, and each batch is a statement.
	if len(records) != 5 {
		t.Fatalf("audit has %d statement records, want 5: %s", len(records), text)
	}
	for i, r := range records {
		if r["provider"] != "carto_dw" || r["connection"] != config.DemoConnection || r["user"] != config.DemoUser {
			t.Errorf("record %d = %v, want the demo user on carto_dw", i, r)
		}
		if fp, _ := r["fingerprint"].(string); fp == "" {
			t.Errorf("record %d has no fingerprint", i)
		}
	}
	if records[1]["sqlstate"] != "00000" || records[1]["rows"] != float64(1) {
		t.Errorf("record of the first query's execution = %v, want sqlstate 00000 and 1 row", records[1])
	}
	if records[4]["sqlstate"] != "42P01" {
		t.Errorf("record of the failed query = %v, want sqlstate 42P01", records[4])
	}
	// The fingerprint leaves out constants and parameters.
	if records[1]["fingerprint"] != records[3]["fingerprint"] {
		t.Error("a query with a literal and with a parameter have different fingerprints")
	}
	if records[1]["fingerprint"] == records[4]["fingerprint"] {
		t.Error("different statements have the same fingerprint")
	}
}
