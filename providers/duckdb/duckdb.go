// Package duckdb is the provider for DuckDB: database files (provider_id
// duckdb) and carto_dw, the demo warehouse embedded in pgway.
//
// Importing the package registers both providers.
package duckdb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

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
	readOnly := false
	if v := creds["read_only"]; v != "" {
		b, err := config.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("read_only: %w", err)
		}
		readOnly = b
	}
	dsn := creds["path"]
	if readOnly {
		dsn += "?" + url.Values{"access_mode": {"READ_ONLY"}}.Encode()
	}
	// TODO: users of a duckdb connection can read any file pgway can read
	// (read_csv, ATTACH). A credential option should turn
	// enable_external_access off.
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, convertError(fmt.Errorf("open duckdb file: %w", err))
	}
	s, err := newSession(ctx, connector, false)
	if err != nil {
		connector.Close()
		return nil, err
	}
	s.connector = connector
	return s, nil
}

// session is one client's connection to a DuckDB database.
type session struct {
	conn *duckdb.Conn
	// connector is closed with the session; nil when the database is shared.
	connector *duckdb.Connector
	// readOnly rejects every statement except SELECT and EXPLAIN, for a
	// database that DuckDB itself cannot open read-only (in-memory).
	readOnly bool

	mu      sync.Mutex
	cancels map[*context.CancelFunc]struct{}
}

func newSession(ctx context.Context, connector *duckdb.Connector, readOnly bool) (*session, error) {
	c, err := connector.Connect(ctx)
	if err != nil {
		return nil, convertError(fmt.Errorf("connect to duckdb: %w", err))
	}
	return &session{
		conn:     c.(*duckdb.Conn),
		readOnly: readOnly,
		cancels:  make(map[*context.CancelFunc]struct{}),
	}, nil
}

// Prepare prepares sql without running it. The driver's Prepare, unlike
// PrepareContext, rejects several statements instead of running all but
// the last.
func (s *session) Prepare(ctx context.Context, sql string) (providers.Statement, error) {
	if err := ctx.Err(); err != nil {
		return nil, convertError(err)
	}
	st := &statement{session: s, sql: sql}
	var err error
	if st.stmt, err = s.prepare(sql); err != nil {
		return nil, err
	}
	if err := st.describe(); err != nil {
		st.stmt.Close()
		return nil, convertError(err)
	}
	return st, nil
}

func (s *session) prepare(sql string) (*duckdb.Stmt, error) {
	prepared, err := s.conn.Prepare(sql)
	if err != nil {
		return nil, convertError(err)
	}
	return prepared.(*duckdb.Stmt), nil
}

// Execute runs the statement. When the statement's previous result is
// still open (a suspended portal), it is prepared again, so each open
// result has a driver statement of its own.
func (s *session) Execute(ctx context.Context, stmt providers.Statement, args []any) (providers.Rows, error) {
	st, ok := stmt.(*statement)
	if !ok || st.session != s {
		return nil, errors.New("duckdb: statement belongs to another session")
	}
	if s.readOnly && !st.kind.readOnly() {
		return nil, &providers.Error{Code: "25006",
			Message: fmt.Sprintf("cannot execute %s in a read-only transaction", st.kind.tag()),
			Hint:    "this connection is a read-only demo warehouse"}
	}
	driverStmt, owned := st.stmt, false
	if st.busy {
		var err error
		if driverStmt, err = s.prepare(st.sql); err != nil {
			return nil, err
		}
		owned = true
	}

	ctx, cancel := context.WithCancel(ctx)
	s.track(&cancel, true)
	defer func() {
		s.track(&cancel, false)
		cancel()
	}()

	named := make([]driver.NamedValue, len(args))
	for i, arg := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: arg}
	}
	r := &rows{statement: st, driverStmt: driverStmt, ownsStmt: owned}
	if err := r.run(ctx, named); err != nil {
		if owned {
			driverStmt.Close()
		}
		return nil, convertError(err)
	}
	if !owned {
		st.busy = true
	}
	return r, nil
}

// track adds or removes the cancel function of a running statement.
func (s *session) track(cancel *context.CancelFunc, running bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if running {
		s.cancels[cancel] = struct{}{}
	} else {
		delete(s.cancels, cancel)
	}
}

// Cancel interrupts the running statement. The driver interrupts DuckDB
// when the statement's context is cancelled.
func (s *session) Cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for cancel := range s.cancels {
		(*cancel)()
	}
}

func (s *session) Close() error {
	err := s.conn.Close()
	if s.connector != nil {
		err = errors.Join(err, s.connector.Close())
	}
	return err
}

// statement is a prepared DuckDB statement.
type statement struct {
	session    *session
	sql        string
	stmt       *duckdb.Stmt
	kind       statementKind
	params     []uint32
	columns    []providers.Column
	converters []convertFunc
	// busy is set while rows read from stmt are open.
	busy   bool
	closed bool
}

func (st *statement) describe() error {
	t, err := st.stmt.StatementType()
	if err != nil {
		return err
	}
	st.kind = statementKind(t)
	if st.params, err = paramOIDs(st.stmt); err != nil {
		return err
	}
	if !st.kind.returnsRows() {
		return nil
	}
	st.columns, st.converters, err = describeColumns(st.stmt)
	return err
}

func (st *statement) ParamOIDs() []uint32         { return st.params }
func (st *statement) Columns() []providers.Column { return st.columns }

// Close closes the driver statement, or leaves that to the open rows read
// from it.
func (st *statement) Close() error {
	if st.closed {
		return nil
	}
	st.closed = true
	if st.busy {
		return nil
	}
	return st.stmt.Close()
}
