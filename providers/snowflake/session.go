package snowflake

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"

	sf "github.com/snowflakedb/gosnowflake"

	"pgway/providers"
)

// session is one client's Snowflake session.
type session struct {
	conn driver.Conn
	tag  string
	// tx is the state of transaction blocks, which only the client's
	// goroutine reads and changes.
	tx transaction

	// mu serializes calls on conn, which the driver does not allow at
	// once. Reading a result needs no call on conn.
	mu sync.Mutex

	// cancelMu guards cancels, the contexts of the running calls and open
	// results, which Cancel ends from another goroutine.
	cancelMu sync.Mutex
	cancels  map[*context.CancelFunc]struct{}
	closed   bool
}

func newSession(conn driver.Conn, tag string) *session {
	return &session{conn: conn, tag: tag, cancels: make(map[*context.CancelFunc]struct{})}
}

// track returns a context that Cancel ends, and the function that ends
// it and stops tracking it.
func (s *session) track(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	s.cancelMu.Lock()
	s.cancels[&cancel] = struct{}{}
	s.cancelMu.Unlock()
	return ctx, func() {
		s.cancelMu.Lock()
		delete(s.cancels, &cancel)
		s.cancelMu.Unlock()
		cancel()
	}
}

// queryContext adds the driver options of every query: Arrow batches,
// decimals and timestamps as Snowflake sends them, and the query tag.
func (s *session) queryContext(ctx context.Context) context.Context {
	ctx = sf.WithArrowBatches(ctx)
	ctx = sf.WithHigherPrecision(ctx)
	ctx = sf.WithOriginalTimestamp(ctx)
	return sf.WithQueryTag(ctx, s.tag)
}

// statement is a prepared statement. Snowflake keeps nothing prepared on
// the server, so Prepare only requests a description of the result.
type statement struct {
	sql     string
	kind    statementKind
	params  []uint32
	columns []providers.Column
}

func (st *statement) ParamOIDs() []uint32         { return st.params }
func (st *statement) Columns() []providers.Column { return st.columns }
func (st *statement) Close() error                { return nil }

func (s *session) Prepare(ctx context.Context, text string) (providers.Statement, error) {
	count, err := countParameters(text)
	if err != nil {
		return nil, err
	}
	st := &statement{sql: text, kind: classify(text), params: make([]uint32, count)}
	for i := range st.params {
		st.params[i] = textOID
	}
	if !st.kind.returnsRows {
		return st, nil
	}
	// TODO: describing costs a round trip to Snowflake for every statement,
	// also for simple queries, whose rows carry their own columns.
	ctx, done := s.track(ctx)
	defer done()
	s.mu.Lock()
	defer s.mu.Unlock()
	rows, err := s.conn.(driver.QueryerContext).QueryContext(sf.WithDescribeOnly(s.queryContext(ctx)), text, nil)
	if err != nil {
		return nil, convertError(err)
	}
	defer rows.Close()
	columns, err := s.describeColumns(ctx, rows)
	if err != nil {
		return nil, err
	}
	st.columns = make([]providers.Column, len(columns))
	for i, c := range columns {
		st.columns[i] = c.Column
	}
	return st, nil
}

func (s *session) Execute(ctx context.Context, stmt providers.Statement, args []any) (providers.Rows, error) {
	st, ok := stmt.(*statement)
	if !ok {
		return nil, errors.New("snowflake: statement belongs to another provider")
	}
	if len(args) != len(st.params) {
		return nil, &providers.Error{Code: "08P01",
			Message: fmt.Sprintf("bind message supplies %d parameters, but the statement needs %d", len(args), len(st.params))}
	}
	values := make([]driver.NamedValue, len(args))
	for i, arg := range args {
		values[i] = driver.NamedValue{Ordinal: i + 1, Value: arg}
	}
	if err := s.beforeStatement(ctx, st.kind); err != nil {
		return nil, err
	}
	rows, err := s.run(ctx, st, values)
	s.afterStatement(st.kind, err)
	return rows, err
}

// run runs a statement on Snowflake.
func (s *session) run(ctx context.Context, st *statement, values []driver.NamedValue) (providers.Rows, error) {
	if !st.kind.returnsRows {
		return s.exec(ctx, st, values)
	}

	ctx, done := s.track(ctx)
	s.mu.Lock()
	driverRows, err := s.conn.(driver.QueryerContext).QueryContext(s.queryContext(ctx), st.sql, values)
	if err != nil {
		s.mu.Unlock()
		done()
		return nil, convertError(err)
	}
	columns, err := s.describeColumns(ctx, driverRows)
	s.mu.Unlock()
	if err != nil {
		driverRows.Close()
		done()
		return nil, err
	}

	// The rows outlive ctx, which ends with the client's statement: a
	// suspended portal or a cursor reads the rest of its chunks in later
	// statements. Their context ends when the rows close, or on Cancel.
	stream, streamDone := s.track(context.WithoutCancel(ctx))
	finish := func() {
		streamDone()
		done()
	}
	r, err := newRows(stream, finish, driverRows, columns)
	if err != nil {
		finish()
		return nil, err
	}
	return r, nil
}

