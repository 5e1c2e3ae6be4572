package enginetest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// These tests attack transaction blocks on a writable DuckDB file: they
// run the same steps through pgway and on PostgreSQL 15 and compare the
// rows, tags and errors of each step. Steps whose result differs from
// PostgreSQL's are in knownTxDifferences, with their reasons.

// sessionStep is a statement of one of the sessions of a case.
type sessionStep struct {
	session int
	sql     string
}

// adversarialTables are dropped on the oracle before and after each case,
// since the oracle's database is shared by the package's tests.
const adversarialTables = "adv_tx_t, adv_tx_u, adv_tx_ddl, adv_tx_empty, adv_tx_ret"

// txCase is a sequence of steps over two sessions.
type txCase struct {
	name  string
	steps []sessionStep
}

func s0(sql string) sessionStep { return sessionStep{0, sql} }
func s1(sql string) sessionStep { return sessionStep{1, sql} }

// runTxCases runs each case on a fresh DuckDB file and on PostgreSQL in
// the query mode mode, and reports each step whose result differs.
func runTxCases(t *testing.T, cases []txCase, mode pgx.QueryExecMode) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, diff := range txCaseDifferences(t, c, mode) {
				t.Error(diff)
			}
		})
	}
}

// runKnownTxCases runs cases that differ from PostgreSQL for the reasons
// their comments give, and fails for one that no longer differs, so that
// it moves to passingTxCases.
func runKnownTxCases(t *testing.T, cases []txCase, mode pgx.QueryExecMode) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diffs := txCaseDifferences(t, c, mode)
			if len(diffs) == 0 {
				t.Errorf("%s now matches PostgreSQL: move it to passingTxCases", c.name)
			}
			for _, diff := range diffs {
				t.Log(diff)
			}
		})
	}
}

// txCaseDifferences runs a case on both sides and returns its steps whose
// results differ.
func txCaseDifferences(t *testing.T, c txCase, mode pgx.QueryExecMode) []string {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw := []*pgx.Conn{connectTyped(t, g), connectTyped(t, g)}
	pg := []*pgx.Conn{connectOracle(t), connectOracle(t)}
	pg[0].Exec(ctx, "drop table if exists "+adversarialTables)
	t.Cleanup(func() { pg[0].Exec(context.Background(), "drop table if exists "+adversarialTables) })
	args := []any{mode}
	var diffs []string

	for _, step := range c.steps {
		stepCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
		got := commandResult(stepCtx, gw[step.session], step.sql, args)
		want := commandResult(stepCtx, pg[step.session], step.sql, args)
		cancel()
		if got != want {
			diffs = append(diffs, fmt.Sprintf("session %d: %s\n pgway:      %s\n PostgreSQL: %s", step.session, step.sql, got, want))
		}
	}
	return diffs
}

func connectOracle(t *testing.T) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, oracleDSN())

	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

const createT = "create table adv_tx_t (id integer, v text, r real)"
const fillT = "insert into adv_tx_t values (1, 'a', 1.5), (2, 'b', 100), (3, 'c', null)"

