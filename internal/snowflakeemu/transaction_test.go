package snowflakeemu

import (
	"context"
	"testing"
)

// emulatorSession is a session of the emulator for tests, which runs
// Snowflake SQL as a query request would.
type emulatorSession struct {
	t *testing.T
	e *Emulator
	s *session
}

func newEmulatorSession(t *testing.T, e *Emulator) *emulatorSession {
	t.Helper()
	s, err := e.newSession(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	return &emulatorSession{t: t, e: e, s: s}
}

// run runs sql and returns its error.
func (es *emulatorSession) run(sql string) error {
	_, err := es.e.execute(context.Background(), es.s, sql, nil, false)
	return err
}

// mustRun runs sql and fails the test on an error.
func (es *emulatorSession) mustRun(sql string) {
	es.t.Helper()
	if err := es.run(sql); err != nil {
		es.t.Fatalf("%s: %v", sql, err)
	}
}

// count returns the number of rows of table T visible to another session.
func (es *emulatorSession) count() string {
	es.t.Helper()
	rows, err := queryValues(es.t, es.e, "SELECT COUNT(*) FROM T")
	if err != nil {
		es.t.Fatal(err)
	}
	return rows[0]
}

func TestTransactionRollbackAndCommit(t *testing.T) {
	e := startTestEmulator(t)
	es := newEmulatorSession(t, e)
	es.mustRun("CREATE TABLE T (ID NUMBER(9,0))")
	es.mustRun("BEGIN TRANSACTION")
	es.mustRun("INSERT INTO T VALUES (1)")
	if got := es.count(); got != "0" {
		t.Errorf("another session counts %s rows before COMMIT, want 0", got)
	}
	es.mustRun("ROLLBACK")
	if got := es.count(); got != "0" {
		t.Errorf("%s rows after ROLLBACK, want 0", got)
	}
	es.mustRun("BEGIN")
	es.mustRun("BEGIN")
	es.mustRun("INSERT INTO T VALUES (1)")
	es.mustRun("COMMIT WORK")
	if got := es.count(); got != "1" {
		t.Errorf("%s rows after COMMIT, want 1", got)
	}
	es.mustRun("COMMIT")
	es.mustRun("ROLLBACK")
}

// TestTransactionDDLCommits checks Snowflake's rule that DDL commits the
// open transaction: the statements after it commit on their own, and the
// ROLLBACK finds no transaction.
func TestTransactionDDLCommits(t *testing.T) {
	e := startTestEmulator(t)
	es := newEmulatorSession(t, e)
	es.mustRun("CREATE TABLE T (ID NUMBER(9,0))")
	es.mustRun("BEGIN")
	es.mustRun("INSERT INTO T VALUES (1)")
	es.mustRun("CREATE TABLE U (ID NUMBER(9,0))")
	es.mustRun("INSERT INTO T VALUES (2)")
	es.mustRun("ROLLBACK")
	if got := es.count(); got != "2" {
		t.Errorf("%s rows after DDL and ROLLBACK, want 2", got)
	}
}

// TestTransactionFailedStatement checks Snowflake's rule that a failed
// statement leaves the transaction open with the changes before it.
func TestTransactionFailedStatement(t *testing.T) {
	e := startTestEmulator(t)
	es := newEmulatorSession(t, e)
	es.mustRun("CREATE TABLE T (ID NUMBER(9,0))")
	es.mustRun("BEGIN")
	es.mustRun("INSERT INTO T VALUES (1)")
	if err := es.run("INSERT INTO T VALUES ('x')"); err == nil {
		t.Fatal("INSERT of 'x' into a NUMBER column succeeded")
	}
	if err := es.run("SELECT * FROM NO_SUCH_TABLE"); err == nil {
		t.Fatal("SELECT from a missing table succeeded")
	}
	es.mustRun("INSERT INTO T VALUES (2)")
	es.mustRun("COMMIT")
	if got := es.count(); got != "2" {
		t.Errorf("%s rows after COMMIT, want 2", got)
	}
}

func TestTransactionRejectsInformationSchema(t *testing.T) {
	e := startTestEmulator(t)
	es := newEmulatorSession(t, e)
	es.mustRun("BEGIN")
	err := es.run("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES")
	if sfErr, ok := err.(*Error); !ok || sfErr.SQLState != "0A000" {
		t.Errorf("INFORMATION_SCHEMA in a transaction: %v, want 0A000", err)
	}
	es.mustRun("ROLLBACK")
	es.mustRun("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES")
}

func TestTransactionRolledBackOnClose(t *testing.T) {
	e := startTestEmulator(t)
	es := newEmulatorSession(t, e)
	es.mustRun("CREATE TABLE T (ID NUMBER(9,0))")
	closing := newEmulatorSession(t, e)
	closing.mustRun("BEGIN")
	closing.mustRun("INSERT INTO T VALUES (1)")
	closing.s.close()
	if got := es.count(); got != "0" {
		t.Errorf("%s rows after the session closed, want 0", got)
	}
}
