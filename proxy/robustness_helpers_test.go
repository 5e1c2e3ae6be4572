package proxy_test

import (
	"encoding/binary"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// trustLogin logs a raw client in as user through auth.trust_loopback and
// reads up to the first ReadyForQuery, so relay tests can drive the session
// byte by byte.
func trustLogin(t *testing.T, g *gateway, user, database string) *rawClient {
	t.Helper()
	c := dialRaw(t, g)
	c.write(t, startupPacket(3<<16, "user", user, "database", database))
	for {
		switch msg := c.receive(t).(type) {
		case *pgproto3.ReadyForQuery:
			return c
		case *pgproto3.ErrorResponse:
			t.Fatalf("trust login as %s: %s %s", user, msg.Code, msg.Message)
		}
	}
}

// frame builds a typed protocol message whose length field is length, which
// need not match the body.
func frame(typ byte, length int32, body []byte) []byte {
	b := []byte{typ}
	b = binary.BigEndian.AppendUint32(b, uint32(length))
	return append(b, body...)
}

// goodFrame builds a typed protocol message with a correct length field.
func goodFrame(typ byte, body []byte) []byte {
	return frame(typ, int32(4+len(body)), body)
}

// receiveError reads messages until an ErrorResponse or the end of the
// connection. It returns nil when the server closes the connection without
// one, and fails the test when the read deadline passes first.
func (c *rawClient) receiveError(t *testing.T) *pgproto3.ErrorResponse {
	t.Helper()
	for {
		msg, err := c.frontend.Receive()
		if err != nil {
			var netErr net.Error
			if errors.As(err, &netErr) && netErr.Timeout() {
				t.Fatalf("neither an error nor a close: %v", err)
			}
			return nil
		}
		if e, ok := msg.(*pgproto3.ErrorResponse); ok {
			return e
		}
	}
}

// waitClosed reports whether the server closes c within d.
func waitClosed(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 4096)
	for {
		_, err := c.Read(buf)
		if err == nil {
			continue
		}
		var netErr net.Error
		return !(errors.As(err, &netErr) && netErr.Timeout())
	}
}
