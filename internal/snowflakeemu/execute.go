package snowflakeemu

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// session is one Snowflake session, served by one DuckDB connection.
type session struct {
	id                 int64
	token, masterToken string
	user               string
	conn               *sql.Conn
	// tx is the open transaction, nil outside one. mu guards it.
	tx *transaction

	// mu serializes the session's statements and guards its settings.
	mu        sync.Mutex
	database  string
	schema    string
	warehouse string
	role      string
	params    map[string]string // session parameters by upper-case name
}

func (e *Emulator) newSession(ctx context.Context, database, schema string) (*session, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	s := &session{id: e.newID(), conn: conn, user: e.opts.User, params: map[string]string{},
		database: e.opts.Database, schema: "PUBLIC"}
	if database != "" {
		s.database = database
	}
	if schema != "" {
		s.schema = schema
	}
	if err := s.use(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

// use makes the session's database and schema DuckDB's current schema.
// The search path ends with the schema of the emulator's macros.
func (s *session) use(ctx context.Context) error {
	path := quoteDuck(encodeName(s.database)) + "." + quoteDuck(encodeName(s.schema))
	if _, err := s.conn.ExecContext(ctx, "USE "+path); err != nil {
		return err
	}
	_, err := s.conn.ExecContext(ctx, "SET search_path = "+quoteString(path+",memory.main"))
	return err
}

// close rolls back the open transaction, as Snowflake does when a session
// ends, and returns the connection to the pool.
func (s *session) close() {
	s.mu.Lock()
	s.endTransaction(context.Background(), "ROLLBACK")
	s.mu.Unlock()
	s.conn.Close()
}

// resultColumn is a column of a result with its Snowflake type.
type resultColumn struct {
	name     string
	typ      sfType
	nullable bool
}

// result is a finished statement's result, kept until the session ends.
type result struct {
	columns       []resultColumn
	statementType int64
	// chunks are the Arrow IPC streams of the rows, chunkRows rows each.
	chunks    [][]byte
	chunkRows []int
	total     int64
	// jsonRows is set instead of chunks for the row counts of DML and the
	// status of other commands, which Snowflake sends as JSON.
	jsonRows [][]*string
	binds    int // parameters of a describe-only statement
}

// Snowflake's statement type ids.
const (
	statementSelect = 0x1000
	statementInsert = 0x3100
	statementUpdate = 0x3200
	statementDelete = 0x3300
	statementDDL    = 0x6000
	statementOther  = 0x5000 // session commands such as ALTER SESSION, USE
)

// bind is one bound parameter of a query request.
type bind struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// execute runs one statement in the session.
func (e *Emulator) execute(ctx context.Context, s *session, text string, binds map[string]bind, describeOnly bool) (*result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := e.delayFor(text); d > 0 && !describeOnly {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return nil, errCanceled
		}
	}

	tokens, err := lex(text)
	if err != nil {
		return nil, err
	}
	var words []string
	for _, t := range tokens {
		if t.kind != tokenSpace {
			words = append(words, strings.ToUpper(t.text))
		}
	}
	if len(words) == 0 {
		return nil, &Error{Code: "000900", SQLState: "42000", Message: "Empty SQL statement."}
	}
	if r, handled, err := e.transactionCommand(ctx, s, words); handled {
		return r, err
	}
	if r, handled, err := e.sessionCommand(ctx, s, tokens, words); handled {
		return r, err
	}

	rw, err := rewrite(tokens)
	if err != nil {
		return nil, err
	}
	if err := s.checkTransaction(rw); err != nil {
		return nil, err
	}
	if len(rw.infoDatabases) > 0 {
		e.infoMu.Lock()
		defer e.infoMu.Unlock()
		for _, database := range rw.infoDatabases {
			if database == "" {
				database = s.database
				rw.sql = strings.ReplaceAll(rw.sql, infoCatalog+"."+quoteDuck(""), infoCatalog+"."+quoteDuck(encodeName(database)))
			}
			if err := e.refreshInfo(ctx, s.conn, database); err != nil {
				return nil, err
			}
		}
	}

	args, err := bindArgs(binds)
	if err != nil {
		return nil, err
	}
	r, err := e.runDuck(ctx, s, rw, args, describeOnly)
	if !describeOnly || err != nil {
		e.noteStatement(ctx, s, rw, args, r, err)
	}
	if err != nil {
		return nil, convertError(err)
	}
	if rw.table != nil && !describeOnly {
		if err := e.recordTable(ctx, s, rw); err != nil {
			return nil, convertError(err)
		}
	}
	return r, nil
}

// statusResult is the one-row result of a command without rows.
func statusResult(message string, statementType int64) *result {
	return &result{
		columns:       []resultColumn{{name: "status", typ: sfType{name: "text", length: maxTextLength}}},
		statementType: statementType,
		jsonRows:      [][]*string{{&message}},
		total:         1,
	}
}

// runDuck prepares and runs a rewritten statement on the session's
// DuckDB connection.
func (e *Emulator) runDuck(ctx context.Context, s *session, rw *rewritten, args []driver.NamedValue, describeOnly bool) (*result, error) {
	var r *result
	err := s.conn.Raw(func(dc any) error {
		prepared, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, rw.sql)
		if err != nil {
			return err
		}
		defer prepared.Close()
		stmt := prepared.(*duckdb.Stmt)
		kind, err := stmt.StatementType()
		if err != nil {
			return err
		}
		if describeOnly {
			r, err = e.describe(stmt, rw, kind)
			return err
		}
		switch kind {
		case duckdb.STATEMENT_TYPE_SELECT, duckdb.STATEMENT_TYPE_EXPLAIN, duckdb.STATEMENT_TYPE_PRAGMA, duckdb.STATEMENT_TYPE_CALL:
			rows, err := stmt.QueryContext(ctx, args)
			if err != nil {
				return err
			}
			defer rows.Close()
			r, err = e.readRows(ctx, s, rw, rows)
			return err
		}
		res, err := stmt.ExecContext(ctx, args)
		if err != nil {
			return err
		}
		r = commandResult(kind, res, rw)
		return nil
	})
	return r, err
}