// passingTxCases match PostgreSQL. They guard the paths most likely to
// break: failed blocks, DDL undone by ROLLBACK, RETURNING and tags.
var passingTxCases = []txCase{
	// A temporary table of a table's name hides it only where a statement
	// names no schema: public.adv_tx_t is the table, pg_temp.adv_tx_t the
	// temporary one. A failed block rejects every statement with 25P02,
	// also one on a missing table.
	{"temporary table named like a table", []sessionStep{
		s0(createT), s0(fillT),
		s0("create temp table adv_tx_t (id integer, v text, r real)"),
		s0("select count(*) from public.adv_tx_t"),
		s0("insert into public.adv_tx_t values (99, 'p', 1)"),
		s0("select count(*) from adv_tx_t"),
		s0("select count(*) from pg_temp.adv_tx_t"),
		s0("insert into pg_temp.adv_tx_t values (7, 't', 7)"),
		s0("select id from adv_tx_t"),
		s0("discard temp"),
		s0("select id from adv_tx_t order by id"),
		s0("begin"),
		s0("select 1 / 0"),
		s0("insert into adv_tx_missing values (1)"),
		s0("select * from adv_tx_missing"),
		s0("rollback"),
		s0("select nextval('adv_tx_missing')"),
	}},
	// DISCARD TEMP and DISCARD ALL drop the session's temporary tables and
	// views, also in a block for DISCARD TEMP.
	{"discard temporary tables", []sessionStep{
		s0("create temp table adv_tx_tmp (a integer)"),
		s0("insert into adv_tx_tmp values (1)"),
		s0("discard temp"),
		s0("select * from adv_tx_tmp"),
		s0("create temp table adv_tx_tmp (b text)"),
		s0("create temp view adv_tx_tmp_v as select * from adv_tx_tmp"),
		s0("discard all"),
		s0("select * from adv_tx_tmp_v"),
		s0("select * from adv_tx_tmp"),
		s0("begin"),
		s0("create temp table adv_tx_tmp (c integer)"),
		s0("discard temp"),
		s0("select * from adv_tx_tmp"),
		s0("rollback"),
		s0("create temp table adv_tx_tmp (d integer)"),
		s0("select * from adv_tx_tmp"),
	}},
	// ROLLBACK brings back the temporary tables that DISCARD TEMP dropped
	// in its block or in a query string that failed after it.
	{"discard temp rolled back", []sessionStep{
		s0("create temp table adv_tx_tmp (a integer)"),
		s0("insert into adv_tx_tmp values (1)"),
		s0("begin"),
		s0("discard temp"),
		s0("select * from adv_tx_tmp"),
		s0("rollback"),
		s0("select a from adv_tx_tmp"),
		s0("begin"),
		s0("insert into adv_tx_tmp values (2)"),
		s0("discard temp"),
		s0("rollback"),
		s0("select a from adv_tx_tmp"),
		s0("discard temp; select 1 / 0"),
		s0("select a from adv_tx_tmp"),
		s0("begin isolation level repeatable read"),
		s0("discard temp"),
		s0("commit"),
		s0("select a from adv_tx_tmp"),
	}},
	// Each statement of a READ COMMITTED block reads the data committed
	// before it, until the block changes data. A REPEATABLE READ block
	// keeps the snapshot of its first statement.
	{"read committed and repeatable read", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("select count(*) from adv_tx_t"),
		s1("insert into adv_tx_t values (9, 'i', 9)"),
		s0("select count(*) from adv_tx_t"),
		s0("show transaction_isolation"),
		s0("commit"),
		s0("begin isolation level repeatable read"),
		s0("select count(*) from adv_tx_t"),
		s1("insert into adv_tx_t values (10, 'j', 10)"),
		s0("select count(*) from adv_tx_t"),
		s0("show transaction_isolation"),
		s0("set transaction isolation level read committed"),
		s0("commit"),
		s0("select count(*) from adv_tx_t"),
		s0("show transaction_isolation"),
	}},
	// READ ONLY, from BEGIN, SET TRANSACTION, transaction_read_only or the
	// session's default, rejects changes with 25006.
	{"read only transaction", []sessionStep{
		s0(createT),
		s0("begin read only"),
		s0("insert into adv_tx_t values (1, 'a', 1)"),
		s0("rollback"),
		s0("start transaction read only"),
		s0("create table adv_tx_u (a integer)"),
		s0("rollback"),
		s0("begin"),
		s0("set transaction read only"),
		s0("show transaction_read_only"),
		s0("delete from adv_tx_t"),
		s0("rollback"),
		s0("begin read only"),
		s0("select count(*) from adv_tx_t"),
		s0("set transaction read write"),
		s0("rollback"),
		s0("begin"),
		s0("set transaction_read_only = on"),
		s0("insert into adv_tx_t values (1, 'a', 1)"),
		s0("rollback"),
		s0("set transaction read only"),
		s0("insert into adv_tx_t values (2, 'b', 2); set transaction read only; insert into adv_tx_t values (3, 'c', 3)"),
		s0("set session characteristics as transaction read only"),
		s0("show default_transaction_read_only"),
		s0("insert into adv_tx_t values (4, 'd', 4)"),
		s0("begin read write"),
		s0("insert into adv_tx_t values (5, 'e', 5)"),
		s0("commit"),
		s0("set default_transaction_read_only = off; insert into adv_tx_t values (6, 'f', 6)"),
		s0("insert into adv_tx_t values (7, 'g', 7)"),
		s0("show transaction_read_only"),
		s0("select id from adv_tx_t order by id"),
		s0("set transaction_read_only = maybe"),
		s0("set default_transaction_isolation = 'chaos'"),
	}},
	// A table created in a block has its column types there: a::text of
	// a real column is 1, not DuckDB's 1.0.
	{"column types of table created in block", []sessionStep{
		s0("begin"),
		s0("create table adv_tx_ddl (a real)"),
		s0("insert into adv_tx_ddl values (1), (2.5)"),
		s0("select a::text from adv_tx_ddl order by a"),
		s1("select count(*) from adv_tx_ddl"),
		s0("commit"),
		s0("select a::text from adv_tx_ddl order by a"),
		s1("select a::text from adv_tx_ddl order by a"),
	}},
	// The statements of one query string outside a block are one implicit
	// transaction: an error undoes the changes and settings before it.
	{"multi-statement implicit transaction", []sessionStep{
		s0(createT),
		s0("insert into adv_tx_t values (1, 'a', 1); select 1 / 0"),
		s0("select count(*) from adv_tx_t"),
		s0("set extra_float_digits = 0; insert into adv_tx_t values (1, 'a', 1); select 1 / 0"),
		s0("show extra_float_digits"),
		s0("select count(*) from adv_tx_t"),
		s0("insert into adv_tx_t values (2, 'b', 2); select count(*) from adv_tx_t"),
		s1("select count(*) from adv_tx_t"),
	}},
	// Until the query string ends, other sessions do not see its changes,
	// and its own statements do, with the column types of its DDL.
	{"multi-statement ddl", []sessionStep{
		s0("create table adv_tx_ddl (a real); insert into adv_tx_ddl values (1), (2.5); select a::text from adv_tx_ddl order by a"),
		s1("select a::text from adv_tx_ddl order by a"),
		s0("drop table adv_tx_ddl; create table adv_tx_ddl (a double precision, b text); select count(*) from adv_tx_ddl"),
		s1("select * from adv_tx_ddl"),
	}},
	// COMMIT and ROLLBACK in a query string end its implicit transaction,
	// and BEGIN turns it into a block that keeps what came before.
	{"transaction commands in a query string", []sessionStep{
		s0(createT),
		s0("insert into adv_tx_t values (1, 'a', 1); commit; insert into adv_tx_t values (2, 'b', 2); select 1 / 0"),
		s0("select count(*) from adv_tx_t"),
		s0("insert into adv_tx_t values (3, 'c', 3); rollback; insert into adv_tx_t values (4, 'd', 4)"),
		s0("select id from adv_tx_t order by id"),
		s0("insert into adv_tx_t values (5, 'e', 5); begin; insert into adv_tx_t values (6, 'f', 6)"),
		s1("select count(*) from adv_tx_t"),
		s0("rollback"),
		s0("select id from adv_tx_t order by id"),
		s0("begin; insert into adv_tx_t values (7, 'g', 7); commit; select count(*) from adv_tx_t"),
		s0("insert into adv_tx_t values (8, 'h', 8); commit and chain"),
		s0("select count(*) from adv_tx_t"),
	}},
	// SET LOCAL in a query string of several statements lasts until its
	// end; DECLARE runs there without BEGIN.
	{"set local and declare in a query string", []sessionStep{
		s0("set local search_path = nowhere; show search_path"),
		s0("show search_path"),
		s0("set local search_path = nowhere"),
		s0("show search_path"),
		s0(createT), s0(fillT),
		s0("declare c cursor for select id from adv_tx_t order by id; fetch 2 from c"),
		s0("fetch 1 from c"),
	}},
	{"error mid block then commit", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("insert into adv_tx_t values (4, 'd', 4)"),
		s0("select 1 / 0"),
		s0("insert into adv_tx_t values (5, 'e', 5)"),
		s0("select count(*) from adv_tx_t"),
		s0("commit"),
		s0("select count(*) from adv_tx_t"),
		s1("select count(*) from adv_tx_t"),
	}},
	{"error mid block then rollback", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("update adv_tx_t set v = 'z'"),
		s0("select * from adv_tx_missing"),
		s0("rollback"),
		s0("select id, v from adv_tx_t order by id"),
	}},
	{"other session sees nothing before commit", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("delete from adv_tx_t where id = 1"),
		s0("update adv_tx_t set v = 'x' where id = 2"),
		s1("select id, v from adv_tx_t order by id"),
		s0("select id, v from adv_tx_t order by id"),
		s0("commit"),
		s1("select id, v from adv_tx_t order by id"),
	}},
	{"create table in block then rollback", []sessionStep{
		s0("begin"),
		s0("create table adv_tx_ddl (a real)"),
		s0("insert into adv_tx_ddl values (1), (2.5)"),
		s0("rollback"),
		s0("select * from adv_tx_ddl"),
		s1("select * from adv_tx_ddl"),
		// The same name with other types: no stale column types.
		s0("create table adv_tx_ddl (a integer, b text)"),
		s0("insert into adv_tx_ddl values (7, '8')"),
		s0("select a::text, b::int + 1 from adv_tx_ddl"),
		s1("select a::text, b::int + 1 from adv_tx_ddl"),
	}},
	{"drop in block then rollback", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("drop table adv_tx_t"),
		s0("select * from adv_tx_t"),
		s0("create table adv_tx_t (id text)"),
		s0("rollback"),
		s0("select id, r::text from adv_tx_t order by id"),
		s0("select * from adv_tx_t where id = 1"),
		s1("select * from adv_tx_t where id = 1"),
	}},
	{"returning", []sessionStep{
		s0("create table adv_tx_ret (id integer, v text, n integer)"),
		s0("insert into adv_tx_ret values (1, 'a', 10), (2, 'b', 20) returning id * 2 as twice, upper(v), n + id"),
		s0("insert into adv_tx_ret select 3, 'c', 30 where false returning *"),
		s0("update adv_tx_ret set n = n + 1 where id = 99 returning *"),
		s0("update adv_tx_ret set n = n + 1 returning *, n - 1 as old"),
		s0("create table adv_tx_u (id integer, w text)"),
		s0("insert into adv_tx_u values (1, 'one'), (2, 'two')"),
		s0("update adv_tx_ret set v = u.w from adv_tx_u u where u.id = adv_tx_ret.id and u.id = 2 returning adv_tx_ret.*"),
		s0("delete from adv_tx_ret where id in (select id from adv_tx_u where w = 'one') returning *"),
		s0("begin"),
		s0("insert into adv_tx_ret values (5, 'e', 50) returning id"),
		s0("delete from adv_tx_ret returning id, v"),
		s0("rollback"),
		s0("select * from adv_tx_ret order by id"),
	}},
	{"create table as tags", []sessionStep{
		s0(createT), s0(fillT),
		s0("create table adv_tx_empty as select * from adv_tx_t where false"),
		s0("select count(*) from adv_tx_empty"),
		s0("drop table adv_tx_empty"),
		s0("begin"),
		s0("create table adv_tx_empty as select id from adv_tx_t"),
		s0("create view adv_tx_u as select 1 as one"),
		s0("drop view adv_tx_u"),
		s0("commit"),
		s1("select count(*) from adv_tx_empty"),
	}},
	{"discard all in and out of block", []sessionStep{
		s0("begin"),
		s0("discard all"),
		s0("select 1"),
		s0("rollback"),
		s0("discard all"),
		s0("begin"),
		s0("commit"),
	}},
	{"begin and commit twice", []sessionStep{
		s0(createT),
		s0("commit"),
		s0("rollback"),
		s0("begin"),
		s0("begin"),
		s0("insert into adv_tx_t values (1, 'a', 1)"),
		s0("commit"),
		s0("commit"),
		s1("select count(*) from adv_tx_t"),
	}},
	{"savepoints after error with nothing changed", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("savepoint a"),
		s0("savepoint b"),
		s0("select 1 / 0"),
		s0("rollback to savepoint a"),
		s0("release savepoint b"),
		s0("release savepoint a"),
		s0("rollback to savepoint a"),
		s0("rollback"),
		s0("begin"),
		s0("select count(*) from adv_tx_t"),
		s0("savepoint a"),
		s0("select * from adv_tx_missing"),
		s0("rollback to a"),
		s0("update adv_tx_t set v = 'q' where id = 1"),
		s0("commit"),
		s1("select v from adv_tx_t where id = 1"),
	}},
	{"synonyms and options", []sessionStep{
		s0(createT),
		s0("start transaction isolation level repeatable read"),
		s0("insert into adv_tx_t values (1, 'a', 1)"),
		s0("end"),
		s0("begin transaction isolation level read committed, read write"),
		s0("set transaction isolation level repeatable read"),
		s0("show transaction_isolation"),
		s0("insert into adv_tx_t values (2, 'b', 2)"),
		s0("abort"),
		s1("select count(*) from adv_tx_t"),
	}},
	{"multi-statement with begin and commit", []sessionStep{
		s0(createT),
		s0("begin; insert into adv_tx_t values (1, 'a', 1); commit"),
		s0("begin; insert into adv_tx_t values (2, 'b', 2); rollback"),
		s0("begin; insert into adv_tx_t values (3, 'c', 3); select 1 / 0; commit"),
		s0("select 1"),
		s0("rollback"),
		s0("begin; insert into adv_tx_t values (4, 'd', 4)"),
		s1("select count(*) from adv_tx_t"),
		s0("commit; select count(*) from adv_tx_t"),
		s1("select id from adv_tx_t order by id"),
	}},
	// COMMIT AND CHAIN and ROLLBACK AND CHAIN begin a new block.
	{"chain", []sessionStep{
		s0(createT),
		s0("begin"),
		s0("insert into adv_tx_t values (1, 'a', 1)"),
		s0("commit and chain"),
		s0("insert into adv_tx_t values (2, 'b', 2)"),
		s0("rollback and chain"),
		s0("insert into adv_tx_t values (3, 'c', 3)"),
		s0("rollback"),
		s1("select count(*) from adv_tx_t"),
	}},
}

