package enginetest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// These tests attack implicit transactions, isolation levels, READ ONLY
// and search_path on a writable DuckDB file. Each step runs through pgway
// and on PostgreSQL 15, and the rows, tags, errors and notices of every
// statement of the step are compared.

// implicitObjects are dropped on the oracle before and after each case,
// since the oracle's database is shared by the package's tests.
var implicitObjects = []string{
	"drop view if exists public.impl_v cascade",
	"drop table if exists public.impl_t, public.impl_u, public.impl_into cascade",
	`drop schema if exists impl_a, impl_b, "Impl_Mixed", impl_gone cascade`,
}

// dropImplicitObjects drops implicitObjects on the oracle.
func dropImplicitObjects(t *testing.T) {
	dropOracleObjects(t, implicitObjects)
}

// dropOracleObjects runs the DROP statements objects on the oracle from a
// new session, since a case may leave its sessions in a failed block.
func dropOracleObjects(t *testing.T, objects []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, oracleDSN())
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close(ctx)
	for _, sql := range objects {
		if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
}

// implicitStep is a query string, or a pgx batch when batch is set, of
// one of two sessions.
type implicitStep struct {
	session int
	sql     string
	batch   []string
	mode    pgx.QueryExecMode // of a batch
	cached  bool              // run sql with QueryExecModeCacheStatement
}

func q0(sql string) implicitStep { return implicitStep{session: 0, sql: sql} }
func q1(sql string) implicitStep { return implicitStep{session: 1, sql: sql} }

// b0 returns a step that sends sqls as one pgx batch of the first
// session, in mode.
func b0(mode pgx.QueryExecMode, sqls ...string) implicitStep {
	return implicitStep{session: 0, batch: sqls, mode: mode}
}

// p0 returns a step that runs sql in the first session as a cached
// prepared statement.
func p0(sql string) implicitStep { return implicitStep{session: 0, sql: sql, cached: true} }

type implicitCase struct {
	name  string
	steps []implicitStep
	// known, when set, is why the case differs from PostgreSQL: the case
	// then fails once it matches.
	known string
}

// noticeRecorder collects the notices a connection receives.
type noticeRecorder struct {
	mu      sync.Mutex
	notices []string
}

func (r *noticeRecorder) add(_ *pgconn.PgConn, n *pgconn.Notice) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, n.Severity+" "+n.Code)
}

func (r *noticeRecorder) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := strings.Join(r.notices, ",")
	r.notices = nil
	return out
}

// connectRecorded connects to dsn with a notice recorder.
func connectRecorded(t *testing.T, dsn string) (*pgx.Conn, *noticeRecorder) {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	recorder := &noticeRecorder{}
	cfg.OnNotice = recorder.add
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn, recorder
}

// stringResult returns the rows, tags and errors of every statement of a
// simple query string.
func stringResult(ctx context.Context, conn *pgx.Conn, sql string) string {
	results, err := conn.PgConn().Exec(ctx, sql).ReadAll()
	return resultsText(results, err)
}

// resultsText writes results and err. An error is written once, whether
// it came after a RowDescription, as pgway sends it, or without one.
func resultsText(results []*pgconn.Result, err error) string {
	var out []string
	for _, r := range results {
		if r.Err != nil {
			out = append(out, errorCode(r.Err))
			continue
		}
		var rows []string
		for _, row := range r.Rows {
			var values []string
			for _, value := range row {
				values = append(values, string(value))
			}
			rows = append(rows, "("+strings.Join(values, ",")+")")
		}
		out = append(out, strings.Join(rows, "")+" "+r.CommandTag.String())
	}
	if err != nil && (len(out) == 0 || out[len(out)-1] != errorCode(err)) {
		out = append(out, errorCode(err))
	}
	return strings.Join(out, " | ")
}

