package snowflakeemu

import (
	"context"
	"database/sql/driver"
)

// Snowflake's transactions run as DuckDB transactions on the session's
// connection, with these rules of Snowflake's:
//
//   - BEGIN inside a transaction is ignored, and COMMIT or ROLLBACK
//     outside one succeeds and does nothing.
//   - DDL commits the open transaction before it runs, and then commits
//     itself.
//   - A statement that fails undoes only its own changes, and the
//     transaction stays open. DuckDB aborts the whole transaction instead,
//     so the emulator rolls it back, begins it again and runs the changes
//     of the statements before the failed one again.
//   - Closing a session rolls its transaction back.

// transaction is a session's open transaction.
type transaction struct {
	// changes are the statements of the transaction other than queries,
	// in order, which run again after a failed statement.
	changes []change
	// lost is set when the changes could not run again, after which
	// every statement fails until COMMIT or ROLLBACK.
	lost error
}

// change is a statement that ran in a transaction.
type change struct {
	rw   *rewritten
	args []driver.NamedValue
}

// transactionCommand runs BEGIN, START TRANSACTION, COMMIT and ROLLBACK,
// and commits an open transaction before DDL. It reports whether the
// statement was one of the first four.
func (e *Emulator) transactionCommand(ctx context.Context, s *session, words []string) (*result, bool, error) {
	switch {
	case isBegin(words):
		if s.tx != nil {
			return transactionResult(), true, nil
		}
		if _, err := s.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return nil, true, convertError(err)
		}
		s.tx = &transaction{}
		return transactionResult(), true, nil
	case isEnd(words, "COMMIT"):
		return transactionResult(), true, s.endTransaction(ctx, "COMMIT")
	case isEnd(words, "ROLLBACK"):
		return transactionResult(), true, s.endTransaction(ctx, "ROLLBACK")
	case s.tx != nil && isDDL(words):
		if err := s.endTransaction(ctx, "COMMIT"); err != nil {
			return nil, true, err
		}
	}
	return nil, false, nil
}

func transactionResult() *result {
	return statusResult("Statement executed successfully.", statementOther)
}

// isBegin reports whether words are BEGIN [WORK | TRANSACTION] [NAME n]
// or START TRANSACTION [NAME n]. BEGIN followed by other words opens a
// Snowflake Scripting block instead.
func isBegin(words []string) bool {
	switch {
	case words[0] == "BEGIN":
		return len(words) == 1 || words[1] == "WORK" || words[1] == "TRANSACTION" || words[1] == "NAME"
	case words[0] == "START":
		return len(words) > 1 && words[1] == "TRANSACTION"
	}
	return false
}

// isEnd reports whether words are verb, COMMIT or ROLLBACK, with an
// optional WORK.
func isEnd(words []string, verb string) bool {
	return words[0] == verb && (len(words) == 1 || len(words) == 2 && words[1] == "WORK")
}

// isDDL reports whether words are a statement that Snowflake commits on
// its own.
func isDDL(words []string) bool {
	switch words[0] {
	case "CREATE", "DROP", "UNDROP", "COMMENT", "GRANT", "REVOKE":
		return true
	case "ALTER":
		return len(words) < 2 || words[1] != "SESSION"
	}
	return false
}

// endTransaction commits or rolls back the open transaction, if any. A
// COMMIT of a transaction whose changes were lost rolls it back and fails.
func (s *session) endTransaction(ctx context.Context, verb string) error {
	tx := s.tx
	if tx == nil {
		return nil
	}
	s.tx = nil
	ctx = context.WithoutCancel(ctx)
	if tx.lost != nil {
		// DuckDB's transaction may be open or not: the error came from
		// the changes that ran again, or from BEGIN.
		s.conn.ExecContext(ctx, "ROLLBACK")
		return tx.lost
	}
	if _, err := s.conn.ExecContext(ctx, verb); err != nil {
		if verb == "COMMIT" {
			s.conn.ExecContext(ctx, "ROLLBACK")
		}
		return convertError(err)
	}
	return nil
}

// checkTransaction rejects the statements that the emulator cannot run in
// the open transaction.
func (s *session) checkTransaction(rw *rewritten) error {
	switch {
	case s.tx == nil:
		return nil
	case s.tx.lost != nil:
		return s.tx.lost
	case len(rw.infoDatabases) > 0:
		// INFORMATION_SCHEMA is rebuilt in tables that all sessions share,
		// which a transaction would keep from the others until it ends.
		return notEmulated("INFORMATION_SCHEMA in a transaction")
	}
	return nil
}

// noteStatement records a statement that ran in the open transaction, and
// restores the transaction after one that failed.
func (e *Emulator) noteStatement(ctx context.Context, s *session, rw *rewritten, args []driver.NamedValue, r *result, err error) {
	switch {
	case s.tx == nil:
	case err != nil:
		e.replay(context.WithoutCancel(ctx), s)
	case r.statementType != statementSelect:
		s.tx.changes = append(s.tx.changes, change{rw: rw, args: args})
	}
}

// replay rolls back DuckDB's transaction, which a failed statement
// aborted, begins it again and runs the transaction's changes again.
//
// NOTE: the changes run again on the data committed since they first ran,
// and call functions such as CURRENT_TIMESTAMP and RANDOM again, where
// Snowflake keeps their first results.
func (e *Emulator) replay(ctx context.Context, s *session) {
	tx := s.tx
	if _, err := s.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		tx.lost = convertError(err)
		return
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		tx.lost = convertError(err)
		return
	}
	for _, c := range tx.changes {
		if _, err := e.runDuck(ctx, s, c.rw, c.args, false); err != nil {
			tx.lost = notEmulated("the transaction after a failed statement, because its earlier changes failed to run again: %v",
				convertError(err).Message)
			return
		}
	}
}