// knownTxDifferences differ from PostgreSQL, each for the reason its
// comment gives.
var knownTxDifferences = []txCase{
	// Fails: DuckDB has no FOR UPDATE (42601) or LOCK (0A000), and a
	// PREPARE TRANSACTION inside a block leaves it failed (25P02) where
	// PostgreSQL raises 55000 and ends it.
	{"locks", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("select id from adv_tx_t where id = 1 for update"),
		s0("lock table adv_tx_t in share mode"),
		s0("rollback"),
		s0("prepare transaction 'x'"),
		s0("begin"),
		s0("prepare transaction 'x'"),
		s0("select 1"),
		s0("rollback prepared 'x'"),
	}},
	// Fails by design: DuckDB has no savepoints, so DDL after SAVEPOINT
	// cannot be undone by ROLLBACK TO (0A000). ROLLBACK still undoes it.
	{"ddl after savepoint", []sessionStep{
		s0("begin"),
		s0("savepoint s"),
		s0("create table adv_tx_ddl (a integer)"),
		s0("rollback to savepoint s"),
		s0("rollback"),
		s0("select * from adv_tx_ddl"),
	}},
	// Fails by design: DuckDB binds RETURNING to the target table only,
	// so RETURNING a column of the FROM list of UPDATE ... FROM, or *,
	// which would leave out the FROM list's columns, fails with 0A000.
	{"update from returning joined column", []sessionStep{
		s0("create table adv_tx_ret (id integer, v text)"),
		s0("insert into adv_tx_ret values (1, 'a'), (2, 'b')"),
		s0("create table adv_tx_u (id integer, w text)"),
		s0("insert into adv_tx_u values (2, 'two')"),
		s0("update adv_tx_ret set v = u.w from adv_tx_u u where u.id = adv_tx_ret.id returning adv_tx_ret.id, u.w"),
		s0("select * from adv_tx_ret order by id"),
	}},
	// Fails only in the message, which has no constraint name; the rest
	// of the block matches.
	{"constraint error in block", []sessionStep{
		s0("create table adv_tx_u (id integer primary key)"),
		s0("insert into adv_tx_u values (1)"),
		s0("begin"),
		s0("insert into adv_tx_u values (2)"),
		s0("insert into adv_tx_u values (1)"),
		s0("commit"),
		s0("select id from adv_tx_u order by id"),
	}},
	// Fails: after its first change, a READ COMMITTED block reads the
	// snapshot of its DuckDB transaction, which began at that change, so
	// a statement after another session's commit fails with 40001;
	// PostgreSQL gives each statement a new snapshot. SERIALIZABLE fails
	// with 0A000.
	{"read committed after a change", []sessionStep{
		s0(createT), s0(fillT),
		s0("begin"),
		s0("insert into adv_tx_t values (8, 'h', 8)"),
		s1("insert into adv_tx_t values (9, 'i', 9)"),
		s0("select count(*) from adv_tx_t"),
		s0("commit"),
		s0("begin isolation level serializable"),
		s0("rollback"),
	}},
}