func commandResult(kind duckdb.StmtType, res driver.Result, rw *rewritten) *result {
	affected, _ := res.RowsAffected()
	count := strconv.FormatInt(affected, 10)
	var name string
	var statementType int64
	switch kind {
	case duckdb.STATEMENT_TYPE_INSERT:
		name, statementType = "number of rows inserted", statementInsert
	case duckdb.STATEMENT_TYPE_UPDATE:
		name, statementType = "number of rows updated", statementUpdate
	case duckdb.STATEMENT_TYPE_DELETE:
		name, statementType = "number of rows deleted", statementDelete
	default:
		message := "Statement executed successfully."
		if rw.table != nil {
			message = "Table " + rw.table[len(rw.table)-1] + " successfully created."
		}
		return statusResult(message, statementDDL)
	}
	return &result{
		columns:       []resultColumn{{name: name, typ: sfType{name: "fixed", precision: 38}}},
		statementType: statementType,
		jsonRows:      [][]*string{{&count}},
		total:         1,
	}
}

// describe returns the columns of a prepared statement without running
// it. A column whose type DuckDB resolves only with the parameters' values
// is described as TEXT.
func (e *Emulator) describe(stmt *duckdb.Stmt, rw *rewritten, kind duckdb.StmtType) (*result, error) {
	r := &result{statementType: statementSelect, binds: stmt.NumInput()}
	if kind != duckdb.STATEMENT_TYPE_SELECT {
		r.statementType = statementDDL
		return r, nil
	}
	n, err := stmt.ColumnCount()
	if err != nil {
		return nil, err
	}
	for i := range n {
		name, err := stmt.ColumnName(i)
		if err != nil {
			return nil, err
		}
		typeName := "VARCHAR"
		if info, err := stmt.ColumnTypeInfo(i); err == nil {
			typeName = typeInfoName(info)
		}
		r.columns = append(r.columns, e.resultColumn(decodeName(name), typeName, rw))
	}
	return r, nil
}

