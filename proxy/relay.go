package proxy

import (
	"bytes"
	"errors"
	"sync/atomic"
	"time"
)

// relay forwards protocol messages between the client and the upstream
// until either side ends, so portals, cursors, COPY and transaction status
// behave exactly as upstream. Messages are copied as frames, never decoded,
// and each direction is flushed only when its reader has nothing buffered.
//
// Only the upstream pump writes to the client while both pumps run; the
// final error, if any, is written after both have stopped.
func (s *session) relay() error {
	r := &relayState{
		session:  s,
		upstream: newWireConn(s.upstream.Conn),
		stmt:     statementTracker{base: time.Now()},
	}
	if timeout := s.statementTimeout(0); timeout > 0 {
		r.timer = newStatementTimer(r, timeout)
		defer r.timer.timer.Stop()
	}
	if s.srv.audit != nil {
		r.fingerprints = newRelayFingerprints()
	}
	s.mu.Lock()
	s.relayState = r
	s.mu.Unlock()
	// The session starts idle: the handshake has sent ReadyForQuery.
	if idle := time.Duration(s.srv.cfg.Limits.IdleSessionTimeout); idle > 0 {
		r.idleArmed.Store(true)
		s.conn.SetReadDeadline(time.Now().Add(idle))
	}
	upstreamDone := make(chan error, 1)
	clientDone := make(chan error, 1)
	go func() { upstreamDone <- r.pumpUpstream() }()
	go func() { clientDone <- r.pumpClient() }()

	select {
	case err := <-clientDone:
		// The client sent Terminate, hung up or broke a limit.
		r.stopping.Store(true)
		if r.stmt.pendingSyncs() > 0 {
			// Otherwise the upstream would run the statement to its end with no client:
			// a PostgreSQL backend notices a closed socket only when it
			// writes to it.
			s.cancelUpstream()
		}
		s.upstream.Conn.Close()
		<-upstreamDone
		return err
	case err := <-upstreamDone:
		r.stopping.Store(true)
		if r.clientTerminated.Load() {
			// The upstream closed in response to the client's Terminate
			// before the client pump returned.
			return <-clientDone
		}
		// The upstream closed, the client stopped reading, or stop() was
		// called. Wake the client pump without closing the client.
		s.conn.SetReadDeadline(time.Now())
		<-clientDone
		if reason := s.stopReason.Load(); reason != nil {
			if r.stmt.running() {
				// stop closed the upstream connection, which the backend
				// notices only when it next writes to it.
				s.cancelUpstream()
			}
			return reason
		}
		if errors.Is(err, errClientWrite) || r.lastWasFatal {
			return err
		}
		s.log.Warn("upstream connection lost", "error", err)
		return errUpstreamLost()
	}
}

// errClientWrite marks a failure to write to the client.
var errClientWrite = errors.New("write to client failed")

type relayState struct {
	session  *session
	upstream *wireConn
	stopping atomic.Bool
	stmt     statementTracker
	// timer is nil without limits.statement_timeout.
	timer *statementTimer
	// fingerprints is nil without an audit log.
	fingerprints *relayFingerprints
	// idleArmed is set while the idle-session deadline is on the client
	// connection. Any message from the client ends the idle time.
	idleArmed atomic.Bool
	// clientTerminated is set before the client's Terminate goes upstream,
	// so that the upstream closing in response is not reported as lost.
	clientTerminated atomic.Bool
	// lastWasFatal is set when the upstream's last message was an
	// ErrorResponse, which it sends before closing on a FATAL error. It is
	// read only after the upstream pump has returned.
	lastWasFatal bool
	// rows and sqlstate describe the running statement for its report:
	// the DataRows sent and the SQLSTATE of its first error. Only the
	// upstream pump uses them.
	rows     int64
	sqlstate string
}

// pumpClient copies client messages to the upstream.
func (r *relayState) pumpClient() error {
	s := r.session
	client, up := s.client, r.upstream
	limit := s.srv.cfg.Limits.MaxMessageBytes
	for {
		typ, bodyLen, err := client.peekHeader(limit)
		if err != nil {
			if retry := r.clientReadFailed(err); retry {
				continue
			}
			return r.clientError(err)
		}
		if r.idleArmed.Load() && r.idleArmed.Swap(false) {
			r.clearReadDeadline()
		}
		if r.stmt.clientMessage(typ) {
			if err := r.beginStatement(); err != nil {
				return err
			}
		}
		if r.fingerprints != nil {
			r.auditClientMessage(typ, bodyLen)
		}
		s.clientMessages.Add(1)
		if typ == 'X' {
			r.clientTerminated.Store(true)
		}
		if err := copyFrame(up.w, client.r, 5+bodyLen); err != nil {
			return err
		}
		if client.r.Buffered() == 0 {
			if err := up.flush(); err != nil {
				return err
			}
		}
		if typ == 'X' {
			return nil
		}
	}
}