// TestAdversarialTransactionsSimple runs the cases in the simple protocol.
func TestAdversarialTransactionsSimple(t *testing.T) {
	runTxCases(t, passingTxCases, pgx.QueryExecModeSimpleProtocol)
}

// TestAdversarialTransactionsKnownDifferences runs the cases that differ
// from PostgreSQL, and fails once one of them matches.
func TestAdversarialTransactionsKnownDifferences(t *testing.T) {
	runKnownTxCases(t, knownTxDifferences, pgx.QueryExecModeSimpleProtocol)
}

// TestAdversarialTransactionsExtended runs the cases without
// multi-statement queries as prepared statements, cached and not.
func TestAdversarialTransactionsExtended(t *testing.T) {
	var single []txCase

	for _, c := range passingTxCases {
		if !strings.HasPrefix(c.name, "multi-statement") {
			single = append(single, c)
		}
	}
	t.Run("cache statement", func(t *testing.T) { runTxCases(t, single, pgx.QueryExecModeCacheStatement) })
	t.Run("exec", func(t *testing.T) { runTxCases(t, single, pgx.QueryExecModeExec) })
}

// TestAdversarialTransactionsPreparedAfterDDL executes a statement
// prepared before DDL in a block, after the DDL and after its ROLLBACK.
// PostgreSQL rejects the changed result type and accepts the statement
// again once ROLLBACK restores the table.
// Fails: where the translated SQL is unchanged, pgway runs the statement
// without comparing result types and sends the new column's values under
// the old description, in and out of a block.
func TestAdversarialTransactionsPreparedAfterDDL(t *testing.T) {
	runTxCases(t, []txCase{
		{"added column then rollback", []sessionStep{
			s0(createT), s0(fillT),
			s0("select * from adv_tx_t where id = 1"),
			s0("begin"),
			s0("drop table adv_tx_t"),
			s0("create table adv_tx_t (id integer, v text, r real, extra integer)"),
			s0("insert into adv_tx_t values (1, 'a', 1.5, 7)"),
			s0("select * from adv_tx_t where id = 1"),
			s0("rollback"),
			s0("select * from adv_tx_t where id = 1"),
		}},
		{"drop and create in block", []sessionStep{
			s0(createT), s0(fillT),
			s0("select r from adv_tx_t where id = 2"),
			s0("begin"),
			s0("drop table adv_tx_t"),
			s0("create table adv_tx_t (id integer, v text, r text)"),
			s0("insert into adv_tx_t values (2, 'b', 'x')"),
			s0("select r from adv_tx_t where id = 2"),
			s0("rollback"),
			s0("select r from adv_tx_t where id = 2"),
			s1("select r from adv_tx_t where id = 2"),
		}},
		// The same steps outside a block, for comparison.
		{"drop and create outside block", []sessionStep{
			s0(createT), s0(fillT),
			s0("select r from adv_tx_t where id = 2"),
			s0("drop table adv_tx_t"),
			s0("create table adv_tx_t (id integer, v text, r text)"),
			s0("insert into adv_tx_t values (2, 'b', 'x')"),
			s0("select r from adv_tx_t where id = 2"),
		}},
	}, pgx.QueryExecModeCacheStatement)
}

