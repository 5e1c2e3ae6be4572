package proxy

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Request codes that take the place of a protocol version in the first
// packet of a connection.
const (
	cancelRequestCode = 80877102
	sslRequestCode    = 80877103
	gssEncRequestCode = 80877104
)

const (
	// newestMinorProtocol is the newest 3.x protocol pgway speaks. 3.2 differs
	// from 3.0 only in the length of the BackendKeyData secret.
	newestMinorProtocol = 2
	// maxStartupPacket is PostgreSQL's own limit on a startup packet.
	maxStartupPacket = 10000
	// tlsHandshakeRecord is the first byte of a TLS ClientHello, sent by
	// clients that start TLS directly without an SSLRequest (sslnegotiation=direct).
	tlsHandshakeRecord = 0x16
	// alpnProtocol is the ALPN protocol name of PostgreSQL's wire protocol.
	alpnProtocol = "postgresql"
)

// errCancelHandled ends a connection that carried a CancelRequest.
var errCancelHandled = errors.New("cancel request handled")

// startup is the negotiated protocol version and the parameters of a
// client's StartupMessage.
type startup struct {
	minorProtocol uint32
	params        map[string]string
}

// readStartup negotiates TLS and reads the StartupMessage. It answers
// SSLRequest and GSSENCRequest, handles a CancelRequest (returning
// errCancelHandled), and sends NegotiateProtocolVersion when the client asks
// for a newer minor version or for protocol options pgway does not know.
// pgproto3's own startup decoder rejects newer versions, so the packet is
// decoded here.
func (s *session) readStartup() (*startup, error) {
	if err := s.maybeDirectTLS(); err != nil {
		return nil, err
	}
	gssAnswered, sslAnswered := false, false
	for {
		code, body, err := readStartupPacket(s.client.r)
		if err != nil {
			return nil, err
		}
		switch code {
		case sslRequestCode:
			if s.tls || sslAnswered {
				return nil, errProtocolViolation("unexpected SSLRequest")
			}
			sslAnswered = true
			if err := s.answerSSLRequest(); err != nil {
				return nil, err
			}
		case gssEncRequestCode:
			if gssAnswered || s.tls {
				return nil, errProtocolViolation("unexpected GSSENCRequest")
			}
			gssAnswered = true
			if err := s.writeRaw([]byte{'N'}); err != nil {
				return nil, err
			}
		case cancelRequestCode:
			s.srv.cancel(body)
			return nil, errCancelHandled
		default:
			return s.parseStartupMessage(code, body)
		}
	}
}

// readStartupPacket reads one length-prefixed packet that has no type byte
// and returns its leading code and the rest of the packet.
func readStartupPacket(r *bufio.Reader) (uint32, []byte, error) {
	var header [8]byte
	if _, err := io.ReadFull(r, header[:4]); err != nil {
		return 0, nil, err
	}
	length := int(binary.BigEndian.Uint32(header[:4]))
	if length < 8 || length > maxStartupPacket {
		return 0, nil, errProtocolViolation("invalid length of startup packet")
	}
	packet := make([]byte, length-4)
	if _, err := io.ReadFull(r, packet); err != nil {
		return 0, nil, err
	}
	return binary.BigEndian.Uint32(packet[:4]), packet[4:], nil
}

// answerSSLRequest replies 'S' and runs the TLS handshake when TLS is
// configured, else 'N'.
func (s *session) answerSSLRequest() error {
	if s.srv.tlsConfig == nil {
		return s.writeRaw([]byte{'N'})
	}
	// Bytes already buffered after the SSLRequest would have been sent in
	// cleartext but be read as if they came over TLS.
	if s.client.r.Buffered() > 0 {
		return errProtocolViolation("received unencrypted data after SSL request")
	}
	if err := s.writeRaw([]byte{'S'}); err != nil {
		return err
	}
	return s.startTLS(s.conn)
}

// maybeDirectTLS starts TLS at once when the client opened with a TLS
// ClientHello instead of an SSLRequest.
func (s *session) maybeDirectTLS() error {
	first, err := s.client.r.Peek(1)
	if err != nil {
		return err
	}
	if first[0] != tlsHandshakeRecord {
		return nil
	}
	if s.srv.tlsConfig == nil {
		return errProtocolViolation("direct SSL connection received but SSL is not enabled")
	}
	// The ClientHello is already in the buffer: replay it to the TLS server.
	if err := s.startTLS(&bufferedConn{Conn: s.conn, r: s.client.r}); err != nil {
		return err
	}
	// Without an SSLRequest first, only the ALPN protocol shows that the
	// client speaks PostgreSQL's protocol inside TLS; PostgreSQL 17 also
	// requires it for direct SSL.
	if s.conn.(*tls.Conn).ConnectionState().NegotiatedProtocol != alpnProtocol {
		return errProtocolViolation("direct SSL connection without the ALPN protocol %q", alpnProtocol)
	}
	return nil
}

func (s *session) startTLS(raw net.Conn) error {
	tlsConn := tls.Server(raw, s.srv.tlsConfig)
	if err := tlsConn.Handshake(); err != nil {
		return err
	}
	s.conn = tlsConn
	s.client = newWireConn(tlsConn)
	s.tls = true
	return nil
}

func (s *session) writeRaw(b []byte) error {
	_, err := s.conn.Write(b)
	return err
}

// parseStartupMessage decodes the parameters of a StartupMessage and
// negotiates the protocol version.
func (s *session) parseStartupMessage(version uint32, body []byte) (*startup, error) {
	major, minor := version>>16, version&0xffff
	if major != 3 {
		return nil, errUnsupportedProtocol(major, minor)
	}
	params, err := decodeStartupParams(body)
	if err != nil {
		return nil, err
	}

	var unknownOptions []string
	for k := range params {
		if strings.HasPrefix(k, "_pq_.") {
			unknownOptions = append(unknownOptions, k)
			delete(params, k)
		}
	}
	negotiated := min(minor, newestMinorProtocol)
	if minor > newestMinorProtocol || len(unknownOptions) > 0 {
		err := s.client.send(&pgproto3.NegotiateProtocolVersion{
			NewestMinorProtocol: negotiated,
			UnrecognizedOptions: unknownOptions,
		})
		if err != nil {
			return nil, err
		}
	}
	if params["user"] == "" {
		return nil, errNoUser()
	}
	if params["database"] == "" {
		params["database"] = params["user"]
	}
	return &startup{minorProtocol: negotiated, params: params}, nil
}

// decodeStartupParams reads NUL-terminated name and value pairs that end
// with an empty name.
func decodeStartupParams(b []byte) (map[string]string, error) {
	params := make(map[string]string)
	for {
		name, rest, ok := cutCString(b)
		if !ok {
			return nil, errProtocolViolation("invalid startup packet layout: expected terminator as last byte")
		}
		if name == "" {
			if len(rest) != 0 {
				return nil, errProtocolViolation("invalid startup packet layout: data after terminator")
			}
			return params, nil
		}
		value, rest, ok := cutCString(rest)
		if !ok {
			return nil, errProtocolViolation("invalid startup packet layout: missing value for %q", name)
		}
		params[name] = value
		b = rest
	}
}

func cutCString(b []byte) (string, []byte, bool) {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return "", nil, false
	}
	return string(b[:i]), b[i+1:], true
}

// bufferedConn reads through a bufio.Reader that may already hold bytes of
// the connection, and writes directly.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
