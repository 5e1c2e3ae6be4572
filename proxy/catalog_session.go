package proxy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/catalog"
	"pgway/providers"
	"pgway/translate"
)

// mirrorSession is an engine session's side of the catalog database: the
// connection's mirror and, from the first catalog statement on, a
// connection to it as the user's role. Only the engine's goroutine uses
// it.
type mirrorSession struct {
	manager *catalog.Manager
	mirror  *catalog.Mirror
	release func()
	conn    *pgconn.PgConn
	// applied holds the settings as last sent to conn, by lower-case name.
	applied map[string]string
	// typesWaited is set once the session has waited for the mirror's
	// PostGIS type OIDs.
	typesWaited bool
	// databasesReady is set once the databases of every connection the
	// user may use exist, so pg_database can list them.
	databasesReady bool
	// resultTypes are the connection's descriptions of warehouse
	// statements on the mirror database, shared by its sessions.
	resultTypes *resultTypeCache
	// refreshWaited is set once the session has waited for the mirror's
	// first refresh to describe a warehouse statement.
	refreshWaited bool
	// describeRetry is when the session next tries to describe a
	// warehouse statement after the mirror database could not be reached.
	describeRetry time.Time
}

// mirrorConnectTimeout bounds opening the session's connection to the
// catalog database, the first refresh of the mirror included.
const mirrorConnectTimeout = 2 * time.Minute

// maxMirrorResultBytes bounds the size of one catalog result, which is
// read into memory before the first row is sent.
const maxMirrorResultBytes = 64 << 20

// rowOverhead and valueOverhead are what a row of a catalog result and
// each of its values take in memory besides the value's bytes: the row's
// slice header and the interface and slice header of each value.
const (
	rowOverhead   = 24
	valueOverhead = 40
)

// unforwardedSettings are the parameters that pgway keeps to itself: the
// catalog role's read-only default, and parameters that describe pgway's
// side of the session or that pgway applies itself.
var unforwardedSettings = map[string]bool{
	"client_encoding": true, "server_version": true, "server_version_num": true, "server_encoding": true,
	"is_superuser": true, "session_authorization": true, "in_hot_standby": true,
	"integer_datetimes": true, "default_transaction_read_only": true,
	"transaction_read_only": true, "statement_timeout": true, "role": true,
	"transaction_isolation": true, "default_transaction_isolation": true,
}

// openMirror starts the mirror of the session's connection, which begins
// mirroring in the background once the user's access has been checked.
func (e *engine) openMirror() {
	m := e.s.srv.catalog
	if m == nil {
		return
	}
	mirror := m.Mirror(e.s.connection)
	e.mirror = &mirrorSession{manager: m, mirror: mirror, release: mirror.Acquire(),
		applied:     map[string]string{},
		resultTypes: mirror.Attachment(resultTypeCacheKey{}, newResultTypeCache).(*resultTypeCache)}
	for name, value := range map[string]string{"server_version": m.ServerVersion(), "server_version_num": m.ServerVersionNum()} {
		e.settings.values[name] = value
		e.settings.defaults[name] = value
	}
}

func (ms *mirrorSession) close() {
	if ms.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		ms.conn.Close(ctx)
		cancel()
	}
	ms.release()
}

// catalogConn returns the session's connection to the mirror database,
// opening it on first use, with the session's settings applied.
func (e *engine) catalogConn(ctx context.Context) (*pgconn.PgConn, error) {
	ms := e.mirror
	if ms.conn != nil && ms.conn.IsClosed() {
		ms.conn, ms.applied = nil, map[string]string{}
	}
	if ms.conn == nil {
		connectCtx, cancel := context.WithTimeout(ctx, mirrorConnectTimeout)
		defer cancel()
		if !ms.databasesReady {
			// Only pg_database's list depends on the other connections'
			// databases, so failing to make one does not stop the session.
			if err := ms.manager.EnsureDatabases(connectCtx, e.s.srv.allowedConnections(e.s.principal)); err != nil {
				e.s.log.Warn("catalog databases of other connections not created; pg_database lists only those that exist",
					"error", err)
			}
			ms.databasesReady = true
		}
		conn, err := ms.manager.Connect(connectCtx, ms.mirror, e.s.principal.User, nil)
		if err != nil {
			return nil, e.catalogError("connect to the catalog database", err)
		}
		ms.conn = conn
	}
	e.applySettings(ctx)
	return ms.conn, nil
}

