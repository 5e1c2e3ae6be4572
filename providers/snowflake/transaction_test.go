package snowflake_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/internal/snowflakeemu"
)

// countIDs returns the number of rows of t with an id of 100 or more,
// the ids that the transaction tests insert.
func countIDs(t *testing.T, conn *pgx.Conn) int64 {
	t.Helper()
	var n int64
	if err := conn.QueryRow(context.Background(), "select count(*) from t where id >= 100").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestGatewayTransactionRollback(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin", "", ""},
		{"select count(*) from t", "", ""},
		{"insert into t (id) values (100)", "", ""},
		{"update t set name = 'changed' where id = 1", "", ""},
		{"delete from t where id = 2", "", ""},
		{"rollback", "", ""},
	})
	if n := countIDs(t, conn); n != 0 {
		t.Errorf("%d inserted rows after ROLLBACK, want 0", n)
	}
	var name string
	var rows int64
	if err := conn.QueryRow(context.Background(), "select (select name from t where id = 1), (select count(*) from t)").Scan(&name, &rows); err != nil {
		t.Fatal(err)
	}
	if name != "it's" {
		t.Errorf("name after ROLLBACK = %q, want it's", name)
	}
	if rows != 2 {
		t.Errorf("%d rows after ROLLBACK, want 2", rows)
	}
}

func TestGatewayTransactionCommit(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin", "", ""},
		{"insert into t (id) values (100)", "", ""},
		{"insert into t (id) values (101)", "", ""},
		{"commit", "", ""},
	})
	if n := countIDs(t, conn); n != 2 {
		t.Errorf("%d inserted rows after COMMIT, want 2", n)
	}
}

// TestGatewayTransactionFailedCommit checks that COMMIT of a block with a
// failed statement rolls it back, as in PostgreSQL, although Snowflake
// would commit the changes before the failed statement.
func TestGatewayTransactionFailedCommit(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin", "", ""},
		{"insert into t (id) values (100)", "", ""},
		{"select 1/0", "22012", "Division by zero"},
		{"insert into t (id) values (101)", "25P02", "current transaction is aborted, commands ignored until end of transaction block"},
	})
	tag, err := conn.Exec(context.Background(), "commit", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	if tag.String() != "ROLLBACK" {
		t.Errorf("COMMIT of a failed block returned tag %q, want ROLLBACK", tag)
	}
	if n := countIDs(t, conn); n != 0 {
		t.Errorf("%d inserted rows after COMMIT of a failed block, want 0", n)
	}
}

// TestGatewayTransactionReadOnlyBlock checks that a change in a read-only
// block fails before it reaches Snowflake.
func TestGatewayTransactionReadOnlyBlock(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	before := len(g.emu.QueryTexts())
	runSteps(t, conn, []gatewayStep{
		{"begin read only", "", ""},
		{"insert into t (id) values (100)", "25006", "cannot execute INSERT in a read-only transaction"},
		{"rollback", "", ""},
		{"start transaction read only", "", ""},
		{"create table t2 (a int)", "25006", "cannot execute CREATE TABLE in a read-only transaction"},
		{"rollback", "", ""},
	})
	for _, text := range g.emu.QueryTexts()[before:] {
		if upper := strings.ToUpper(text); strings.Contains(upper, "INSERT") || strings.Contains(upper, "CREATE") {
			t.Errorf("Snowflake received %q in a read-only block", text)
		}
	}
}

func TestGatewayTransactionIsolation(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin isolation level repeatable read", "0A000", "REPEATABLE READ transactions are not supported on Snowflake"},
		{"begin isolation level serializable", "0A000", "SERIALIZABLE transactions are not supported on Snowflake"},
		{"begin isolation level read committed", "", ""},
		{"insert into t (id) values (100)", "", ""},
		{"commit", "", ""},
		{"begin", "", ""},
		{"set transaction isolation level repeatable read", "0A000", "REPEATABLE READ transactions are not supported on Snowflake"},
		{"rollback", "", ""},
		{"begin isolation level read uncommitted", "", ""},
		{"commit", "", ""},
	})
	if n := countIDs(t, conn); n != 1 {
		t.Errorf("%d inserted rows, want 1", n)
	}
	_, err := conn.Exec(context.Background(), "begin isolation level repeatable read", pgx.QueryExecModeSimpleProtocol)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Hint == "" {
		t.Errorf("REPEATABLE READ: %v, want an error with a hint", err)
	}
}

