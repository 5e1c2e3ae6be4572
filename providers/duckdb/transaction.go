package duckdb

import (
	"context"
	"errors"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// Transaction blocks run as DuckDB transactions on one connection of the
// session, the transaction's. Statements of the block run there while it
// has no open result. A read that comes while it has one, as between two
// fetches of a cursor, runs on another connection outside the transaction
// while the transaction has changed nothing, since it would then read the
// same data. Once it has changed data it fails with 0A000.
// DuckDB has no savepoints: ROLLBACK TO SAVEPOINT works where there is
// nothing to undo, and fails with 0A000 where there is.

// transaction is the state of a session's open transaction.
type transaction struct {
	conn *conn
	// changes counts the statements run in the transaction that may have
	// changed data or schemas.
	changes uint64
	// aborted is set after a statement of the transaction failed, which
	// DuckDB aborts the transaction for.
	aborted bool
	// changedSchemas is set after DDL in the transaction.
	changedSchemas bool
	// readOnly is set for BEGIN READ ONLY, whose transaction DuckDB runs
	// read-only.
	readOnly bool
}

// Begin starts a transaction. The demo's read-only sessions change
// nothing, so they keep running each statement on its own.
func (s *session) Begin(ctx context.Context, readOnly bool) error {
	if s.readOnly || s.tx != nil {
		return nil
	}
	c, err := s.idle()
	if err != nil {
		return err
	}
	begin := "BEGIN TRANSACTION"
	if readOnly {
		begin += " READ ONLY"
	}
	if err := s.run(ctx, c, begin); err != nil {
		return err
	}
	s.tx = &transaction{conn: c, readOnly: readOnly}
	return nil
}

// Commit commits the transaction, or rolls it back when it failed, as
// PostgreSQL's COMMIT of a failed block does.
func (s *session) Commit(ctx context.Context) error {
	return s.end(ctx, "COMMIT")
}

// Rollback rolls the transaction back.
func (s *session) Rollback(ctx context.Context) error {
	return s.end(ctx, "ROLLBACK")
}

func (s *session) end(ctx context.Context, verb string) error {
	tx := s.tx
	if tx == nil {
		return nil
	}
	s.tx = nil
	if tx.aborted {
		verb = "ROLLBACK"
	}
	err := s.run(context.WithoutCancel(ctx), tx.conn, verb)
	if err != nil && verb == "COMMIT" {
		// The connection must not stay in the failed transaction.
		s.run(context.WithoutCancel(ctx), tx.conn, "ROLLBACK")
	}
	if tx.changedSchemas {
		s.db.relations.version.Add(1)
	}
	return err
}

// InTransaction reports whether a transaction is open, which a cursor
// WITH HOLD cannot outlive on DuckDB.
func (s *session) InTransaction() bool {
	return s.tx != nil
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
		if err := s.Rollback(ctx); err != nil {
			return err
		}
		return s.Begin(ctx, tx.readOnly)
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
