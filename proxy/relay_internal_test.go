package proxy

import (
	"bufio"
	"bytes"
	"errors"
	"testing"
	"time"

	"pgway/auth"
	"pgway/config"
	"pgway/routing"
)

// newTestRelay returns a relay over a client that sends input, whose
// upstream writes into the returned buffer.
func newTestRelay(t *testing.T, input []byte) (*relayState, *bytes.Buffer) {
	t.Helper()
	s := newFuzzSession(input, config.Limits{MaxMessageBytes: config.MinMaxMessageBytes})
	conn := &config.Connection{Name: "sales", ProviderID: "postgres", Owner: "alice",
		Privacy: config.PrivacyPrivate}
	cfg := &config.Config{Users: []config.User{{Name: "alice", Password: "alice-password"}}}
	dir, err := auth.NewDirectory(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.srv.dir.Store(dir)
	s.srv.registry = routing.NewRegistry([]config.Connection{*conn})
	s.principal, s.connection = &auth.Principal{User: "alice"}, conn

	var upstream bytes.Buffer
	r := &relayState{
		session:  s,
		upstream: &wireConn{w: bufio.NewWriterSize(&upstream, wireBufferSize)},
		stmt:     statementTracker{base: time.Now()},
	}
	return r, &upstream
}

func assertRelayEnded(t *testing.T, r *relayState, upstream *bytes.Buffer, err error, code string) {
	t.Helper()
	r.upstream.flush()
	var pgErr *pgError
	if !errors.As(err, &pgErr) || pgErr.Code != code || pgErr.Severity != "FATAL" {
		t.Errorf("err = %v, want FATAL %s", err, code)
	}
	if upstream.Len() != 0 {
		t.Errorf("the upstream got %d bytes of a rejected statement", upstream.Len())
	}
	if r.stmt.running() {
		t.Error("a rejected statement counts as running")
	}
}

func TestRelayRejectsStatementWhileDraining(t *testing.T) {
	r, upstream := newTestRelay(t, frameBytes('Q', []byte("select 1\x00")))
	r.session.srv.draining.Store(true)
	assertRelayEnded(t, r, upstream, r.pumpClient(), "57P01")
}

func TestRelayChecksAccessAfterReload(t *testing.T) {
	input := append(frameBytes('Q', []byte("select 1\x00")), frameBytes('Q', []byte("select 2\x00"))...)
	r, upstream := newTestRelay(t, input)
	srv := r.session.srv

	// A reload that keeps the session's access lets the statement through.
	srv.generation.Add(1)
	if err := r.session.checkAccess(); err != nil {
		t.Fatalf("access kept by the reload: %v", err)
	}

	// A reload that removes the connection ends the session at its next
	// statement.
	srv.registry.Replace(nil)
	srv.generation.Add(1)
	assertRelayEnded(t, r, upstream, r.pumpClient(), "42501")
}