// applySettings sends the session's settings that changed since they were
// last sent. A setting the catalog database rejects, such as one it does
// not know, is skipped: pgway accepted it, and the statement runs without
// it.
func (e *engine) applySettings(ctx context.Context) {
	ms := e.mirror
	for name, value := range e.settings.values {
		if unforwardedSettings[name] {
			continue
		}
		if old, ok := ms.applied[name]; ok && old == value {
			continue
		}
		ms.applied[name] = value
		result := ms.conn.ExecParams(ctx, "SELECT pg_catalog.set_config($1, $2, false)",
			[][]byte{[]byte(name), []byte(value)}, nil, nil, nil).Read()
		if result.Err != nil {
			e.s.log.Debug("catalog database rejected a setting", "setting", name, "error", result.Err)
		}
	}
}

// mirrorStatement is a catalog statement described by the mirror
// database. It is parsed again at each execution, as the unnamed
// statement, so no server-side statement outlives a portal.
type mirrorStatement struct {
	sql string
	// rewritten is set when sql differs from the client's text, so error
	// positions do not apply to it.
	rewritten bool
	paramOIDs []uint32
	fields    []pgconn.FieldDescription
	columns   []providers.Column
}

func (st *mirrorStatement) ParamOIDs() []uint32         { return st.paramOIDs }
func (st *mirrorStatement) Columns() []providers.Column { return st.columns }
func (st *mirrorStatement) Close() error                { return nil }

// mirrorParams are a portal's parameter values as the client sent them,
// passed to the catalog database unchanged.
type mirrorParams struct {
	values  [][]byte
	formats []int16
}

// rawValue is a value that the catalog database encoded in the format the
// client requested, sent as it is.
type rawValue []byte

// prepareMirror describes a catalog statement on the mirror database. A
// DECLARE or COPY TO STDOUT of a catalog query runs like one of a
// warehouse query, with the query on the mirror database.
func (e *engine) prepareMirror(ctx context.Context, ts translate.Statement, clientOIDs []uint32) (*preparedStatement, error) {
	if ts.Cursor == "" && ts.Copy == nil {
		return e.prepareMirrorSQL(ctx, ts.SQL, clientOIDs)
	}
	query, err := translate.RoutedQueryText(ts.SQL)
	if err != nil {
		return nil, err
	}
	if ts.Copy != nil {
		return e.prepareMirrorCopy(ctx, ts, query, clientOIDs)
	}
	c := declareCommand(ts)
	c.query, c.catalog = query, true
	inner, err := e.prepareMirrorSQL(ctx, query, clientOIDs)
	if err != nil {
		return nil, err
	}
	if len(inner.columns) == 0 {
		return nil, errStatement("42601", "DECLARE CURSOR must be followed by a query that returns rows")
	}
	return &preparedStatement{sql: ts.SQL, cursor: c, declared: inner, paramOIDs: inner.paramOIDs}, nil
}

// prepareMirrorCopy prepares COPY (query) TO STDOUT with the query on the
// mirror database.
func (e *engine) prepareMirrorCopy(ctx context.Context, ts translate.Statement, query string, clientOIDs []uint32) (*preparedStatement, error) {
	c, err := newCopyCommand(ts)
	if err != nil {
		return nil, err
	}
	c.query = query
	inner, err := e.prepareMirrorSQL(ctx, query, clientOIDs)
	if err != nil {
		return nil, err
	}
	if len(inner.columns) == 0 {
		return nil, errStatement("42601", "COPY query must have a RETURNING clause or return rows")
	}
	return &preparedStatement{sql: ts.SQL, stmt: inner.stmt, copy: c, copyColumns: inner.columns,
		paramOIDs: inner.paramOIDs}, nil
}