// clientReadFailed decides whether a failed read of the client is only the
// idle-session deadline passing while a statement still runs, in which case
// reading goes on.
func (r *relayState) clientReadFailed(err error) (retry bool) {
	if r.stopping.Load() || !isTimeout(err) {
		return false
	}
	if r.stmt.pendingSyncs() > 0 {
		r.idleArmed.Store(false)
		r.clearReadDeadline()
		return !r.stopping.Load()
	}
	return false
}

// clearReadDeadline removes the idle-session deadline from the client
// connection, unless the relay is stopping: then the deadline that wakes
// the client pump must stay.
func (r *relayState) clearReadDeadline() {
	r.session.conn.SetReadDeadline(time.Time{})
	if r.stopping.Load() {
		r.session.conn.SetReadDeadline(time.Now())
	}
}

func (r *relayState) clientError(err error) error {
	var tooLarge *messageTooLargeError
	var badLength *badLengthError
	switch {
	case r.stopping.Load():
		return err
	case errors.As(err, &tooLarge):
		return errMessageTooLarge(tooLarge.size, tooLarge.limit)
	case errors.As(err, &badLength):
		return errProtocolViolation("invalid message length")
	case isTimeout(err):
		return errIdleTimeout()
	}
	return err
}

// pumpUpstream copies upstream messages to the client.
func (r *relayState) pumpUpstream() error {
	s := r.session
	client, up := s.client, r.upstream
	idle := time.Duration(s.srv.cfg.Limits.IdleSessionTimeout)
	for {
		typ, bodyLen, err := up.peekHeader(0)
		if err != nil {
			return err
		}
		r.lastWasFatal = false
		switch typ {
		case 'D':
			r.rows++
		case 'E':
			r.lastWasFatal = r.isFatal(bodyLen)
			r.noteError(bodyLen)
		case 'Z':
			r.readyForQuery(idle)
		}
		frameLen := 5 + bodyLen
		if typ == 'E' && r.timer != nil && r.timer.fired.Load() {
			frameLen, err = r.relayTimeoutError(bodyLen)
		} else {
			err = copyFrame(client.w, up.r, frameLen)
		}
		if err != nil {
			return errors.Join(errClientWrite, err)
		}
		s.bytesToClient.Add(int64(frameLen))
		if up.r.Buffered() == 0 {
			if err := client.flush(); err != nil {
				return errors.Join(errClientWrite, err)
			}
		}
	}
}

// readyForQuery accounts for a ReadyForQuery about to go to the client and
// arms the idle-session deadline when the session is idle outside a
// transaction. The deadline is set before the message is flushed, so the
// client cannot send its next message before the deadline exists.
func (r *relayState) readyForQuery(idle time.Duration) {
	var fingerprint uint64
	if r.fingerprints != nil {
		fingerprint = r.fingerprints.queue.pop()
	}
	r.session.recordStatement(r.stmt.elapsed(), r.rows, r.sqlstate, fingerprint)
	r.rows, r.sqlstate = 0, ""
	pending := r.stmt.readyForQuery()
	if pending > 0 {
		r.stmt.markStart()
	}
	if r.timer != nil {
		if pending > 0 {
			r.timer.fired.Store(false)
			r.timer.restart()
		} else {
			r.timer.stop()
		}
	}
	if idle <= 0 || pending > 0 {
		return
	}
	header, err := r.upstream.r.Peek(6)
	if err == nil && header[5] == 'I' {
		r.idleArmed.Store(true)
		r.session.conn.SetReadDeadline(time.Now().Add(idle))
	}
	// Idle in a transaction is not bounded by this timeout, and the
	// deadline was cleared when the client sent its last message.
}

// isFatal reports whether the ErrorResponse at the head of the upstream
// buffer has severity FATAL or PANIC. The unlocalized severity field (V)
// comes second, after the localized one (S), within the first bytes.
func (r *relayState) isFatal(bodyLen int) bool {
	n := min(5+bodyLen, 64, r.upstream.r.Size())
	head, _ := r.upstream.r.Peek(n)
	if len(head) < 6 {
		return false
	}
	return bytes.Contains(head, []byte("\x00VFATAL\x00")) || bytes.Contains(head, []byte("\x00VPANIC\x00")) ||
		bytes.HasPrefix(head[5:], []byte("SFATAL\x00")) || bytes.HasPrefix(head[5:], []byte("SPANIC\x00"))
}
