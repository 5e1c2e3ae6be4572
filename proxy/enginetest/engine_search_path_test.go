package enginetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/config"
)

// search_path on a DuckDB file: names without a schema resolve, and new
// relations go, as in PostgreSQL. The steps run through pgway and on
// PostgreSQL 15 with the same schemas, in the simple protocol and as
// prepared statements.

var searchPathSetup = []string{
	"create schema sp_a",
	"create schema sp_b",
	"create table sp_a.sp_t (x double precision)",
	"insert into sp_a.sp_t values (100), (1.5)",
	"create table sp_b.sp_t (y text)",
	"insert into sp_b.sp_t values ('b')",
	"create table public.sp_t (z integer)",
	"insert into public.sp_t values (7)",
}

var searchPathSteps = []string{
	"select * from sp_t",
	"select current_schema()",
	"set search_path = sp_a, public",
	// x is double precision, written as PostgreSQL writes it.
	"select x::text from sp_t order by x",
	"select x from sp_t order by x",
	"show search_path",
	"set search_path = sp_b",
	"select * from sp_t",
	"set search_path = nowhere, sp_b, public",
	"select * from sp_t",
	"select current_schema()",
	"select current_schemas(false)",
	"select current_schemas(true)",
	"select z from public.sp_t",
	"create table sp_new (a integer)",
	"select count(*) from sp_b.sp_new",
	"drop table sp_new",
	"set search_path to \"SP_A\", sp_a",
	"select x::text from sp_t order by x",
	// A schema created after SET joins the path.
	"set search_path = sp_c, public",
	"select * from sp_t",
	"create schema sp_c",
	"create table sp_c.sp_t (w boolean)",
	"select * from sp_t",
	"drop schema sp_c cascade",
	"select * from sp_t",
	"begin",
	"set local search_path = sp_a",
	"select x from sp_t order by x",
	"rollback",
	"select * from sp_t",
	"set search_path = nowhere",
	"select current_schema()",
	"reset search_path",
	"select * from sp_t",
}

// searchPathPair returns a session through pgway on a new DuckDB file and
// one on PostgreSQL, each after the setup statements. The schemas and
// tables are dropped from PostgreSQL before and after the test.
func searchPathPair(t *testing.T, setup []string) (gw, pg *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	gw = connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	pg = connectOracle(t)
	drop := func() {
		pg.Exec(context.Background(), "drop schema if exists sp_a, sp_b, sp_c cascade")
		pg.Exec(context.Background(), "drop table if exists public.sp_t, public.sp_new")
	}
	drop()
	t.Cleanup(drop)
	for _, sql := range setup {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	return gw, pg
}

func TestSearchPathMatchesPostgreSQL(t *testing.T) {
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec} {
		t.Run(mode.String(), func(t *testing.T) {
			ctx := context.Background()
			gw, pg := searchPathPair(t, searchPathSetup)
			args := []any{mode}
			for _, sql := range searchPathSteps {
				if got, want := commandResult(ctx, gw, sql, args), commandResult(ctx, pg, sql, args); got != want {
					t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
				}
			}
		})
	}
}

