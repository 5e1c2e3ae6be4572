package proxy

import (
	"net"
	"time"

	"pgway/internal/audit"
)

// Authentication methods and rejection reasons, the label values of
// pgway_authentication_failures_total.
const (
	methodSCRAM = "scram-sha-256"
	methodToken = "token"
	methodTrust = "trust"

	reasonInvalidCredentials = "invalid_credentials"
	reasonExpiredToken       = "expired_token"
	reasonUnknownUser        = "unknown_user"
	reasonTLSRequired        = "tls_required"
	reasonProtocolViolation  = "protocol_violation"
	reasonNoAccess           = "no_access"
)

// authMethodFor returns the method the server uses to authenticate user
// from the session's address.
func (s *session) authMethodFor(user string) string {
	switch {
	case user == tokenUser:
		return methodToken
	case s.srv.cfg.Auth.TrustLoopback && isLoopback(s.remote):
		return methodTrust
	}
	return methodSCRAM
}

// reasonSQLStates maps each rejection reason to the SQLSTATE the client
// gets for it.
var reasonSQLStates = map[string]string{
	reasonInvalidCredentials: "28P01",
	reasonExpiredToken:       "28P01",
	reasonUnknownUser:        "28000",
	reasonTLSRequired:        "28000",
	reasonProtocolViolation:  "08P01",
	reasonNoAccess:           "3D000",
}

// loginRejected records a rejected login: one authentication failure in
// the metrics and a denied record in the audit log. reason is one of the
// reason constants.
func (s *session) loginRejected(reason string) {
	s.srv.metrics.AuthFailure(s.authMethod, reason)
	if s.srv.audit == nil {
		return
	}
	s.writeAudit(s.srv.audit.WriteDenied(&audit.Denied{
		Time:      time.Now().UTC(),
		SessionID: s.id,
		Client:    clientIP(s.remote),
		User:      s.requestedUser,
		Database:  s.requestedDatabase,
		Method:    s.authMethod,
		Reason:    reason,
		SQLState:  reasonSQLStates[reason],
	}))
}

func clientIP(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	return addr.String()
}

// writeAudit logs a failure to write an audit record: the first one, and
// then one in every auditFailureLogEvery, with the count so far.
func (s *session) writeAudit(err error) {
	if err == nil {
		return
	}
	if n := s.srv.auditFailures.Add(1); n%auditFailureLogEvery == 1 {
		s.log.Error("audit record not written", "error", err, "failures", n)
	}
}

// auditFailureLogEvery keeps a failing audit log, such as one on a full
// disk, from flooding the server log.
const auditFailureLogEvery = 1000

// openMetrics counts the session as open once it has passed
// authentication and authorization.
func (s *session) openMetrics() {
	s.metrics = s.srv.metrics.OpenSession(s.connection.Name, s.connection.ProviderID)
	s.bytesReported = s.bytesSent()
}

// closeMetrics counts the end of an open session.
func (s *session) closeMetrics() {
	if s.metrics == nil {
		return
	}
	s.flushBytesSent()
	s.metrics.Close()
}

// reportStatement records a finished statement in the metrics and the
// audit log. The engine calls it when it sends the statement's
// ReadyForQuery. sqlstate is the SQLSTATE of the first error the client got
// in the statement, empty when there was none. rows counts the DataRow
// messages sent. query is the statement's SQL text, which only its
// fingerprint leaves the session as.
func (s *session) reportStatement(duration time.Duration, rows int64, sqlstate, query string) {
	var fingerprint uint64
	if s.srv.audit != nil {
		fingerprint = audit.Fingerprint([]byte(query))
	}
	s.recordStatement(duration, rows, sqlstate, fingerprint)
}

// recordStatement is reportStatement with the fingerprint already
// computed, which the relay does from the client's messages.
func (s *session) recordStatement(duration time.Duration, rows int64, sqlstate string, fingerprint uint64) {
	s.metrics.Statement(duration, rows, sqlstate)
	s.flushBytesSent()
	if s.srv.audit == nil {
		return
	}
	if sqlstate == "" {
		sqlstate = "00000"
	}
	user, token := "", ""
	if s.principal != nil {
		user, token = s.principal.User, s.principal.Token
	}
	s.writeAudit(s.srv.audit.WriteStatement(&audit.Statement{
		Time:        time.Now().Add(-duration).UTC(),
		SessionID:   s.id,
		User:        user,
		Token:       token,
		Connection:  s.connection.Name,
		Provider:    s.connection.ProviderID,
		Fingerprint: audit.FormatFingerprint(fingerprint),
		DurationMS:  float64(duration.Microseconds()) / 1000,
		Rows:        rows,
		SQLState:    sqlstate,
	}))
}

// upstreamError counts an error that the warehouse returned.
func (s *session) upstreamError(sqlstate string) {
	s.metrics.UpstreamError(sqlstate)
}

// bytesSent returns the bytes sent to the client so far: the frames the
// relay copied and the messages pgway encoded itself.
func (s *session) bytesSent() int64 {
	return s.bytesToClient.Load() + s.client.sent
}

// flushBytesSent adds the bytes sent since the last flush to the metrics.
// Only the goroutine that writes to the client calls it.
func (s *session) flushBytesSent() {
	total := s.bytesSent()
	s.metrics.BytesSent(total - s.bytesReported)
	s.bytesReported = total
}
