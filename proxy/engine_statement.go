package proxy

import (
	"errors"
	"sync/atomic"
	"time"

	"pgway/providers"
	"pgway/translate"
)

// engineStatement is the statement an engine session runs. As in the
// relay, it starts with the first query message the client sends after
// ReadyForQuery and ends at the next ReadyForQuery. So a Query message
// with several statements is one statement, as is an extended-protocol
// batch up to its Sync. The statement timeout covers that whole
// unit, as in PostgreSQL before version 13. Only the engine's goroutine
// uses it.
type engineStatement struct {
	start time.Time
	// query is the SQL text whose fingerprint the audit record gets: that
	// of the first Query or Parse, or of the statement of the first Bind.
	query string
	// text is the SQL text of the message being handled, whose positions
	// errors of undefined names point into.
	text     string
	rows     int64
	sqlstate string // of the first error the client got
}

// statementClock is the part of the running statement that the timeout
// timer reads from its own goroutine.
type statementClock struct {
	// busy is set from a statement's first message to its ReadyForQuery.
	// Drain reads it to wait for the statement.
	busy atomic.Bool
	// start is when the statement began, in nanoseconds since base on the
	// monotonic clock.
	start atomic.Int64
	base  time.Time
	// timeout is the statement's timeout in nanoseconds, 0 for none.
	timeout atomic.Int64
	// timedOut is set when the timeout cancelled the statement.
	timedOut atomic.Bool
	timer    *time.Timer
}

func (c *statementClock) elapsed() time.Duration {
	return time.Since(c.base) - time.Duration(c.start.Load())
}

// beginsStatement reports whether a client message of type typ begins a
// statement when none is running.
func beginsStatement(typ byte) bool {
	switch typ {
	case 'Q', 'P', 'B', 'D', 'E', 'C', 'S':
		return true
	}
	return false
}

// beginStatement runs before the first message of a statement. It returns
// the error that ends the session instead when a reload has revoked the
// session's access or the server is draining. busy is set before the
// drain check, so either Drain waits for the statement or the statement
// does not run.
func (e *engine) beginStatement() error {
	s, clock := e.s, &e.clock
	clock.busy.Store(true)
	err := s.checkAccess()
	if err == nil && s.srv.draining.Load() {
		err = errShutdown()
	}
	if err != nil {
		clock.busy.Store(false)
		return err
	}
	now := time.Now()
	e.stmt = engineStatement{start: now}
	clock.start.Store(int64(now.Sub(clock.base)))
	clock.timedOut.Store(false)
	timeout := s.statementTimeout(e.sessionTimeout)
	clock.timeout.Store(int64(timeout))
	if timeout > 0 {
		if clock.timer == nil {
			// Made stopped and then reset, so the field is set before the
			// timer's goroutine can read it.
			clock.timer = time.AfterFunc(time.Hour, e.expireStatement)
			clock.timer.Stop()
		}
		clock.timer.Reset(timeout)
	}
	return nil
}

// endStatement records the running statement in the metrics and the audit
// log, just before its ReadyForQuery.
func (e *engine) endStatement() {
	clock := &e.clock
	if !clock.busy.Load() {
		return
	}
	if clock.timer != nil {
		clock.timer.Stop()
	}
	clock.busy.Store(false)
	e.s.reportStatement(time.Since(e.stmt.start), e.stmt.rows, e.stmt.sqlstate, e.stmt.query)
}

// noteQuery keeps sql as the text of the message being handled, and as
// the statement's text for its audit fingerprint unless an earlier
// message of the statement gave one.
func (e *engine) noteQuery(sql string) {
	e.stmt.text = sql
	if e.stmt.query == "" {
		e.stmt.query = sql
	}
}

// expireStatement runs on the timer's goroutine when a statement timeout
// passes. A timer left over from an earlier statement re-arms for the rest
// of the running statement's time.
func (e *engine) expireStatement() {
	clock := &e.clock
	timeout := time.Duration(clock.timeout.Load())
	if timeout <= 0 || !clock.busy.Load() {
		return
	}
	if left := timeout - clock.elapsed(); left > 0 {
		clock.timer.Reset(left)
		return
	}
	if clock.timedOut.Swap(true) {
		return
	}
	e.s.log.Info("statement timed out; cancelling it", "statement_timeout", timeout.String())
	e.cancel()
}

// statementError converts an error of a statement into the error the
// client gets, as asStatementError does. A cancellation that the
// statement timeout caused becomes errStatementTimeout. Other warehouse
// errors are counted in the metrics.
func (e *engine) statementError(err error) (*pgError, bool) {
	pgErr, ok := asStatementError(err)
	if !ok {
		return nil, false
	}
	if pgErr.Code == "57014" && e.clock.timedOut.Load() {
		return errStatementTimeout(), true
	}
	var provErr *providers.Error
	if errors.As(err, &provErr) {
		e.s.upstreamError(provErr.Code)
		if pgErr.Position == 0 {
			if named, ok := translate.LocateName(e.stmt.text, pgErr.Code, pgErr.Message, e.relations); ok {
				pgErr.Position = int32(named.Position)
				pgErr.Message = named.Message
				if named.Hint != "" {
					pgErr.Hint = named.Hint
				}
			}
		}
	}
	return pgErr, true
}
