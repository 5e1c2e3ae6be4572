package snowflake

import (
	"context"
	"database/sql/driver"
	"errors"
	"time"

	"pgway/providers"
)

// Transaction blocks run as Snowflake transactions on the session. A block
// begins its Snowflake transaction at its first DML statement (INSERT,
// UPDATE, DELETE, MERGE, TRUNCATE), so that a block that only reads costs
// no round trips for BEGIN and COMMIT. Reads before it see the data
// committed before each read, as do reads in a Snowflake transaction, whose
// isolation is READ COMMITTED, PostgreSQL's default. REPEATABLE READ and
// SERIALIZABLE blocks fail with 0A000.
//
// Snowflake commits the open transaction before and after each DDL
// statement, so DDL in a block, or in an implicit transaction after other
// statements, fails with 0A000 instead of committing the block. CALL
// fails there too, since a stored procedure may run DDL.
//
// A statement that fails in a Snowflake transaction undoes only its own
// changes, and the transaction stays open. pgway rolls it back instead of
// committing it, as PostgreSQL's COMMIT of a failed block does. Snowflake
// has no savepoints: ROLLBACK TO SAVEPOINT works where no DML succeeded
// since the savepoint, and fails with 0A000 where it did.
//
// Outside a block, the statements of one query string or batch run in
// PostgreSQL's implicit transaction (SetImplicit): its first DML statement
// begins a Snowflake transaction.

// transaction is the state of the session's blocks and transactions.
type transaction struct {
	// block is set while a transaction block is open.
	block bool
	// open is set while a Snowflake transaction is open.
	open bool
	// changes counts the DML statements of the Snowflake transaction that
	// may have changed data.
	changes uint64
	// failed is set after a statement of the Snowflake transaction failed.
	failed bool
	// readOnly rejects DML and DDL with 25006.
	readOnly bool
	// implicit is set while the implicit transaction of a query string or
	// batch is on, and implicitStatements counts the statements run in it.
	implicit           bool
	implicitStatements int
}

// Begin starts a transaction block. An implicit transaction already open
// becomes the block's.
func (s *session) Begin(ctx context.Context, options providers.TxOptions) error {
	switch options.Isolation {
	case "repeatable read", "serializable":
		return &providers.Error{Code: "0A000",
			Message: isolationName(options.Isolation) + " transactions are not supported on Snowflake",
			Hint:    "Snowflake runs transactions in READ COMMITTED only. Begin the block with BEGIN ISOLATION LEVEL READ COMMITTED."}
	}
	s.tx.block = true
	s.tx.readOnly = options.ReadOnly
	return nil
}

func isolationName(isolation string) string {
	if isolation == "serializable" {
		return "SERIALIZABLE"
	}
	return "REPEATABLE READ"
}

// SetReadOnly makes the statements that follow reject changes with 25006,
// or accept them again.
func (s *session) SetReadOnly(readOnly bool) {
	s.tx.readOnly = readOnly
}

// Commit commits the Snowflake transaction, or rolls it back when one of
// its statements failed.
func (s *session) Commit(ctx context.Context) error {
	s.tx.block = false
	verb := "COMMIT"
	if s.tx.failed {
		verb = "ROLLBACK"
	}
	return s.end(ctx, verb)
}

// Rollback rolls the Snowflake transaction back.
func (s *session) Rollback(ctx context.Context) error {
	s.tx.block = false
	return s.end(ctx, "ROLLBACK")
}

// end ends the Snowflake transaction, if one is open. A COMMIT that fails
// is followed by a ROLLBACK, so that the session does not stay in the
// transaction.
func (s *session) end(ctx context.Context, verb string) error {
	if !s.tx.open {
		return nil
	}
	s.tx.open, s.tx.changes, s.tx.failed = false, 0, false
	ctx = context.WithoutCancel(ctx)
	err := s.runCommand(ctx, verb)
	if err != nil && verb == "COMMIT" {
		s.runCommand(ctx, "ROLLBACK")
	}
	return err
}

// InTransaction reports whether a block or a Snowflake transaction is open.
func (s *session) InTransaction() bool {
	return s.tx.block || s.tx.open
}

// Savepoint returns the count of the transaction's DML statements.
func (s *session) Savepoint() uint64 {
	return s.tx.changes
}