// TestSearchPathPreparedStatement checks that a statement prepared under
// one search_path runs under the next, as PostgreSQL plans it again, and
// fails as PostgreSQL does when its result changes.
func TestSearchPathPreparedStatement(t *testing.T) {
	ctx := context.Background()
	setup := append(append([]string{}, searchPathSetup...),
		"create schema sp_c", "create table sp_c.sp_t (x double precision)", "insert into sp_c.sp_t values (3)")
	gw, pg := searchPathPair(t, setup)
	cached := []any{pgx.QueryExecModeCacheStatement}
	for _, sql := range []string{
		"set search_path = sp_a",
		"select * from sp_t order by 1",
		"set search_path = sp_c",
		"select * from sp_t order by 1",
		"set search_path = sp_b",
		"select * from sp_t order by 1",
	} {
		if got, want := commandResult(ctx, gw, sql, cached), commandResult(ctx, pg, sql, cached); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// searchPathNameSteps cover the lookups in which DuckDB's rules differ
// from PostgreSQL's, which pgway makes agree: search_path without a
// schema that exists, pg_temp first in it, and WITH queries named like a
// table in another case.
var searchPathNameSteps = []string{
	"create temp table sp_tmp (t text)",
	"insert into sp_tmp values ('temp')",
	"set search_path = ''",
	"select z from public.sp_t",
	"select * from sp_tmp",
	"set search_path = nowhere",
	"select z from sp_t",
	"select current_schema()",
	"insert into sp_t values (8)",
	"create table sp_new (a integer)",
	"create view sp_new_v as select 1 as one",
	"create table sp_new as select 1 as one",
	"create temp table sp_new (a integer)",
	"select * from sp_new",
	"drop table sp_new",
	"drop table sp_t",
	"drop table if exists sp_t",
	"drop view sp_nothing",
	"drop sequence sp_nothing",
	"drop index sp_nothing",
	"select count(*) from public.sp_t",
	"select * from sp_tmp",
	"begin",
	"create schema nowhere",
	"create table sp_t (n integer)",
	"select * from sp_t",
	"rollback",
	"select * from sp_t",
	"set search_path = pg_temp, public",
	"create table sp_made (a integer)",
	"select count(*) from pg_temp.sp_made",
	"create view sp_made_v as select 2 as two",
	"select * from pg_temp.sp_made_v",
	"reset search_path",
	"select * from sp_made_v",
	`with sp_t as (select 1 as one) select * from sp_t`,
	`with "Sp" as (select 1 as one) select * from "Sp"`,
}

func TestSearchPathNamesMatchPostgreSQL(t *testing.T) {
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec} {
		t.Run(mode.String(), func(t *testing.T) {
			ctx := context.Background()
			gw, pg := searchPathPair(t, searchPathSetup)
			args := []any{mode}
			for _, sql := range searchPathNameSteps {
				if got, want := commandResult(ctx, gw, sql, args), commandResult(ctx, pg, sql, args); got != want {
					t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
				}
			}
		})
	}
}

// TestSearchPathTemporaryAfterSchema checks the statements that pgway
// rejects. With pg_temp after another schema, PostgreSQL finds a table of
// that schema before a temporary table of the same name, where DuckDB
// finds the temporary table. A WITH query named like a table in another
// case would hide the table on DuckDB.
func TestSearchPathTemporaryAfterSchema(t *testing.T) {
	ctx := context.Background()
	gw, _ := searchPathPair(t, searchPathSetup)
	simple := []any{pgx.QueryExecModeSimpleProtocol}
	for _, step := range []struct{ sql, want string }{
		{"create temp table sp_t (t text)", "CREATE TABLE"},
		{"set search_path = sp_a, pg_temp", "SET"},
		{"select * from sp_t", "error 0A000 temporary relation \"sp_t\" with pg_temp after other schemas in search_path is not supported on this warehouse"},
		{"drop table sp_t", "error 0A000 temporary relation \"sp_t\" with pg_temp after other schemas in search_path is not supported on this warehouse"},
		{"select x from sp_a.sp_t order by x", "[1.5] | [100] | SELECT 2"},
		{"select * from pg_temp.sp_t", "SELECT 0"},
		{"set search_path = pg_temp, sp_a", "SET"},
		{"select * from sp_t", "SELECT 0"},
		{`with "SP_T" as (select 1) select * from sp_t`, "error 0A000 relation \"sp_t\" named like the WITH query \"SP_T\" in another case is not supported on this warehouse"},
	} {
		if got := commandResult(ctx, gw, step.sql, simple); got != step.want {
			t.Errorf("%s: %s, want %s", step.sql, got, step.want)
		}
	}
}

// TestDropIfExistsNoticesMatchPostgreSQL checks the NOTICE of DROP ... IF
// EXISTS for what does not exist.
func TestDropIfExistsNoticesMatchPostgreSQL(t *testing.T) {
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw, gwNotices := noticeConn(t, g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))
	pg, pgNotices := noticeConn(t, oracleDSN())
	cleanup := "drop table if exists public.dp_t; drop schema if exists dp_s cascade"
	noticedResult(pg, pgNotices, cleanup)
	t.Cleanup(func() { noticedResult(pg, pgNotices, cleanup) })
	for _, sql := range []string{
		"drop table if exists dp_t",
		"drop view if exists public.dp_v",
		"drop table if exists dp_s.dp_t",
		"drop schema if exists dp_s",
		"create schema dp_s",
		"drop table if exists dp_s.dp_t",
		"create table dp_t (a integer)",
		"drop table if exists dp_t",
		"begin; create table dp_t (a integer); drop table if exists public.dp_t; drop table if exists dp_t; commit",
		"drop schema if exists dp_s",
		"create temp table dp_t (a integer)",
		"drop table if exists pg_temp.dp_t",
	} {
		if got, want := noticedResult(gw, gwNotices, sql), noticedResult(pg, pgNotices, sql); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
