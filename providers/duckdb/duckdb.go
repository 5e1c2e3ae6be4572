// Package duckdb is the provider for DuckDB: database files (provider_id
// duckdb) and carto_dw, the demo warehouse embedded in pgway.
//
// Importing the package registers both providers.
package duckdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers"
)

func init() {
	providers.Register("duckdb", openFile)
	providers.Register("carto_dw", openDemo)
}

// openFile opens a session on the DuckDB file named by the connection's
// path credential. Sessions on the same file share one database instance
// through the driver's instance cache.
func openFile(ctx context.Context, conn *config.Connection) (providers.Session, error) {
	creds := conn.Config.Credentials
	readOnly, err := boolCredential(creds, "read_only")
	if err != nil {
		return nil, err
	}
	externalAccess, err := boolCredential(creds, "external_access")
	if err != nil {
		return nil, err
	}
	options := url.Values{}
	if readOnly {
		options.Set("access_mode", "READ_ONLY")
	}
	db, err := acquireDatabase(ctx, creds["path"], options, 0, !externalAccess)
	if err != nil {
		return nil, convertError(err)
	}
	s, err := newSession(ctx, db, false)
	if err != nil {
		db.release()
		return nil, err
	}
	s.ownsDatabase = true
	return s, nil
}

// boolCredential returns the Boolean credential name, false when it is
// absent.
func boolCredential(creds map[string]string, name string) (bool, error) {
	v := creds[name]
	if v == "" {
		return false, nil
	}
	b, err := config.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// maxConnections bounds the DuckDB connections of one session, which
// grow with the results the client keeps open at once.
const maxConnections = 64

// session is one client's connection to a DuckDB database.
//
// DuckDB runs nothing else on a connection while one of its streaming
// results is open. A statement prepared or executed while every
// connection of the session has an open result gets a new connection to
// the same database, so suspended portals and cursors each keep one.
type session struct {
	db *database
	// ownsDatabase is set when the session releases db when it closes.
	ownsDatabase bool
	// readOnly rejects every statement except SELECT and EXPLAIN, for a
	// database that DuckDB itself cannot open read-only (the demo).
	readOnly bool

	// mu guards conns and their flags, which Cancel reads from another
	// goroutine.
	mu    sync.Mutex
	conns []*conn // conns[0] is opened with the session

	// timeZone is the TimeZone in which DuckDB converts between
	// TIMESTAMPTZ and dates or local times: the client's, which the
	// engine sets, and UTC until then. The host's zone, DuckDB's default,
	// would make results depend on the machine.
	timeZone string
	// searchPath are the schemas of the client's search_path, nil until
	// the engine sets them, and duckPath DuckDB's search_path for them
	// (see duckSearchPath).
	searchPath []string
	duckPath   duckPath
	// tx is the open transaction, nil outside a transaction block and an
	// implicit transaction.
	tx *transaction
	// block is the open transaction block, whose DuckDB transaction, tx,
	// may begin after it.
	block *block
	// implicit is set while the engine runs a query string or batch
	// outside a block, whose changes run in one transaction.
	implicit bool
	// rejectChanges is set in a read-only transaction.
	rejectChanges bool
	// onCommit are the temporary tables that a commit drops or empties.
	onCommit []*onCommitTable
	// selfReferences are the tables with a foreign key to themselves.
	selfReferences *selfReferences
	// temporary is the connection on which the session created a
	// temporary table or view. Only that connection can read it, so every
	// statement runs there from then on.
	temporary *conn
	// temporaryColumns are the column types of the temporary tables as
	// last read (TemporaryColumns).
	temporaryColumns *temporaryColumns
}

// txConn returns the connection of the open transaction, or nil.
func (s *session) txConn() *conn {
	if s.tx == nil {
		return nil
	}
	return s.tx.conn
}

// conn is one DuckDB connection of a session.
type conn struct {
	handle bindings.Connection
	// busy is set while a streaming result is open on the connection.
	busy bool
	// running is set while a C call runs a query on the connection.
	running bool
	// settings are the settings last set on the connection.
	settings connSettings
}

func newSession(ctx context.Context, db *database, readOnly bool) (*session, error) {
	if err := ctx.Err(); err != nil {
		return nil, convertError(err)
	}
	s := &session{db: db, readOnly: readOnly, timeZone: "UTC"}
	if _, err := s.connect(); err != nil {
		return nil, err
	}
	return s, nil
}

// connect opens a connection and adds it to the session. mu must not be
// held.
func (s *session) connect() (*conn, error) {
	c := &conn{}
	if bindings.Connect(s.db.handle, &c.handle) == bindings.StateError {
		return nil, convertError(errors.New("connect to duckdb failed"))
	}
	if err := createArrayMacros(c); err != nil {
		bindings.Disconnect(&c.handle)
		return nil, err
	}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	return c, nil
}

// idle returns a connection without an open result, opening one if every
// connection has one. After the session created a temporary relation it
// returns that relation's connection, and fails with 0A000 while that one
// has an open result.
func (s *session) idle() (*conn, error) {
	s.mu.Lock()
	if t := s.temporary; t != nil {
		busy := t.busy
		s.mu.Unlock()
		if busy {
			return nil, &providers.Error{Code: "0A000",
				Message: "a statement while a cursor or portal is open is not supported on DuckDB in a session with temporary tables",
				Hint:    "DuckDB's temporary tables belong to one connection. Fetch the whole result or close the cursor first."}
		}
		return t, nil
	}
	for _, c := range s.conns {
		if !c.busy {
			s.mu.Unlock()
			return c, nil
		}
	}
	n := len(s.conns)
	s.mu.Unlock()
	if n >= maxConnections {
		return nil, &providers.Error{Code: "54000",
			Message: fmt.Sprintf("too many open results: the session already has %d", n),
			Hint:    "Close portals or cursors that are no longer needed."}
	}
	return s.connect()
}

func (s *session) setBusy(c *conn, busy bool) {
	s.mu.Lock()
	c.busy = busy
	s.mu.Unlock()
}

func (s *session) setRunning(c *conn, running bool) {
	s.mu.Lock()
	c.running = running
	s.mu.Unlock()
}

// Prepare prepares sql without running it. DuckDB rejects a string with
// several statements.
func (s *session) Prepare(ctx context.Context, sql string) (providers.Statement, error) {
	if err := ctx.Err(); err != nil {
		return nil, convertError(err)
	}
	c, err := s.idle()
	if err != nil {
		return nil, err
	}
	version := s.db.relations.version.Load()
	settings, err := s.applySettings(c)
	if err != nil {
		return nil, err
	}
	prepared, err := prepare(c, sql)
	if err != nil {
		if s.tx != nil && c == s.tx.conn {
			s.tx.aborted = true // a failed statement aborts DuckDB's transaction
		}
		return nil, err
	}
	st := &statement{session: s, conn: c, sql: sql, prepared: prepared, settings: settings, schemaVersion: version}
	st.describe()
	return st, nil
}

func prepare(c *conn, sql string) (bindings.PreparedStatement, error) {
	var prepared bindings.PreparedStatement
	if bindings.Prepare(c.handle, sql, &prepared) == bindings.StateError {
		message := bindings.PrepareError(prepared)
		bindings.DestroyPrepare(&prepared)
		return prepared, convertError(newError(message))
	}
	return prepared, nil
}

// Execute runs the statement. When the statement's connection has an open
// result, the statement is prepared again on an idle connection.
func (s *session) Execute(ctx context.Context, stmt providers.Statement, args []any) (providers.Rows, error) {
	st, ok := stmt.(*statement)
	if !ok || st.session != s {
		return nil, errors.New("duckdb: statement belongs to another session")
	}
	if s.readOnly && !st.kind.readOnly() {
		return nil, &providers.Error{Code: "25006",
			Message: fmt.Sprintf("cannot execute %s in a read-only transaction", st.kind.tag()),
			Hint:    "This connection is a read-only demo warehouse."}
	}
	if s.rejectChanges && !st.kind.readOnly() {
		return nil, &providers.Error{Code: "25006",
			Message: fmt.Sprintf("cannot execute %s in a read-only transaction", st.kind.tag())}
	}
	if err := ctx.Err(); err != nil {
		return nil, convertError(err)
	}
	if err := s.beginChanges(ctx, st.kind); err != nil {
		return nil, err
	}
	if err := s.checkSnapshot(); err != nil {
		return nil, err
	}
	target := st.conn
	if s.tx != nil {
		var err error
		if target, err = s.transactionConn(st.kind); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	reuse := target == st.conn && !st.conn.busy
	s.mu.Unlock()
	if reuse {
		if err := st.followSettings(); err != nil {
			return nil, err
		}
	}
	r := &rows{session: s, statement: st, conn: st.conn, prepared: st.prepared}
	if !reuse {
		var err error
		if s.tx == nil {
			target, err = s.idle()
			if err != nil {
				return nil, err
			}
		}
		r.conn = target
		if _, err = s.applySettings(r.conn); err != nil {
			return nil, err
		}
		if r.prepared, err = prepare(r.conn, st.sql); err != nil {
			if r.conn == s.txConn() {
				s.tx.aborted = true
			}
			return nil, err
		}
		r.ownsPrepared = true
	}
	if err := s.checkRenamedDependents(r.conn, st); err != nil {
		if r.ownsPrepared {
			bindings.DestroyPrepare(&r.prepared)
		}
		return nil, err
	}
	if err := s.checkCommentedKind(r.conn, st); err != nil {
		if r.ownsPrepared {
			bindings.DestroyPrepare(&r.prepared)
		}
		return nil, err
	}
	if err := s.checkDroppedReferences(r.conn, st); err != nil {
		if r.ownsPrepared {
			bindings.DestroyPrepare(&r.prepared)
		}
		return nil, err
	}
	if err := s.checkTruncatedReferences(r.conn, st); err != nil {
		if r.ownsPrepared {
			bindings.DestroyPrepare(&r.prepared)
		}
		return nil, err
	}
	selfReferencing := s.changesSelfReferencing(r.conn, st)
	var err error
	if st.truncate != nil {
		err = s.truncateTables(ctx, r, args)
	} else {
		err = r.run(ctx, args)
	}
	if err != nil && selfReferencing {
		err = selfReferenceError(st, err)
	}
	s.noteSchemaChange(st.kind)
	if err == nil && bindings.StatementType(st.kind) == bindings.StatementTypeCreate && createsTemporary.MatchString(st.sql) {
		s.mu.Lock()
		s.temporary = r.conn
		s.mu.Unlock()
		err = s.noteOnCommit(ctx, r.conn, st)
	}
	if r.conn == s.txConn() {
		s.noteTransaction(st.kind, err)
	} else if err == nil && !st.kind.readOnly() {
		s.db.commits.Add(1)
	}
	if err != nil {
		if r.ownsPrepared {
			bindings.DestroyPrepare(&r.prepared)
		}
		return nil, err
	}
	if st.explains() {
		return &planRows{inner: r}, nil
	}
	return r, nil
}

// createsTemporary matches the statements that create a temporary table
// or view, as the DuckDB dialect writes them.
var createsTemporary = regexp.MustCompile(`(?i)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:GLOBAL\s+|LOCAL\s+)?TEMP(?:ORARY)?\s`)

// SetTimeZone sets the TimeZone of the session's statements, an IANA
// name. Connections and statements take it before their next statement
// runs, since a connection with an open result runs nothing else.
func (s *session) SetTimeZone(ctx context.Context, name string) error {
	c, err := s.idle()
	if err != nil {
		return err
	}
	s.mu.Lock()
	old := s.timeZone
	s.timeZone = name
	s.mu.Unlock()
	if _, err := s.applySettings(c); err != nil {
		s.mu.Lock()
		s.timeZone = old
		s.mu.Unlock()
		return err
	}
	return nil
}

// Cancel interrupts the queries running on the session's connections.
// DuckDB clears an interrupt when the next query starts, so one that
// arrives between queries has no effect.
func (s *session) Cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		if c.running {
			bindings.Interrupt(c.handle)
		}
	}
}