// TestAdversarialTransactionsCursorSavepoint rolls back to a savepoint
// after a failed read while a cursor of the block is open.
// Fails: ROLLBACK TO runs ROLLBACK on the connection of the open cursor,
// which raises XX000 and leaves the block failed.
func TestAdversarialTransactionsCursorSavepoint(t *testing.T) {
	runTxCases(t, []txCase{
		{"failed read with open cursor", []sessionStep{
			s0(createT), s0(fillT),
			s0("begin"),
			s0("savepoint s"),
			s0("declare c cursor for select id from adv_tx_t order by id"),
			s0("fetch 1 from c"),
			s0("select 1 / (id - id) from adv_tx_t"),
			s0("rollback to savepoint s"),
			s0("fetch 1 from c"),
			s0("select count(*) from adv_tx_t"),
			s0("insert into adv_tx_t values (7, 'g', 7)"),
			s0("commit"),
			s1("select count(*) from adv_tx_t"),
		}},
		{"cursor before savepoint", []sessionStep{
			s0(createT), s0(fillT),
			s0("begin"),
			s0("declare c cursor for select id from adv_tx_t order by id"),
			s0("fetch 1 from c"),
			s0("savepoint s"),
			s0("select * from adv_tx_missing"),
			s0("rollback to savepoint s"),
			s0("fetch 1 from c"),
			s0("close c"),
			s0("insert into adv_tx_t values (7, 'g', 7)"),
			s0("commit"),
			s1("select count(*) from adv_tx_t"),
		}},
	}, pgx.QueryExecModeSimpleProtocol)
}

// TestAdversarialTransactionsSuspendedPortal compares raw protocol
// transcripts: a portal suspended by a row limit inside a block, reads
// and COMMIT while it is open, and a named portal across Sync.
// Fails: Execute of a portal suspended before an error in the block
// returns its rows, where PostgreSQL raises 25P02.
func TestAdversarialTransactionsSuspendedPortal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw, err := pgconn.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))

	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close(context.Background()) })
	pg, err := pgconn.Connect(ctx, oracleDSN())

	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	pg.Exec(ctx, "drop table if exists "+adversarialTables).Close()
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists "+adversarialTables).Close() })
	selectAll := "select id from adv_tx_t order by id"
	steps := [][]pgproto3.FrontendMessage{
		{&pgproto3.Query{String: createT + "; " + fillT}},
		{&pgproto3.Query{String: "begin"}},
		{
			&pgproto3.Parse{Name: "all", Query: selectAll},
			&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "all"},
			&pgproto3.Execute{Portal: "p", MaxRows: 1},
			// A read while the portal is open, then the rest of it.
			&pgproto3.Parse{Query: "select count(*) from adv_tx_t"},
			&pgproto3.Bind{},
			&pgproto3.Execute{},
			&pgproto3.Execute{Portal: "p", MaxRows: 1},
			&pgproto3.Sync{},
		},
		// The named portal lives until the end of the block.
		{&pgproto3.Execute{Portal: "p"}, &pgproto3.Sync{}},
		{&pgproto3.Query{String: "commit"}},
		{&pgproto3.Execute{Portal: "p"}, &pgproto3.Sync{}},
		// COMMIT with a suspended portal open.
		{&pgproto3.Query{String: "begin"}},
		{
			&pgproto3.Bind{DestinationPortal: "q", PreparedStatement: "all"},
			&pgproto3.Execute{Portal: "q", MaxRows: 2},
			&pgproto3.Sync{},
		},
		{&pgproto3.Query{String: "commit"}},
		{&pgproto3.Query{String: "select count(*) from adv_tx_t"}},
		// An error while a portal is suspended, then ROLLBACK.
		{&pgproto3.Query{String: "begin"}},
		{
			&pgproto3.Bind{DestinationPortal: "q", PreparedStatement: "all"},
			&pgproto3.Execute{Portal: "q", MaxRows: 1},
			&pgproto3.Parse{Query: "select 1 / (id - id) from adv_tx_t"},
			&pgproto3.Bind{},
			&pgproto3.Execute{},
			&pgproto3.Sync{},
		},
		{&pgproto3.Execute{Portal: "q"}, &pgproto3.Sync{}},
		{&pgproto3.Query{String: "rollback"}},
		{&pgproto3.Query{String: "select count(*) from adv_tx_t"}},
		// Unnamed portal suspended in an implicit transaction, then a new
		// Bind replaces it.
		{
			&pgproto3.Bind{PreparedStatement: "all"},
			&pgproto3.Execute{MaxRows: 1},
			&pgproto3.Bind{PreparedStatement: "all"},
			&pgproto3.Execute{MaxRows: 2},
			&pgproto3.Sync{},
		},
		{&pgproto3.Query{String: "drop table adv_tx_t"}},
	}

	for i, step := range steps {
		want := transcript(t, pg, step...)
		got := transcript(t, gw, step...)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("step %d %s:\n pgway:      %s\n PostgreSQL: %s", i, describeStep(step),
				strings.Join(got, "\n             "), strings.Join(want, "\n             "))
		}
	}
}