// batchResult returns the rows, tags and errors of each statement of a
// batch up to one Sync: prepared and cached by pgx in
// QueryExecModeCacheStatement, unnamed statements in QueryExecModeExec,
// and one query string in QueryExecModeSimpleProtocol, as pgx sends it.
func batchResult(ctx context.Context, conn *pgx.Conn, sqls []string, mode pgx.QueryExecMode) string {
	switch mode {
	case pgx.QueryExecModeSimpleProtocol:
		return stringResult(ctx, conn, strings.Join(sqls, "; "))
	case pgx.QueryExecModeExec:
		batch := &pgconn.Batch{}
		for _, sql := range sqls {
			batch.ExecParams(sql, nil, nil, nil, nil)
		}
		results, err := conn.PgConn().ExecBatch(ctx, batch).ReadAll()
		return resultsText(results, err)
	}
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
		out = append(out, "["+strings.Join(values, ",")+"] "+rows.CommandTag().String())
	}
	if err := results.Close(); err != nil {
		out = append(out, "close: "+errorCode(err))
	}
	return strings.Join(out, " | ")
}

// stepResult runs step on conn and returns its results and notices.
func stepResult(ctx context.Context, conn *pgx.Conn, notices *noticeRecorder, step implicitStep) string {
	var out string
	switch {
	case step.batch != nil:
		out = batchResult(ctx, conn, step.batch, step.mode)
	case step.cached:
		out = commandResult(ctx, conn, step.sql, []any{pgx.QueryExecModeCacheStatement})
	default:
		out = stringResult(ctx, conn, step.sql)
	}
	if n := notices.take(); n != "" {
		out += " notices " + n
	}
	return out
}

// implicitDifferences runs c on a fresh DuckDB file and on PostgreSQL and
// returns the steps whose results differ. objects are dropped on the
// oracle before and after.
func implicitDifferences(t *testing.T, c implicitCase, objects []string) []string {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	dsn := g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable")
	var gw, pg [2]*pgx.Conn
	var gwNotices, pgNotices [2]*noticeRecorder
	for i := range 2 {
		gw[i], gwNotices[i] = connectRecorded(t, dsn)
		pg[i], pgNotices[i] = connectRecorded(t, oracleDSN())
	}
	dropOracleObjects(t, objects)
	t.Cleanup(func() { dropOracleObjects(t, objects) })
	var diffs []string

	for _, step := range c.steps {
		stepCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
		got := stepResult(stepCtx, gw[step.session], gwNotices[step.session], step)
		want := stepResult(stepCtx, pg[step.session], pgNotices[step.session], step)
		cancel()
		if got != want {
			text := step.sql
			if step.batch != nil {
				text = "batch " + strings.Join(step.batch, "; ")
			}
			diffs = append(diffs, fmt.Sprintf("session %d: %s\n pgway:      %s\n PostgreSQL: %s", step.session, text, got, want))
		}
	}
	return diffs
}

func runImplicitCases(t *testing.T, cases []implicitCase) {
	runOracleCases(t, cases, implicitObjects)
}

// runOracleCases runs each case as a subtest, which fails on each
// difference from PostgreSQL, or, for a known difference, when there is
// none. objects are dropped on the oracle before and after each case.
func runOracleCases(t *testing.T, cases []implicitCase, objects []string) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diffs := implicitDifferences(t, c, objects)
			if c.known != "" && len(diffs) == 0 {
				t.Errorf("%s now matches PostgreSQL: drop its known difference (%s)", c.name, c.known)
			}
			for _, diff := range diffs {
				if c.known != "" {
					t.Log(diff)
					continue
				}
				t.Error(diff)
			}
		})
	}
}

const implCreate = "create table impl_t (id integer, v text)"
const implFill = "insert into impl_t values (1, 'a'), (2, 'b'), (3, 'c')"
const implCount = "select count(*) from impl_t"
const implIDs = "select id from impl_t order by id"

