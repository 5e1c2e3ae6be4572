package proxy

import (
	"time"
)

// drainPollInterval is how often Drain looks for sessions whose statement
// has finished.
const drainPollInterval = 20 * time.Millisecond

// Drain shuts the server down gracefully. It stops accepting connections
// and ends idle sessions at once with 57P01. A session with a running
// statement ends with 57P01 when the statement finishes, after the client
// has its result. A relay session also runs the statements the client
// pipelined behind the running one. A statement that starts from idle
// during the drain, or after the running one on an engine session, gets
// 57P01 instead. Sessions still running a statement after
// timeout end as in Shutdown. Drain returns when every session has closed.
func (s *Server) Drain(timeout time.Duration) {
	s.draining.Store(true)
	s.mu.Lock()
	s.closed = true
	for ln := range s.listeners {
		ln.Close()
	}
	s.mu.Unlock()

	deadline := time.Now().Add(timeout)
	stopped := make(map[*session]bool)
	for {
		running := 0
		for _, sess := range s.openSessions() {
			switch {
			case stopped[sess]:
			case sess.statementRunning():
				running++
			default:
				sess.stop(errShutdown())
				stopped[sess] = true
			}
		}
		if running == 0 || !time.Now().Before(deadline) {
			if running > 0 {
				s.log.Warn("drain timeout passed; ending sessions with running statements",
					"sessions", running, "drain_timeout", timeout.String())
			}
			break
		}
		time.Sleep(drainPollInterval)
	}
	s.Shutdown()
}

func (s *Server) openSessions() []*session {
	s.mu.Lock()
	defer s.mu.Unlock()
	sessions := make([]*session, 0, len(s.open))
	for sess := range s.open {
		sessions = append(sessions, sess)
	}
	return sessions
}

// statementRunning reports whether the session runs a statement. A
// session still in its startup runs none.
func (s *session) statementRunning() bool {
	s.mu.Lock()
	relay, e := s.relayState, s.engine
	s.mu.Unlock()
	switch {
	case relay != nil:
		return relay.stmt.running()
	case e != nil:
		return e.clock.busy.Load()
	}
	return false
}