// TestAdversarialTransactionsHoldCursor compares cursors WITH HOLD
// declared in a block that changed data, across COMMIT and ROLLBACK.
// DECLARE ... WITH HOLD in a block fails with 0A000 on DuckDB, whose
// results end with their transaction; the cases check that the session
// stays usable.
func TestAdversarialTransactionsHoldCursor(t *testing.T) {
	runKnownTxCases(t, []txCase{
		{"failed commit keeps the row changed", []sessionStep{
			s0(createT), s0(fillT),
			s0("begin"),
			s0("update adv_tx_t set v = 'z' where id = 2"),
			s0("declare c cursor with hold for select id from adv_tx_t order by id"),
			s0("commit"),
			s1("update adv_tx_t set v = 'o' where id = 2 returning v"),
			s0("select v from adv_tx_t where id = 2"),
			s1("select v from adv_tx_t where id = 2"),
		}},
		{"with hold", []sessionStep{
			s0(createT), s0(fillT),
			s0("begin"),
			s0("insert into adv_tx_t values (4, 'd', 4)"),
			s0("declare c cursor with hold for select id, v from adv_tx_t order by id"),
			s0("fetch 2 from c"),
			s0("commit"),
			s0("fetch all from c"),
			s1("select count(*) from adv_tx_t"),
			s0("insert into adv_tx_t values (5, 'e', 5)"),
			s0("close c"),
			s0("begin"),
			s0("declare d cursor with hold for select id from adv_tx_t order by id"),
			s0("rollback"),
			s0("fetch 1 from d"),
			s0("begin"),
			s0("declare e cursor with hold for select id from adv_tx_t order by id"),
			s0("commit"),
			s0("begin"),
			s0("fetch 1 from e"),
			s0("delete from adv_tx_t where id = 1"),
			s0("fetch 1 from e"),
			s0("commit"),
			s0("fetch all from e"),
			s0("select count(*) from adv_tx_t"),
		}},
	}, pgx.QueryExecModeSimpleProtocol)
}

// TestAdversarialTransactionsConcurrentWrites runs two blocks that update
// the same row. PostgreSQL waits for the first, but DuckDB raises a conflict,
// which must be a serialization failure (40001), not hang, and leave both
// sessions usable.
// Fails: a conflict found at COMMIT is XX000, not 23505 or 40001.
func TestAdversarialTransactionsConcurrentWrites(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	a, b := connectTyped(t, g), connectTyped(t, g)
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	for _, sql := range []string{createT, fillT, "create table adv_tx_u (id integer primary key)"} {
		if _, err := a.Exec(ctx, sql, simple...); err != nil {
			t.Fatal(err)
		}
	}
	runSessionSteps(ctx, t, a, b, []sessionCode{
		{a, "begin", []string{"ok"}},
		{b, "begin", []string{"ok"}},
		{a, "update adv_tx_t set v = 'a' where id = 1", []string{"ok"}},
		{b, "update adv_tx_t set v = 'b' where id = 1", []string{"ok", "40001"}},
		{a, "commit", []string{"ok"}},
		{b, "rollback", []string{"ok"}},
		{b, "select count(*) from adv_tx_t", []string{"ok"}},
		// Both insert the same key: one of them fails, at the INSERT or
		// at COMMIT, with 40001 or 23505.
		{a, "begin", []string{"ok"}},
		{b, "begin", []string{"ok"}},
		{a, "insert into adv_tx_u values (1)", []string{"ok"}},
		{b, "insert into adv_tx_u values (1)", []string{"ok", "40001", "23505"}},
		{a, "commit", []string{"ok"}},
		{b, "commit", []string{"ok", "40001", "23505"}},
		{b, "select count(*) from adv_tx_u", []string{"ok"}},
		// DDL on a table another block changed.
		{a, "begin", []string{"ok"}},
		{a, "delete from adv_tx_t where id = 3", []string{"ok"}},
		{b, "drop table adv_tx_t", []string{"ok", "40001", "55P03"}},
		{a, "commit", []string{"ok", "40001"}},
		{b, "select 1", []string{"ok"}},
	})

	var count int

	if err := b.QueryRow(ctx, "select count(*) from adv_tx_u", simple...).Scan(&count); err != nil || count != 1 {
		t.Errorf("adv_tx_u has %d rows (%v), want 1", count, err)
	}
}

// sessionCode is a statement of session a or b and the results it may
// have: "ok" or SQLSTATEs.
type sessionCode struct {
	conn *pgx.Conn
	sql  string
	want []string
}

// runSessionSteps runs steps in the simple protocol, in order, and fails
// for each result that is not one of its step's.
func runSessionSteps(ctx context.Context, t *testing.T, a, b *pgx.Conn, steps []sessionCode) {
	t.Helper()
	simple := []any{pgx.QueryExecModeSimpleProtocol}
	for _, step := range steps {
		name := "a"
		if step.conn == b {
			name = "b"
		}
		got, message := "ok", ""
		if _, err := step.conn.Exec(ctx, step.sql, simple...); err != nil {
			got, message = pgCode(err), err.Error()
		}
		if !slices.Contains(step.want, got) {
			_, err := step.conn.Exec(ctx, "select 1", simple...)
			t.Errorf("session %s: %s: %s %s, want one of %v (next statement: %v)", name, step.sql, got, message, step.want, err)
		}
	}
}

// TestAdversarialTransactionsReadCommittedSnapshot checks that a READ
// COMMITTED block, which reads on DuckDB the snapshot of its first change,
// fails with 40001 where PostgreSQL would read what another session
// committed after that change, and runs on where nothing was committed.
// A REPEATABLE READ block reads its snapshot, as in PostgreSQL.
func TestAdversarialTransactionsReadCommittedSnapshot(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	a, b := connectTyped(t, g), connectTyped(t, g)
	ok := []string{"ok"}
	runSessionSteps(ctx, t, a, b, []sessionCode{
		{a, createT, ok}, {a, fillT, ok},
		{a, "begin", ok},
		{a, "insert into adv_tx_t values (8, 'h', 8)", ok},
		{a, "select count(*) from adv_tx_t", ok},
		{b, "insert into adv_tx_t values (9, 'i', 9)", ok},
		{a, "select count(*) from adv_tx_t", []string{"40001"}},
		{a, "commit", ok},
		{a, "begin", ok},
		{b, "insert into adv_tx_t values (10, 'j', 10)", ok},
		{a, "insert into adv_tx_t values (11, 'k', 11)", ok},
		{a, "update adv_tx_t set v = 'x' where id = 11", ok},
		{a, "commit", ok},
		{a, "begin isolation level repeatable read", ok},
		{a, "insert into adv_tx_t values (12, 'l', 12)", ok},
		{b, "insert into adv_tx_t values (13, 'm', 13)", ok},
		{a, "select count(*) from adv_tx_t", ok},
		{a, "commit", ok},
	})
	var count int
	if err := b.QueryRow(ctx, "select count(*) from adv_tx_t").Scan(&count); err != nil || count != 8 {
		t.Errorf("adv_tx_t has %d rows (%v), want 8: the failed block's row is rolled back", count, err)
	}
}

