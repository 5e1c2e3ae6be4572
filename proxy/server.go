// Package proxy is pgway's PostgreSQL wire protocol server: it accepts
// client connections, negotiates TLS, authenticates, authorizes the
// requested connection and relays the session to its warehouse.
package proxy

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"pgway/auth"
	"pgway/catalog"
	"pgway/config"
	"pgway/internal/audit"
	"pgway/internal/metrics"
	"pgway/providers"
	"pgway/routing"
)

// Server accepts client connections and runs a session for each.
type Server struct {
	cfg      *config.Config
	log      *slog.Logger
	registry *routing.Registry
	dir      atomic.Pointer[auth.Directory]
	metrics  *metrics.Metrics
	// audit is nil without audit.path.
	audit         *audit.Log
	auditFailures atomic.Int64
	// catalog is nil without catalog.dsn.
	catalog *catalog.Manager
	// connections are the configured connections, which pg_database
	// shows to the users who may use them.
	connections atomic.Pointer[[]config.Connection]

	tlsConfig *tls.Config
	// certEndPoint is the tls-server-end-point channel binding of the
	// server certificate, used by SCRAM-SHA-256-PLUS.
	certEndPoint []byte

	active atomic.Int64 // sessions holding a max_connections slot

	// generation counts the reloads that changed users, tokens or
	// connections. Sessions check their access again when it changes.
	generation atomic.Uint64
	reloadMu   sync.Mutex
	// draining is set when Drain starts: sessions end when their
	// statement does.
	draining atomic.Bool

	mu sync.Mutex
	// sessions maps process IDs to sessions past their startup packet, for
	// cancel requests.
	sessions map[uint32]*session
	// open holds every session from accept to close, for Shutdown.
	open      map[*session]struct{}
	listeners map[net.Listener]struct{}
	closed    bool
	wg        sync.WaitGroup
}

// NewServer builds a server from a validated configuration.
func NewServer(cfg *config.Config, logger *slog.Logger) (*Server, error) {
	dir, err := auth.NewDirectory(cfg)
	if err != nil {
		return nil, fmt.Errorf("load users and tokens: %w", err)
	}
	s := &Server{
		cfg:       cfg,
		log:       logger,
		registry:  routing.NewRegistry(cfg.Connections),
		metrics:   metrics.New(),
		sessions:  make(map[uint32]*session),
		open:      make(map[*session]struct{}),
		listeners: make(map[net.Listener]struct{}),
	}
	s.dir.Store(dir)
	providers.WarmUp(cfg.Connections)
	if cfg.TLS.Mode != config.TLSDisable && cfg.TLS.Mode != "" {
		if err := s.loadTLS(); err != nil {
			return nil, err
		}
	}
	if cfg.Audit.Path != "" {
		if s.audit, err = audit.Open(cfg.Audit.Path); err != nil {
			return nil, err
		}
	}
	if err := s.openCatalog(cfg); err != nil {
		if s.audit != nil {
			s.audit.Close()
		}
		return nil, err
	}
	return s, nil
}

func (s *Server) loadTLS() error {
	cert, err := tls.LoadX509KeyPair(s.cfg.TLS.CertFile, s.cfg.TLS.KeyFile)
	if err != nil {
		return fmt.Errorf("load TLS certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		return fmt.Errorf("parse TLS certificate: %w", err)
	}
	s.tlsConfig = &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		// libpq 17 and later require this ALPN protocol for direct SSL.
		NextProtos: []string{alpnProtocol},
	}
	s.certEndPoint = auth.TLSServerEndPoint(leaf)
	return nil
}

// Run listens on the configured address and serves until ctx is cancelled,
// then drains for up to limits.drain_timeout. It applies each
// configuration received from reloads with Reload.
func Run(ctx context.Context, cfg *config.Config, logger *slog.Logger, reloads <-chan *config.Config) error {
	srv, err := NewServer(cfg, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	serveErr := make(chan error, 1)
	httpErr := make(chan error, 1)
	if cfg.HTTP.Listen != "" {
		stopHTTP, err := srv.serveHTTP(cfg.HTTP.Listen, httpErr)
		if err != nil {
			ln.Close()
			return err
		}
		// The HTTP listener outlives the drain, so /readyz reports it.
		defer stopHTTP()
	}
	logger.Info("listening", "address", ln.Addr().String(), "tls", cfg.TLS.Mode,
		"connections", srv.registry.Len())
	go func() { serveErr <- srv.Serve(ln) }()
	for {
		select {
		case err := <-serveErr:
			return err
		case err := <-httpErr:
			// Clients keep being served without metrics and health checks.
			logger.Error("HTTP listener stopped", "error", err)
		case next := <-reloads:
			srv.Reload(next)
		case <-ctx.Done():
			drain := time.Duration(cfg.Limits.DrainTimeout)
			logger.Info("shutting down: no new connections; waiting for running statements",
				"drain_timeout", drain.String())
			srv.Drain(drain)
			logger.Info("shut down")
			return nil
		}
	}
}

// Serve accepts connections on ln until Shutdown. It returns nil after
// Shutdown and the accept error otherwise.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ln.Close()
		return nil
	}
	s.listeners[ln] = struct{}{}
	s.mu.Unlock()

	for {
		conn, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return nil
			}
			var netErr net.Error
			if errors.As(err, &netErr) && netErr.Timeout() {
				continue
			}
			return fmt.Errorf("accept: %w", err)
		}
		if !s.startSession(conn) {
			return nil
		}
	}
}

