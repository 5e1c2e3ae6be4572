package enginetest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/config"
)

// standardShows read PostgreSQL parameters that clients commonly ask for,
// by SHOW and current_setting(), before and after SET and RESET.
var standardShows = [][]string{
	{"show max_identifier_length"},
	{"show client_min_messages"},
	{"show lc_messages"},
	{"show lc_monetary"},
	{"show lc_numeric"},
	{"show lc_time"},
	{"show bytea_output"},
	{"show work_mem"},
	{"show lock_timeout"},
	{"show idle_in_transaction_session_timeout"},
	{"show block_size"},
	{"show ssl"},
	{"show row_security"},
	{"show escape_string_warning"},
	{"show default_text_search_config"},
	{"select current_setting('max_identifier_length'), current_setting('client_min_messages'), current_setting('work_mem')"},
	{"select current_setting('lc_messages'), current_setting('lc_numeric'), current_setting('lc_time'), current_setting('lc_monetary')"},
	{"select current_setting('block_size'), current_setting('ssl'), current_setting('row_security'), current_setting('lock_timeout')"},
	{"select current_setting('bytea_output'), current_setting('escape_string_warning'), current_setting('default_text_search_config')"},
	{"set client_min_messages = WARNING", "show client_min_messages"},
	{"set client_min_messages = debug", "show client_min_messages"},
	{"set client_min_messages = loud", "show client_min_messages"},
	{"set client_min_messages = warning", "reset client_min_messages", "show client_min_messages"},
	{"set work_mem = '64MB'", "show work_mem"},
	{"set work_mem = 65536", "show work_mem"},
	{"set work_mem = '1000kB'", "show work_mem"},
	{"set work_mem = '1GB'", "select current_setting('work_mem')"},
	{"set work_mem = 10", "show work_mem"},
	{"set work_mem = '5 parsecs'", "show work_mem"},
	{"set work_mem = '64MB'", "reset work_mem", "show work_mem"},
	{"set lock_timeout = 1500", "show lock_timeout"},
	{"set lock_timeout = '2s'", "show lock_timeout"},
	{"set lock_timeout = '2 fortnights'", "show lock_timeout"},
	{"set idle_in_transaction_session_timeout = 0", "show idle_in_transaction_session_timeout"},
	{"set row_security = off", "show row_security"},
	{"set row_security = maybe", "show row_security"},
	{"set escape_string_warning = false", "show escape_string_warning"},
	{"set default_text_search_config = 'simple'", "show default_text_search_config"},
	{"set default_text_search_config = 'pg_catalog.german'", "show default_text_search_config"},
	{"set lc_numeric = 'C'", "show lc_numeric"},
	{"set max_identifier_length = 10", "show max_identifier_length"},
	{"set block_size = 10", "show block_size"},
	{"set ssl = on", "show ssl"},
	{"begin", "set work_mem = '8MB'", "rollback", "show work_mem"},
	{"begin", "set local client_min_messages = error", "commit", "show client_min_messages"},
	{"set work_mem = '8MB'", "reset all", "show work_mem"},
}

// TestStandardSettingsMatchPostgreSQL compares SHOW and current_setting()
// of the standard parameters, and their SET and RESET, with PostgreSQL.
func TestStandardSettingsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	for _, steps := range standardShows {
		gw, pg := connectOraclePair(t)
		for _, sql := range steps {
			for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol} {
				want := rawResult(ctx, pg, sql, []any{mode})
				got := rawResult(ctx, gw, sql, []any{mode})
				if got != want {
					t.Errorf("%v: %s\n pgway:      %s\n PostgreSQL: %s", steps, sql, got, want)
				}
			}
		}
	}
}

