package enginetest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// Transaction blocks on a DuckDB file run as DuckDB transactions. These
// tests run the same steps through pgway and on PostgreSQL and compare
// the rows, tags and errors of each.

// transactionStep is a statement of one of two sessions.
type transactionStep struct {
	other bool // run by the second session
	sql   string
}

var transactionSteps = []transactionStep{
	{sql: "create table tx_t (id integer, v text)"},
	{sql: "begin"},
	{sql: "insert into tx_t values (1, 'a')"},
	{sql: "select * from tx_t"},
	{other: true, sql: "select count(*) from tx_t"},
	{sql: "rollback"},
	{sql: "select count(*) from tx_t"},
	// COMMIT makes the changes visible to other sessions.
	{sql: "begin"},
	{sql: "insert into tx_t values (2, 'b')"},
	{sql: "create table tx_u as select id from tx_t"},
	{sql: "commit"},
	{other: true, sql: "select * from tx_t order by id"},
	{other: true, sql: "select * from tx_u"},
	// A failed block rolls back at COMMIT.
	{sql: "begin"},
	{sql: "insert into tx_t values (3, 'c')"},
	{sql: "select 1 / 0"},
	{sql: "select 1"},
	{sql: "commit"},
	{sql: "select count(*) from tx_t"},
	// ROLLBACK TO a savepoint with nothing to undo.
	{sql: "begin"},
	{sql: "insert into tx_t values (4, 'd')"},
	{sql: "savepoint s"},
	{sql: "select count(*) from tx_t"},
	{sql: "rollback to savepoint s"},
	{sql: "commit"},
	{sql: "select count(*) from tx_t"},
	// ... and after an error, in a transaction that changed nothing.
	{sql: "begin"},
	{sql: "savepoint s"},
	{sql: "select 1 / 0"},
	{sql: "rollback to savepoint s"},
	{sql: "insert into tx_t values (5, 'e')"},
	{sql: "commit"},
	{sql: "select count(*) from tx_t"},
	// READ ONLY blocks reject changes, also after COMMIT AND CHAIN.
	{sql: "begin read only"},
	{sql: "select count(*) from tx_t"},
	{sql: "insert into tx_t values (6, 'f')"},
	{sql: "rollback"},
	{sql: "start transaction isolation level repeatable read, read only"},
	{sql: "commit and chain"},
	{sql: "delete from tx_t"},
	{sql: "rollback"},
	{sql: "begin read write"},
	{sql: "delete from tx_t where id = 5"},
	{sql: "commit"},
	{sql: "select count(*) from tx_t"},
	{sql: "drop table tx_u"},
	{sql: "drop table tx_t"},
}

func TestTransactionsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw, gwOther := connectTyped(t, g), connectTyped(t, g)
	_, pg := connectOraclePair(t)
	pgOther, err := pgx.Connect(ctx, oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgOther.Close(context.Background()) })
	pg.Exec(ctx, "drop table if exists tx_t, tx_u")
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists tx_t, tx_u") })
	args := []any{pgx.QueryExecModeSimpleProtocol}
	for _, step := range transactionSteps {
		mine, theirs := gw, pg
		if step.other {
			mine, theirs = gwOther, pgOther
		}
		if got, want := commandResult(ctx, mine, step.sql, args), commandResult(ctx, theirs, step.sql, args); got != want {
			t.Errorf("%s (other session: %t)\n pgway:      %s\n PostgreSQL: %s", step.sql, step.other, got, want)
		}
	}
}