// TestImplicitQueryStrings sends query strings of several statements
// outside a block: chains, cursors, DDL with catalog queries and SET.
func TestImplicitQueryStrings(t *testing.T) {
	runImplicitCases(t, []implicitCase{
		{"chain outside a block", []implicitStep{
			q0(implCreate),
			q0("insert into impl_t values (1, 'a'); commit and chain; insert into impl_t values (2, 'b'); select 1 / 0"),
			q0(implIDs),
			q0("insert into impl_t values (3, 'c'); rollback and chain; insert into impl_t values (4, 'd')"),
			q0(implIDs),
			q0("commit and chain"),
			q0("rollback and chain"),
			q0("select 1"),
		}, ""},
		{"chain inside a string block", []implicitStep{
			q0(implCreate),
			q0("begin; insert into impl_t values (1, 'a'); commit and chain; insert into impl_t values (2, 'b'); select 1 / 0"),
			q0("select 1"),
			q0("rollback"),
			q0(implIDs),
			q0("begin read only; commit and chain; insert into impl_t values (3, 'c')"),
			q0("rollback"),
			q0("begin isolation level repeatable read; rollback and chain; show transaction_isolation; commit"),
			q1(implIDs),
		}, ""},
		{"savepoint in a query string", []implicitStep{
			q0(implCreate),
			q0("insert into impl_t values (1, 'a'); savepoint s; insert into impl_t values (2, 'b')"),
			q0(implIDs),
			q0("insert into impl_t values (3, 'c'); release savepoint s"),
			q0(implIDs),
		}, ""},
		// Known: after a change in the same query string, DECLARE ... WITH
		// HOLD fails with 0A000, where PostgreSQL keeps the cursor past the
		// string's end.
		{"hold cursor in a query string", []implicitStep{
			q0(implCreate), q0(implFill),
			q0("declare c cursor with hold for select id from impl_t order by id; fetch 1 from c"),
			q0("fetch 1 from c"),
			q0("insert into impl_t values (4, 'd')"),
			q0("fetch all from c"),
			q0("close c"),
			q0("insert into impl_t values (5, 'e'); declare d cursor with hold for select id from impl_t order by id; select 1 / 0"),
			q0("fetch 1 from d"),
			q0(implIDs),
			q0("declare e cursor for select id from impl_t order by id; insert into impl_t values (6, 'f'); fetch all from e"),
			q0("fetch 1 from e"),
			q0(implIDs),
			q0("insert into impl_t values (7, 'g'); declare f cursor with hold for select id from impl_t order by id; fetch 1 from f; commit; fetch 1 from f"),
			q0("fetch all from f"),
		}, "DuckDB ends a result with its transaction: DECLARE ... WITH HOLD after a change in the same query string fails with 0A000"},
		{"ddl then reads", []implicitStep{
			q0("create table impl_u (a integer, b text); select 1 / 0"),
			q0("select * from impl_u"),
			q0("create table impl_u (a integer, b double precision); insert into impl_u values (1, 100); select b::text from impl_u"),
			q1("select b::text from impl_u"),
			q0("drop table impl_u; select 1 / 0"),
			q0("select b::text from impl_u"),
			q0("drop table impl_u; create table impl_u (a integer, b text); insert into impl_u values (2, '100'); select b || 'x' from impl_u"),
			q1("select a, b || 'x' from impl_u"),
		}, ""},
		{"create table as and views", []implicitStep{
			q0(implCreate), q0(implFill),
			q0("create table impl_u as select * from impl_t; select 1 / 0"),
			q0("select count(*) from impl_u"),
			q0("create view impl_v as select id from impl_t; select 1 / 0"),
			q0("select count(*) from impl_v"),
			q0("create view impl_v as select id from impl_t; select count(*) from impl_v"),
			q1("select count(*) from impl_v"),
		}, ""},
		{"set commands undone by error", []implicitStep{
			q0(implCreate),
			q0("set search_path = nowhere; set extra_float_digits = 1; set application_name = 'x'; select 1 / 0"),
			q0("show search_path"),
			q0("show extra_float_digits"),
			q0("show application_name"),
			q0("set default_transaction_read_only = on; insert into impl_t values (1, 'a')"),
			q0("insert into impl_t values (2, 'b')"),
			q0("set default_transaction_read_only = off; select 1 / 0"),
			q0("show default_transaction_read_only"),
			q0("insert into impl_t values (3, 'c')"),
			q0("set session characteristics as transaction read write"),
			q0("insert into impl_t values (4, 'd'); set session characteristics as transaction read only; select 1 / 0"),
			q0("show default_transaction_read_only"),
			q0(implIDs),
			q1("insert into impl_t values (9, 'i'); show transaction_read_only"),
			q0("reset all"),
			q0("insert into impl_t values (5, 'e')"),
		}, ""},
		{"begin in the middle of a string", []implicitStep{
			q0(implCreate),
			q0("insert into impl_t values (1, 'a'); begin isolation level repeatable read; insert into impl_t values (2, 'b'); select 1 / 0"),
			q0("commit"),
			q0(implIDs),
			q0("set local search_path = nowhere; begin; show search_path; commit"),
			q0("show search_path"),
			q0("insert into impl_t values (3, 'c'); begin read only; insert into impl_t values (4, 'd')"),
			q0("rollback"),
			q0(implIDs),
			q0("begin; insert into impl_t values (5, 'e'); commit; insert into impl_t values (6, 'f'); select 1 / 0"),
			q0(implIDs),
		}, ""},
		// Known: a statement while a cursor is open needs another DuckDB
		// connection, which does not see the session's temporary tables, so
		// it fails with 0A000 and fails the block.
		{"temporary tables", []implicitStep{
			q0("create temp table impl_t (id integer); insert into impl_t values (1); select 1 / 0"),
			q0("select * from impl_t"),
			q0("create temp table impl_t (id integer); insert into impl_t values (1), (2), (3)"),
			q1("select * from impl_t"),
			q0("begin; declare c cursor for select id from impl_t order by id; fetch 1 from c; select count(*) from impl_t"),
			q0("fetch 1 from c; insert into impl_t values (4); select count(*) from impl_t"),
			q0("commit"),
			q0("declare h cursor with hold for select id from impl_t order by id; fetch 1 from h"),
			q0("select count(*) from impl_t"),
			q0("insert into impl_t values (5)"),
			q0("close h"),
			q0(implCount),
		}, "DuckDB's temporary tables belong to one connection: a statement while a cursor is open fails with 0A000"},
	})
}

