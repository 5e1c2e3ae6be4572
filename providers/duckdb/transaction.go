package duckdb

import (
	"context"
	"errors"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
	"pgway/translate"
)

// Transaction blocks run as DuckDB transactions on one connection of the
// session, the transaction's. A REPEATABLE READ block begins its DuckDB
// transaction at BEGIN: DuckDB's snapshot isolation is PostgreSQL's
// REPEATABLE READ. A READ COMMITTED block, PostgreSQL's default, begins
// it at its first statement that may change data. Until then each read
// runs on its own and reads the data committed before it, as under READ
// COMMITTED. After that first change the block reads its snapshot, where
// PostgreSQL would read what other transactions committed since. So a
// statement after it fails with 40001 once another transaction has
// committed a change (database.commits), and never reads older data than
// PostgreSQL would. Implicit transactions are checked in the same way. DuckDB does not detect the conflicts
// SERIALIZABLE needs, so a SERIALIZABLE block fails with 0A000.
//
// Statements of the block run on the transaction's connection while it
// has no open result. A read that comes while it has one, as between two
// fetches of a cursor, runs on another connection outside the transaction
// while the transaction has changed nothing, since it would then read the
// same data. Once it has changed data it fails with 0A000.
// DuckDB has no savepoints: ROLLBACK TO SAVEPOINT works where there is
// nothing to undo, and fails with 0A000 where there is.
//
// Outside a block, the statements of one query string or batch that may
// change data run in one transaction too, PostgreSQL's implicit
// transaction, which the first of them begins (SetImplicit). Reads before
// it run on their own.

// transaction is the state of a session's open DuckDB transaction.
type transaction struct {
	conn *conn
	// changes counts the statements run in the transaction that may have
	// changed data or schemas.
	changes uint64
	// aborted is set after a statement of the transaction failed, which
	// DuckDB aborts the transaction for.
	aborted bool
	// changedSchemas is set after DDL in the transaction, and
	// schemaChanges counts its DDL statements.
	changedSchemas bool
	schemaChanges  uint64
	// relations are the column types visible to the transaction, read
	// after its DDL statement number relationsAt.
	relations   *translate.Relations
	relationsAt uint64
	// schemas are the names of the schemas visible to the transaction,
	// read after its DDL statement number schemasAt.
	schemas   *schemaSet
	schemasAt uint64
	// readCommitted is set for the transaction of a READ COMMITTED block
	// or of an implicit transaction, and commitsAt is the count of the
	// database's commits before it began.
	readCommitted bool
	commitsAt     uint64
}

// block is an open transaction block.
type block struct {
	options providers.TxOptions
}

// Begin starts a transaction block. The demo's read-only sessions change
// nothing, so they keep running each statement on its own. An implicit
// transaction already open becomes the block's.
func (s *session) Begin(ctx context.Context, options providers.TxOptions) error {
	if s.readOnly {
		return nil
	}
	if options.Isolation == "serializable" {
		return &providers.Error{Code: "0A000",
			Message: "SERIALIZABLE transactions are not supported on DuckDB",
			Hint:    "DuckDB runs REPEATABLE READ, as snapshot isolation."}
	}
	s.block = &block{options: options}
	s.rejectChanges = options.ReadOnly
	if s.tx != nil || options.Isolation != "repeatable read" {
		return nil
	}
	return s.beginTransaction(ctx)
}