// TestTransactionLimits checks the errors where DuckDB cannot do what
// PostgreSQL does: undo the changes since a savepoint, and run a change
// while a cursor of the same transaction is open.
func TestTransactionLimits(t *testing.T) {
	ctx := context.Background()
	conn := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	args := []any{pgx.QueryExecModeSimpleProtocol}
	steps := []struct{ sql, want string }{
		{"create table lim (id integer)", "CREATE TABLE"},
		{"insert into lim values (1), (2), (3)", "INSERT 0 3"},
		{"begin", "BEGIN"},
		{"savepoint s", "SAVEPOINT"},
		{"insert into lim values (4)", "INSERT 0 1"},
		{"rollback to savepoint s", "error 0A000 ROLLBACK TO SAVEPOINT after changes to the data is not supported on DuckDB"},
		{"rollback", "ROLLBACK"},
		{"select count(*) from lim", "[3] | SELECT 1"},
		// A REPEATABLE READ block runs its cursor in its transaction.
		{"begin isolation level repeatable read", "BEGIN"},
		{"declare c cursor for select id from lim order by id", "DECLARE CURSOR"},
		{"fetch 1 from c", "[1] | FETCH 1"},
		{"select count(*) from lim", "[3] | SELECT 1"},
		{"insert into lim values (5)", "error 0A000 a statement while a result of the same transaction is open is not supported on DuckDB"},
		{"rollback", "ROLLBACK"},
		{"select count(*) from lim", "[3] | SELECT 1"},
		// A READ COMMITTED block reads outside its transaction until its
		// first change, so the cursor does not hold it.
		{"begin", "BEGIN"},
		{"declare c cursor for select id from lim order by id", "DECLARE CURSOR"},
		{"fetch 1 from c", "[1] | FETCH 1"},
		{"insert into lim values (5)", "INSERT 0 1"},
		{"fetch 1 from c", "[2] | FETCH 1"},
		{"insert into lim values (6)", "INSERT 0 1"},
		{"rollback", "ROLLBACK"},
		{"select count(*) from lim", "[3] | SELECT 1"},
		// DuckDB has no SERIALIZABLE.
		{"begin isolation level serializable", "error 0A000 SERIALIZABLE transactions are not supported on DuckDB"},
		{"set session characteristics as transaction isolation level serializable", "SET"},
		{"begin", "error 0A000 SERIALIZABLE transactions are not supported on DuckDB"},
		{"begin isolation level read committed", "BEGIN"},
		{"rollback", "ROLLBACK"},
	}
	for _, step := range steps {
		if got := commandResult(ctx, conn, step.sql, args); got != step.want {
			t.Errorf("%s: %s, want %s", step.sql, got, step.want)
		}
	}
}

// noticeConn connects to dsn and collects the SQLSTATEs of the notices it
// receives.
func noticeConn(t *testing.T, dsn string) (*pgconn.PgConn, *[]string) {
	t.Helper()
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	codes := &[]string{}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { *codes = append(*codes, n.Severity+" "+n.Code+" "+n.Message) }
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn, codes
}

// noticedResult runs sql on conn, whose notices noticeConn records, and
// returns the rows, tags and errors of its statements and the notices.
func noticedResult(conn *pgconn.PgConn, notices *[]string, sql string) string {
	*notices = (*notices)[:0]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out []string
	results, err := conn.Exec(ctx, sql).ReadAll()
	if err != nil {
		out = append(out, "read: "+errorCode(err))
	}
	for _, r := range results {
		if r.Err != nil {
			out = append(out, errorCode(r.Err))
			continue
		}
		out = append(out, fmt.Sprint(r.Rows)+" "+r.CommandTag.String())
	}
	return strings.Join(out, " | ") + " notices " + strings.Join(*notices, "; ")
}

// TestTransactionWarningsMatchPostgreSQL checks the warnings of
// transaction commands out of place, and their tags and errors, in query
// strings of one and of several statements.
func TestTransactionWarningsMatchPostgreSQL(t *testing.T) {
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw, gwNotices := noticeConn(t, g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))
	pg, pgNotices := noticeConn(t, oracleDSN())
	queries := []string{
		"commit",
		"rollback",
		"begin",
		"begin",
		"start transaction read only",
		"commit",
		"set transaction read only",
		"set transaction isolation level repeatable read; show transaction_isolation",
		"set local statement_timeout = 1000",
		"set local statement_timeout = 1000; show statement_timeout",
		"show statement_timeout",
		"select 1; commit; commit",
		"begin; begin; rollback",
		"set transaction snapshot '00000003-0000001B-1'",
		"begin",
		"select 1",
		"set transaction isolation level read committed",
		"set transaction read write",
		"set transaction read only",
		"set transaction read write",
		"rollback",
		"discard all",
		"select 1; discard all",
	}
	for _, sql := range queries {
		got, want := noticedResult(gw, gwNotices, sql), noticedResult(pg, pgNotices, sql)
		if sql == "set transaction snapshot '00000003-0000001B-1'" {
			// PostgreSQL checks the snapshot; pgway has none to give.
			want = "read: error 0A000 SET TRANSACTION SNAPSHOT is not supported by pgway notices "
		}
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
