package proxy

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/translate"
)

// engine runs the PostgreSQL protocol itself for a provider that pgway
// drives through the providers.Session interface: simple query, the
// extended protocol and session commands. One goroutine runs it; only
// cancel is called from others.
type engine struct {
	s        *session
	provider providers.Session
	// mirror is the catalog database's side of the session, nil without
	// catalog.dsn.
	mirror  *mirrorSession
	dialect translate.Dialect
	types   *pgtype.Map

	statements map[string]*preparedStatement
	portals    map[string]*portal
	settings   *settings
	// txStatus is the status sent in ReadyForQuery: 'I' idle, 'T' in a
	// transaction block, 'E' in a failed transaction block.
	txStatus byte
	// txStart is the start of the current transaction, which now() returns;
	// zero until a statement of the transaction is translated.
	txStart time.Time
	// savepoints are the savepoints of the transaction block, oldest first.
	savepoints []string
	// skipToSync is set after an error in the extended protocol: messages
	// are discarded until the next Sync.
	skipToSync bool

	// mu guards running, the context of the provider call the client
	// waits for.
	mu      sync.Mutex
	running context.CancelFunc

	stmt  engineStatement
	clock statementClock
	// sessionTimeout is the session's statement_timeout, 0 for none.
	sessionTimeout time.Duration
	// zone and location are the session's TimeZone, in which timestamptz
	// values are written.
	zone     string
	location *time.Location
	// floatDigits is extra_float_digits, which decides how many digits
	// floats are written with.
	floatDigits int
	// txOptions are the characteristics of the current transaction, block
	// or implicit.
	txOptions providers.TxOptions
	// queried is set once the current transaction ran a query, after which
	// its isolation level is fixed.
	queried bool
	// implicit is the implicit transaction of the running Query or batch.
	implicit implicitTransaction
	// refreshPending is set after DDL in a warehouse transaction, whose
	// commit refreshes the catalog mirror.
	refreshPending bool
	// temporaryRelations are the names of the temporary tables and views
	// that the session created, and resolved the column types that the
	// session's dialect has with them, made from base, the temporary
	// tables' columns and search_path.
	temporaryRelations []string
	// relations are the column types that the session's dialect has,
	// nil for a warehouse without them.
	relations *translate.Relations
	resolved  struct {
		base, relations *translate.Relations
		count           int
		temporary       uint64 // the version of the temporary tables' columns
		path            []string
	}
}

// openEngine opens a provider session for the connection and finishes the
// startup with pgway's own parameters.
func (s *session) openEngine(params map[string]string) error {
	dialectOf, ok := dialects[s.connection.ProviderID]
	if !ok {
		s.log.Error("no SQL dialect for the provider", "provider", s.connection.ProviderID)
		return fatal("0A000", "pgway cannot translate SQL for this warehouse", "")
	}
	ctx := context.Background()
	if timeout := time.Duration(s.srv.cfg.Limits.ConnectTimeout); timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	provider, err := providers.Open(providers.WithUser(ctx, s.principal.User), s.connection)
	if err != nil {
		s.log.Error("provider session failed to open", "error", err)
		// A warehouse that rejects the connection's credentials gets its
		// own SQLSTATE (28000, 28P01) and hint, which name no credential.
		var rejected *providers.Error
		if errors.As(err, &rejected) && len(rejected.Code) == 5 && rejected.Code[:2] == "28" {
			return fatal(rejected.Code, rejected.Message, rejected.Hint)
		}
		return fatal("08001", "could not connect to the warehouse", "")
	}
	e := &engine{
		s:           s,
		provider:    provider,
		dialect:     dialectOf(s.connection),
		types:       newTypeMap(),
		statements:  make(map[string]*preparedStatement),
		portals:     make(map[string]*portal),
		settings:    newSettings(params, s.principal.User),
		txStatus:    'I',
		clock:       statementClock{base: time.Now()},
		zone:        "UTC",
		location:    time.UTC,
		floatDigits: 1,
	}
	e.openMirror()

	if err := e.applyStartupSettings(params); err != nil {
		e.close()
		return err
	}
	// "$user" may name a schema of the warehouse.
	e.applySetting("search_path")
	// The engine is in place before ReadyForQuery, so that a Shutdown
	// right after the client has it reaches the engine, which sends 57P01,
	// rather than closing a connection that looks idle in its startup.
	s.mu.Lock()
	s.engine = e
	s.mu.Unlock()
	if err := e.sendStartup(); err != nil {
		s.mu.Lock()
		s.engine = nil
		s.mu.Unlock()
		e.close()
		return err
	}
	return nil
}

func (e *engine) sendStartup() error {
	s := e.s
	for _, p := range e.settings.reported() {
		if err := s.client.send(&pgproto3.ParameterStatus{Name: p.name, Value: p.value}); err != nil {
			return err
		}
	}
	if err := s.client.send(&pgproto3.BackendKeyData{ProcessID: s.id, SecretKey: s.secret}); err != nil {
		return err
	}
	return s.sendAndFlush(&pgproto3.ReadyForQuery{TxStatus: e.txStatus})
}

// runEngine serves the session's messages until the client ends it.
func (s *session) runEngine() error {
	s.mu.Lock()
	e := s.engine
	s.mu.Unlock()
	defer e.close()
	err := e.loop()
	// The engine's messages are counted by the client's writer. Moving
	// the count keeps bytesSent the same and puts it in the session-end
	// log line.
	s.bytesToClient.Add(s.client.sent)
	s.client.sent = 0
	if reason := s.stopReason.Load(); reason != nil {
		return reason
	}
	return err
}