// RollbackTo undoes nothing where no DML statement changed data since
// mark. A statement that failed since then undid its own changes, as
// Snowflake rolls back each failed statement, so the transaction goes on.
func (s *session) RollbackTo(ctx context.Context, mark uint64) error {
	if !s.tx.open || s.tx.changes == mark {
		s.tx.failed = false
		return nil
	}
	return &providers.Error{Code: "0A000",
		Message: "ROLLBACK TO SAVEPOINT after changes to the data is not supported on Snowflake",
		Hint:    "Snowflake has no savepoints. Roll back the whole transaction."}
}

// CommitsDDL marks Snowflake as a warehouse that commits DDL at once.
func (s *session) CommitsDDL() {}

// SetImplicit turns the implicit transaction on or off.
func (s *session) SetImplicit(on bool) {
	s.tx.implicit = on
	s.tx.implicitStatements = 0
}

// beforeStatement checks a statement of kind against the transaction
// before it runs, and begins the Snowflake transaction before the first
// DML statement of a block or an implicit transaction. DDL as the first
// statement of a Query of several statements, which the session cannot
// tell from a batch, is rejected by the engine (CommitsDDL).
func (s *session) beforeStatement(ctx context.Context, kind statementKind) error {
	ranBefore := s.tx.implicitStatements > 0
	if s.tx.implicit {
		s.tx.implicitStatements++
	}
	if kind.class == classQuery || kind.class == classSession {
		return nil
	}
	if s.tx.readOnly {
		// The proxy names the statement by its PostgreSQL command tag.
		return &providers.Error{Code: "25006", Message: "cannot execute " + kind.name + " in a read-only transaction"}
	}
	if kind.class == classCommits {
		switch {
		case s.tx.block:
			return commitsError(kind, "in a transaction block")
		case s.tx.open || s.tx.implicit && ranBefore:
			return commitsError(kind, "in a transaction with other statements")
		}
		return nil
	}
	if s.tx.open || !s.tx.block && !s.tx.implicit {
		return nil
	}
	if err := s.runCommand(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	s.tx.open = true
	return nil
}

// commitsError is the error of a statement of kind that would commit the
// open transaction on Snowflake.
func commitsError(kind statementKind, where string) error {
	hint := "Snowflake commits DDL at once, together with the open transaction. Run it outside a transaction block, as a query of its own."
	if kind.name == "CALL" {
		hint = "A Snowflake procedure may run DDL, which commits the open transaction. Run it outside a transaction block, as a query of its own."
	}
	return &providers.Error{Code: "0A000", Message: kind.name + " " + where + " is not supported on Snowflake", Hint: hint}
}

// afterStatement records a statement of kind that ran in the Snowflake
// transaction, and err, its failure. A DML statement that Snowflake
// reports as failed changed nothing. One cancelled, or whose request
// failed, may have changed data before it ended.
func (s *session) afterStatement(kind statementKind, err error) {
	if !s.tx.open {
		return
	}
	if err != nil {
		s.tx.failed = true
	}
	if kind.class == classDML && (err == nil || !statementRolledBack(err)) {
		s.tx.changes++
	}
}

// statementRolledBack reports whether err is a failure of a statement that
// Snowflake reported, which rolled back the statement's changes.
func statementRolledBack(err error) bool {
	var pgErr *providers.Error
	if !errors.As(err, &pgErr) {
		return false
	}
	return pgErr.Code != "57014" && pgErr.Code != "08006"
}

// runCommand runs a statement without a result, such as COMMIT.
func (s *session) runCommand(ctx context.Context, sql string) error {
	ctx, done := s.track(ctx)
	defer done()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.conn.(driver.ExecerContext).ExecContext(s.queryContext(ctx), sql, nil); err != nil {
		return convertError(err)
	}
	return nil
}

// closeTimeout bounds the ROLLBACK of a transaction still open when the
// session closes.
const closeTimeout = 10 * time.Second

// rollbackOnClose rolls back a transaction still open, before the session
// closes. The caller holds s.mu.
func (s *session) rollbackOnClose() {
	if !s.tx.open {
		return
	}
	s.tx.open = false
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	s.conn.(driver.ExecerContext).ExecContext(s.queryContext(ctx), "ROLLBACK", nil)
}