// typeInfoName spells a DuckDB type as DatabaseTypeName does.
func typeInfoName(info duckdb.TypeInfo) string {
	if info.Alias() == "JSON" {
		return "JSON"
	}
	switch d := info.Details().(type) {
	case *duckdb.DecimalDetails:
		return fmt.Sprintf("DECIMAL(%d,%d)", d.Width, d.Scale)
	case *duckdb.ArrayDetails:
		return typeInfoName(d.Child) + "[" + strconv.Itoa(int(d.Size)) + "]"
	}
	names := map[duckdb.Type]string{
		duckdb.TYPE_BOOLEAN: "BOOLEAN", duckdb.TYPE_TINYINT: "TINYINT", duckdb.TYPE_SMALLINT: "SMALLINT",
		duckdb.TYPE_INTEGER: "INTEGER", duckdb.TYPE_BIGINT: "BIGINT", duckdb.TYPE_HUGEINT: "HUGEINT",
		duckdb.TYPE_FLOAT: "FLOAT", duckdb.TYPE_DOUBLE: "DOUBLE", duckdb.TYPE_DATE: "DATE",
		duckdb.TYPE_TIME: "TIME", duckdb.TYPE_TIMESTAMP: "TIMESTAMP", duckdb.TYPE_TIMESTAMP_TZ: "TIMESTAMPTZ",
		duckdb.TYPE_BLOB: "BLOB", duckdb.TYPE_GEOMETRY: "GEOMETRY",
	}
	if name, ok := names[info.InternalType()]; ok {
		return name
	}
	return "VARCHAR"
}

// resultColumn gives a result column its Snowflake type: the declared
// type of a table column of the same name that the statement mentions,
// else the type that corresponds to DuckDB's.
func (e *Emulator) resultColumn(name, duckType string, rw *rewritten) resultColumn {
	fallback := typeFromDuck(duckType)
	if cast, ok := rw.castTypes[name]; ok && family(cast) == family(fallback) && fallback.name != "fixed" {
		return resultColumn{name: name, typ: cast, nullable: true}
	}
	if declared, ok := e.types.lookup(name, rw.words, fallback); ok {
		return resultColumn{name: name, typ: declared, nullable: true}
	}
	return resultColumn{name: name, typ: fallback, nullable: true}
}

// typeFromDuck maps a DuckDB type name to the Snowflake type of its
// values.
func typeFromDuck(name string) sfType {
	switch {
	case strings.HasPrefix(name, "DECIMAL("):
		var p, s int
		fmt.Sscanf(name, "DECIMAL(%d,%d)", &p, &s)
		return sfType{name: "fixed", precision: p, scale: s}
	case strings.HasSuffix(name, "]") && strings.Contains(name, "["):
		element, size, _ := strings.Cut(strings.TrimSuffix(name, "]"), "[")
		n, err := strconv.Atoi(size)
		if err == nil {
			if element == "FLOAT" || element == "DOUBLE" {
				return sfType{name: "vector", vectorElement: "real", length: n}
			}
			return sfType{name: "vector", vectorElement: "int", length: n}
		}
		return sfType{name: "array"}
	case strings.HasSuffix(name, "[]"), strings.HasPrefix(name, "STRUCT"), strings.HasPrefix(name, "MAP"):
		return sfType{name: "variant"}
	}
	switch name {
	case "BOOLEAN":
		return sfType{name: "boolean"}
	case "TINYINT", "UTINYINT":
		return sfType{name: "fixed", precision: 3}
	case "SMALLINT", "USMALLINT":
		return sfType{name: "fixed", precision: 5}
	case "INTEGER", "UINTEGER":
		return sfType{name: "fixed", precision: 10}
	case "BIGINT":
		// As Snowflake types the result of COUNT.
		return sfType{name: "fixed", precision: 18}
	case "HUGEINT", "UBIGINT":
		return sfType{name: "fixed", precision: 38}
	case "FLOAT", "DOUBLE":
		return sfType{name: "real"}
	case "DATE":
		return sfType{name: "date"}
	case "TIME":
		return sfType{name: "time", scale: 9}
	case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S":
		return sfType{name: "timestamp_ntz", scale: 9}
	case "TIMESTAMPTZ":
		return sfType{name: "timestamp_ltz", scale: 9}
	case "BLOB":
		return sfType{name: "binary", length: 8388608}
	case "JSON":
		return sfType{name: "variant"}
	case "GEOMETRY":
		return sfType{name: "geography"}
	}
	return sfType{name: "text", length: maxTextLength}
}

