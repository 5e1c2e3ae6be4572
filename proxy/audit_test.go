package proxy_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// auditRecord has the fields of both kinds of audit record.
type auditRecord struct {
	Time        time.Time `json:"time"`
	Type        string    `json:"type"`
	SessionID   uint32    `json:"session_id"`
	User        string    `json:"user"`
	Token       string    `json:"token"`
	Connection  string    `json:"connection"`
	Provider    string    `json:"provider"`
	Fingerprint string    `json:"fingerprint"`
	DurationMS  float64   `json:"duration_ms"`
	Rows        int64     `json:"rows"`
	SQLState    string    `json:"sqlstate"`
	Client      string    `json:"client"`
	Database    string    `json:"database"`
	Method      string    `json:"method"`
	Reason      string    `json:"reason"`
}

func readAudit(t *testing.T, path string) []auditRecord {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var records []auditRecord
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		var r auditRecord
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			t.Fatalf("audit line is not JSON: %v: %s", err, scanner.Text())
		}
		records = append(records, r)
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return records
}

func TestAuditLog(t *testing.T) {
	cfg := testConfig(t)
	auditPath := filepath.Join(t.TempDir(), "audit.jsonl")
	cfg.Audit.Path = auditPath
	g := startGateway(t, cfg)
	ctx := context.Background()

	// Rejected attempts: a wrong password, and a user without access.
	g.tryConnect("alice", "wrong-Secret-0001", "alice_private", "disable")
	g.tryConnect("bob", bobPassword, "alice_private", "disable")

	simple, err := pgx.ParseConfig(g.dsn("alice", alicePassword, "alice_private", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	simple.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(ctx, simple)
	if err != nil {
		t.Fatal(err)
	}
	statements := []string{
		"select name from cities where name <> 'Literal-Secret-Lisbon'",
		"select name from cities where name <> 'Literal-Secret-Porto'",
		"select 1/0",
	}
	for _, sql := range statements {
		conn.Exec(ctx, sql)
	}
	conn.Close(ctx)

	// The extended protocol, with a prepared statement that pgx caches and
	// runs again with Bind alone.
	extended := g.connect(t, "token", tokens["alice_granted"], "alice_private", "require")
	for _, param := range []string{"Param-Secret-1", "Param-Secret-2"} {
		var got string
		if err := extended.QueryRow(ctx, "select $1::text /* extended */", param).Scan(&got); err != nil {
			t.Fatal(err)
		}
	}
	extended.Close(ctx)
	g.srv.Shutdown()

	data, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Literal-Secret", "Param-Secret", "cities", "select", "extended",
		alicePassword, bobPassword, "wrong-Secret", tokens["alice_granted"]} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the audit log contains %q", secret)
		}
	}

	var denied, simpleRecords, tokenRecords []auditRecord
	for _, r := range readAudit(t, auditPath) {
		switch {
		case r.Type == "denied":
			denied = append(denied, r)
		case r.Type == "statement" && r.Token == "":
			simpleRecords = append(simpleRecords, r)
		case r.Type == "statement":
			tokenRecords = append(tokenRecords, r)
		default:
			t.Errorf("record of type %q", r.Type)
		}
	}

	if len(denied) != 2 {
		t.Fatalf("%d denied records, want 2: %+v", len(denied), denied)
	}
	wantDenied := []struct{ user, reason, sqlstate string }{
		{"alice", "invalid_credentials", "28P01"},
		{"bob", "no_access", "3D000"},
	}
	for i, want := range wantDenied {
		r := denied[i]
		if r.User != want.user || r.Reason != want.reason || r.SQLState != want.sqlstate {
			t.Errorf("denied record %d = %+v, want user %s, reason %s, sqlstate %s",
				i, r, want.user, want.reason, want.sqlstate)
		}
		if r.Database != "alice_private" || r.Method != "scram-sha-256" || r.Client != "127.0.0.1" {
			t.Errorf("denied record %d = %+v", i, r)
		}
	}

	if len(simpleRecords) != len(statements) {
		t.Fatalf("%d statement records of the password session, want %d: %+v",
			len(simpleRecords), len(statements), simpleRecords)
	}
	for i, r := range simpleRecords {
		if r.User != "alice" || r.Connection != "alice_private" || r.Provider != "postgres" {
			t.Errorf("statement record %d = %+v", i, r)
		}
		if r.SessionID == 0 || r.Time.IsZero() || r.DurationMS <= 0 {
			t.Errorf("statement record %d lacks session id, time or duration: %+v", i, r)
		}
		if len(r.Fingerprint) != 16 {
			t.Errorf("statement record %d: fingerprint %q, want 16 hexadecimal digits", i, r.Fingerprint)
		}
	}
	if a, b := simpleRecords[0], simpleRecords[1]; a.Fingerprint != b.Fingerprint {
		t.Errorf("statements that differ only in a constant have fingerprints %s and %s", a.Fingerprint, b.Fingerprint)
	}
	if simpleRecords[0].Rows != 3 || simpleRecords[0].SQLState != "00000" {
		t.Errorf("first statement: rows %d, sqlstate %s, want 3 and 00000", simpleRecords[0].Rows, simpleRecords[0].SQLState)
	}
	if last := simpleRecords[2]; last.SQLState != "22012" || last.Fingerprint == simpleRecords[0].Fingerprint {
		t.Errorf("division by zero: %+v, want sqlstate 22012 and its own fingerprint", last)
	}

	// pgx prepares the statement (Parse, Describe, Sync), then runs it
	// twice with Bind and Execute: every record names the same statement.
	if len(tokenRecords) < 3 {
		t.Fatalf("%d statement records of the token session, want at least 3: %+v", len(tokenRecords), tokenRecords)
	}
	for i, r := range tokenRecords {
		if r.User != "alice" || r.Token != "alice_granted" {
			t.Errorf("token statement record %d: user %q, token %q", i, r.User, r.Token)
		}
		if r.Fingerprint == "" || r.Fingerprint != tokenRecords[0].Fingerprint {
			t.Errorf("token statement record %d: fingerprint %q, want %q", i, r.Fingerprint, tokenRecords[0].Fingerprint)
		}
	}
}
