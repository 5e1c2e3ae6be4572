package enginetest

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// These cases compare with PostgreSQL, in both protocols, result types,
// rows and errors of generate_series, sum, the percentiles, schema.table.*,
// ON CONFLICT, WITH TIES, date/time input of VALUES columns and
// jsonb_populate_record(). pgway serves a DuckDB file without a catalog
// database, so the result types are DuckDB's.

// batchObjects are dropped on the oracle before and after the test.
var batchObjects = []string{
	"drop table if exists public.batch_t", "drop table if exists public.batch_ins",
	"drop table if exists public.batch_key", "drop table if exists public.batch_rec", "drop table if exists public.batch_tx",
}

// batchTables are created and filled through pgway and on the oracle.
var batchTables = []string{
	"create table batch_t (id integer, n integer, s smallint, b bigint, x float8, iv interval)",
	"insert into batch_t values (1, 2, 1, 3, 0.5, interval '1 day'), (2, 3, 2, 4, 0.25, interval '2 hours'), " +
		"(3, 5, 3, 2, 0.75, interval '3 minutes')",
	"create table batch_ins (a integer, b text)",
	"create table batch_key (a integer primary key, b text)",
	"create table batch_rec (a integer, b text)",
}

// batchMatches return the same column names, types and rows, or the same
// error, through pgway as on PostgreSQL. The statements that change
// tables run in both protocols, so the reads after them see both runs.
var batchMatches = []biCase{
	// generate_series of integer and smallint arguments is integer.
	{sql: "select id, g from batch_t, generate_series(1, n) g order by id, g"},
	{sql: "select id, g from batch_t, generate_series(id % 3 + 1, n) g order by id, g"},
	{sql: "select g from batch_t, generate_series(s, 3) with ordinality g order by 1"},
	{sql: "select a, o from batch_t, generate_series(1, n, s) with ordinality w(a, o) order by 1, 2"},
	{sql: "select * from batch_t b, lateral generate_series(1, b.n) order by 1, 7"},
	{sql: "select generate_series(1, n) from batch_t order by 1"},
	{sql: "select id, g from batch_t join generate_series(1, batch_t.n) g on true order by 1, 2"},
	{sql: "select id, g from batch_t left join generate_series(2, batch_t.n) g on g > 2 order by 1, 2"},
	{sql: "select id, g from batch_t cross join lateral generate_series(id, 3) g order by 1, 2"},
	{sql: "select generate_series(s, n), generate_series(1, s) from batch_t order by 1, 2"},
	{sql: "select generate_series(-1, 1)"},
	// PostgreSQL finds generate_series(smallint, smallint) ambiguous.
	{sql: "select id, g from batch_t, generate_series(s, s + 1::smallint) g order by id, g"},
	{sql: "select generate_series(s, s) from batch_t"},
	// sum(DISTINCT) of an integer quotient is bigint.
	{sql: "select sum(distinct n / id), sum(n / id) from batch_t"},
	{sql: "select sum(distinct n / s), sum(distinct n / 2) filter (where id > 1) from batch_t"},
	// Arrays of fractions.
	{sql: "select percentile_cont(array[0.25, 0.5]) within group (order by iv::interval) from batch_t"},
	{sql: "select percentile_cont(array[0.5, null]) within group (order by iv::interval) from batch_t"},
	{sql: "select percentile_cont(array[0.5]) within group (order by iv::interval) from batch_t where false"},
	{sql: "select percentile_cont(array[0.5, 2]) within group (order by iv::interval) from batch_t"},
	{sql: "select percentile_disc(array[0.5, 2]) within group (order by n) from batch_t"},
	{sql: "select percentile_cont(array[0.25, -1.5]) within group (order by x) from batch_t"},
	{sql: "select percentile_cont(array[0.25, 1.5]) within group (order by x) from batch_t where false"},
	// schema.table.* is table.*.
	{sql: "select public.batch_t.* from batch_t order by id"},
	{sql: "select b.id, public.batch_t.* from batch_t join batch_t b using (id) order by 1"},
	{sql: "select count(public.batch_t.*) from batch_t"},
	{sql: "select public.batch_t.* from batch_t t"},
	{sql: "select (select count(*) from batch_t b where public.batch_t.* is not null and b.id <= batch_t.id) from batch_t order by 1"},
	// ON CONFLICT DO NOTHING without a unique key inserts every row.
	{sql: "insert into batch_ins values (1, 'a') on conflict do nothing"},
	{sql: "insert into batch_ins select 2, 'b' on conflict do nothing returning a"},
	{sql: "insert into public.batch_ins values (2, 'c') on conflict do nothing"},
	{sql: "select a, b from batch_ins order by a, b"},
	{sql: "insert into batch_ins values (1, 'a') on conflict (a) do nothing"},
	{sql: "insert into batch_key values (1, 'b') on conflict (b) do nothing"},
	// WITH TIES ordered by a volatile expression.
	{sql: "select count(*) from (select id from batch_t order by random() fetch first 1 rows with ties) s"},
	{sql: "select id from batch_t order by random() * 0 + id fetch first 2 rows with ties"},
	{sql: "select count(*), count(distinct r) from (select random() * 0 r from batch_t order by r fetch first 1 rows with ties) s"},
	{sql: "select id, n from batch_t order by random() * 0 + n desc, id fetch first 1 rows with ties"},
	// 'today' and ISO 8601 basic forms of VALUES columns.
	{sql: "select d::date = current_date, d::timestamp = current_date::timestamp from (values ('today')) v(d)"},
	{sql: "select d::timestamp, d::date from (values ('20240115T102030')) v(d)"},
	{sql: "select d::date = current_date from (select 'today' d) s"},
}

