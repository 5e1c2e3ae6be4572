// Package providers defines the interface to the warehouses that pgway runs
// the PostgreSQL protocol for itself, and a registry of their
// implementations by provider_id.
//
// The PostgreSQL and Redshift providers relay the protocol instead and do
// not implement this interface.
package providers

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"pgway/config"
)

// Column describes one result column in the terms of a RowDescription.
type Column struct {
	Name    string
	TypeOID uint32
	// TypeModifier is the atttypmod PostgreSQL reports, -1 when none.
	TypeModifier int32
	// TypeSize is pg_type.typlen: the fixed size in bytes, or -1 for a
	// variable-length type.
	TypeSize int16
}

// Statement is a prepared statement. Preparing it runs nothing.
type Statement interface {
	// ParamOIDs returns the PostgreSQL type OID of each parameter ($1, $2,
	// ...). A parameter whose type the warehouse cannot infer is text (25).
	ParamOIDs() []uint32
	// Columns returns the result columns, empty for a statement that
	// returns no rows.
	Columns() []Column
	// Close releases the statement. Rows already returned by Execute stay
	// readable.
	Close() error
}

// ParamTyper is implemented by a Statement that binds each parameter as
// the type the client declared for it in Parse, for warehouses that cannot
// always infer parameter types, such as BigQuery. After Prepare, the
// engine calls SetParamOIDs with the declared OIDs, one per parameter the
// client declared, 0 where it left the type unspecified. The statement may
// describe itself again with those types, so ParamOIDs and Columns are
// read after it returns; an error ends the Parse.
type ParamTyper interface {
	SetParamOIDs(ctx context.Context, oids []uint32) error
}

// Rows is the result of one execution, read one row at a time as the
// client consumes it. It must be closed.
type Rows interface {
	// Next advances to the next row and reports whether there is one. After
	// it returns false, Err reports why.
	Next() bool
	// Values returns the current row. Each value is nil for NULL or a Go
	// value that a pgtype.Map encodes for the column's TypeOID in both the
	// text and the binary format. The slice is valid until the next call to
	// Next.
	Values() []any
	Err() error
	// CommandTag returns the CommandComplete tag, such as "SELECT 3". It is
	// valid after Next has returned false.
	CommandTag() string
	Close() error
}

// ResultColumns is implemented by Rows whose columns may differ from the
// columns their Statement described. A warehouse may resolve the result
// types of a statement only once it runs with its parameters, as DuckDB
// does for table functions with parameters, such as range($1). A statement
// describes such columns as text, and the engine then sends their values
// as text.
type ResultColumns interface {
	ResultColumns() []Column
}

// LateBound is implemented by a Statement that reports whether its
// warehouse resolves the result's types only at execution (see
// ResultColumns), so that its Columns are no description of the result.
type LateBound interface {
	LateBound() bool
}

// Session is one client session's connection to a warehouse. A session
// serves one client, but Cancel may be called from any goroutine.
//
// A session may have several Rows open at once: the client may suspend one
// portal or cursor and then prepare and run other statements. A provider
// whose warehouse connection runs one result at a time serves the others
// on further warehouse connections of the same session. DuckDB does so: it
// opens a second connection to the same database while a streaming result
// is open on the first. A statement on the second connection runs outside
// any transaction of the first and does not see its temporary objects. A
// provider may instead read the rest of the open result into memory or
// onto disk first (a spill), but none does so yet.
type Session interface {
	// Prepare parses and describes sql, one statement, without running it.
	Prepare(ctx context.Context, sql string) (Statement, error)
	// Execute runs stmt with args, one per parameter. Each arg is nil (NULL),
	// bool, int64, float64, string, []byte or time.Time. Cancelling ctx
	// interrupts the warehouse while Execute runs. ctx ends with the
	// client's statement, but the Rows may be read in later statements
	// (a suspended portal, a cursor), so reading them must not depend on
	// ctx; Cancel interrupts the reading.
	Execute(ctx context.Context, stmt Statement, args []any) (Rows, error)
	// Cancel interrupts the statement running on the session, if any.
	Cancel()
	Close() error
}

// TimeZoneSetter is a Session whose warehouse can convert between
// timestamptz and dates or local times in the client's TimeZone, as
// PostgreSQL does. Without it, the warehouse converts in UTC.
type TimeZoneSetter interface {
	// SetTimeZone sets the zone, an IANA name such as Europe/Paris, for
	// the statements that run from now on, including those prepared
	// before.
	SetTimeZone(ctx context.Context, name string) error
}

