package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/auth"
	"pgway/config"
	"pgway/internal/metrics"
	"pgway/providers/postgres"
)

// session is one client connection, from its first byte to its close.
type session struct {
	srv *Server
	// raw is the accepted TCP connection. Unlike conn it never changes, so
	// other goroutines may close it or set its deadlines.
	raw    net.Conn
	conn   net.Conn // the client connection; a *tls.Conn once TLS is on
	client *wireConn
	remote net.Addr
	tls    bool
	log    *slog.Logger

	// overLimit is set when the session was accepted beyond
	// limits.max_connections; it is rejected after its startup packet.
	overLimit bool

	// id doubles as the process ID in BackendKeyData.
	id     uint32
	secret []byte

	principal  *auth.Principal
	connection *config.Connection
	// accessGeneration is the server's reload generation when the session
	// last checked its access to connection.
	accessGeneration uint64
	// requestedUser and requestedDatabase are the names from the startup
	// message, and authMethod how the session authenticates, for the
	// metrics and the audit records of rejected logins.
	requestedUser, requestedDatabase string
	authMethod                       string
	// metrics is set while the session is open past authorization.
	metrics *metrics.Session
	// bytesReported is the part of bytesSent already in the metrics.
	bytesReported int64

	// Counters for the session-end log line.
	clientMessages atomic.Int64
	bytesToClient  atomic.Int64

	mu         sync.Mutex
	upstream   *postgres.Upstream
	relayState *relayState // set while the relay runs
	engine     *engine     // set instead of upstream for providers pgway drives itself
	// stopReason, when set, is the error the client gets after the relay
	// is stopped from outside (shutdown).
	stopReason atomic.Pointer[pgError]
}

// run serves the connection until it ends and always closes it.
func (s *session) run() {
	start := time.Now()
	// s.conn becomes a *tls.Conn after the handshake; closing that one sends
	// the TLS close_notify.
	defer func() { s.conn.Close() }()

	timeout := time.Duration(s.srv.cfg.Limits.StartupTimeout)
	if s.overLimit && (timeout <= 0 || timeout > overLimitStartupTimeout) {
		timeout = overLimitStartupTimeout
	}
	if timeout > 0 {
		s.conn.SetDeadline(start.Add(timeout))
	}
	err := s.handshake()
	if err == nil {
		s.conn.SetDeadline(time.Time{})
		s.openMetrics()
		s.log.Info("session started")
		if s.upstream != nil {
			err = s.relay()
		} else {
			err = s.runEngineRecovered()
		}
	}
	s.srv.unregister(s)
	s.closeUpstream()
	defer s.srv.forget(s)

	switch {
	case errors.Is(err, errCancelHandled):
		return
	case s.principal == nil:
		s.reportStartupFailure(err)
		return
	}
	s.finish(err)
	s.closeMetrics()
	s.log.Info("session ended",
		"duration", time.Since(start).Round(time.Millisecond).String(),
		"client_messages", s.clientMessages.Load(), "bytes_to_client", s.bytesToClient.Load())
}

// handshake takes the session from its first byte to ReadyForQuery: TLS,
// startup, authentication, authorization, and the upstream connection.
func (s *session) handshake() error {
	st, err := s.readStartup()
	if err != nil {
		return err
	}
	user, database := st.params["user"], st.params["database"]
	s.requestedUser, s.requestedDatabase = user, database
	s.authMethod = s.authMethodFor(user)
	if s.srv.cfg.TLS.Mode == config.TLSRequire && !s.tls {
		s.loginRejected(reasonTLSRequired)
		return errTLSRequired()
	}
	s.log = s.log.With("user", user, "database", database)

	if s.overLimit {
		return errTooManyConnections()
	}
	s.srv.register(s, st.minorProtocol)

	// The generation is read before the users and connections it covers,
	// so a reload in between makes the session check its access again.
	s.accessGeneration = s.srv.generation.Load()
	dir, registry := s.srv.directory(), s.srv.registry
	principal, err := s.authenticate(dir, user)
	if err != nil {
		return err
	}
	if principal.Token != "" {
		s.log = s.log.With("token", principal.Token, "owner", principal.User)
	}

	conn, ok := registry.Lookup(database)
	if !ok || !dir.Authorize(principal, conn) {
		s.log.Warn("connection denied", "reason", "unknown connection or no access")
		s.loginRejected(reasonNoAccess)
		return errUnknownDatabase(database)
	}
	s.principal, s.connection = principal, conn
	s.log = s.log.With("provider", conn.ProviderID)
	if err := s.client.send(&pgproto3.AuthenticationOk{}); err != nil {
		return err
	}
	if conn.ProviderID != "postgres" && conn.ProviderID != "redshift" {
		return s.openEngine(st.params)
	}
	return s.openUpstream(st.params)
}