// readRows reads a DuckDB result into Arrow chunks.
func (e *Emulator) readRows(ctx context.Context, s *session, rw *rewritten, rows driver.Rows) (*result, error) {
	names := rows.Columns()
	typed, _ := rows.(driver.RowsColumnTypeDatabaseTypeName)
	r := &result{statementType: statementSelect}
	for i, name := range names {
		duckType := "VARCHAR"
		if typed != nil {
			duckType = typed.ColumnTypeDatabaseTypeName(i)
		}
		r.columns = append(r.columns, e.resultColumn(decodeName(name), duckType, rw))
	}
	wkbOutput := strings.EqualFold(s.params["GEOGRAPHY_OUTPUT_FORMAT"], "WKB")
	var chunk [][]any
	flush := func() error {
		data, err := encodeChunk(r.columns, chunk, wkbOutput)
		if err != nil {
			return err
		}
		r.chunks = append(r.chunks, data)
		r.chunkRows = append(r.chunkRows, len(chunk))
		chunk = nil
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dest := make([]driver.Value, len(names))
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		row := make([]any, len(dest))
		for i, v := range dest {
			row[i] = v
		}
		chunk = append(chunk, row)
		r.total++
		if len(chunk) == e.opts.ChunkRows {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if len(chunk) > 0 || len(r.chunks) == 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// bindArgs converts a query request's bindings, keyed "1", "2", ..., to
// DuckDB arguments.
func bindArgs(binds map[string]bind) ([]driver.NamedValue, error) {
	args := make([]driver.NamedValue, len(binds))
	for i := range args {
		b, ok := binds[strconv.Itoa(i+1)]
		if !ok {
			return nil, &Error{Code: "002049", SQLState: "22000",
				Message: fmt.Sprintf("SQL compilation error: Bind variable %d not set.", i+1)}
		}
		v, err := bindValue(b)
		if err != nil {
			return nil, &Error{Code: "002049", SQLState: "22000",
				Message: fmt.Sprintf("Bind variable %d: %v", i+1, err)}
		}
		args[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return args, nil
}

// bindValue converts one binding, which the driver sends as text, to a
// Go value of its Snowflake type.
func bindValue(b bind) (any, error) {
	if b.Value == nil {
		return nil, nil
	}
	text, ok := b.Value.(string)
	if !ok {
		return nil, fmt.Errorf("value of type %T", b.Value)
	}
	switch strings.ToUpper(b.Type) {
	case "FIXED":
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
		n, ok := new(big.Int).SetString(text, 10)
		if !ok {
			return nil, fmt.Errorf("invalid number %q", text)
		}
		return n, nil
	case "REAL":
		return strconv.ParseFloat(text, 64)
	case "BOOLEAN":
		return strconv.ParseBool(text)
	case "BINARY":
		return hex.DecodeString(text)
	case "DATE":
		ms, err := strconv.ParseInt(text, 10, 64)
		return time.UnixMilli(ms).UTC(), err
	case "TIME":
		ns, err := strconv.ParseInt(text, 10, 64)
		return time.Unix(0, ns).UTC(), err
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ":
		ns, err := strconv.ParseInt(text, 10, 64)
		return time.Unix(0, ns).UTC(), err
	case "TIMESTAMP_TZ":
		value, _, _ := strings.Cut(text, " ")
		ns, err := strconv.ParseInt(value, 10, 64)
		return time.Unix(0, ns).UTC(), err
	}
	return text, nil
}
