// Package snowflakeemu is a test double of the Snowflake service: an HTTP
// server on 127.0.0.1 that speaks enough of Snowflake's REST protocol for
// the unmodified gosnowflake driver, and runs the SQL on an in-memory
// DuckDB database under Snowflake's identifier rules.
//
// It serves login (password, key pair and OAuth), synchronous and
// asynchronous queries with result chunks in Arrow IPC format, abort,
// session close and heartbeat. Unquoted identifiers fold to upper case and
// quoted identifiers match exactly, so that a client which gets the case
// of a name wrong fails as it would on Snowflake. Result metadata carries
// Snowflake's types (FIXED with precision and scale, TEXT with length,
// TIMESTAMP_NTZ, VARIANT, GEOGRAPHY, VECTOR, ...).
//
// It is for tests only. It emulates a small part of Snowflake's SQL: the
// SQL that DuckDB also accepts, with Snowflake's type names, its string
// literals, ALTER SESSION, USE, CREATE DATABASE, COMMENT,
// INFORMATION_SCHEMA (SCHEMATA, TABLES, COLUMNS) and DESCRIBE RESULT, and
// the Snowflake functions of callRewrites (DATEADD, DATE_PART, REGEXP_*,
// LISTAGG, the ARRAY and VARIANT functions, GREATEST and LEAST, ...) and
// gisFunctions, with Snowflake's semantics where they differ from DuckDB's,
// so that a client that relies on PostgreSQL's fails as it would on
// Snowflake. A call that the emulator cannot run as Snowflake would fails
// with 0A000.
//
// Transactions (BEGIN, START TRANSACTION, COMMIT, ROLLBACK) run as DuckDB
// transactions with Snowflake's rules: DDL commits the open transaction,
// a failed statement leaves the transaction open with the changes before
// it, and closing a session rolls its transaction back. INFORMATION_SCHEMA
// in a transaction fails with 0A000.
//
// NOTE: a transaction reads DuckDB's snapshot from its BEGIN, where
// Snowflake's READ COMMITTED reads the data committed before each
// statement. A change to rows that another open transaction changed fails
// at once, where Snowflake waits for that transaction's lock.
//
// NOTE: / and AVG of NUMBER values run as DuckDB's, which return DOUBLE
// where Snowflake returns a NUMBER. A cast to VARCHAR(n) keeps its length
// in the result's metadata only as a whole select item with an alias.
//
// NOTE: the emulator builds each result in memory, as Arrow chunks,
// before it responds to the query request, and keeps the latest results for
// chunk requests. Snowflake streams them from cloud storage instead.
package snowflakeemu

import (
	"context"
	"crypto/rsa"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Options configure an Emulator. Zero values take the defaults named.
type Options struct {
	// User and Password are the credentials that login accepts: "TEST"
	// and "test" by default.
	User, Password string
	// PublicKey verifies the JWT of a key pair login for User. Without
	// it, any JWT for User is accepted unverified.
	PublicKey *rsa.PublicKey
	// OAuthToken is the token an OAuth login must present. Without it,
	// any token that is not empty is accepted.
	OAuthToken string
	// Database is created empty with a schema PUBLIC: "TESTDB" by default.
	Database string
	// ChunkRows is the number of rows per result chunk: 2000 by default.
	ChunkRows int
	// AsyncAfter is how long a query request waits for its query before
	// it returns "in progress" and the driver polls: 500ms by default.
	AsyncAfter time.Duration
}

// Emulator is a running emulated Snowflake service.
type Emulator struct {
	opts     Options
	db       *sql.DB
	listener net.Listener
	server   *http.Server

	mu       sync.Mutex
	sessions map[string]*session // by session token
	queries  map[string]*query   // by query id
	order    []string            // ids of queries, oldest first
	requests map[string]*query   // running queries by request id
	delays   []delay
	tags     []string // QUERY_TAG of each query, in order
	texts    []string // text of each query, in order
	nextID   int64

	// types holds the declared Snowflake types of table columns.
	types *typeRegistry
	// infoMu serializes the statements that read INFORMATION_SCHEMA, whose
	// tables are rebuilt before each.
	infoMu sync.Mutex

	chunkRequests atomic.Int64
	chunksServed  atomic.Int64
	logins        atomic.Int64
	aborts        atomic.Int64
}

// delay makes the queries whose text contains pattern take at least
// duration, so that tests can cancel them.
type delay struct {
	pattern  string
	duration time.Duration
}

// Start starts an emulator on a free port of 127.0.0.1.
func Start(opts Options) (*Emulator, error) {
	if opts.User == "" {
		opts.User = "TEST"
	}
	if opts.Password == "" {
		opts.Password = "test"
	}
	if opts.Database == "" {
		opts.Database = "TESTDB"
	}
	if opts.ChunkRows <= 0 {
		opts.ChunkRows = 2000
	}
	if opts.AsyncAfter <= 0 {
		opts.AsyncAfter = 500 * time.Millisecond
	}

	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	e := &Emulator{
		opts:     opts,
		db:       sql.OpenDB(connector),
		sessions: make(map[string]*session),
		queries:  make(map[string]*query),
		requests: make(map[string]*query),
		types:    newTypeRegistry(),
	}
	if err := e.setUp(); err != nil {
		e.db.Close()
		return nil, err
	}

	e.listener, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.db.Close()
		return nil, err
	}
	e.server = &http.Server{Handler: e.routes(), ReadHeaderTimeout: 10 * time.Second}
	go e.server.Serve(e.listener)
	return e, nil
}