// prepareMirrorSQL describes one statement, as the client wrote it, on
// the mirror database.
//
// NOTE: the mirror database has no copy of the session's temporary tables
// and views, so catalog statements do not see them, where PostgreSQL
// lists them in pg_temp_N (pg_class, information_schema, regclass, psql's
// \d). The session's own connection could hold such copies as temporary
// tables, but the user's role has no TEMPORARY privilege on the mirror
// database and runs read-only transactions (catalog/roles.go and
// sync.go).
func (e *engine) prepareMirrorSQL(ctx context.Context, text string, clientOIDs []uint32) (*preparedStatement, error) {
	sql, err := translate.RestrictDatabases(text, e.s.srv.allowedConnections(e.s.principal))
	if err != nil {
		return nil, err
	}
	conn, err := e.catalogConn(ctx)
	if err != nil {
		return nil, err
	}
	desc, err := conn.Prepare(ctx, "", sql, clientOIDs)
	if err != nil {
		return nil, e.mirrorError(err, sql == text)
	}
	st := &mirrorStatement{sql: sql, rewritten: sql != text, paramOIDs: desc.ParamOIDs, fields: desc.Fields}
	st.columns = make([]providers.Column, len(desc.Fields))
	for i, f := range desc.Fields {
		st.columns[i] = providers.Column{Name: f.Name, TypeOID: f.DataTypeOID,
			TypeModifier: f.TypeModifier, TypeSize: f.DataTypeSize}
	}
	// pgconn leaves Fields nil for NoData and empty for a RowDescription
	// without fields, which a SELECT without columns gets.
	noColumns := desc.Fields != nil && len(desc.Fields) == 0
	return &preparedStatement{sql: text, stmt: st, paramOIDs: st.paramOIDs, columns: st.columns, noColumns: noColumns}, nil
}

// executeMirror runs a catalog statement with the client's parameter
// values and result formats and reads its result into memory. The
// connection is then free for the session's next catalog statement, even
// when the client reads the portal in parts.
func (e *engine) executeMirror(ctx context.Context, st *mirrorStatement, params *mirrorParams, formats []int16) (providers.Rows, error) {
	if e.txStatus == 'E' {
		return nil, errStatement("25P02",
			"current transaction is aborted, commands ignored until end of transaction block")
	}
	conn, err := e.catalogConn(ctx)
	if err != nil {
		return nil, err
	}
	if params == nil {
		params = &mirrorParams{}
	}

	reader := conn.ExecParams(ctx, st.sql, params.values, st.paramOIDs, params.formats, formats)
	rows := &staticRows{}
	size := 0
	for reader.NextRow() {
		values := reader.Values()
		row := make([]any, len(values))
		// Each row and value costs memory beyond its bytes, so rows of
		// NULLs or of no columns count too.
		size += rowOverhead + valueOverhead*len(values)
		for i, v := range values {
			size += len(v)
			if v != nil {
				row[i] = rawValue(append([]byte{}, v...))
			}
		}
		if size > maxMirrorResultBytes {
			reader.Close()
			return nil, errStatement("54000", fmt.Sprintf("catalog query result exceeds %d bytes", maxMirrorResultBytes))
		}
		rows.rows = append(rows.rows, row)
	}

	tag, err := reader.Close()
	if err != nil {
		return nil, e.mirrorError(err, !st.rewritten)
	}
	rows.tag = tag.String()
	return rows, nil
}

// mirrorError converts an error of the catalog database into the error
// the client gets: PostgreSQL's errors keep their fields, and the
// position only when withPosition is set, because a rewritten statement
// differs from the client's text.
func (e *engine) mirrorError(err error, withPosition bool) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		out := &pgError{Severity: "ERROR", Code: pgErr.Code, Message: pgErr.Message,
			Detail: pgErr.Detail, Hint: pgErr.Hint}
		if withPosition {
			out.Position = pgErr.Position
		}
		return out
	}
	return e.catalogError("run a catalog query", err)
}

// catalogError converts a failure to reach or prepare the catalog
// database. Errors the catalog package made for clients keep their
// SQLSTATE; others are logged and reported without their text, which
// names the catalog cluster.
func (e *engine) catalogError(action string, err error) error {
	var catErr *catalog.Error
	if errors.As(err, &catErr) {
		return &pgError{Severity: "ERROR", Code: catErr.Code, Message: catErr.Message, Hint: catErr.Hint}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return &pgError{Severity: "ERROR", Code: pgErr.Code, Message: pgErr.Message, Detail: pgErr.Detail, Hint: pgErr.Hint}
	}
	if errors.Is(err, context.Canceled) {
		return errQueryCanceled()
	}
	e.s.log.Error("catalog database failed", "action", action, "error", err)
	return errStatement("08006", "could not "+action)
}