func (e *engine) loop() error {
	client := e.s.client
	limit := e.s.srv.cfg.Limits.MaxMessageBytes
	idle := time.Duration(e.s.srv.cfg.Limits.IdleSessionTimeout)
	for {
		if idle > 0 && e.txStatus == 'I' && !e.skipToSync {
			e.s.conn.SetReadDeadline(time.Now().Add(idle))
		}
		// Checked after the deadline is set: stop stores its reason before
		// it sets a deadline that wakes this read.
		if reason := e.s.stopReason.Load(); reason != nil {
			return reason
		}
		typ, body, err := client.readMessage(limit)
		if err != nil {
			return e.readError(err)
		}
		e.s.conn.SetReadDeadline(time.Time{})
		e.s.clientMessages.Add(1)
		if typ == 'X' {
			return nil
		}
		if !e.clock.busy.Load() && beginsStatement(typ) {
			if err := e.beginStatement(); err != nil {
				return err
			}
			e.beginImplicit()
		}
		if err := e.dispatch(typ, body); err != nil {
			return err
		}
	}
}

// dispatch handles one client message. It returns an error only when the
// session must end.
func (e *engine) dispatch(typ byte, body []byte) error {
	if e.skipToSync && typ != 'S' {
		return nil
	}
	var err error
	switch typ {
	case 'Q':
		return e.simpleQuery(body)
	case 'P':
		err = e.parse(body)
	case 'B':
		err = e.bind(body)
	case 'D':
		err = e.describe(body)
	case 'E':
		err = e.execute(body)
	case 'C':
		err = e.closeMessage(body)
	case 'S':
		return e.sync()
	case 'H':
		return e.s.client.flush()
	case 'd', 'c', 'f':
		// PostgreSQL drops the CopyData, CopyDone and CopyFail that
		// follow a COPY FROM STDIN that failed.
		return nil
	default:
		return errProtocolViolation("invalid frontend message type %q", typ)
	}
	return e.extendedError(err)
}

// extendedError reports a statement error of the extended protocol and
// skips to the next Sync. Errors that end the session pass through.
func (e *engine) extendedError(err error) error {
	if err == nil {
		return nil
	}
	if err := e.reportError(err); err != nil {
		return err
	}
	e.skipToSync = true
	return nil
}

// sync ends an extended-protocol batch. Outside a transaction block it also
// ends the batch's implicit transaction, which closes every portal but
// WITH HOLD cursors.
func (e *engine) sync() error {
	e.skipToSync = false
	e.closePortal("")
	if err := e.endImplicit(); err != nil {
		if err := e.reportError(err); err != nil {
			return err
		}
	}
	e.endStatement()
	return e.s.sendAndFlush(&pgproto3.ReadyForQuery{TxStatus: e.txStatus})
}

func (e *engine) sendError(pgErr *pgError) error {
	if pgErr.Code != "57014" {
		e.s.log.Debug("statement failed", "sqlstate", pgErr.Code)
	}
	if e.stmt.sqlstate == "" {
		e.stmt.sqlstate = pgErr.Code
	}
	return e.s.client.send(pgErr.response())
}

// failTransaction marks an open transaction block as failed, or the
// implicit transaction outside one.
func (e *engine) failTransaction() {
	switch e.txStatus {
	case 'T':
		e.txStatus = 'E'
	case 'I':
		e.implicit.failed = true
	}
}

// reportError sends the error of a statement. Errors that end the session
// pass through.
func (e *engine) reportError(err error) error {
	if reason := e.s.stopReason.Load(); reason != nil {
		return reason // the statement was cancelled because the server stops
	}
	pgErr, ok := e.statementError(err)
	if !ok {
		return err
	}
	e.failTransaction()
	return e.sendError(pgErr)
}

// readError turns a failed read of the client into the session's end.
func (e *engine) readError(err error) error {
	var tooLarge *messageTooLargeError
	var badLength *badLengthError
	switch {
	case e.s.stopReason.Load() != nil:
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

// startStatement returns the context for a provider call, which a
// CancelRequest cancels, and the function that ends it.
func (e *engine) startStatement() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	e.mu.Lock()
	e.running = cancel
	e.mu.Unlock()
	if e.clock.timedOut.Load() {
		// The timeout passed while no provider call ran, so the statement
		// goes on no further.
		cancel()
	}
	stopWatch := e.watchDisconnect()
	return ctx, func() {
		stopWatch()
		e.mu.Lock()
		e.running = nil
		e.mu.Unlock()
		cancel()
	}
}

// cancel interrupts the statement the client waits for, if any. As in
// PostgreSQL, a cancel request that arrives between statements does
// nothing.
func (e *engine) cancel() {
	e.mu.Lock()
	running := e.running
	e.mu.Unlock()
	if running != nil {
		running()
		e.provider.Cancel()
	}
}

// stop makes the engine end the session with the reason that stop has
// stored in the session: it cancels the running statement and wakes the
// loop's read.
func (e *engine) stop() {
	e.cancel()
	e.s.raw.SetReadDeadline(time.Now())
}

func (e *engine) close() {
	if e.clock.timer != nil {
		e.clock.timer.Stop()
	}
	for name := range e.portals {
		e.closePortal(name)
	}
	for name, st := range e.statements {
		st.close()
		delete(e.statements, name)
	}
	if e.mirror != nil {
		e.mirror.close()
	}
	if err := e.provider.Close(); err != nil {
		e.s.log.Warn("provider session close failed", "error", err)
	}
}