// TestImplicitBatches sends pgx batches that mix SET, DDL, DML, errors
// and transaction commands.
func TestImplicitBatches(t *testing.T) {
	exec := pgx.QueryExecModeExec
	simple := pgx.QueryExecModeSimpleProtocol
	cache := pgx.QueryExecModeCacheStatement
	runImplicitCases(t, []implicitCase{
		{"ddl, set and errors", []implicitStep{
			q0(implCreate),
			b0(exec, "set search_path = nowhere, public", "insert into impl_t values (1, 'a')", "create table impl_u (a integer)", "select 1 / (id - id) from impl_t"),
			q0("show search_path"),
			q0("select count(*) from impl_u"),
			q0(implIDs),
			b0(exec, "insert into impl_t values (1, 'a')", "rollback", "insert into impl_t values (2, 'b')", "select 1 / (id - id) from impl_t where id = 2"),
			q0(implIDs),
			b0(simple, "insert into impl_t values (3, 'c')", "commit and chain", "insert into impl_t values (4, 'd')"),
			q0(implIDs),
			b0(cache, "insert into impl_t values (5, 'e')", "select 1 / (id - id) from impl_t"),
			q0(implIDs),
			b0(cache, "begin read only", "select count(*) from impl_t", "insert into impl_t values (6, 'f')", "commit"),
			q0("select 1"),
			q0(implIDs),
			b0(exec, "set transaction read only", "insert into impl_t values (7, 'g')"),
			q0("insert into impl_t values (8, 'h')"),
			q0(implIDs),
		}, ""},
		{"begin inside a batch", []implicitStep{
			q0(implCreate),
			b0(exec, "insert into impl_t values (1, 'a')", "begin", "insert into impl_t values (2, 'b')"),
			q1(implIDs),
			q0("rollback"),
			q0(implIDs),
			b0(exec, "begin isolation level repeatable read", "select count(*) from impl_t", "insert into impl_t values (3, 'c')"),
			q1("insert into impl_t values (4, 'd')"),
			q0(implIDs),
			q0("commit"),
			q0(implIDs),
		}, ""},
		{"search path in a batch", []implicitStep{
			q0("create schema impl_a"),
			q0("create table impl_a.impl_t (x double precision)"),
			q0("insert into impl_a.impl_t values (100)"),
			q0(implCreate), q0(implFill),
			b0(exec, "set search_path = impl_a", "select x::text from impl_t", "select 1 / 0"),
			p0("select * from impl_t order by 1"),
			b0(exec, "set search_path = impl_a", "select x::text from impl_t"),
			p0("select * from impl_t order by 1"),
			q0("reset search_path"),
			p0("select * from impl_t order by 1"),
			q0("begin"),
			q0("set local search_path = impl_a"),
			p0("select * from impl_t order by 1"),
			q0("rollback"),
			p0("select * from impl_t order by 1"),
			q0("set search_path = impl_a; select 1 / 0"),
			p0("select * from impl_t order by 1"),
		}, ""},
	})
}