func (s *session) Close() error {
	s.mu.Lock()
	for _, c := range s.conns {
		bindings.Disconnect(&c.handle)
	}
	s.conns = nil
	s.mu.Unlock()
	if s.ownsDatabase {
		return s.db.release()
	}
	return nil
}

// statement is a prepared DuckDB statement.
type statement struct {
	session  *session
	conn     *conn // the connection it is prepared on
	sql      string
	prepared bindings.PreparedStatement
	kind     statementKind
	params   []uint32
	// paramTypes are DuckDB's types of the parameters, which decide how a
	// time.Time argument is bound.
	paramTypes []bindings.Type
	columns    []providers.Column
	types      []logicalType
	converters []convertFunc
	// unresolved is set when DuckDB resolves the types of some result
	// columns only at execution, so that columns describes them as text.
	unresolved bool
	// busy is set while rows read through prepared are open.
	busy   bool
	closed bool
	// settings are those the statement was prepared with, and
	// schemaVersion the database's relations.version then. DuckDB binds
	// time zone conversions and names when it prepares a statement.
	settings      connSettings
	schemaVersion uint64
	// returning is set for INSERT, UPDATE or DELETE with RETURNING, whose
	// rows are read as a query's.
	returning bool
	// onCommit is the table of CREATE TEMPORARY TABLE ... ON COMMIT DROP
	// or ON COMMIT DELETE ROWS (SetOnCommit), or nil.
	onCommit *onCommitTable
	// truncate are the tables of TRUNCATE (SetTruncate), or nil.
	truncate []string
	cascade  bool
}

