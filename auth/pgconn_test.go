package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// loginResult is what the test server saw of one login.
type loginResult struct {
	mechanism string // the SASL mechanism the client selected
	err       error
}

// testServer is a PostgreSQL server on 127.0.0.1 that runs only the
// authentication phase with a SCRAMServer, so that pgx's own client code
// logs in against it.
type testServer struct {
	directory *Directory
	tlsConfig *tls.Config     // nil to reject SSLRequest
	binding   *ChannelBinding // passed to NewSCRAM on TLS connections
	listener  net.Listener
	results   chan loginResult
}

func startTestServer(t *testing.T, d *Directory, tlsConfig *tls.Config, binding *ChannelBinding) *testServer {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on loopback: %v", err)
	}
	srv := &testServer{directory: d, tlsConfig: tlsConfig, binding: binding,
		listener: listener, results: make(chan loginResult, 8)}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				srv.results <- srv.serve(conn)
			}()
		}
	}()
	t.Cleanup(func() {
		listener.Close()
		wg.Wait()
	})
	return srv
}

func (srv *testServer) port() int {
	return srv.listener.Addr().(*net.TCPAddr).Port
}

// serve handles an optional SSLRequest, reads the startup message, runs the
// SCRAM exchange and ends with ErrorResponse or AuthenticationOk.
func (srv *testServer) serve(conn net.Conn) loginResult {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	backend := pgproto3.NewBackend(conn, conn)
	startup, err := backend.ReceiveStartupMessage()
	if err != nil {
		return loginResult{err: err}
	}

	var binding *ChannelBinding
	if _, ok := startup.(*pgproto3.SSLRequest); ok {
		if srv.tlsConfig == nil {
			conn.Write([]byte("N"))
		} else {
			conn.Write([]byte("S"))
			tlsConn := tls.Server(conn, srv.tlsConfig)
			backend = pgproto3.NewBackend(tlsConn, tlsConn)
			binding = srv.binding
		}
		if startup, err = backend.ReceiveStartupMessage(); err != nil {
			return loginResult{err: err}
		}
	}
	message, ok := startup.(*pgproto3.StartupMessage)
	if !ok {
		return loginResult{err: fmt.Errorf("unexpected startup message %T", startup)}
	}

	scram := srv.directory.NewSCRAM(message.Parameters["user"], binding)
	mechanism, err := runSASL(backend, scram)
	if err != nil {
		backend.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01", Message: err.Error()})
		backend.Flush()
		return loginResult{mechanism: mechanism, err: err}
	}
	backend.Send(&pgproto3.AuthenticationOk{})
	backend.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	if err := backend.Flush(); err != nil {
		return loginResult{mechanism: mechanism, err: err}
	}
	backend.Receive() // Terminate
	return loginResult{mechanism: mechanism}
}

// runSASL sends AuthenticationSASL, AuthenticationSASLContinue and
// AuthenticationSASLFinal, and returns the mechanism the client selected.
func runSASL(backend *pgproto3.Backend, s *SCRAMServer) (string, error) {
	backend.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: s.Mechanisms()})
	if err := backend.Flush(); err != nil {
		return "", err
	}
	backend.SetAuthType(pgproto3.AuthTypeSASL)
	message, err := backend.Receive()
	if err != nil {
		return "", err
	}
	initial, ok := message.(*pgproto3.SASLInitialResponse)
	if !ok {
		return "", fmt.Errorf("expected SASLInitialResponse, received %T", message)
	}
	serverFirst, err := s.Start(initial.AuthMechanism, initial.Data)
	if err != nil {
		return initial.AuthMechanism, err
	}

	backend.Send(&pgproto3.AuthenticationSASLContinue{Data: serverFirst})
	if err := backend.Flush(); err != nil {
		return initial.AuthMechanism, err
	}
	backend.SetAuthType(pgproto3.AuthTypeSASLContinue)
	if message, err = backend.Receive(); err != nil {
		return initial.AuthMechanism, err
	}
	response, ok := message.(*pgproto3.SASLResponse)
	if !ok {
		return initial.AuthMechanism, fmt.Errorf("expected SASLResponse, received %T", message)
	}
	serverFinal, err := s.Finish(response.Data)
	if err != nil {
		return initial.AuthMechanism, err
	}
	backend.Send(&pgproto3.AuthenticationSASLFinal{Data: serverFinal})
	return initial.AuthMechanism, nil
}

// result returns the server's record of the next login.
func (srv *testServer) result(t *testing.T) loginResult {
	t.Helper()
	select {
	case r := <-srv.results:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("test server recorded no login within 10s")
		return loginResult{}
	}
}

