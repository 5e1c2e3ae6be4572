package enginetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
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

// TestSearchPathWithoutSchemas shows a known difference: when no schema of
// search_path exists, DuckDB keeps main as its path, so a name without a
// schema finds a table of public, where PostgreSQL fails with 42P01.
// Names with a schema, as pg_dump writes them after setting an empty
// search_path, resolve as in PostgreSQL.
func TestSearchPathWithoutSchemas(t *testing.T) {
	ctx := context.Background()
	gw := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	simple := []any{pgx.QueryExecModeSimpleProtocol}
	for _, step := range []struct{ sql, want string }{
		{"create table sp_t (z integer)", "CREATE TABLE"},
		{"insert into sp_t values (7)", "INSERT 0 1"},
		{"set search_path = ''", "SET"},
		{"select z from public.sp_t", "[7] | SELECT 1"},
		{"set search_path = nowhere", "SET"},
		{"select z from public.sp_t", "[7] | SELECT 1"},
		// PostgreSQL: error 42P01 relation "sp_t" does not exist.
		{"select z from sp_t", "[7] | SELECT 1"},
	} {
		if got := commandResult(ctx, gw, step.sql, simple); got != step.want {
			t.Errorf("%s: %s, want %s", step.sql, got, step.want)
		}
	}
}