// TestImplicitSearchPath attacks search_path: quoted schemas, "$user",
// schemas created and dropped in blocks, temporary tables and prepared
// statements.
func TestImplicitSearchPath(t *testing.T) {
	runImplicitCases(t, []implicitCase{
		{"quoted and mixed case", []implicitStep{
			q0(`create schema "Impl_Mixed"`),
			q0(`set search_path = "Impl_Mixed"`),
			q0("select current_schema()"), q0("select current_schemas(false)"),
			q0("create table impl_t (a integer)"),
			q0(`select count(*) from "Impl_Mixed".impl_t`),
			q0("set search_path = impl_mixed"),
			q0("select current_schema()"),
			q0("select * from impl_t"),
			q0(`set search_path = '"Impl_Mixed", public'`),
			q0("show search_path"),
			q0("select current_schemas(false)"),
			q0(`set search_path = "$user", "Impl_Mixed"`),
			q0("show search_path"),
			q0("select current_schemas(false)"),
			q0("select * from impl_t"),
			q0(`drop table "Impl_Mixed".impl_t`),
		}, ""},
		// Known: PostgreSQL's DROP SCHEMA ... CASCADE sends a NOTICE naming
		// what it drops, pgway none.
		{"schemas created and dropped in blocks", []implicitStep{
			q0("begin; create schema impl_a; set search_path = impl_a; create table impl_t (a integer); select current_schema(); rollback"),
			q0("select current_schema()"),
			q0("show search_path"),
			q0("set search_path = impl_a, public"),
			q0("select current_schema()"), q0("select current_schemas(false)"),
			q0("begin"),
			q0("create schema impl_a"),
			q0("select current_schema()"), q0("select current_schemas(false)"),
			q0("create table impl_t (a integer)"),
			q0("rollback"),
			q0("select current_schema()"),
			q0("create table impl_t (a integer)"),
			q0("select count(*) from public.impl_t"),
			q0("create schema impl_a; create table impl_t (b text); select 1 / 0"),
			q0("select current_schema()"),
			q0("select * from impl_t"),
			q0("create schema impl_a; create table impl_t (b text); select current_schema()"),
			q0("select * from impl_t"),
			q0("begin; drop schema impl_a cascade; select current_schema(); select * from impl_t"),
			q0("rollback"),
			q0("select current_schema()"),
			q0("select * from impl_t"),
			q1("select current_schema()"),
			q1("select * from impl_t"),
			q0("drop schema impl_a cascade; select 1/0"),
			q0("select * from impl_t"),
			q0("drop schema impl_a cascade"),
			q0("select * from impl_t"),
			q0("drop table public.impl_t"),
		}, "DROP SCHEMA ... CASCADE sends no NOTICE of what it drops"},
		// Known: with search_path = impl_a, pg_temp the table of impl_a comes
		// first in PostgreSQL, where DuckDB would read the temporary table, so
		// pgway rejects the name with 0A000.
		{"temporary tables and search_path", []implicitStep{
			q0("create schema impl_a"),
			q0("create table impl_a.impl_t (x integer)"),
			q0("insert into impl_a.impl_t values (1)"),
			q0("create temp table impl_t (y text)"),
			q0("insert into impl_t values ('temp')"),
			q0("set search_path = impl_a"),
			q0("select * from impl_t"),
			q0("set search_path = pg_temp, impl_a"),
			q0("select * from impl_t"),
			q0("set search_path = impl_a, pg_temp"),
			q0("select * from impl_t"),
			q0("select current_schema()"),
			q0("create table impl_u (z integer)"),
			q0("select count(*) from impl_a.impl_u"),
			q1("set search_path = impl_a; select * from impl_t"),
		}, "a temporary table's name with pg_temp after another schema fails with 0A000"},
		// Known: after CREATE TABLE impl_a.impl_t, which comes first in
		// search_path, PostgreSQL's cached plan still reads impl_b.impl_t.
		// pgway prepares the statement again after DDL, so it reads the new,
		// empty table.
		{"prepared statements across search_path", []implicitStep{
			q0("create schema impl_a"),
			q0("create schema impl_b"),
			q0("create table impl_a.impl_t (x integer)"),
			q0("insert into impl_a.impl_t values (1)"),
			q0("create table impl_b.impl_t (x integer)"),
			q0("insert into impl_b.impl_t values (2)"),
			q0("set search_path = impl_a"),
			p0("select x from impl_t"),
			p0("insert into impl_t values (10) returning x"),
			q0("set search_path = impl_b"),
			p0("select x from impl_t"),
			p0("insert into impl_t values (10) returning x"),
			q0("select count(*) from impl_a.impl_t"),
			q0("select count(*) from impl_b.impl_t"),
			q0("begin"),
			q0("set local search_path = impl_a"),
			p0("select count(*) from impl_t"),
			q0("commit"),
			p0("select count(*) from impl_t"),
			q0("set search_path = impl_a, impl_b"),
			q0("drop table impl_a.impl_t"),
			p0("select x from impl_t"),
			q0("create table impl_a.impl_t (x integer)"),
			p0("select x from impl_t"),
			q1("select x from impl_t"),
		}, "pgway looks names up again after any DDL; PostgreSQL keeps a cached plan's tables"},
	})
}

