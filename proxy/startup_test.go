package proxy_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// rawClient is a hand-driven client connection for protocol-level tests.
type rawClient struct {
	conn     net.Conn
	frontend *pgproto3.Frontend
}

func dialRaw(t *testing.T, g *gateway) *rawClient {
	t.Helper()
	c, err := net.Dial("tcp", net.JoinHostPort(g.Host, strconv.Itoa(g.Port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawClient{conn: c, frontend: pgproto3.NewFrontend(c, c)}
}

// startupPacket encodes a startup packet with any version number, which
// pgproto3's encoder does not allow.
func startupPacket(version uint32, params ...string) []byte {
	body := binary.BigEndian.AppendUint32(nil, version)
	for _, p := range params {
		body = append(append(body, p...), 0)
	}
	body = append(body, 0)
	return append(binary.BigEndian.AppendUint32(nil, uint32(4+len(body))), body...)
}

func (c *rawClient) write(t *testing.T, b []byte) {
	t.Helper()
	if _, err := c.conn.Write(b); err != nil {
		t.Fatal(err)
	}
}

func (c *rawClient) receive(t *testing.T) pgproto3.BackendMessage {
	t.Helper()
	msg, err := c.frontend.Receive()
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return msg
}

func (c *rawClient) readByte(t *testing.T) byte {
	t.Helper()
	var b [1]byte
	if _, err := io.ReadFull(c.conn, b[:]); err != nil {
		t.Fatal(err)
	}
	return b[0]
}

func TestNegotiateProtocolVersion(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRaw(t, g)
	c.write(t, startupPacket(3<<16|7, "user", "alice", "database", "alice_private", "_pq_.future_option", "on"))

	npv, ok := c.receive(t).(*pgproto3.NegotiateProtocolVersion)
	if !ok {
		t.Fatal("first message is not NegotiateProtocolVersion")
	}
	if npv.NewestMinorProtocol != 2 {
		t.Errorf("newest minor = %d, want 2", npv.NewestMinorProtocol)
	}
	if len(npv.UnrecognizedOptions) != 1 || npv.UnrecognizedOptions[0] != "_pq_.future_option" {
		t.Errorf("unrecognized options = %v", npv.UnrecognizedOptions)
	}
	if _, ok := c.receive(t).(*pgproto3.AuthenticationSASL); !ok {
		t.Error("authentication does not follow the negotiation")
	}
}

func TestProtocol30NeedsNoNegotiation(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRaw(t, g)
	c.write(t, startupPacket(3<<16, "user", "alice", "database", "alice_private"))
	if _, ok := c.receive(t).(*pgproto3.AuthenticationSASL); !ok {
		t.Error("3.0 startup not answered with AuthenticationSASL")
	}
}

func TestProtocol2Rejected(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRaw(t, g)
	c.write(t, startupPacket(2<<16, "user", "alice"))
	e, ok := c.receive(t).(*pgproto3.ErrorResponse)
	if !ok {
		t.Fatal("protocol 2.0 not answered with an error")
	}
	if e.Code != "0A000" {
		t.Errorf("code = %s, want 0A000", e.Code)
	}
}

func TestGSSEncRequestDeclined(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRaw(t, g)
	c.write(t, startupPacket(80877104))
	if b := c.readByte(t); b != 'N' {
		t.Fatalf("GSSENCRequest answer = %q, want N", b)
	}
	// The startup goes on over the same connection.
	c.write(t, startupPacket(3<<16, "user", "alice", "database", "alice_private"))
	if _, ok := c.receive(t).(*pgproto3.AuthenticationSASL); !ok {
		t.Error("startup after GSSENCRequest not answered with AuthenticationSASL")
	}
}

func TestSSLRequestWithoutTLS(t *testing.T) {
	cfg := testConfig(t)
	cfg.TLS.Mode = config.TLSDisable
	g := startGateway(t, cfg)
	c := dialRaw(t, g)
	c.write(t, startupPacket(80877103))
	if b := c.readByte(t); b != 'N' {
		t.Fatalf("SSLRequest answer = %q, want N", b)
	}
	c.write(t, startupPacket(3<<16, "user", "alice", "database", "alice_private"))
	if _, ok := c.receive(t).(*pgproto3.AuthenticationSASL); !ok {
		t.Error("startup after declined SSLRequest not answered with AuthenticationSASL")
	}
}

func TestStartupWithoutUser(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRaw(t, g)
	c.write(t, startupPacket(3<<16, "database", "alice_private"))
	e, ok := c.receive(t).(*pgproto3.ErrorResponse)
	if !ok || e.Code != "28000" {
		t.Fatalf("startup without user: %#v, want 28000", e)
	}
}

func TestMalformedStartupPacket(t *testing.T) {
	g := startGateway(t, testConfig(t))
	c := dialRaw(t, g)
	packet := startupPacket(3<<16, "user", "alice")
	c.write(t, packet[:len(packet)-1]) // no terminator
	c.conn.(*net.TCPConn).CloseWrite()
	// pgway closes the connection; other sessions keep working.
	io.Copy(io.Discard, c.conn)
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	if err := conn.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestUpstreamUnreachable(t *testing.T) {
	cfg := testConfig(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now
	cfg.Connections[0].Config.Credentials["port"] = strconv.Itoa(port)
	g := startGateway(t, cfg)

	_, err = g.tryConnect("alice", alicePassword, "alice_private", "disable")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a server error", err)
	}
	if pgErr.Code != "08001" {
		t.Errorf("code = %s, want 08001", pgErr.Code)
	}
	if pgErr.Hint == "" {
		t.Error("08001 without a hint")
	}
}

func TestUpstreamRejectsStoredCredentials(t *testing.T) {
	cfg := testConfig(t)
	cfg.Connections[0].Config.Credentials["password"] = "not-the-upstream-password"
	g := startGateway(t, cfg)
	_, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a server error", err)
	}
	if pgErr.Code != "28000" {
		t.Errorf("code = %s, want 28000", pgErr.Code)
	}
	if strings.Contains(pgErr.Message, upstreamUser) || strings.Contains(pgErr.Message, "not-the-upstream-password") {
		t.Errorf("message leaks upstream credentials: %q", pgErr.Message)
	}
}

func TestDirectTLS(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn, err := g.tryConnect("alice", alicePassword, "alice_private", "require sslnegotiation=direct")
	if err != nil {
		t.Fatalf("direct TLS: %v", err)
	}
	defer conn.Close(context.Background())
	if err := conn.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestProtocol32CancelKey(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn, err := g.tryConnect("alice", alicePassword, "alice_private", "disable max_protocol_version=3.2")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if n := len(conn.PgConn().SecretKey()); n != 32 {
		t.Errorf("secret key of a 3.2 session has %d bytes, want 32", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() {
		if awaitActiveQuery("proto32-cancel") == nil {
			conn.PgConn().CancelRequest(ctx)
		}
	}()
	_, err = conn.Exec(ctx, "select pg_sleep(30) /* proto32-cancel */")
	if code := pgCode(err); code != "57014" {
		t.Errorf("cancel with a 32-byte key: err = %v, want 57014", err)
	}
}