// beginTransaction begins a DuckDB transaction on an idle connection.
func (s *session) beginTransaction(ctx context.Context) error {
	c, err := s.idle()
	if err != nil {
		return err
	}
	commitsAt := s.db.commits.Load()
	if err := s.run(ctx, c, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	readCommitted := s.block == nil || s.block.options.Isolation != "repeatable read"
	s.tx = &transaction{conn: c, readCommitted: readCommitted, commitsAt: commitsAt}
	return nil
}

// checkSnapshot fails with 40001 before a statement of a READ COMMITTED
// transaction that changed data, once another transaction committed a
// change after the transaction began: the statement would read the
// transaction's snapshot, not what PostgreSQL's READ COMMITTED reads.
func (s *session) checkSnapshot() error {
	tx := s.tx
	if tx == nil || !tx.readCommitted || tx.changes == 0 || s.db.commits.Load() == tx.commitsAt {
		return nil
	}
	tx.aborted = true
	return &providers.Error{Code: "40001",
		Message: "could not serialize access due to a concurrent commit",
		Detail:  "Another transaction committed a change after this transaction's first change.",
		Hint:    "DuckDB reads the data as of the first change of a READ COMMITTED transaction, where PostgreSQL would read the newer data. Retry the transaction."}
}

// SetReadOnly makes the statements that follow reject changes with 25006,
// or accept them again.
func (s *session) SetReadOnly(readOnly bool) {
	s.rejectChanges = readOnly
}

// Commit commits the transaction, or rolls it back when it failed, as
// PostgreSQL's COMMIT of a failed block does.
func (s *session) Commit(ctx context.Context) error {
	s.block = nil
	return s.end(ctx, "COMMIT")
}

// Rollback rolls the transaction back.
func (s *session) Rollback(ctx context.Context) error {
	s.block = nil
	return s.end(ctx, "ROLLBACK")
}

// end ends the DuckDB transaction, if one is open.
func (s *session) end(ctx context.Context, verb string) error {
	tx := s.tx
	if tx == nil {
		return nil
	}
	s.tx = nil
	if tx.aborted {
		verb = "ROLLBACK"
	}
	if verb == "COMMIT" {
		if err := s.runOnCommit(context.WithoutCancel(ctx), tx); err != nil {
			s.run(context.WithoutCancel(ctx), tx.conn, "ROLLBACK")
			s.forgetOnCommit(tx, false)
			return err
		}
	}
	err := s.run(context.WithoutCancel(ctx), tx.conn, verb)
	s.forgetOnCommit(tx, err == nil && verb == "COMMIT")
	if err == nil && verb == "COMMIT" && tx.changes > 0 {
		s.db.commits.Add(1)
	}
	if err != nil && verb == "COMMIT" {
		// The connection must not stay in the failed transaction.
		s.run(context.WithoutCancel(ctx), tx.conn, "ROLLBACK")
	}
	if tx.changedSchemas {
		s.db.relations.version.Add(1)
	}
	return err
}

// SetImplicit turns the implicit transaction on or off.
func (s *session) SetImplicit(on bool) {
	s.implicit = on
}

// beginChanges begins the DuckDB transaction of a block or an implicit
// transaction before a statement of kind, if it may change data and none
// is open.
func (s *session) beginChanges(ctx context.Context, kind statementKind) error {
	// A change outside a block may fill an ON COMMIT DELETE ROWS table,
	// which the commit at the end of the statement's Query empties.
	if s.tx != nil || kind.readOnly() || s.block == nil && !s.implicit && len(s.onCommit) == 0 {
		return nil
	}
	return s.beginTransaction(ctx)
}

// InTransaction reports whether a block or a DuckDB transaction is open.
func (s *session) InTransaction() bool {
	return s.tx != nil || s.block != nil
}

// Savepoint returns the count of the transaction's changes.
func (s *session) Savepoint() uint64 {
	if s.tx == nil {
		return 0
	}
	return s.tx.changes
}

// RollbackTo undoes nothing where nothing changed since mark and DuckDB
// did not abort the transaction: a statement that failed before it ran,
// or on another connection, leaves it open. An aborted transaction that
// changed nothing at all is rolled back and begun again, which leaves the
// same state.
func (s *session) RollbackTo(ctx context.Context, mark uint64) error {
	tx := s.tx
	switch {
	case tx == nil || tx.changes == mark && !tx.aborted:
		return nil
	case tx.changes == 0 && !s.busy(tx.conn):
		if err := s.end(ctx, "ROLLBACK"); err != nil {
			return err
		}
		if s.block != nil && s.block.options.Isolation == "repeatable read" {
			return s.beginTransaction(ctx)
		}
		return nil
	}
	if tx.changes == 0 {
		return &providers.Error{Code: "0A000",
			Message: "ROLLBACK TO SAVEPOINT after an error while a cursor is open is not supported on DuckDB",
			Hint:    "DuckDB has no savepoints. Roll back the whole transaction."}
	}
	return &providers.Error{Code: "0A000",
		Message: "ROLLBACK TO SAVEPOINT after changes to the data is not supported on DuckDB",
		Hint:    "DuckDB has no savepoints. Roll back the whole transaction."}
}

// busy reports whether c has an open result.
func (s *session) busy(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.busy
}

// run runs a statement without a result on c.
func (s *session) run(ctx context.Context, c *conn, sql string) error {
	if err := ctx.Err(); err != nil {
		return convertError(err)
	}
	var result bindings.Result
	state := bindings.Query(c.handle, sql, &result)
	message := bindings.ResultError(&result)
	bindings.DestroyResult(&result)
	if state == bindings.StateError {
		return convertError(newError(message))
	}
	return nil
}

// transactionConn returns the connection a statement of kind runs on in
// the transaction: the transaction's, or another one for a read while the
// transaction's has an open result and the transaction changed nothing.
func (s *session) transactionConn(kind statementKind) (*conn, error) {
	if !s.busy(s.tx.conn) {
		return s.tx.conn, nil
	}
	if kind.readOnly() && s.tx.changes == 0 {
		return s.idle()
	}
	return nil, &providers.Error{Code: "0A000",
		Message: "a statement while a result of the same transaction is open is not supported on DuckDB",
		Hint:    "Fetch the whole result or close the cursor first."}
}

// noteTransaction records a statement of kind that ran in the
// transaction, and err, its failure.
func (s *session) noteTransaction(kind statementKind, err error) {
	if s.tx == nil {
		return
	}
	if !kind.readOnly() {
		s.tx.changes++
	}
	var pgErr *providers.Error
	if err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "57014") {
		s.tx.aborted = true
	}
}
