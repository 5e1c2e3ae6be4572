package proxy

import "time"

// statementTimeout returns the timeout of the session's next statement:
// the shorter of limits.statement_timeout and sessionTimeout, the value
// the session set with SET statement_timeout, where 0 means no limit. It
// returns 0 when neither sets one.
//
// Relay sessions pass 0, because the upstream enforces the session's own
// setting. The engine passes the session's setting and, when the returned
// timeout passes, cancels the statement and reports errStatementTimeout.
func (s *session) statementTimeout(sessionTimeout time.Duration) time.Duration {
	ceiling := time.Duration(s.srv.cfg.Limits.StatementTimeout)
	switch {
	case ceiling <= 0:
		return max(sessionTimeout, 0)
	case sessionTimeout <= 0:
		return ceiling
	}
	return min(ceiling, sessionTimeout)
}