// TestImplicitIsolation runs two sessions that read and write the same
// rows in READ COMMITTED and REPEATABLE READ blocks, where the result does
// not depend on PostgreSQL's row locks.
func TestImplicitIsolation(t *testing.T) {
	runImplicitCases(t, []implicitCase{
		{"read committed sees commits before its change", []implicitStep{
			q0(implCreate), q0(implFill),
			q0("begin"),
			q0(implCount),
			q1("update impl_t set v = 'x' where id = 1"),
			q0("update impl_t set v = v || '!' where id = 1 returning v"),
			q0("commit"),
			q1("select v from impl_t where id = 1"),
		}, ""},
		{"repeatable read update after commit", []implicitStep{
			q0(implCreate), q0(implFill),
			q0("begin isolation level repeatable read"),
			q0(implCount),
			q1("update impl_t set v = 'x' where id = 1"),
			q0("select v from impl_t where id = 1"),
			q0("update impl_t set v = 'y' where id = 2"),
			q0("commit"),
			q1("select id, v from impl_t order by id"),
		}, ""},
		{"disjoint rows in two blocks", []implicitStep{
			q0(implCreate), q0(implFill),
			q0("begin"),
			q1("begin isolation level repeatable read"),
			q0("update impl_t set v = 'p' where id = 1"),
			q1("update impl_t set v = 'q' where id = 2"),
			q0("insert into impl_t values (4, 'd')"),
			q1("insert into impl_t values (5, 'e')"),
			q0("commit"),
			q1(implIDs),
			q1("commit"),
			q0("select id, v from impl_t order by id"),
		}, ""},
		{"read only does not leak", []implicitStep{
			q0(implCreate),
			q0("set default_transaction_read_only = on"),
			q1("insert into impl_t values (1, 'a')"),
			q0("begin read write"),
			q1("begin read only"),
			q0("insert into impl_t values (2, 'b')"),
			q1("insert into impl_t values (3, 'c')"),
			q0("commit"),
			q1("rollback"),
			q1("set search_path = nowhere"),
			q0(implIDs),
			q0("show search_path"),
			q1("set session characteristics as transaction isolation level repeatable read"),
			q0("begin; show transaction_isolation; commit"),
		}, ""},
	})
}

// TestImplicitCancel cancels the slow last statement of a query string
// that changed data first: the change must be undone, as in PostgreSQL.
func TestImplicitCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw := connectTyped(t, g)
	pg := connectOracle(t)
	dropImplicitObjects(t)
	t.Cleanup(func() { dropImplicitObjects(t) })
	// DuckDB counts the rows of generate_series alone at once; the filter
	// makes it read them, for about 10 seconds.
	slow := "select count(*) from generate_series(1, 3000000000) a(i) where i % 7 = 3"
	type step struct {
		sql    string
		cancel bool
	}
	steps := []step{
		{sql: implCreate}, {sql: implFill},
		{sql: "insert into impl_t values (4, 'd'); set search_path = nowhere; " + slow, cancel: true},
		{sql: implIDs},
		{sql: "show search_path"},
		{sql: "update impl_t set v = 'z' where id = 1; create table impl_u (a integer); " + slow, cancel: true},
		{sql: "select id, v from impl_t order by id"},
		{sql: "select count(*) from impl_u"},
		{sql: "update impl_t set v = 'y' where id = 1 returning v"},
	}
	run := func(conn *pgx.Conn, s step) string {
		if !s.cancel {
			return stringResult(ctx, conn, s.sql)
		}
		return cancelUntilDone(ctx, conn, 40, func() string { return stringResult(ctx, conn, s.sql) })
	}

	for _, s := range steps {
		got, want := run(gw, s), run(pg, s)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", s.sql, got, want)
		}
	}
}