// setUp creates the database, the schema of the INFORMATION_SCHEMA views
// and the Snowflake functions that DuckDB lacks.
func (e *Emulator) setUp() error {
	statements := []string{
		"ATTACH ':memory:' AS " + infoCatalog,
		// Snowflake sorts NULLs as larger than any value: last in
		// ascending order and first in descending order.
		"SET GLOBAL default_null_order = 'nulls_last_on_asc_first_on_desc'",
		// Snowflake's default TIMEZONE is America/Los_Angeles, but the
		// emulator starts in UTC, whatever the machine's time zone, until a
		// session sets its TIMEZONE.
		"SET GLOBAL TimeZone = 'UTC'",
	}
	for _, s := range statements {
		if _, err := e.db.Exec(s); err != nil {
			return fmt.Errorf("set up emulator: %s: %w", s, err)
		}
	}
	// Some macros call the functions, so these come first.
	if err := registerFunctions(context.Background(), e.db); err != nil {
		return fmt.Errorf("set up emulator: %w", err)
	}
	for _, m := range append(macros, sqlMacros...) {
		if _, err := e.db.Exec("CREATE MACRO memory.main." + m); err != nil {
			return fmt.Errorf("set up emulator: macro %s: %w", m, err)
		}
	}
	return e.createDatabase(context.Background(), e.db, e.opts.Database, false)
}