// TestGatewayTransactionDDL checks that DDL in a block fails, since
// Snowflake would commit the block, and that DDL outside one runs.
func TestGatewayTransactionDDL(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin", "", ""},
		{"insert into t (id) values (100)", "", ""},
		{"create table t2 (a int)", "0A000", "CREATE TABLE in a transaction is not supported on this warehouse"},
		{"rollback", "", ""},
		{"begin", "", ""},
		{"drop table cases", "0A000", "DROP TABLE in a transaction is not supported on this warehouse"},
		{"rollback", "", ""},
		{"insert into t (id) values (101); create table t2 (a int)", "0A000", "CREATE TABLE in a transaction is not supported on this warehouse"},
		{"create table t2 (a int); select 1 / 0", "0A000", "CREATE TABLE in a transaction is not supported on this warehouse"},
		{"select count(*) from cases", "", ""},
		{"create table t2 (a int)", "", ""},
		{"insert into t2 values (1)", "", ""},
		{"drop table t2", "", ""},
	})
	if n := countIDs(t, conn); n != 0 {
		t.Errorf("%d inserted rows, want 0", n)
	}
	_, err := conn.Exec(context.Background(), "begin; create table t3 (a int)", pgx.QueryExecModeSimpleProtocol)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "0A000" || !strings.Contains(pgErr.Hint, "commits it at once") {
		t.Errorf("DDL in a block: %v, want 0A000 with a hint", err)
	}
	runSteps(t, conn, []gatewayStep{{"rollback", "", ""}})
	for _, text := range g.emu.QueryTexts() {
		if strings.Contains(strings.ToUpper(text), "T3") {
			t.Errorf("Snowflake received %q", text)
		}
	}
}

// TestGatewayTransactionDDLExtended checks that DDL runs in the extended
// protocol, whose batch is an implicit transaction.
func TestGatewayTransactionDDLExtended(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	ctx := context.Background()
	for _, sql := range []string{"create table t2 (a int)", "insert into t2 values (1)", "drop table t2"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
	if _, err := conn.Exec(ctx, "insert into t (id) values ($1)", "100"); err != nil {
		t.Fatal(err)
	}
	if n := countIDs(t, conn); n != 1 {
		t.Errorf("%d inserted rows after an extended-protocol INSERT, want 1", n)
	}
}

func TestGatewayTransactionSavepoint(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	const unsupported = "ROLLBACK TO SAVEPOINT after changes to the data is not supported on Snowflake"
	runSteps(t, conn, []gatewayStep{
		// A savepoint with no change after it.
		{"begin", "", ""},
		{"insert into t (id) values (100)", "", ""},
		{"savepoint a", "", ""},
		{"select 1/0", "22012", "Division by zero"},
		{"rollback to savepoint a", "", ""},
		{"insert into t (id) values (101)", "", ""},
		{"savepoint b", "", ""},
		{"select count(*) from t", "", ""},
		{"rollback to b", "", ""},
		{"release savepoint a", "", ""},
		{"commit", "", ""},
		// A savepoint with a change after it.
		{"begin", "", ""},
		{"savepoint c", "", ""},
		{"insert into t (id) values (102)", "", ""},
		{"rollback to savepoint c", "0A000", unsupported},
		{"commit", "", ""},
		// A failed INSERT changed nothing.
		{"begin", "", ""},
		{"insert into t (id) values (103)", "", ""},
		{"savepoint d", "", ""},
		{"insert into t (id) values (1/0)", "22012", "Division by zero"},
		{"rollback to savepoint d", "", ""},
		{"commit", "", ""},
	})
	var ids []int64
	rows, err := conn.Query(context.Background(), "select id from t where id >= 100 order by id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []int64{100, 101, 103}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
}

// TestGatewayTransactionQueryString checks that the statements of one
// query string outside a block run in one transaction, as in PostgreSQL.
func TestGatewayTransactionQueryString(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"insert into t (id) values (100); insert into t (id) values (101); select 1/0", "22012", "Division by zero"},
	})
	if n := countIDs(t, conn); n != 0 {
		t.Errorf("%d inserted rows after a failed query string, want 0", n)
	}
	runSteps(t, conn, []gatewayStep{
		{"select 1; insert into t (id) values (100); insert into t (id) values (101)", "", ""},
	})
	if n := countIDs(t, conn); n != 2 {
		t.Errorf("%d inserted rows after a query string, want 2", n)
	}
	runSteps(t, conn, []gatewayStep{
		{"insert into t (id) values (102); commit; insert into t (id) values (103); select 1/0", "22012", "Division by zero"},
	})
	if n := countIDs(t, conn); n != 3 {
		t.Errorf("%d inserted rows after a query string with COMMIT, want 3", n)
	}
}

// TestGatewayTransactionIsolated checks that another session does not see
// the rows of a block before it commits.
func TestGatewayTransactionIsolated(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	other := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin", "", ""},
		{"insert into t (id) values (100)", "", ""},
	})
	if n := countIDs(t, conn); n != 1 {
		t.Errorf("the block sees %d of its rows, want 1", n)
	}
	if n := countIDs(t, other); n != 0 {
		t.Errorf("another session sees %d rows before COMMIT, want 0", n)
	}
	runSteps(t, conn, []gatewayStep{{"commit", "", ""}})
	if n := countIDs(t, other); n != 1 {
		t.Errorf("another session sees %d rows after COMMIT, want 1", n)
	}
}

// TestGatewayTransactionClose checks that a block still open when its
// client disconnects is rolled back.
func TestGatewayTransactionClose(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	closing := g.connect(t)
	runSteps(t, closing, []gatewayStep{
		{"begin", "", ""},
		{"insert into t (id) values (100)", "", ""},
	})
	if err := closing.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countIDs(t, conn); n != 0 {
		t.Errorf("%d rows of a closed session's block, want 0", n)
	}
}