// OpenFunc opens a session for a connection of the provider.
type OpenFunc func(ctx context.Context, conn *config.Connection) (Session, error)

// WarmUpFunc prepares a connection of the provider before its first
// session, such as loading an embedded database. It runs in its own
// goroutine and reports failures through the sessions that follow.
type WarmUpFunc func(conn *config.Connection)

var (
	mu       sync.RWMutex
	registry = map[string]OpenFunc{}
	warmUps  = map[string]WarmUpFunc{}
)

// Register makes a provider available to Open. Provider packages call it
// from init, so a binary serves the providers whose packages it imports.
func Register(providerID string, open OpenFunc) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[providerID]; dup {
		panic("providers: Register called twice for " + providerID)
	}
	registry[providerID] = open
}

// RegisterWarmUp sets the warm-up that WarmUp runs for connections of
// the provider.
func RegisterWarmUp(providerID string, warmUp WarmUpFunc) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := warmUps[providerID]; dup {
		panic("providers: RegisterWarmUp called twice for " + providerID)
	}
	warmUps[providerID] = warmUp
}

// WarmUp starts, in the background, the warm-up of each connection whose
// provider registered one, so that the first client does not wait for it.
// It returns at once.
func WarmUp(conns []config.Connection) {
	mu.RLock()
	defer mu.RUnlock()
	for _, conn := range conns {
		if warmUp, ok := warmUps[conn.ProviderID]; ok {
			go warmUp(&conn)
		}
	}
}

// Open opens a session for conn with the provider its ProviderID names.
func Open(ctx context.Context, conn *config.Connection) (Session, error) {
	mu.RLock()
	open, ok := registry[conn.ProviderID]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("provider %q is not linked into this binary (linked: %v)",
			conn.ProviderID, Registered())
	}
	return open(ctx, conn)
}

// Registered returns the registered provider ids in sorted order.
func Registered() []string {
	mu.RLock()
	defer mu.RUnlock()
	ids := make([]string, 0, len(registry))
	for id := range registry {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// TemporaryDiscarder is implemented by a Session whose warehouse keeps
// the session's temporary tables, which DISCARD TEMP and DISCARD ALL drop.
type TemporaryDiscarder interface {
	DiscardTemporary(ctx context.Context) error
}

// SearchPather is implemented by a Session whose warehouse looks names
// without a schema up in a path of schemas, which pgway sets from the
// client's search_path.
type SearchPather interface {
	// SetSearchPath sets the schemas, as PostgreSQL clients name them,
	// in which names without a schema are looked up, in order. New
	// relations go to the first that exists.
	SetSearchPath(schemas []string)
	// SchemaExists reports whether the warehouse has the schema, as
	// PostgreSQL clients name it.
	SchemaExists(schema string) bool
}

// TxOptions are the characteristics of a transaction.
type TxOptions struct {
	ReadOnly bool
	// Isolation is the isolation level as PostgreSQL's
	// transaction_isolation writes it, such as "read committed".
	Isolation string
}

// Transactor is implemented by a Session whose warehouse has transactions
// that match PostgreSQL's transaction blocks, which pgway then runs there:
// BEGIN, COMMIT and ROLLBACK start and end a warehouse transaction, and
// the statements between them run in it.
type Transactor interface {
	// Begin starts a transaction block with options. It fails with 0A000
	// for an isolation level the warehouse cannot give.
	Begin(ctx context.Context, options TxOptions) error
	// SetReadOnly makes the statements that follow, in the block or
	// outside one, reject changes with 25006, or accept them again.
	SetReadOnly(readOnly bool)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	// Savepoint returns a mark of the transaction's changes so far, for
	// RollbackTo.
	Savepoint() uint64
	// RollbackTo undoes the changes since the Savepoint that returned
	// mark, and ends the failed state of the transaction. It fails with
	// 0A000 where the warehouse cannot.
	RollbackTo(ctx context.Context, mark uint64) error
	// InTransaction reports whether a warehouse transaction is open.
	InTransaction() bool
	// SetImplicit turns the implicit transaction of a query string or an
	// extended-protocol batch on or off. While it is on, the first
	// statement outside a transaction that may change data begins one,
	// which Commit or Rollback ends; later changes begin another.
	SetImplicit(on bool)
}

// DDLCommitter is implemented by a Transactor whose warehouse commits
// DDL at once, in a transaction too, as Snowflake does. The engine then
// rejects DDL where a later error or ROLLBACK would have to undo it.
type DDLCommitter interface {
	CommitsDDL()
}