// TestAdversarialTransactionsConcurrentStress runs blocks from several
// sessions that update one row at once, each bounded by a timeout. Every
// error must be a serialization failure and nothing may hang.
// Fails: DuckDB's "Conflict on update" is XX000, not 40001.
func TestAdversarialTransactionsConcurrentStress(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	setup := connectTyped(t, g)
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	if _, err := setup.Exec(ctx, "create table adv_tx_t (id integer, n integer); insert into adv_tx_t values (1, 0)", simple...); err != nil {
		t.Fatal(err)
	}
	const sessions, rounds = 4, 15
	conns := make([]*pgx.Conn, sessions)

	for i := range conns {
		conns[i] = connectTyped(t, g)
	}
	var mu sync.Mutex
	codes := map[string]int{}
	committed := 0
	var wg sync.WaitGroup

	for _, conn := range conns {
		wg.Add(1)
		go func(conn *pgx.Conn) {
			defer wg.Done()
			for range rounds {
				stepCtx, stepCancel := context.WithTimeout(ctx, 10*time.Second)
				err := runBlock(stepCtx, conn, "update adv_tx_t set n = n + 1 where id = 1")
				stepCancel()
				mu.Lock()
				if err == nil {
					committed++
				} else {
					codes[pgCode(err)+" "+err.Error()]++
				}
				mu.Unlock()
			}
		}(conn)
	}
	wg.Wait()

	for code, n := range codes {
		if !strings.HasPrefix(code, "40001") {
			t.Errorf("%d blocks failed with %s, want 40001", n, code)
		}
	}
	var n int

	if err := setup.QueryRow(ctx, "select n from adv_tx_t", simple...).Scan(&n); err != nil {
		t.Fatal(err)
	}

	if n != committed {
		t.Errorf("n = %d after %d committed blocks", n, committed)
	}
	t.Logf("%d of %d blocks committed, errors %v", committed, sessions*rounds, codes)
}

// runBlock runs sql in a block and commits it, rolling back on error.
func runBlock(ctx context.Context, conn *pgx.Conn, sql string) error {
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	if _, err := conn.Exec(ctx, "begin", simple...); err != nil {
		return err
	}

	if _, err := conn.Exec(ctx, sql, simple...); err != nil {
		conn.Exec(ctx, "rollback", simple...)
		return err
	}
	_, err := conn.Exec(ctx, "commit", simple...)
	return err
}

// TestAdversarialTransactionsDisconnect closes a session in the middle of
// a block. The other session must not see its changes, and must be able
// to change the same rows and tables at once.
func TestAdversarialTransactionsDisconnect(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	other := connectTyped(t, g)
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	if _, err := other.Exec(ctx, createT+"; "+fillT, simple...); err != nil {
		t.Fatal(err)
	}

	for _, block := range []string{
		"begin; update adv_tx_t set v = 'gone' where id = 1; insert into adv_tx_t values (9, 'i', 9)",
		"begin; update adv_tx_t set v = 'gone' where id = 1; declare c cursor for select * from adv_tx_t; fetch 1 from c",
		"begin; create table adv_tx_u (a integer); delete from adv_tx_t where id = 1",
		"begin; drop table adv_tx_t",
	} {
		conn, err := pgconn.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, block).ReadAll(); err != nil {
			t.Fatalf("%s: %v", block, err)
		}
		// Close the socket without Terminate, as a crashed client does.
		conn.Conn().Close()
		deadline := time.Now().Add(5 * time.Second)
		var got string
		for time.Now().Before(deadline) {
			got = commandResult(ctx, other, "update adv_tx_t set v = 'mine' where id = 1 returning id, v", simple)
			if !strings.HasPrefix(got, "error") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if want := "[1 mine] | UPDATE 1"; got != want {
			t.Errorf("after closing a session in %q: update returned %s, want %s", block, got, want)
		}
		if got, want := commandResult(ctx, other, "select * from adv_tx_t order by id", simple),
			"[1 mine 1.5] | [2 b 100] | [3 c <nil>] | SELECT 3"; got != want {
			t.Errorf("after closing a session in %q: %s, want %s", block, got, want)
		}
	}
}

// TestAdversarialTransactionsCancel cancels a statement of a block, by a
// cancel request and by statement_timeout, and compares the states after
// it with PostgreSQL's.
func TestAdversarialTransactionsCancel(t *testing.T) {
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw := connectTyped(t, g)
	pg := connectOracle(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	pg.Exec(ctx, "drop table if exists "+adversarialTables)
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists "+adversarialTables) })
	simple := []any{pgx.QueryExecModeSimpleProtocol}
	// DuckDB counts the rows of generate_series alone at once; the filter
	// makes it read them, for about 10 seconds.
	slow := "select count(*) from generate_series(1, 3000000000) a(i) where i % 7 = 3"
	type step struct {
		sql    string
		cancel bool // send a cancel request while it runs
	}
	steps := []step{
		{sql: createT}, {sql: fillT},
		{sql: "begin"},
		{sql: "insert into adv_tx_t values (4, 'd', 4)"},
		{sql: slow, cancel: true},
		{sql: "select 1"},
		{sql: "rollback"},
		{sql: "select count(*) from adv_tx_t"},
		{sql: "begin"},
		{sql: "savepoint s"},
		{sql: slow, cancel: true},
		{sql: "rollback to savepoint s"},
		{sql: "select count(*) from adv_tx_t"},
		{sql: "commit"},
		{sql: "set statement_timeout = '300ms'"},
		{sql: "begin"},
		{sql: "update adv_tx_t set v = 'x'"},
		{sql: slow},
		{sql: "commit"},
		{sql: "reset statement_timeout"},
		{sql: "select id, v from adv_tx_t order by id"},
	}
	run := func(conn *pgx.Conn, s step) string {
		if !s.cancel {
			return commandResult(ctx, conn, s.sql, simple)
		}
		return cancelUntilDone(ctx, conn, 50, func() string { return commandResult(ctx, conn, s.sql, simple) })
	}

	for _, s := range steps {
		got, want := run(gw, s), run(pg, s)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", s.sql, got, want)
		}
	}
}