// returnsRows reports whether the statement is read as a result set.
func (st *statement) returnsRows() bool {
	return st.kind.returnsRows() || st.returning
}

func (st *statement) describe() {
	st.kind = statementKind(bindings.PreparedStatementType(st.prepared))
	st.params, st.paramTypes = paramTypes(st.prepared)
	switch {
	case st.kind.returnsRows():
		st.columns, st.types, st.converters = describeColumns(st.prepared, st.session.db.defaultSRID)
	case st.kind.modifiesRows():
		// DuckDB returns the changed rows' count as one column, Count,
		// without RETURNING and the returned columns with it.
		// NOTE: RETURNING of one BIGINT column named Count looks alike, and
		// is read as a count.
		columns, types, converters := describeColumns(st.prepared, st.session.db.defaultSRID)
		if len(columns) != 1 || columns[0].Name != "Count" || columns[0].TypeOID != pgtype.Int8OID {
			st.columns, st.types, st.converters, st.returning = columns, types, converters, true
		}
	}
	for _, t := range st.types {
		if t.id == bindings.TypeInvalid {
			st.unresolved = true
		}
	}
	if st.unresolved && st.kind.returnsRows() && len(st.params) > 0 && st.describeWithNullParams() {
		st.unresolved = false
	}
}

// LateBound reports whether DuckDB resolves the result's types only at
// execution.
func (st *statement) LateBound() bool { return st.unresolved }

func (st *statement) ParamOIDs() []uint32 { return st.params }

// Columns returns the result columns as PostgreSQL describes them.
func (st *statement) Columns() []providers.Column {
	if st.explains() {
		return planColumns
	}
	return st.columns
}

// Close destroys the prepared statement, or leaves that to the open rows
// read through it.
func (st *statement) Close() error {
	if st.closed {
		return nil
	}
	st.closed = true
	if !st.busy {
		bindings.DestroyPrepare(&st.prepared)
	}
	return nil
}

// quoteString writes s as a SQL string constant.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
