package proxy

import (
	"bytes"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// statementTracker follows the statements of a relay session from the
// frame types alone. A statement starts with the first query message the
// client sends after ReadyForQuery and ends at the next ReadyForQuery, so
// an extended-protocol batch up to its Sync is one statement.
//
// Both pumps update state with single atomic operations and take no lock.
// Bit 0 is set once the client has sent Parse, Bind, Describe, Execute or
// Close since the last ReadyForQuery. The bits above count the Query, Sync
// and FunctionCall messages sent upstream whose ReadyForQuery has not come
// back yet.
type statementTracker struct {
	state atomic.Int64
	// start is when the running statement began, in nanoseconds since
	// base on the monotonic clock.
	start atomic.Int64
	base  time.Time
}

const extendedOpen = 1

// clientMessage accounts for a client message about to be sent upstream
// and reports whether it begins a statement.
func (t *statementTracker) clientMessage(typ byte) bool {
	switch typ {
	case 'Q', 'S', 'F':
		return t.state.Add(2) == 2
	case 'P', 'B', 'D', 'E', 'C':
		if t.state.Load()&extendedOpen != 0 {
			return false
		}
		return t.state.Or(extendedOpen) == 0
	}
	// Terminate, Flush, and COPY data, which the upstream ignores outside
	// COPY, begin no statement.
	return false
}

// readyForQuery accounts for a ReadyForQuery from the upstream and returns
// the number of Query, Sync and FunctionCall messages still waiting for
// theirs. More than zero means the client pipelined the next statement,
// which begins now.
//
// NOTE: ReadyForQuery clears the extended-protocol bit even when the client
// has already sent Parse or Bind of a next batch but not yet its Sync. That
// batch then counts as beginning at its Sync.
func (t *statementTracker) readyForQuery() int64 {
	for {
		old := t.state.Load()
		pending := max(old>>1-1, 0)
		if t.state.CompareAndSwap(old, pending<<1) {
			return pending
		}
	}
}

// pendingSyncs returns the number of Query, Sync and FunctionCall messages
// whose ReadyForQuery has not come back.
func (t *statementTracker) pendingSyncs() int64 {
	return t.state.Load() >> 1
}

// running reports whether a statement is under way.
func (t *statementTracker) running() bool {
	return t.state.Load() != 0
}

// markStart records now as the start of the running statement.
func (t *statementTracker) markStart() {
	t.start.Store(int64(time.Since(t.base)))
}

// elapsed returns the time since the last markStart.
func (t *statementTracker) elapsed() time.Duration {
	return time.Since(t.base) - time.Duration(t.start.Load())
}

// beginStatement runs when the client sends the first message of a
// statement, before the message goes upstream. It returns the error that
// ends the session instead when a reload has revoked the session's access
// or the server is draining.
func (r *relayState) beginStatement() error {
	s := r.session
	err := s.checkAccess()
	if err == nil && s.srv.draining.Load() {
		err = errShutdown()
	}
	if err != nil {
		// Nothing runs upstream: the message that began the statement is
		// not sent, so the relay has no statement to cancel.
		r.stmt.state.Store(0)
		return err
	}
	r.stmt.markStart()
	if r.timer != nil {
		r.timer.restart()
	}
	return nil
}

// statementTimer enforces limits.statement_timeout on a relay session. It
// measures each statement as statementTracker delimits it, so a Query
// message with several statements and an extended-protocol batch up to its
// Sync count as one, as PostgreSQL before version 13 counted them. The
// relay cannot measure each command, because the upstream sends their
// completions only when it flushes at ReadyForQuery. When a statement runs
// too long the timer sends the upstream a CancelRequest, and the relay
// rewrites the resulting 57014 error to say why.
//
// NOTE: a CancelRequest cancels whatever the upstream runs when it arrives.
// If the statement completes just as the timer fires, the request can reach
// the upstream after the next statement has started and cancel that one,
// which the client then sees as "canceling statement due to user request".
type statementTimer struct {
	relay   *relayState
	timeout time.Duration
	timer   *time.Timer
	// fired is set from the cancel until the statement's ReadyForQuery.
	fired atomic.Bool
}

func newStatementTimer(r *relayState, timeout time.Duration) *statementTimer {
	t := &statementTimer{relay: r, timeout: timeout}
	t.timer = time.AfterFunc(time.Hour, t.expire)
	t.timer.Stop()
	return t
}

// restart starts the timeout of a statement that begins now, after
// statementTracker.markStart.
func (t *statementTimer) restart() {
	t.timer.Reset(t.timeout)
}

// stop ends the timeout at a ReadyForQuery that leaves no statement
// running. A statement that the client began while the upstream pump got
// here keeps a timer, so a late stop cannot disarm it.
func (t *statementTimer) stop() {
	t.fired.Store(false)
	t.timer.Stop()
	if t.relay.stmt.running() {
		t.timer.Reset(t.timeout)
	}
}

// expire runs when the timer fires. A statement that began after the
// timer was set gets the rest of its time.
func (t *statementTimer) expire() {
	r := t.relay
	if r.stopping.Load() || !r.stmt.running() {
		return
	}
	if left := t.timeout - r.stmt.elapsed(); left > 0 {
		t.timer.Reset(left)
		return
	}
	if t.fired.Swap(true) {
		return
	}
	r.session.log.Info("statement timed out; cancelling it on the warehouse",
		"statement_timeout", t.timeout.String())
	r.session.cancelUpstream()
}

// noteError counts the upstream ErrorResponse at the head of the upstream
// buffer and keeps its SQLSTATE when it is the statement's first error.
func (r *relayState) noteError(bodyLen int) {
	head, _ := r.upstream.r.Peek(min(5+bodyLen, maxErrorHead, r.upstream.r.Size()))
	code := errorCode(head)
	r.session.upstreamError(code)
	if r.sqlstate == "" {
		r.sqlstate = code
	}
}

// maxErrorHead bounds the part of an ErrorResponse searched for its
// SQLSTATE. PostgreSQL sends the code third, after the localized and the
// unlocalized severity, so it lies near the start.
const maxErrorHead = 256

// errorCode returns the SQLSTATE field (C) of the ErrorResponse frame at
// the start of head, or "XX000" when head has none.
func errorCode(head []byte) string {
	if len(head) < 5 {
		return "XX000"
	}
	fields := head[5:]
	for len(fields) > 0 && fields[0] != 0 {
		end := bytes.IndexByte(fields, 0)
		if end < 0 {
			break
		}
		if fields[0] == 'C' {
			return string(fields[1:end])
		}
		fields = fields[end+1:]
	}
	return "XX000"
}

// maxRewrittenError bounds the ErrorResponse the relay decodes to rewrite.
// PostgreSQL's cancellation errors are far shorter.
const maxRewrittenError = 8 * 1024

// relayTimeoutError forwards the ErrorResponse at the head of the upstream
// buffer after the statement timer fired, turning the query_canceled error
// the CancelRequest caused into PostgreSQL's statement-timeout message.
// Other errors pass unchanged. It returns the bytes written.
func (r *relayState) relayTimeoutError(bodyLen int) (int, error) {
	client, up := r.session.client, r.upstream
	if bodyLen > maxRewrittenError {
		return 5 + bodyLen, copyFrame(client.w, up.r, 5+bodyLen)
	}
	frame, err := up.r.Peek(5 + bodyLen)
	if err != nil {
		return 0, err
	}
	var msg pgproto3.ErrorResponse
	if msg.Decode(frame[5:]) != nil || msg.Code != "57014" {
		return 5 + bodyLen, copyFrame(client.w, up.r, 5+bodyLen)
	}
	up.r.Discard(5 + bodyLen)
	msg.Message = errStatementTimeout().Message
	out, err := msg.Encode(nil)
	if err != nil {
		return 0, err
	}
	_, err = client.w.Write(out)
	return len(out), err
}
