package proxy_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// Tests of bad messages after login, for each kind of session: each checks
// the error the client gets and that another session still works.

func TestRelayMessageInWrongState(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
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
	// A Query in the middle of COPY FROM STDIN: the upstream reports the
	// protocol violation itself.
	c.write(t, goodFrame('Q', []byte("select 1\x00")))
	e := c.receiveError(t)
	if e == nil {
		t.Fatal("closed without an ErrorResponse")
	}
	if e.Code != "08P01" {
		t.Errorf("code = %s (%s), want 08P01", e.Code, e.Message)
	}
	assertWorks(t, g)
}

// rawDemoSession logs in to the demo warehouse and hands the connection
// over for raw frames.
func rawDemoSession(t *testing.T, g *gateway) *rawClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pg, err := pgconn.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable"))
	if err != nil {
		t.Fatal(err)
	}
	hijacked, err := pg.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hijacked.Conn.Close() })
	hijacked.Conn.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawClient{conn: hijacked.Conn, frontend: hijacked.Frontend}
}

// assertDemoWorks fails the test unless a new demo session can run a query.
func assertDemoWorks(t *testing.T, g *gateway) {
	t.Helper()
	conn := connectDemo(t, g)
	var n int
	if err := conn.QueryRow(context.Background(), "select 7").Scan(&n); err != nil {
		t.Fatalf("another session fails: %v", err)
	}
}

func TestEngineBadClientMessages(t *testing.T) {
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Limits.MaxMessageBytes = 4096
	g := startGateway(t, cfg)
	cases := map[string]struct {
		message []byte
		code    string
	}{
		"length 3":         {frame('Q', 3, nil), "08P01"},
		"length -1":        {frame('Q', -1, nil), "08P01"},
		"over the limit":   {frame('Q', 1<<30, []byte("select")), "54000"},
		"at the limit + 1": {frame('Q', 4096, nil), "54000"},
		"unknown type":     {goodFrame('y', []byte("zz")), "08P01"},
		"password message": {goodFrame('p', []byte("x\x00")), "08P01"},
		"startup in loop":  {startupPacket(3<<16, "user", "demo"), "54000"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := rawDemoSession(t, g)
			c.write(t, tc.message)
			e := c.receiveError(t)
			if e == nil {
				t.Fatal("closed without an ErrorResponse")
			}
			if e.Code != tc.code {
				t.Errorf("code = %s (%s), want %s", e.Code, e.Message, tc.code)
			}
			if !waitClosed(c.conn, 3*time.Second) {
				t.Error("session still open after a FATAL error")
			}
		})
	}
	assertDemoWorks(t, g)
}

func TestEngineIdleSessionTimeout(t *testing.T) {
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Limits.IdleSessionTimeout = config.Duration(300 * time.Millisecond)
	g := startGateway(t, cfg)
	c := rawDemoSession(t, g)
	e := c.receiveError(t)
	if e == nil {
		t.Fatal("closed without an ErrorResponse")
	}
	if e.Code != "57P05" {
		t.Errorf("code = %s (%s), want 57P05", e.Code, e.Message)
	}
	assertDemoWorks(t, g)
}