// TestShowAllListsStandardSettings checks that SHOW ALL lists the
// standard parameters with the values SHOW gives.
func TestShowAllListsStandardSettings(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, name := range []string{"max_identifier_length", "client_min_messages", "work_mem", "lc_time", "row_security", "default_text_search_config"} {
		all := func(conn *pgx.Conn) string {
			rows, err := conn.Query(ctx, "show all", pgx.QueryExecModeSimpleProtocol)
			if err != nil {
				return errorCode(err)
			}
			defer rows.Close()
			for rows.Next() {
				values := rows.RawValues()
				if string(values[0]) == name {
					return string(values[1])
				}
			}
			return "missing"
		}
		if got, want := all(gw), all(pg); got != want {
			t.Errorf("show all, %s: pgway %s, PostgreSQL %s", name, got, want)
		}
	}
}

// TestClientMinMessagesHidesNotices checks that client_min_messages
// hides the warnings below it, as in PostgreSQL.
func TestClientMinMessagesHidesNotices(t *testing.T) {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw, gwNotices := connectRecorded(t, g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))
	pg, pgNotices := connectRecorded(t, oracleDSN())
	for _, sql := range []string{"commit", "set client_min_messages = error", "commit", "begin", "begin", "rollback",
		"set client_min_messages = warning", "commit"} {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		if got, want := gwNotices.take(), pgNotices.take(); got != want {
			t.Errorf("%s: pgway notices %q, PostgreSQL %q", sql, got, want)
		}
	}
}

// createdTables are CREATE TABLE AS and SELECT INTO statements of
// ctas_src, each creating ctas_out. unconstrained names the column that
// PostgreSQL creates as numeric without a precision, which pgway rejects
// with 0A000; "" where every column matches PostgreSQL's.
var createdTables = []struct{ sql, unconstrained string }{
	{"create table ctas_out as select id, n / 3 as q, avg(n) over () as a, n * 1.5 as m, round(n, 1) as r, 1.5 as c, n::numeric as nn, sum(n) over () as sm from ctas_src", "q"},
	{"create table ctas_out as select id, n * 1.5 as m from ctas_src", "m"},
	{"create table ctas_out as select sum(n) from ctas_src", "sum"},
	{"create table ctas_out (a, b) as select id, n * 2 from ctas_src", "b"},
	{"create table ctas_out as select * from (select id, n + 1 as m from ctas_src) s", "m"},
	{"create table ctas_out as select 1.5 as c", "c"},
	{"create table ctas_out as select id, n * 2 as m from ctas_src with no data", "m"},
	{"create table if not exists ctas_out as select id, n * 2 as m from ctas_src", "m"},
	{"create table ctas_out as select id, n::numeric(8,1) as n1 from ctas_src with no data", ""},
	{"create table ctas_out as select id, n * 2 as m from ctas_tmp", "m"},
	{"create table ctas_out as select id, n from ctas_tmp", ""},
	{"select id, n / 3 as q into ctas_out from ctas_src", "q"},
	{"select id, round(n, 1) as r into temp ctas_out from ctas_src", "r"},
	{"create table ctas_out as select id, n, n::numeric(12,3) as c3, s from ctas_src", ""},
	{"create table ctas_out as select id, i * 2 as i2, f / 3 as f3, s || 'x' as s2, count(*) over () as cnt from ctas_src", ""},
	{"create table ctas_out as select * from ctas_src", ""},
	{"select id, s into ctas_out from ctas_src where id = 1", ""},
	{"select id, n, s into temporary table ctas_out from ctas_src", ""},
	{"select id, n into ctas_out from ctas_src where id > 1", ""},
	{"select id, s into ctas_out from ctas_src where id = 1 union all select 3, 'c'", ""},
}