// exec runs a statement that returns no rows.
func (s *session) exec(ctx context.Context, st *statement, values []driver.NamedValue) (providers.Rows, error) {
	ctx, done := s.track(ctx)
	defer done()
	s.mu.Lock()
	defer s.mu.Unlock()
	result, err := s.conn.(driver.ExecerContext).ExecContext(s.queryContext(ctx), st.sql, values)
	if err != nil {
		return nil, convertError(err)
	}
	tag := st.kind.tag
	if st.kind.counts {
		n, err := result.RowsAffected()
		if err != nil {
			return nil, convertError(err)
		}
		if tag == "INSERT" {
			tag = "INSERT 0"
		}
		tag = fmt.Sprintf("%s %d", tag, n)
	}
	return &commandRows{tag: tag}, nil
}

// SetTimeZone sets Snowflake's TIMEZONE parameter, in which
// TIMESTAMP_LTZ values, pgway's timestamptz, convert to dates and local
// times.
//
// NOTE: Snowflake's documentation says that DDL commits an open
// transaction, but not whether ALTER SESSION does, which SET timezone in
// a block sends.
func (s *session) SetTimeZone(ctx context.Context, name string) error {
	ctx, done := s.track(ctx)
	defer done()
	s.mu.Lock()
	defer s.mu.Unlock()
	sql := "ALTER SESSION SET TIMEZONE = '" + strings.ReplaceAll(name, "'", "''") + "'"
	if _, err := s.conn.(driver.ExecerContext).ExecContext(s.queryContext(ctx), sql, nil); err != nil {
		return convertError(err)
	}
	return nil
}

// Cancel ends every running call and open result of the session. The
// driver sends Snowflake an abort request for a query that is running.
func (s *session) Cancel() {
	s.cancelMu.Lock()
	defer s.cancelMu.Unlock()
	for cancel := range s.cancels {
		(*cancel)()
	}
}