// macros define Snowflake functions in DuckDB.
var macros = []string{
	"IFF(c, a, b) AS CASE WHEN c THEN a ELSE b END",
	"TO_GEOGRAPHY(x) AS CAST(x AS GEOMETRY)",
	"TO_GEOMETRY(x) AS CAST(x AS GEOMETRY)",
	"ST_GEOGFROMTEXT(x) AS CAST(x AS GEOMETRY)",
	"ST_GEOMFROMTEXT(x) AS CAST(x AS GEOMETRY)",
	"ST_ASGEOJSON(g) AS CAST(sf_st_asgeojson(g) AS JSON)",
	"PARSE_JSON(x) AS CAST(x AS JSON)",
	"TO_VARIANT(x) AS CAST(to_json(x) AS JSON)",
	// A VARIANT that holds a string converts to the string itself.
	"TO_VARCHAR(x) AS CASE WHEN typeof(x) = 'JSON' THEN json_extract_string(to_json(x), '$') ELSE CAST(x AS VARCHAR) END",
	"GET(x, k) AS x -> k",
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// createDatabase attaches an empty in-memory database named name with a
// schema PUBLIC.
func (e *Emulator) createDatabase(ctx context.Context, conn execer, name string, replace bool) error {
	duckName := quoteDuck(encodeName(name))
	if replace {
		if _, err := conn.ExecContext(ctx, "DETACH DATABASE IF EXISTS "+duckName); err != nil {
			return err
		}
	}
	for _, s := range []string{
		"ATTACH ':memory:' AS " + duckName,
		"CREATE SCHEMA " + duckName + ".PUBLIC",
		"CREATE SCHEMA IF NOT EXISTS " + infoCatalog + "." + duckName,
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// Host returns the emulator's host, 127.0.0.1.
func (e *Emulator) Host() string { return "127.0.0.1" }

// Port returns the emulator's TCP port.
func (e *Emulator) Port() int { return e.listener.Addr().(*net.TCPAddr).Port }

// URL returns the emulator's base URL.
func (e *Emulator) URL() string { return "http://" + e.listener.Addr().String() }

// User returns the user name that login accepts.
func (e *Emulator) User() string { return e.opts.User }

// Password returns the password that login accepts.
func (e *Emulator) Password() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.opts.Password
}

// SetPassword changes the password that login accepts from now on.
func (e *Emulator) SetPassword(password string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.Password = password
}

// Database returns the name of the database created at start.
func (e *Emulator) Database() string { return e.opts.Database }

// Close stops the server and closes every session and the database.
func (e *Emulator) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := e.server.Shutdown(ctx)
	e.mu.Lock()
	for _, q := range e.requests {
		q.cancel()
	}
	sessions := e.sessions
	e.sessions = map[string]*session{}
	e.mu.Unlock()
	for _, s := range sessions {
		s.close()
	}
	return errors.Join(err, e.db.Close())
}

// Exec runs Snowflake SQL statements separated by semicolons, such as a
// fixture, in a session of the configured user on the configured database.
// Statements run one by one, and the first error stops them.
func (e *Emulator) Exec(script string) error {
	ctx := context.Background()
	s, err := e.newSession(ctx, e.opts.Database, "PUBLIC")
	if err != nil {
		return err
	}
	defer s.close()
	statements, err := splitStatements(script)
	if err != nil {
		return err
	}
	for _, statement := range statements {
		if _, err := e.execute(ctx, s, statement, nil, false); err != nil {
			return fmt.Errorf("%s: %w", strings.TrimSpace(statement), err)
		}
	}
	return nil
}

// Delay makes every query whose text contains pattern wait duration
// before it runs. A cancelled query stops waiting.
func (e *Emulator) Delay(pattern string, duration time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.delays = append(e.delays, delay{pattern, duration})
}

func (e *Emulator) delayFor(text string) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, d := range e.delays {
		if strings.Contains(text, d.pattern) {
			return d.duration
		}
	}
	return 0
}

// Stats are counters of the emulator's work.
type Stats struct {
	Logins int64
	// ChunkRequests counts requests for result chunks after the first,
	// which a query response carries inline.
	ChunkRequests int64
	// ChunksServed counts chunk requests served in full.
	ChunksServed int64
	Aborts       int64
}

// Stats returns the counters.
func (e *Emulator) Stats() Stats {
	return Stats{
		Logins:        e.logins.Load(),
		ChunkRequests: e.chunkRequests.Load(),
		ChunksServed:  e.chunksServed.Load(),
		Aborts:        e.aborts.Load(),
	}
}

// QueryTags returns the QUERY_TAG in effect for each query that clients
// sent, in order, "" where none was set.
func (e *Emulator) QueryTags() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.tags...)
}

// QueryTexts returns the text of each query that clients sent, in order.
func (e *Emulator) QueryTexts() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.texts...)
}

func (e *Emulator) newID() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.nextID++
	return e.nextID
}

func (e *Emulator) newQueryID() string {
	return fmt.Sprintf("01b00000-0000-4000-8000-%012d", e.newID())
}

func (e *Emulator) newToken(kind string) string {
	return kind + "-" + strconv.FormatInt(e.newID(), 10) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// splitStatements splits a script at semicolons outside literals,
// identifiers and comments.
func splitStatements(script string) ([]string, error) {
	tokens, err := lex(script)
	if err != nil {
		return nil, err
	}
	var statements []string
	var b strings.Builder
	for _, t := range tokens {
		if t.kind == tokenSymbol && t.text == ";" {
			if strings.TrimSpace(b.String()) != "" {
				statements = append(statements, b.String())
			}
			b.Reset()
			continue
		}
		b.WriteString(tokenText(t))
	}
	if strings.TrimSpace(b.String()) != "" {
		statements = append(statements, b.String())
	}
	return statements, nil
}

// tokenText writes a token back as Snowflake SQL.
func tokenText(t token) string {
	switch t.kind {
	case tokenQuoted:
		return `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
	case tokenString:
		return "'" + strings.ReplaceAll(strings.ReplaceAll(t.text, `\`, `\\`), "'", "''") + "'"
	}
	return t.text
}