// TestImplicitDisconnect closes a session in the middle of an implicit
// transaction, after extended-protocol Executes without Sync. Nothing of
// it may be committed, and the other session must be able to change the
// same rows.
func TestImplicitDisconnect(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	dsn := g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable")
	other := connectTyped(t, g)
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	if _, err := other.Exec(ctx, implCreate+"; "+implFill, simple...); err != nil {
		t.Fatal(err)
	}
	check := func(what string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		var got string
		for time.Now().Before(deadline) {
			got = commandResult(ctx, other, "update impl_t set v = 'mine' where id = 1 returning id, v", simple)
			if !strings.HasPrefix(got, "error") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if want := "[1 mine] | UPDATE 1"; got != want {
			t.Errorf("after %s: update returned %s, want %s", what, got, want)
		}
		if got, want := commandResult(ctx, other, "select id, v from impl_t order by id", simple),
			"[1 mine] | [2 b] | [3 c] | SELECT 3"; got != want {
			t.Errorf("after %s: %s, want %s", what, got, want)
		}
	}

	// Executes without Sync: the implicit transaction stays open.
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	pipeline := conn.StartPipeline(ctx)
	pipeline.SendQueryParams("update impl_t set v = 'gone' where id = 1", nil, nil, nil, nil)
	pipeline.SendQueryParams("insert into impl_t values (9, 'i')", nil, nil, nil, nil)
	if err := pipeline.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	conn.Conn().Close()
	check("closing a session after Executes without Sync")

	// A query string whose client closes during its last, slow statement
	// is not checked: PostgreSQL also runs it to its end and commits, as it
	// learns of the closed connection only when it flushes its results.
}

// TestImplicitPipelineIsolation keeps an implicit transaction of one
// session open, without Sync, while the other session fails a statement
// and runs its own: the sessions must not share implicit state.
func TestImplicitPipelineIsolation(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	dsn := g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable")
	other := connectTyped(t, g)
	simple := []any{pgx.QueryExecModeSimpleProtocol}

	if _, err := other.Exec(ctx, implCreate, simple...); err != nil {
		t.Fatal(err)
	}
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	pipeline := conn.StartPipeline(ctx)
	pipeline.SendQueryParams("insert into impl_t values (1, 'a')", nil, nil, nil, nil)
	if err := pipeline.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)

	// The other session's failure must not roll back the first's batch,
	// and its own change commits at once.
	if got, want := commandResult(ctx, other, "insert into impl_t values (2, 'b'); select 1 / 0", simple), "error 22012 division by zero"; got != want {
		t.Errorf("other session: %s, want %s", got, want)
	}
	if got, want := commandResult(ctx, other, "insert into impl_t values (3, 'c')", simple), "INSERT 0 1"; got != want {
		t.Errorf("other session: %s, want %s", got, want)
	}
	if got, want := commandResult(ctx, other, implIDs, simple), "[3] | SELECT 1"; got != want {
		t.Errorf("other session before Sync: %s, want %s", got, want)
	}
	if err := pipeline.Sync(); err != nil {
		t.Fatal(err)
	}
	for {
		results, err := pipeline.GetResults()
		if err != nil {
			t.Fatalf("pipeline: %v", err)
		}
		if _, ok := results.(*pgconn.PipelineSync); ok {
			break
		}
		if rr, ok := results.(*pgconn.ResultReader); ok {
			if _, err := rr.Close(); err != nil {
				t.Errorf("pipeline insert: %v", err)
			}
		}
	}
	if err := pipeline.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := commandResult(ctx, other, implIDs, simple), "[1] | [3] | SELECT 2"; got != want {
		t.Errorf("other session after Sync: %s, want %s", got, want)
	}
}