// TestCreateTableAsMatchesPostgreSQL runs each of createdTables on a
// DuckDB file and on PostgreSQL. Where PostgreSQL creates a numeric
// column without a precision pgway fails with 0A000 naming it; otherwise
// the command tag, the new table's rows and column types, and a value
// inserted later match.
func TestCreateTableAsMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw := g.connect(t, config.DemoUser, config.DemoPassword, "typed", "disable")
	pg, err := pgx.Connect(ctx, oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(ctx) })
	drop := []string{"drop table if exists ctas_out", "drop table if exists ctas_src"}
	dropOracleObjects(t, drop)
	t.Cleanup(func() { dropOracleObjects(t, drop) })
	for _, sql := range []string{
		"create table ctas_src (id int, n numeric(10,2), s text, f float8, i bigint)",
		"insert into ctas_src values (1, 4.93, 'a', 1.5, 7), (2, 10.00, 'b', 2.25, 8)",
		"create temp table ctas_tmp (id int, n numeric(10,2))",
		"insert into ctas_tmp values (1, 4.93)",
	} {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	for _, c := range createdTables {
		pgTag, err := pg.Exec(ctx, c.sql)
		if err != nil {
			t.Fatalf("PostgreSQL: %s: %v", c.sql, err)
		}
		gwTag, gwErr := gw.Exec(ctx, c.sql)
		if c.unconstrained != "" {
			var precision *int
			if err := pg.QueryRow(ctx, `select numeric_precision from information_schema.columns
				where table_name = 'ctas_out' and column_name = $1`, c.unconstrained).Scan(&precision); err != nil || precision != nil {
				t.Errorf("%s: PostgreSQL's column %s has precision %v (%v)", c.sql, c.unconstrained, precision, err)
			}
			want := fmt.Sprintf(`error 0A000 column %q of type numeric without a precision is not supported on this warehouse`, c.unconstrained)
			if gwErr == nil {
				t.Errorf("%s: pgway created the table, PostgreSQL makes %s numeric without a precision", c.sql, c.unconstrained)
			} else if got := errorCode(gwErr); got != want {
				t.Errorf("%s:\n pgway: %s\n want:  %s", c.sql, got, want)
			}
		} else if gwErr != nil {
			t.Errorf("%s: pgway: %v", c.sql, gwErr)
		} else {
			if gwTag.String() != pgTag.String() {
				t.Errorf("%s: tag %q, PostgreSQL %q", c.sql, gwTag, pgTag)
			}
			for _, q := range []string{"select * from ctas_out order by 1", "select id from ctas_out where false"} {
				if got, want := describedResult(ctx, gw, q), describedResult(ctx, pg, q); got != want {
					t.Errorf("%s: %s\n pgway:      %s\n PostgreSQL: %s", c.sql, q, got, want)
				}
			}
		}
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, "drop table if exists ctas_out"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// describedResult writes the rows of sql with each column's name, type
// and type modifier.
func describedResult(ctx context.Context, conn *pgx.Conn, sql string) string {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var out string
	for _, fd := range rows.FieldDescriptions() {
		out += fmt.Sprintf("%s:%d(%d) ", fd.Name, fd.DataTypeOID, fd.TypeModifier)
	}
	for rows.Next() {
		out += "| "
		for _, v := range rows.RawValues() {
			out += string(v) + " "
		}
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out
}

// TestSelectIntoUnloggedIsRejected checks that SELECT INTO UNLOGGED and
// CREATE UNLOGGED TABLE, with or without AS, fail with 0A000, since
// DuckDB has no unlogged tables.
func TestSelectIntoUnloggedIsRejected(t *testing.T) {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	gw := g.connect(t, config.DemoUser, config.DemoPassword, "typed", "disable")
	for _, sql := range []string{"select 1 as a into unlogged ctas_unlogged", "create unlogged table ctas_unlogged as select 1 as a",
		"create unlogged table ctas_unlogged (a int)"} {
		_, err := gw.Exec(ctx, sql)
		if got, want := fmt.Sprint(err), "ERROR: an unlogged table is not supported on this warehouse (SQLSTATE 0A000)"; got != want {
			t.Errorf("%s: %s, want %s", sql, got, want)
		}
	}
}

// TestIdleTimeoutIsRejected checks that an
// idle_in_transaction_session_timeout other than 0 fails with 0A000,
// since pgway does not end idle sessions.
func TestIdleTimeoutIsRejected(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	_, err := gw.Exec(ctx, "set idle_in_transaction_session_timeout = '5min'")
	if got, want := errorCode(err), "error 0A000 idle_in_transaction_session_timeout other than 0 is not supported by pgway"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := rawResult(ctx, gw, "show idle_in_transaction_session_timeout", nil); got != "25:0 | " {
		t.Errorf("show idle_in_transaction_session_timeout: %s", got)
	}
}
