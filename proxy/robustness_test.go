package proxy_test

import (
	"crypto/tls"
	"fmt"
	"net"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// Tests of hostile or unusual clients: each case once broke pgway.

// dialRawTLS opens a raw client that negotiates TLS with an SSLRequest.
func dialRawTLS(t *testing.T, g *gateway) *rawClient {
	t.Helper()
	c := dialRaw(t, g)
	c.write(t, startupPacket(80877103))
	if b := c.readByte(t); b != 'S' {
		t.Fatalf("SSLRequest answer = %q, want S", b)
	}
	tlsConn := tls.Client(c.conn, &tls.Config{InsecureSkipVerify: true})
	if err := tlsConn.Handshake(); err != nil {
		t.Fatal(err)
	}
	return &rawClient{conn: tlsConn, frontend: pgproto3.NewFrontend(tlsConn, tlsConn)}
}

func TestShutdownWithSilentClient(t *testing.T) {
	g := startGateway(t, testConfig(t))
	// A client that connects and sends nothing must not keep Shutdown
	// waiting for limits.startup_timeout (10s here, forever with 0).
	c := dialRaw(t, g)
	time.Sleep(100 * time.Millisecond)

	done := make(chan struct{})
	go func() {
		g.srv.Shutdown()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Error("Shutdown blocks while a client has sent nothing")
	}
	c.conn.Close()
	<-done
}

func TestShutdownWithNonReadingClient(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	g := startGateway(t, cfg)
	c := trustLogin(t, g, "alice", "alice_private")

	// The result is far larger than the socket buffers, and the client never
	// reads it, so the relay blocks writing to the client.
	c.write(t, goodFrame('Q', []byte("select repeat('x', 1000) from generate_series(1, 1000000) /* non-reading */\x00")))
	waitForActiveQuery(t, "non-reading")
	time.Sleep(500 * time.Millisecond)

	done := make(chan struct{})
	go func() {
		g.srv.Shutdown()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("Shutdown blocks while a client does not read its results")
	}
	c.conn.Close()
	<-done
}

func TestMaxConnectionsBoundsStartup(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.MaxConnections = 2
	cfg.Limits.StartupTimeout = 0
	g := startGateway(t, cfg)

	before := runtime.NumGoroutine()
	const clients = 40
	conns := make([]net.Conn, 0, clients)
	for range clients {
		c, err := net.Dial("tcp", net.JoinHostPort(g.Host, strconv.Itoa(g.Port)))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	time.Sleep(300 * time.Millisecond)
	serverGoroutines := runtime.NumGoroutine() - before

	closed := 0
	for _, c := range conns {
		if waitClosed(c, 20*time.Millisecond) {
			closed++
		}
	}
	// With startup_timeout 0 none of these idle connections ever ends, so
	// max_connections, documented as the client connections open at once,
	// is the only bound. The factor 4 leaves room for a looser bound than
	// the slot count.
	if open := clients - closed; open > 4*cfg.Limits.MaxConnections {
		t.Errorf("%d of %d silent connections held open with max_connections %d (%d server goroutines)",
			open, clients, cfg.Limits.MaxConnections, serverGoroutines)
	}
}

func TestBadLengthDuringSCRAM(t *testing.T) {
	g := startGateway(t, testConfig(t))
	for _, length := range []int32{0, 3, -1} {
		t.Run(strconv.Itoa(int(length)), func(t *testing.T) {
			c := dialRaw(t, g)
			c.write(t, startupPacket(3<<16, "user", "alice", "database", "alice_private"))
			if _, ok := c.receive(t).(*pgproto3.AuthenticationSASL); !ok {
				t.Fatal("no AuthenticationSASL")
			}
			c.write(t, frame('p', length, nil))
			e := c.receiveError(t)
			if e == nil {
				t.Fatal("connection closed without an ErrorResponse")
			}
			if e.Code != "08P01" {
				t.Errorf("code = %s, want 08P01", e.Code)
			}
		})
	}
	assertWorks(t, g)
}

func TestBadLengthDuringTokenLogin(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRawTLS(t, g)
	c.write(t, startupPacket(3<<16, "user", "token", "database", "alice_private"))
	if _, ok := c.receive(t).(*pgproto3.AuthenticationCleartextPassword); !ok {
		t.Fatal("no AuthenticationCleartextPassword")
	}
	c.write(t, frame('p', 1, nil))
	e := c.receiveError(t)
	if e == nil {
		t.Fatal("connection closed without an ErrorResponse")
	}
	if e.Code != "08P01" {
		t.Errorf("code = %s, want 08P01", e.Code)
	}
	assertWorks(t, g)
}

func TestDirectTLSWithoutALPN(t *testing.T) {
	g := startGateway(t, testConfig(t))
	raw, err := net.Dial("tcp", net.JoinHostPort(g.Host, strconv.Itoa(g.Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	// A direct TLS connection that does not negotiate the "postgresql" ALPN
	// protocol could be another protocol's client that a cross-protocol
	// attack redirected here, so it is expected to be rejected.
	// NOTE: that PostgreSQL 17 rejects such connections is recalled from its
	// source (backend_startup.c), not checked against a PostgreSQL 17 here.
	conn := tls.Client(raw, &tls.Config{InsecureSkipVerify: true})
	if err := conn.Handshake(); err != nil {
		return
	}
	c := &rawClient{conn: conn, frontend: pgproto3.NewFrontend(conn, conn)}
	c.write(t, startupPacket(3<<16, "user", "alice", "database", "alice_private"))
	msg, err := c.frontend.Receive()
	if _, ok := msg.(*pgproto3.AuthenticationSASL); err == nil && ok {
		t.Error("direct TLS without ALPN accepted: authentication started")
	}
}

func TestSecondSSLRequestRejected(t *testing.T) {
	cfg := testConfig(t)
	cfg.TLS.Mode = config.TLSDisable
	g := startGateway(t, cfg)
	c := dialRaw(t, g)
	c.write(t, startupPacket(80877103))
	if b := c.readByte(t); b != 'N' {
		t.Fatalf("first SSLRequest answer = %q, want N", b)
	}
	// A repeated SSLRequest is expected to get a protocol error, so a
	// client cannot keep a startup going with an endless series of them.
	c.write(t, startupPacket(80877103))
	c.conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if b := c.readByte(t); b == 'N' {
		t.Error("second SSLRequest answered N again, want an 08P01 error")
	}
}

// TestUpstreamErrorsHideUpstreamNames covers upstream refusals whose
// SQLSTATE is neither class 28 nor 3D000: pgway passes their message through,
// and PostgreSQL puts the upstream role or database name in it.
func TestUpstreamErrorsHideUpstreamNames(t *testing.T) {
	const (
		limitedRole = "breaker_limited_role"
		closedDB    = "breaker_closed_db"
	)
	setup := []string{
		fmt.Sprintf("create role %s login password '%s' connection limit 0", limitedRole, upstreamPassword),
		fmt.Sprintf("create database %s", closedDB),
		fmt.Sprintf("revoke connect on database %s from public", closedDB),
	}
	for _, sql := range setup {
		if err := upstream.Exec("postgres", sql); err != nil && !strings.Contains(err.Error(), "already exists") {
			t.Fatal(err)
		}
	}

	cases := []struct {
		name, secret string
		credentials  map[string]string
	}{
		{"role connection limit", limitedRole, map[string]string{"username": limitedRole}},
		{"no CONNECT privilege", closedDB, map[string]string{"database": closedDB}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			for k, v := range tc.credentials {
				cfg.Connections[0].Config.Credentials[k] = v
			}
			g := startGateway(t, cfg)
			_, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
			if err == nil {
				t.Fatal("connect succeeded")
			}
			if strings.Contains(err.Error(), tc.secret) {
				t.Errorf("client error names the upstream %s: %v", tc.secret, err)
			}
			if strings.Contains(err.Error(), upstreamUser) {
				t.Errorf("client error names the upstream user: %v", err)
			}
		})
	}
}

func TestIdleTimeoutSparesStreamingCopy(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	cfg.Limits.IdleSessionTimeout = config.Duration(300 * time.Millisecond)
	g := startGateway(t, cfg)
	c := trustLogin(t, g, "alice", "alice_private")

	c.write(t, goodFrame('Q', []byte("create temp table sink (v text); copy sink from stdin\x00")))
	for {
		msg := c.receive(t)
		if _, ok := msg.(*pgproto3.CopyInResponse); ok {
			break
		}
		if e, ok := msg.(*pgproto3.ErrorResponse); ok {
			t.Fatalf("COPY: %s", e.Message)
		}
	}
	// The client streams rows for longer than the idle-session timeout. The
	// session is busy in a statement the whole time, but the deadline armed
	// by the last ReadyForQuery is still set and fires in the middle of a
	// CopyData frame.
	row := goodFrame('d', []byte(strings.Repeat("r", 100)+"\n"))
	start := time.Now()
	for time.Since(start) < time.Second {
		if _, err := c.conn.Write(row[:50]); err != nil {
			t.Fatalf("COPY data write after %v: %v", time.Since(start), err)
		}
		time.Sleep(5 * time.Millisecond)
		if _, err := c.conn.Write(row[50:]); err != nil {
			t.Fatalf("COPY data write after %v: %v", time.Since(start), err)
		}
	}

	c.write(t, goodFrame('c', nil))
	for {
		msg, err := c.frontend.Receive()
		if err != nil {
			t.Fatalf("COPY of 1s with idle_session_timeout 300ms: session ended: %v", err)
		}
		switch m := msg.(type) {
		case *pgproto3.ErrorResponse:
			t.Fatalf("COPY: %s %s", m.Code, m.Message)
		case *pgproto3.ReadyForQuery:
			return
		}
	}
}

func TestIdleTimeoutSparesExecuteWithoutSync(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	cfg.Limits.IdleSessionTimeout = config.Duration(300 * time.Millisecond)
	g := startGateway(t, cfg)
	c := trustLogin(t, g, "alice", "alice_private")
	// Parse, Bind, Execute and Flush without Sync: the statement runs, but
	// pgway counts no pending ReadyForQuery and treats the session as idle.
	var batch []byte
	batch = append(batch, goodFrame('P', []byte("\x00select pg_sleep(0.8)\x00\x00\x00"))...)
	batch = append(batch, goodFrame('B', []byte("\x00\x00\x00\x00\x00\x00\x00\x00"))...)
	batch = append(batch, goodFrame('E', []byte("\x00\x00\x00\x00\x00"))...)
	batch = append(batch, goodFrame('H', nil)...)
	c.write(t, batch)
	for {
		msg, err := c.frontend.Receive()
		if err != nil {
			t.Fatalf("session ended while its statement ran: %v", err)
		}
		switch m := msg.(type) {
		case *pgproto3.ErrorResponse:
			t.Fatalf("statement that runs 800ms with idle_session_timeout 300ms: %s %s", m.Code, m.Message)
		case *pgproto3.CommandComplete:
			return
		}
	}
}
