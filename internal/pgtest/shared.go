package pgtest

import "sync"

var shared struct {
	mu      sync.Mutex
	started bool
	server  *Server
	err     error
}

// Shared returns the server of this test binary, started with default Options on
// the first call. A failed start is not retried, so every later call returns the
// same error. The package's TestMain must call StopShared after m.Run.
func Shared() (*Server, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()

	if !shared.started {
		shared.server, shared.err = Start(Options{})
		shared.started = true
	}
	return shared.server, shared.err
}

// StopShared stops the server that Shared started, if any. A later call to Shared
// starts a new one.
func StopShared() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()

	server := shared.server
	shared.started, shared.server, shared.err = false, nil, nil
	if server == nil {
		return nil
	}
	return server.Stop()
}