// startSession runs a session for conn. It returns false, closing conn,
// when the server is shutting down.
func (s *Server) startSession(conn net.Conn) bool {
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetNoDelay(true)
	}
	sess := &session{
		srv:    s,
		raw:    conn,
		conn:   conn,
		client: newWireConn(conn),
		remote: conn.RemoteAddr(),
	}
	sess.log = s.log.With("client", conn.RemoteAddr().String())
	// The slot is taken at accept, as PostgreSQL counts backends still in
	// startup, so clients that never finish their startup cannot pile up.
	sess.overLimit = !s.acquireSlot()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		conn.Close()
		s.releaseSlot(sess)
		return false
	}
	// Connections beyond the limit wait for their startup packet, so that
	// cancel requests still work and the client gets 53300 at the right
	// point. Past twice the limit they are rejected at once, as
	// PostgreSQL's postmaster does.
	if limit := s.cfg.Limits.MaxConnections; sess.overLimit && limit > 0 && len(s.open) >= 2*limit {
		go rejectNow(conn)
		return true
	}
	s.open[sess] = struct{}{}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		sess.run()
	}()
	return true
}

// rejectNow sends 53300 without reading anything and closes conn.
func rejectNow(conn net.Conn) {
	defer conn.Close()
	msg, err := errTooManyConnections().response().Encode(nil)
	if err != nil {
		return
	}
	conn.SetWriteDeadline(time.Now().Add(time.Second))
	conn.Write(msg)
}

// Shutdown stops accepting connections, ends every session with 57P01 and
// waits for them to close.
func (s *Server) Shutdown() {
	s.mu.Lock()
	s.closed = true
	for ln := range s.listeners {
		ln.Close()
	}
	sessions := make([]*session, 0, len(s.open))
	for sess := range s.open {
		sessions = append(sessions, sess)
	}
	s.mu.Unlock()

	for _, sess := range sessions {
		sess.stop(errShutdown())
	}
	s.wg.Wait()
	if s.catalog != nil {
		s.catalog.Close()
	}
	if s.audit != nil {
		if err := s.audit.Close(); err != nil {
			s.log.Error("audit log close failed", "error", err)
		}
	}
}

func (s *Server) directory() *auth.Directory {
	return s.dir.Load()
}

func (s *Server) acquireSlot() bool {
	limit := int64(s.cfg.Limits.MaxConnections)
	if n := s.active.Add(1); limit > 0 && n > limit {
		s.active.Add(-1)
		return false
	}
	return true
}

// register gives the session a process ID and cancel secret that no other
// live session has.
func (s *Server) register(sess *session, minorProtocol uint32) {
	// Protocol 3.0 fixes the secret at 4 bytes; 3.2 allows up to 256.
	secretLen := 4
	if minorProtocol >= 2 {
		secretLen = 32
	}
	sess.secret = make([]byte, secretLen)
	rand.Read(sess.secret)

	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		var b [4]byte
		rand.Read(b[:])
		id := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		if _, taken := s.sessions[id]; id != 0 && !taken {
			sess.id = id
			s.sessions[id] = sess
			break
		}
	}
	sess.log = sess.log.With("session", sess.id)
}

// unregister makes the session unreachable for cancel requests.
func (s *Server) unregister(sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess.id != 0 && s.sessions[sess.id] == sess {
		delete(s.sessions, sess.id)
	}
}

// forget removes a closed session and frees its max_connections slot.
func (s *Server) forget(sess *session) {
	s.mu.Lock()
	delete(s.open, sess)
	s.mu.Unlock()
	s.releaseSlot(sess)
}

func (s *Server) releaseSlot(sess *session) {
	if !sess.overLimit {
		s.active.Add(-1)
	}
}