// cancelUntilDone runs a statement of conn and sends cancel requests every
// 200 ms, at most attempts of them, until the statement returns, whose
// result it returns.
func cancelUntilDone(ctx context.Context, conn *pgx.Conn, attempts int, run func() string) string {
	done := make(chan string, 1)
	go func() { done <- run() }()
	for range attempts {
		select {
		case out := <-done:
			return out
		case <-time.After(200 * time.Millisecond):
			cancelCtx, cancelTimeout := context.WithTimeout(ctx, 5*time.Second)
			conn.PgConn().CancelRequest(cancelCtx)
			cancelTimeout()
		}
	}
	return fmt.Sprintf("timed out after %d cancel requests", attempts)
}

// TestAdversarialTransactionsDemoReadOnly checks that the read-only demo
// connection keeps its blocks and savepoints.
func TestAdversarialTransactionsDemoReadOnly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connectDemo(t, startDemo(t))
	simple := []any{pgx.QueryExecModeSimpleProtocol}
	steps := []struct{ sql, want string }{
		{"begin", "BEGIN"},
		{"select 1", "[1] | SELECT 1"},
		{"savepoint a", "SAVEPOINT"},
		{"select 1 / 0", "error 22012 division by zero"},
		{"select 1", "error 25P02 current transaction is aborted, commands ignored until end of transaction block"},
		{"rollback to savepoint a", "ROLLBACK"},
		{"release a", "RELEASE"},
		{"create table t (a integer)", "error 25006 cannot execute CREATE TABLE in a read-only transaction"},
		{"rollback", "ROLLBACK"},
		{"begin", "BEGIN"},
		{"declare c cursor for select i from generate_series(1, 3) t(i)", "DECLARE CURSOR"},
		{"fetch 1 from c", "[1] | FETCH 1"},
		{"select 2", "[2] | SELECT 1"},
		{"fetch 1 from c", "[2] | FETCH 1"},
		{"commit", "COMMIT"},
		{"commit", "COMMIT"},
		{"discard all", "DISCARD ALL"},
	}

	for _, step := range steps {
		if got := commandResult(ctx, conn, step.sql, simple); got != step.want {
			t.Errorf("%s: %s, want %s", step.sql, got, step.want)
		}
	}
}

// TestAdversarialTransactionsHoldCursorDisconnect closes the session whose
// COMMIT failed with an open WITH HOLD cursor. The row it changed must not
// stay locked for the other session.
func TestAdversarialTransactionsHoldCursorDisconnect(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	other := connectTyped(t, g)
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	if _, err := other.Exec(ctx, createT+"; "+fillT, simple...); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))

	if err != nil {
		t.Fatal(err)
	}

	for _, sql := range []string{"begin", "update adv_tx_t set v = 'z' where id = 2",
		"declare c cursor with hold for select id from adv_tx_t order by id", "commit"} {
		t.Logf("%s: %s", sql, commandResult(ctx, conn, sql, simple))
	}
	conn.Close(ctx)
	var got string

	for i := 0; i < 20; i++ {
		if got = commandResult(ctx, other, "update adv_tx_t set v = 'o' where id = 2 returning v", simple); got == "[o] | UPDATE 1" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("update after the other session closed: %s, want [o] | UPDATE 1", got)
}

// TestAdversarialTransactionsBatch sends pgx batches, which run in one
// Sync: without BEGIN they are one implicit transaction, which an error
// rolls back whole.
func TestAdversarialTransactionsBatch(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw, pg := connectTyped(t, g), connectOracle(t)
	pg.Exec(ctx, "drop table if exists "+adversarialTables)
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists "+adversarialTables) })
	batches := [][]string{
		{createT},
		{"insert into adv_tx_t values (1, 'a', 1)", "select 1 / (id - id) from adv_tx_t"},
		{"select count(*) from adv_tx_t"},
		{"insert into adv_tx_t values (1, 'a', 1)", "commit", "insert into adv_tx_t values (2, 'b', 2)", "select 1 / (id - id) from adv_tx_t"},
		{"select count(*) from adv_tx_t"},
		{"set extra_float_digits = 0", "select 1 / (id - id) from adv_tx_t"},
		{"show extra_float_digits"},
		{"begin", "insert into adv_tx_t values (2, 'b', 2)", "insert into adv_tx_t values (3, 'c', 3) returning id", "commit"},
		{"select count(*) from adv_tx_t"},
		{"begin", "insert into adv_tx_t values (4, 'd', 4)", "select 1 / (id - id) from adv_tx_t", "commit"},
		{"rollback"},
		{"select count(*) from adv_tx_t"},
	}
	run := func(conn *pgx.Conn, sqls []string) string {
		batch := &pgx.Batch{}
		for _, sql := range sqls {
			batch.Queue(sql)
		}
		results := conn.SendBatch(ctx, batch)
		var out []string
		for range sqls {
			rows, err := results.Query()
			if err != nil {
				out = append(out, errorCode(err))
				continue
			}
			var values []string
			for rows.Next() {
				v, _ := rows.Values()
				values = append(values, fmt.Sprint(v))
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				out = append(out, errorCode(err))
				continue
			}
			out = append(out, strings.Join(values, ",")+" "+rows.CommandTag().String())
		}
		if err := results.Close(); err != nil {
			out = append(out, "close: "+errorCode(err))
		}
		return strings.Join(out, " | ")
	}
	for _, sqls := range batches {
		if got, want := run(gw, sqls), run(pg, sqls); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", strings.Join(sqls, "; "), got, want)
		}
	}
}