// connect logs in with pgconn and closes the connection on success.
func connect(t *testing.T, port int, user, password, sslmode, channelBinding string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	config, err := pgconn.ParseConfig(fmt.Sprintf(
		"host=127.0.0.1 port=%d user=%s database=analytics sslmode=%s channel_binding=%s",
		port, user, sslmode, channelBinding))
	if err != nil {
		t.Fatalf("pgconn.ParseConfig: %v", err)
	}
	config.Password = password
	conn, err := pgconn.ConnectConfig(ctx, config)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// selfSignedTLS returns a server TLS configuration with a new self-signed
// ECDSA certificate for 127.0.0.1, and that certificate.
func selfSignedTLS(t *testing.T) (*tls.Config, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "pgway test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parse certificate: %v", err)
	}
	tlsCert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}
	return &tls.Config{Certificates: []tls.Certificate{tlsCert}}, cert
}

func TestPgconnLogin(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	tlsConfig, cert := selfSignedTLS(t)
	binding := &ChannelBinding{Type: ChannelBindingTLSServerEndPoint, Data: TLSServerEndPoint(cert)}
	otherBinding := &ChannelBinding{Type: ChannelBindingTLSServerEndPoint, Data: make([]byte, 32)}
	tests := []struct {
		name           string
		tls            bool
		binding        *ChannelBinding
		user           string
		password       string
		channelBinding string
		wantMechanism  string
		wantErr        bool
	}{
		{"plain", false, nil, "alice", alicePassword, "prefer", "SCRAM-SHA-256", false},
		{"plain stored verifier", false, nil, "bob", bobPassword, "prefer", "SCRAM-SHA-256", false},
		{"plain wrong password", false, nil, "alice", "wrong", "prefer", "SCRAM-SHA-256", true},
		{"plain unknown user", false, nil, "mallory", "wrong", "prefer", "SCRAM-SHA-256", true},
		{"TLS binding", true, binding, "alice", alicePassword, "prefer", "SCRAM-SHA-256-PLUS", false},
		{"TLS binding required", true, binding, "alice", alicePassword, "require", "SCRAM-SHA-256-PLUS", false},
		{"TLS binding disabled", true, binding, "alice", alicePassword, "disable", "SCRAM-SHA-256", false},
		{"TLS binding wrong password", true, binding, "alice", "wrong", "prefer", "SCRAM-SHA-256-PLUS", true},
		{"TLS binding unknown user", true, binding, "mallory", "wrong", "prefer", "SCRAM-SHA-256-PLUS", true},
		{"TLS binding mismatch", true, otherBinding, "alice", alicePassword, "prefer", "SCRAM-SHA-256-PLUS", true},
		{"TLS without binding", true, nil, "alice", alicePassword, "prefer", "SCRAM-SHA-256", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sslmode, serverTLS := "disable", (*tls.Config)(nil)
			if tt.tls {
				sslmode, serverTLS = "require", tlsConfig
			}
			srv := startTestServer(t, d, serverTLS, tt.binding)

			err := connect(t, srv.port(), tt.user, tt.password, sslmode, tt.channelBinding)
			result := srv.result(t)
			if (err != nil) != tt.wantErr {
				t.Errorf("client error = %v, want error: %v", err, tt.wantErr)
			}
			if (result.err != nil) != tt.wantErr {
				t.Errorf("server error = %v, want error: %v", result.err, tt.wantErr)
			}
			if result.mechanism != tt.wantMechanism {
				t.Errorf("mechanism = %q, want %q", result.mechanism, tt.wantMechanism)
			}
			var pgErr *pgconn.PgError
			if tt.wantErr && (!errors.As(err, &pgErr) || pgErr.Code != "28P01") {
				t.Errorf("client error = %v, want SQLSTATE 28P01", err)
			}
		})
	}
}

// TestPgconnUnknownUserSameError checks that a client cannot tell an unknown
// user from a wrong password by the error.
func TestPgconnUnknownUserSameError(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	srv := startTestServer(t, d, nil, nil)
	messages := map[string]string{}
	for _, user := range []string{"alice", "mallory"} {
		err := connect(t, srv.port(), user, "wrong", "disable", "prefer")
		srv.result(t)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) {
			t.Fatalf("user %s: error = %v, want a PgError", user, err)
		}
		messages[user] = strings.Replace(pgErr.Message, user, "USER", 1)
	}
	if messages["alice"] != messages["mallory"] {
		t.Errorf("wrong password: %q, unknown user: %q", messages["alice"], messages["mallory"])
	}
}

func TestPgconnBindingRequiredNotOffered(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	tlsConfig, _ := selfSignedTLS(t)
	srv := startTestServer(t, d, tlsConfig, nil)

	err := connect(t, srv.port(), "alice", alicePassword, "require", "require")
	if err == nil || !strings.Contains(err.Error(), "SCRAM-SHA-256-PLUS") {
		t.Errorf("error = %v, want the client to reject a server without SCRAM-SHA-256-PLUS", err)
	}
	srv.result(t)
}
