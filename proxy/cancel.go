package proxy

import (
	"crypto/subtle"
	"encoding/binary"
)

// cancel handles the body of a CancelRequest: the process ID and secret
// key pgway gave the session in BackendKeyData. A request whose key matches
// no session is ignored, as PostgreSQL does, and nothing is sent back.
func (s *Server) cancel(body []byte) {
	if len(body) < 8 || len(body) > 4+256 {
		return
	}
	id := binary.BigEndian.Uint32(body[:4])
	secret := body[4:]

	s.mu.Lock()
	sess := s.sessions[id]
	s.mu.Unlock()
	if sess == nil || subtle.ConstantTimeCompare(sess.secret, secret) != 1 {
		// Debug only: anyone can send cancel requests without logging in.
		s.log.Debug("cancel request ignored: no session with that key")
		return
	}
	sess.log.Info("cancel request")
	sess.cancelUpstream()
}