// openUpstream connects to the connection's warehouse and finishes the
// startup with the upstream's parameters and pgway's own cancel key.
func (s *session) openUpstream(params map[string]string) error {
	timeout := time.Duration(s.srv.cfg.Limits.ConnectTimeout)
	up, err := postgres.Connect(context.Background(), s.connection, params, timeout)
	if err != nil {
		var connectErr *postgres.ConnectError
		if errors.As(err, &connectErr) {
			s.log.Error("upstream connect failed", "sqlstate", connectErr.Code, "error", connectErr.Cause)
			s.srv.metrics.UpstreamError(s.connection.ProviderID, connectErr.Code)
			return fatal(connectErr.Code, connectErr.Message, connectErr.Hint)
		}
		s.log.Error("upstream connect failed", "error", err)
		return fatal("08001", "could not connect to the warehouse", "")
	}
	s.mu.Lock()
	s.upstream = up
	s.mu.Unlock()

	for name, value := range up.ParameterStatus {
		if err := s.client.send(&pgproto3.ParameterStatus{Name: name, Value: value}); err != nil {
			return err
		}
	}
	if err := s.client.send(&pgproto3.BackendKeyData{ProcessID: s.id, SecretKey: s.secret}); err != nil {
		return err
	}
	return s.sendAndFlush(&pgproto3.ReadyForQuery{TxStatus: up.TxStatus})
}

// reportStartupFailure sends a startup error to the client and logs it.
// Clients that simply hang up (psql does, to prompt for a password) are not
// errors.
func (s *session) reportStartupFailure(err error) {
	var pgErr *pgError
	if errors.As(err, &pgErr) {
		s.log.Info("startup failed", "sqlstate", pgErr.Code, "error", pgErr.Message)
		s.client.send(pgErr.response())
		s.client.flush()
		return
	}
	if isTimeout(err) {
		s.log.Info("startup timed out")
		return
	}
	if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, net.ErrClosed) {
		s.log.Info("startup failed", "error", err)
	}
}

// finish reports why an established session ended, when the client should
// know.
// runEngineRecovered runs the engine and turns a panic, a bug in pgway,
// into a fatal XX000 error that ends this session only: the other
// sessions of the server keep running.
func (s *session) runEngineRecovered() (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("session ended by an internal error", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fatal("XX000", "internal error in pgway; the session is closed", "")
		}
	}()
	return s.runEngine()
}

func (s *session) finish(err error) {
	var pgErr *pgError
	if !errors.As(err, &pgErr) {
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
			s.log.Debug("session closed", "error", err)
		}
		return
	}
	s.log.Info("session terminated", "sqlstate", pgErr.Code, "error", pgErr.Message)
	s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	s.client.send(pgErr.response())
	s.client.flush()
}

// cancelUpstream forwards a client's cancel request to the upstream.
func (s *session) cancelUpstream() {
	s.mu.Lock()
	up, e := s.upstream, s.engine
	s.mu.Unlock()
	if e != nil {
		e.cancel()
	}
	if up == nil {
		return
	}
	if err := up.Cancel(context.Background()); err != nil {
		s.log.Warn("cancel request to upstream failed", "error", err)
	}
}

// stop ends the session from outside: the relay or the engine reports
// reason to the client and closes.
func (s *session) stop(reason *pgError) {
	s.stopReason.Store(reason)
	s.mu.Lock()
	up, e := s.upstream, s.engine
	s.mu.Unlock()
	if e != nil {
		// The engine sends reason itself and ends the session.
		s.raw.SetWriteDeadline(time.Now().Add(stopWriteTimeout))
		e.stop()
		return
	}
	if up == nil {
		s.raw.Close()
		return
	}
	// A client that stops reading would keep the relay blocked in a write.
	s.raw.SetWriteDeadline(time.Now().Add(stopWriteTimeout))
	up.Conn.Close()
}

const (
	// overLimitStartupTimeout bounds how long a connection beyond
	// limits.max_connections may take to send its startup packet.
	overLimitStartupTimeout = 5 * time.Second
	// stopWriteTimeout bounds the writes to a client after stop.
	stopWriteTimeout = 2 * time.Second
)

func (s *session) closeUpstream() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.upstream != nil {
		s.upstream.Conn.Close()
	}
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}
