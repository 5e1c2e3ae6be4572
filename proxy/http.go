package proxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// HTTPHandler serves the operator endpoints: /metrics in the Prometheus
// text format, /healthz (200 while the process runs) and /readyz (200 while
// the server accepts connections, 503 before it listens and while it
// shuts down).
func (s *Server) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if reason := s.notReady(); reason != "" {
			http.Error(w, reason, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

// notReady returns why the server does not accept sessions, or "" when it
// does. The configuration is loaded before a Server exists, so only the
// listener is checked.
// TODO: check the catalog database too, once pgway has one.
func (s *Server) notReady() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed || s.draining.Load():
		return "shutting down"
	case len(s.listeners) == 0:
		return "not listening yet"
	}
	return ""
}

// httpShutdownTimeout bounds how long the HTTP listener waits for
// requests in progress when the server stops.
const httpShutdownTimeout = 5 * time.Second

// serveHTTP serves HTTPHandler on address until stop is called. It
// returns once it listens, and reports a later failure to serve on errs.
func (s *Server) serveHTTP(address string, errs chan<- error) (stop func(), err error) {
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return nil, fmt.Errorf("listen for HTTP on %s: %w", address, err)
	}
	srv := &http.Server{
		Handler:           s.HTTPHandler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("serve HTTP: %w", err)
		}
	}()
	s.log.Info("HTTP listening", "address", ln.Addr().String())
	return func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), httpShutdownTimeout)
		defer cancel()
		srv.Shutdown(shutdownCtx)
	}, nil
}
