package enginetest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// truncateObjects are the oracle's tables of these tests, which each test
// drops before and after it runs.
var truncateObjects = []string{
	"drop table if exists public.truncate_gap_d, public.truncate_gap_b, public.truncate_gap_c, " +
		"public.truncate_gap_a, public.truncate_gap_self, public.truncate_gap_x",
}

// truncatePair connects to pgway on a new DuckDB file and to the oracle,
// recording the notices of each.
func truncatePair(t *testing.T) (gw, pg *pgconn.PgConn, gwNotices, pgNotices *noticeLog) {
	t.Helper()
	ctx := context.Background()
	dropOracleObjects(t, truncateObjects)
	t.Cleanup(func() { dropOracleObjects(t, truncateObjects) })
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gwConfig, err := pgx.ParseConfig(g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	pgConfig, err := pgx.ParseConfig(oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	gwNotices, pgNotices = &noticeLog{}, &noticeLog{}
	gwConfig.OnNotice, pgConfig.OnNotice = gwNotices.add, pgNotices.add
	var conns [2]*pgx.Conn
	for i, cfg := range []*pgx.ConnConfig{gwConfig, pgConfig} {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(ctx) })
		conns[i] = conn
	}
	return conns[0].PgConn(), conns[1].PgConn(), gwNotices, pgNotices
}

// truncateTables are the tables of truncateSeveralCases: b and c reference a,
// d references b and c, and self references itself.
var truncateTables = []string{
	"create table truncate_gap_a (id int primary key)",
	"create table truncate_gap_c (id int primary key, a int references truncate_gap_a)",
	"create table truncate_gap_b (id int primary key, a int references truncate_gap_a)",
	"create table truncate_gap_d (id int, c int references truncate_gap_c, b int references truncate_gap_b)",
	"create table truncate_gap_self (id int primary key, parent int references truncate_gap_self)",
	"create table truncate_gap_x (v text)",
}

// fillTruncateTables replaces the rows of every table with rows that
// reference no rows.
const fillTruncateTables = "delete from truncate_gap_d; delete from truncate_gap_b; delete from truncate_gap_c; " +
	"delete from truncate_gap_a; delete from truncate_gap_self; delete from truncate_gap_x; " +
	"insert into truncate_gap_a values (1), (2); " +
	"insert into truncate_gap_c values (1, null); insert into truncate_gap_b values (1, null), (2, null); " +
	"insert into truncate_gap_d values (1, null, null); insert into truncate_gap_self values (1, null), (2, null); " +
	"insert into truncate_gap_x values ('x')"

// countTruncateTables counts the rows of every table.
const countTruncateTables = "select (select count(*) from truncate_gap_a), (select count(*) from truncate_gap_b), " +
	"(select count(*) from truncate_gap_c), (select count(*) from truncate_gap_d), " +
	"(select count(*) from truncate_gap_self), (select count(*) from truncate_gap_x)"

// truncateSeveralCases truncate several tables, with CASCADE and with RESTART
// or CONTINUE IDENTITY, and fail as PostgreSQL does where a table left
// out references one of them.
var truncateSeveralCases = []string{
	fillTruncateTables,
	"truncate truncate_gap_x restart identity",
	"truncate table truncate_gap_x continue identity",
	"truncate table truncate_gap_x, truncate_gap_self restart identity",
	countTruncateTables,
	fillTruncateTables,
	"truncate truncate_gap_a, truncate_gap_b",
	"truncate truncate_gap_c, truncate_gap_a",
	"truncate truncate_gap_x, truncate_gap_nothing",
	countTruncateTables,
	"truncate truncate_gap_a, truncate_gap_b, truncate_gap_c, truncate_gap_d, truncate_gap_a",
	countTruncateTables,
	fillTruncateTables,
	"truncate truncate_gap_a cascade",
	countTruncateTables,
	fillTruncateTables,
	"truncate only truncate_gap_b, public.truncate_gap_x * cascade",
	countTruncateTables,
	fillTruncateTables,
	"truncate truncate_gap_self, truncate_gap_x cascade",
	countTruncateTables,
	fillTruncateTables,
	"begin",
	"truncate truncate_gap_d, truncate_gap_x",
	"select count(*) from truncate_gap_x",
	"rollback",
	countTruncateTables,
	"begin",
	"truncate truncate_gap_c cascade",
	countTruncateTables,
	"commit",
	countTruncateTables,
	"truncate truncate_gap_x, truncate_gap_b; select 1/0",
	countTruncateTables,
}

func TestTruncateSeveralTables(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg, gwNotices, pgNotices := truncatePair(t)
	for _, sql := range truncateTables {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	gwNotices.take()
	pgNotices.take()
	for _, sql := range truncateSeveralCases {
		got, want := writeGapResult(ctx, gw, sql), writeGapResult(ctx, pg, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
		if got, want := gwNotices.take(), pgNotices.take(); got != want {
			t.Errorf("%s: notices\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
	// The extended protocol.
	for _, sql := range []string{fillTruncateTables, "truncate truncate_gap_x, truncate_gap_self restart identity",
		"truncate truncate_gap_a cascade", "truncate truncate_gap_c, truncate_gap_a", countTruncateTables} {
		extended := !strings.Contains(sql, ";")
		got, want := biResult(ctx, gw, sql, nil, extended), biResult(ctx, pg, sql, nil, extended)
		if got != want {
			t.Errorf("%s (extended %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
		}
		if got, want := gwNotices.take(), pgNotices.take(); got != want {
			t.Errorf("%s: notices\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// truncateLinkedRows truncate a table with a table whose rows reference
// it, or a table whose rows reference each other, which DuckDB cannot
// do in one transaction.
var truncateLinkedRows = []string{
	"truncate truncate_gap_a, truncate_gap_b, truncate_gap_c, truncate_gap_d",
	"truncate truncate_gap_a cascade",
	"truncate truncate_gap_b, truncate_gap_d, truncate_gap_a, truncate_gap_c",
	"truncate truncate_gap_self",
	"truncate truncate_gap_x, truncate_gap_self",
}

func TestTruncateLinkedRowsUnsupported(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, _, _, _ := truncatePair(t)
	for _, sql := range append(truncateTables, fillTruncateTables,
		"insert into truncate_gap_b values (3, 1)", "insert into truncate_gap_self values (3, 1)") {
		if _, err := gw.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, sql := range truncateLinkedRows {
		got := writeGapResult(ctx, gw, sql)
		if !strings.HasPrefix(got, "error 0A000 TRUNCATE of table") {
			t.Errorf("%s\n pgway: %s, want 0A000 naming TRUNCATE", sql, got)
		}
	}
	// Nothing changed.
	if got := writeGapResult(ctx, gw, countTruncateTables); !strings.HasSuffix(got, "= (2,3,1,1,3,1)") {
		t.Errorf("%s\n pgway: %s", countTruncateTables, got)
	}
	// The referencing rows go first, in a transaction of their own.
	for _, sql := range []string{"truncate truncate_gap_d, truncate_gap_b", "truncate truncate_gap_a cascade"} {
		if got := writeGapResult(ctx, gw, sql); strings.HasPrefix(got, "error") {
			t.Errorf("%s\n pgway: %s", sql, got)
		}
	}
	if got := writeGapResult(ctx, gw, countTruncateTables); !strings.HasSuffix(got, "= (0,0,0,0,3,1)") {
		t.Errorf("%s\n pgway: %s", countTruncateTables, got)
	}
}