func (s *session) Close() error {
	s.Cancel()
	s.cancelMu.Lock()
	closed := s.closed
	s.closed = true
	s.cancelMu.Unlock()
	if closed {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rollbackOnClose()
	return s.conn.Close()
}

// commandRows is the result of a statement without rows.
type commandRows struct{ tag string }

func (r *commandRows) Next() bool         { return false }
func (r *commandRows) Values() []any      { return nil }
func (r *commandRows) Err() error         { return nil }
func (r *commandRows) CommandTag() string { return r.tag }
func (r *commandRows) Close() error       { return nil }

// statementKind is what pgway needs to know of a statement before it runs.
type statementKind struct {
	returnsRows bool
	// counts is set for INSERT, UPDATE, DELETE and MERGE, whose tag ends
	// with the number of rows.
	counts bool
	tag    string
	class  statementClass
	// name names the statement in errors, such as "CREATE TABLE".
	name string
}

// statementClass is the part a statement plays in a Snowflake transaction.
type statementClass int

const (
	// classQuery reads data: SELECT, SHOW, DESCRIBE and the like.
	classQuery statementClass = iota
	// classDML changes data within the transaction: INSERT, UPDATE,
	// DELETE, MERGE and TRUNCATE, Snowflake's DML.
	classDML
	// classSession changes the session, not data: USE, ALTER SESSION,
	// SET and UNSET.
	classSession
	// classCommits is DDL, CALL and any statement that pgway does not
	// know. Snowflake commits an open transaction before and after DDL,
	// and a stored procedure may run DDL.
	classCommits
)

// classify reads the statement's first keywords.
func classify(text string) statementKind {
	words := strings.Fields(strings.ToUpper(stripComments(text)))
	if len(words) == 0 {
		return statementKind{tag: "EMPTY", name: "EMPTY"}
	}
	first := strings.TrimLeft(words[0], "(")
	switch first {
	case "WITH":
		kind := statementKind{returnsRows: true, tag: "SELECT", name: "SELECT"}
		if hasDML(text) {
			kind.class = classDML
		}
		return kind
	case "SELECT", "SHOW", "DESCRIBE", "DESC", "VALUES", "EXPLAIN", "LIST", "TABLE":
		return statementKind{returnsRows: true, tag: "SELECT", name: first}
	case "CALL":
		return statementKind{returnsRows: true, tag: "SELECT", class: classCommits, name: first}
	case "INSERT", "UPDATE", "DELETE", "MERGE":
		return statementKind{counts: true, tag: first, class: classDML, name: first}
	case "TRUNCATE":
		return statementKind{tag: first, class: classDML, name: "TRUNCATE TABLE"}
	case "USE", "SET", "UNSET":
		return statementKind{tag: first, class: classSession, name: first}
	}
	tag := first
	if len(words) > 1 && (first == "CREATE" || first == "DROP" || first == "ALTER") {
		next := words[1]
		if next == "OR" && len(words) > 3 {
			next = words[3]
		}
		tag += " " + next
	}
	kind := statementKind{tag: tag, class: classCommits, name: objectStatementName(words)}
	if len(words) > 1 && first == "ALTER" && words[1] == "SESSION" {
		kind.class = classSession
	}
	return kind
}

// objectModifiers are the words of CREATE, DROP and ALTER before the kind
// of object, such as OR REPLACE TEMPORARY in CREATE OR REPLACE TEMPORARY
// TABLE.
var objectModifiers = map[string]bool{"OR": true, "REPLACE": true, "TEMPORARY": true, "TEMP": true,
	"TRANSIENT": true, "VOLATILE": true, "LOCAL": true, "GLOBAL": true, "SECURE": true, "RECURSIVE": true}

// objectStatementName names a statement by its verb and the kind of
// object it acts on, such as CREATE TABLE, from its upper-case words.
func objectStatementName(words []string) string {
	verb := strings.TrimLeft(words[0], "(")
	if verb != "CREATE" && verb != "DROP" && verb != "ALTER" && verb != "UNDROP" {
		return verb
	}
	for i := 1; i < len(words); i++ {
		if objectModifiers[words[i]] {
			continue
		}
		if words[i] == "MATERIALIZED" && i+1 < len(words) {
			return verb + " MATERIALIZED " + words[i+1]
		}
		return verb + " " + words[i]
	}
	return verb
}

// dmlKeywords are the keywords that begin a DML statement.
var dmlKeywords = map[string]bool{"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true}

// hasDML reports whether text has one of dmlKeywords outside string
// literals, quoted identifiers and comments, and not as a function name,
// such as the DELETE of WITH c AS (DELETE FROM t RETURNING id) SELECT ....
func hasDML(text string) bool {
	upper := strings.ToUpper(text)
	for i := 0; i < len(upper); i++ {
		switch c := upper[i]; {
		case c == '\'':
			for i++; i < len(upper) && upper[i] != '\''; i++ {
				if upper[i] == '\\' {
					i++
				}
			}
		case c == '"':
			for i++; i < len(upper) && upper[i] != '"'; i++ {
			}
		case strings.HasPrefix(upper[i:], "$$"):
			end := strings.Index(upper[i+2:], "$$")
			if end < 0 {
				return false
			}
			i += end + 3
		case strings.HasPrefix(upper[i:], "--") || strings.HasPrefix(upper[i:], "//"):
			for i < len(upper) && upper[i] != '\n' {
				i++
			}
		case strings.HasPrefix(upper[i:], "/*"):
			end := strings.Index(upper[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += end + 3
		case isWordByte(c) && (i == 0 || !isWordByte(upper[i-1])):
			end := i
			for end < len(upper) && isWordByte(upper[end]) {
				end++
			}
			rest := strings.TrimLeft(upper[end:], " \t\r\n")
			if dmlKeywords[upper[i:end]] && !strings.HasPrefix(rest, "(") {
				return true
			}
			i = end - 1
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// stripComments removes leading comments and white space.
func stripComments(text string) string {
	for {
		text = strings.TrimSpace(text)
		switch {
		case strings.HasPrefix(text, "--"), strings.HasPrefix(text, "//"):
			_, rest, found := strings.Cut(text, "\n")
			if !found {
				return ""
			}
			text = rest
		case strings.HasPrefix(text, "/*"):
			_, rest, found := strings.Cut(text, "*/")
			if !found {
				return ""
			}
			text = rest
		default:
			return text
		}
	}
}

// countParameters counts the parameters of Snowflake SQL, written as ?
// in order or as :1, :2, ... (the highest number counts), outside string
// literals, quoted identifiers and comments.
func countParameters(text string) (int, error) {
	questions, highest := 0, 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\'':
			for i++; i < len(text) && text[i] != '\''; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		case c == '"':
			for i++; i < len(text) && text[i] != '"'; i++ {
			}
		case c == '$' && strings.HasPrefix(text[i:], "$$"):
			end := strings.Index(text[i+2:], "$$")
			if end < 0 {
				return 0, syntaxError("unterminated $$ string")
			}
			i += end + 3
		case strings.HasPrefix(text[i:], "--") || strings.HasPrefix(text[i:], "//"):
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return 0, syntaxError("unterminated comment")
			}
			i += end + 3
		case c == '?':
			questions++
		case c == ':' && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && (i == 0 || text[i-1] != ':'):
			n := 0
			for i++; i < len(text) && text[i] >= '0' && text[i] <= '9'; i++ {
				n = n*10 + int(text[i]-'0')
			}
			i--
			highest = max(highest, n)
		}
	}
	if questions > 0 && highest > 0 {
		return 0, syntaxError("a statement cannot mix ? and :n parameters")
	}
	return questions + highest, nil
}

func syntaxError(message string) error {
	return &providers.Error{Code: "42601", Message: message}
}