// batchRecords are jsonb_populate_record() calls, whose record PostgreSQL
// sends as the table's composite type and pgway as record, so only the
// column names and the rows are compared.
var batchRecords = []string{
	`select jsonb_populate_record(null::batch_rec, '{"a":1}')`,
	`select id, jsonb_populate_record(null::batch_rec, '{"b":"x y"}') r from batch_t order by id`,
	`select r from jsonb_populate_record(null::batch_rec, '{"a":1}') r`,
	`select id, r from batch_t, jsonb_populate_record(null::public.batch_rec, '{"a":2,"b":"z"}') r order by id`,
}

// batchUnsupported are statements that PostgreSQL runs and pgway rejects
// with 0A000, with a word that the message contains.
var batchUnsupported = []struct{ sql, word string }{
	{"select percentile_cont(x) within group (order by n) from batch_t group by x", "percentile_cont"},
	{"select percentile_disc(array[x, 0.5]) within group (order by n) from batch_t group by x", "percentile_disc"},
	{"select percentile_cont(array[0.25, null]) within group (order by x) from batch_t", "NULL in an array of fractions"},
	{`select (jsonb_populate_record(null::batch_rec, '{"a":1}')).a`, "jsonb_populate_record"},
	{"select jsonb_populate_record(null::batch_rec, null)", "jsonb_populate_record"},
}

func TestSemanticsBatchMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	g := startDuckDBFile(t, "batch", filepath.Join(t.TempDir(), "batch.duckdb"))
	gwConn := g.connect(t, config.DemoUser, config.DemoPassword, "batch", "disable")
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, batchObjects)
	t.Cleanup(func() { dropOracleObjects(t, batchObjects) })
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range batchTables {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}

	t.Run("matches", func(t *testing.T) {
		for _, c := range batchMatches {
			for _, diff := range biDifferences(t, gw, pg, c) {
				t.Error(diff)
			}
		}
	})
	t.Run("records", func(t *testing.T) {
		for _, sql := range batchRecords {
			for _, extended := range []bool{false, true} {
				got := withoutTypes(biResult(ctx, gw, sql, nil, extended))
				want := withoutTypes(biResult(ctx, pg, sql, nil, extended))
				if got != want {
					t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
				}
			}
		}
	})
	t.Run("transaction keys", func(t *testing.T) {
		// A table that the transaction creates with a key keeps its ON
		// CONFLICT, so the second insert adds no row.
		statements := []string{"begin", "create table batch_tx (a integer primary key)",
			"insert into batch_tx values (1) on conflict do nothing", "insert into batch_tx values (1) on conflict do nothing",
			"select count(*) from batch_tx", "rollback"}
		for _, sql := range statements {
			got, want := biResult(ctx, gw, sql, nil, false), biResult(ctx, pg, sql, nil, false)
			if got != want {
				t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		for _, c := range batchUnsupported {
			if _, err := pg.Exec(ctx, c.sql).ReadAll(); err != nil {
				t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", c.sql, err)
			}
			err := queryError(ctx, gwConn, c.sql)
			if err == nil || err.Code != "0A000" {
				t.Errorf("%s: error %v, want SQLSTATE 0A000", c.sql, err)
				continue
			}
			if !strings.Contains(err.Message, c.word) {
				t.Errorf("%s: message %q does not contain %q", c.sql, err.Message, c.word)
			}
		}
	})
}

// columnType matches the type OID and modifier that biResult writes
// after a column name.
var columnType = regexp.MustCompile(`:\d+\(-?\d+\)`)

// withoutTypes returns a biResult without the columns' types.
func withoutTypes(result string) string {
	return columnType.ReplaceAllString(result, "")
}
