package enginetest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Adversarial cases for the column types that the DuckDB dialect reads
// from the warehouse: name resolution that could give a column the wrong
// type, and rewrites of typed columns that could change a result. Each
// step runs on pgway (a DuckDB file) and on PostgreSQL 15, in order, and
// their results must be the same.

// adversarialTypesSetup creates tables whose columns share names but not
// types, so a column resolved to the wrong table gets the wrong rewrite.
var adversarialTypesSetup = []string{
	"create table adv_ct_a (id integer, v double precision, s text, f4 real, i2 smallint, i4 integer, d date)",
	`insert into adv_ct_a values
		(1, 100, '1.50', 0.1, 32767, 2147483647, '2024-01-15'),
		(2, 0.1, ' 12 ', 3e38, 1, 1, '2024-03-01'),
		(3, -0.0, 'b', 'NaN', -2, 5, '2023-12-31'),
		(4, '-Infinity', 'a', '-Infinity', null, null, null),
		(5, 1e-200, '+5', 1e-30, 3, 2147483647, '2024-02-29')`,
	"create table adv_ct_b (id integer, v text, s double precision)",
	"insert into adv_ct_b values (1, '100.0', 2.5), (2, 'x', 1e20), (3, '1.5', null)",
	"create schema adv_ct_s2",
	"create table adv_ct_s2.adv_ct_a (id integer, v text)",
	"insert into adv_ct_s2.adv_ct_a values (1, '7.0'), (2, '1e3')",
	"create view adv_ct_va as select id, v, s from adv_ct_a",
	"create table adv_ct_c (id integer, v text, s double precision)",
}

// adversarialTypesCleanup drops what adversarialTypesSetup creates on
// PostgreSQL, whose database the package's tests share.
var adversarialTypesCleanup = []string{
	"drop view if exists adv_ct_va",
	"drop table if exists adv_ct_a, adv_ct_b, adv_ct_c, adv_ct_d",
	"drop schema if exists adv_ct_s2 cascade",
}

// adversarialStep is a statement that runs on both sides. A step with
// setup runs those statements first on both sides and compares nothing
// of them. A step with known set differs from PostgreSQL for the reason
// that known gives: a gap outside column types, or a column that gets no
// type and so keeps the rewrite made without types. The test fails when
// such a step matches PostgreSQL, so that its known difference goes.
type adversarialStep struct {
	setup []string
	query string
	known string
}

var adversarialTypesSteps = []adversarialStep{
	// Same column name, different types in different tables.
	{query: "select a.id, (select v || '|' from adv_ct_b b where b.id = a.id) from adv_ct_a a order by a.id"},
	{query: "select (select s || '|' from adv_ct_a x where x.id = b.id) from adv_ct_b b order by b.id"},
	{query: "select a.v || '|' || b.v, b.s || '' from adv_ct_a a join adv_ct_b b using (id) order by id"},
	{query: "select v || '' from adv_ct_a join adv_ct_b using (id)"},
	{query: "select (select s || '|' from adv_ct_s2.adv_ct_a x where x.id = b.id) from adv_ct_b b order by b.id"},
	{query: "select v || '|' from adv_ct_s2.adv_ct_a order by id"},
	// An alias's column list renames the first columns.
	{query: "select w || '|', v || '|' from adv_ct_a as x(id, w, v) order by id"},
	{query: "select q.s || '|' from (select id, s as v, v as s from adv_ct_a) q order by id"},
	// A WITH query hides the table of its name.
	{query: "with adv_ct_a as (select id, s as v from adv_ct_b) select v || '|' from adv_ct_a order by id"},
	{query: "with adv_ct_b as (select id, v from adv_ct_a) select v || '|' from adv_ct_b order by id"},
	{query: "with w(x) as (select v from adv_ct_a) select x || '|' from w order by 1"},
	// Views and LATERAL.
	{query: "select v || '|', s || '|' from adv_ct_va order by id"},
	{query: "select l.x || '' from adv_ct_a a, lateral (select a.v as x) l order by a.id"},
	// ORDER BY an expression uses the input column, not the output alias
	// of the same name.
	{query: "select s as v from adv_ct_a order by v || '' , id"},
	{query: "select v as s from adv_ct_a where id < 4 order by s || '', id"},
	// Grouping with typed columns.
	{query: "select v, f4, count(*) from adv_ct_a group by grouping sets ((v, f4), ()) order by 1, 2"},
	{query: "select v, f4, count(*) from adv_ct_a group by rollup ((v, f4)) order by 1, 2"},
	{query: "select v, s, count(*) from adv_ct_a group by cube (v, (s, f4)), f4 order by 1, 2, 3"},
	{query: "select v * 2, count(*) from adv_ct_a group by v order by 1"},
	{query: "select v::text, i2 + 1 from adv_ct_a group by v, i2 having v > 0 and i2 < 100 order by 1"},
	{query: "select sum(i4) from adv_ct_a group by i4 order by 1"},
	{query: "select distinct on (v) v, s from adv_ct_a order by v, s"},
	{query: "select id, sum(i2) over (partition by v order by id), first_value(v::text) over w from adv_ct_a window w as (partition by s order by id) order by id"},
	// Set operations and VALUES.
	{query: "select x || '' from (select v as x from adv_ct_a union all select s from adv_ct_b) u order by 1"},
	{query: "select x || '' from (select v as x from adv_ct_a union select 'abc') u order by 1"},
	{query: "select x::text from (select i4 as x from adv_ct_a union all select 1) u order by 1"},
	{query: "select sum(x) from (values (2147483647), (1)) v(x)"},
	{query: "select x || '' from (values (null), (1.5::float4)) v(x) order by 1"},
	// Floats: NaN, infinities, negative zero, range errors.
	{query: "select id, v::text, f4::text, v || '', -v || '' from adv_ct_a order by id"},
	{query: "select v * v from adv_ct_a where id = 5"},
	{query: "select v * 0, v - v, f4 + v from adv_ct_a where id in (3, 4) order by id"},
	{query: "select f4 * 10 from adv_ct_a where id = 2"},
	{query: "select f4 * f4 from adv_ct_a where id = 2"},
	// Integer arithmetic and sums.
	{query: "select i2 + i2 from adv_ct_a where id = 1"},
	{query: "select i4 * 2 from adv_ct_a where id = 1"},
	{query: "select sum(i4), sum(i2), sum(i2 + 0) from adv_ct_a"},
	// Text read as an integer.
	{query: "select s::int from adv_ct_a where id = 2"},
	{query: "select s::int from adv_ct_a where id = 5"},
	{query: "select s::int from adv_ct_a where id = 1"},
	{query: "select v::int from adv_ct_s2.adv_ct_a where id = 2"},
	// date_trunc of a date follows the session's time zone.
	{setup: []string{"set timezone = 'America/New_York'"},
		query: "select id, date_trunc('month', d) from adv_ct_a order by id"},
	{setup: []string{"set timezone = 'UTC'"},
		query: "select date_trunc('month', d), count(*) from adv_ct_a group by date_trunc('month', d) order by 1"},
	// INSERT, UPDATE and DELETE with queries inside.
	{query: "insert into adv_ct_c select id, v || '', v * 2 from adv_ct_a where id < 3"},
	{query: "select id, v, s from adv_ct_c order by id"},
	{query: "update adv_ct_c set v = (select v || '' from adv_ct_a where adv_ct_a.id = adv_ct_c.id) where id = 1"},
	{query: "update adv_ct_c c set v = a.v || '' from adv_ct_a a where a.id = c.id and c.id = 1"},
	{query: "select v from adv_ct_c where id = 1"},
	{query: "update adv_ct_c set v = '100' where id = 1 returning id"},
	{query: "select id, v, s from adv_ct_c order by id"},
	{query: "with adv_ct_a as (select id, v from adv_ct_b) insert into adv_ct_c (id, v) select id + 10, v || '|' from adv_ct_a"},
	{query: "with adv_ct_b as (select id, v from adv_ct_a) insert into adv_ct_c (id, v) select id + 20, v || '|' from adv_ct_b"},
	{query: "select id, v from adv_ct_c where id > 10 order by id"},
	{query: "with adv_ct_a as (select id, v from adv_ct_b) delete from adv_ct_c where id in (select id + 10 from adv_ct_a where v::text = '100.0') returning id"},
	{query: "delete from adv_ct_c where id in (select 13) returning id"},
	{query: "with w as (select 12 as id) delete from adv_ct_c where id in (select id from w)"},
	{query: "select id from adv_ct_c where id > 10 order by id"},
	// search_path names the schema of an unqualified table.
	{setup: []string{"set search_path = adv_ct_s2, public"},
		query: "select v || '|' from adv_ct_a order by id"},
	{setup: []string{"set search_path = adv_ct_s2, public"},
		query: "select v::int from adv_ct_a where id = 1"},
	{setup: []string{"set search_path = public"},
		query: "select v || '|' from adv_ct_a where id = 1"},
	// A temporary table hides the table of its name.
	{setup: []string{"create temp table adv_ct_b (id integer, v double precision, s text)",
		"insert into adv_ct_b values (1, 100, '2.5')"},
		query: "select v || '|', s || '|' from adv_ct_b"},
	// A temporary table's text column cast to an integer type is read as
	// PostgreSQL reads text.
	{query: "select s::int from adv_ct_b"},
	{setup: []string{"insert into adv_ct_b values (2, 2.5, ' 42 ')"},
		query: "select id::int8, s::int2, s::int8 + 1 from adv_ct_b where id = 2"},
	{query: "select v::int, s::int from adv_ct_b where id = 2"},
	{query: "select sum(s::int) from adv_ct_b where id = 2 or s::int4 > 0"},
	{setup: []string{"delete from adv_ct_b where id = 2"}, query: "select count(*) from adv_ct_b"},
	{setup: []string{"drop table adv_ct_b"}, query: "select v || '|' from adv_ct_b order by id"},
	// A table replaced by one of the same name with other column types.
	{setup: []string{"create table adv_ct_d (v double precision)", "insert into adv_ct_d values (100)"},
		query: "select v || '|' from adv_ct_d"},
	{setup: []string{"drop table adv_ct_d", "create table adv_ct_d (v text)", "insert into adv_ct_d values ('100.0')"},
		query: "select v || '|', v::int from adv_ct_d"},
	{setup: []string{"drop table adv_ct_d", "create table adv_ct_d (v real)", "insert into adv_ct_d values (0.1)"},
		query: "select v || '|', v * 2 from adv_ct_d"},
	// One query string that replaces a table and then reads it: the
	// string is translated before its DDL runs.
	{setup: []string{"drop table adv_ct_d; create table adv_ct_d (v text); insert into adv_ct_d values ('0.1000'); " +
		"insert into adv_ct_c (id, v) select 30, v || '|' from adv_ct_d"},
		query: "select v from adv_ct_c where id = 30"},
	{query: "drop table adv_ct_d; create table adv_ct_d (v real); insert into adv_ct_d values (0.5); " +
		"drop table adv_ct_d; create table adv_ct_d (v text); insert into adv_ct_d values ('0.5'); select v::int from adv_ct_d"},
	// A WITH query whose quoted name differs in case from the table's:
	// DuckDB binds adv_ct_a to the WITH query, case-insensitively.
	{query: `with "ADV_CT_A" as (select id, v from adv_ct_b) select v || '|' from adv_ct_a order by id`,
		known: "DuckDB finds a WITH query by its name in any case"},
	// The same queries on a temporary table, whose columns pgway reads
	// from DuckDB as it reads a table's.
	{setup: []string{"create temp table adv_ct_t as select * from adv_ct_a"},
		query: "select v, f4, count(*) from adv_ct_t group by grouping sets ((v, f4), ()) order by 1, 2"},
	{query: "select v, f4, count(*) from adv_ct_t group by rollup ((v, f4)) order by 1, 2"},
	{query: "select i2 + 1, sum(i2 + 0) from adv_ct_t group by i2 order by 1"},
	{query: "select i2 + 1 from adv_ct_a order by 1"},
}

func TestAdversarialColumnTypes(t *testing.T) {
	ctx := context.Background()
	gw := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	pg, err := pgx.Connect(ctx, oracleDSN())

	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	cleanup := func() {
		for _, sql := range adversarialTypesCleanup {
			pg.Exec(context.Background(), sql)
		}
	}
	cleanup()
	t.Cleanup(cleanup)
	run := func(sql string) {
		t.Helper()
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}

	for _, sql := range adversarialTypesSetup {
		run(sql)
	}

	for _, step := range adversarialTypesSteps {
		for _, sql := range step.setup {
			run(sql)
		}
		modes := protocolModes
		if isModification(step.query) {
			modes = modes[:1]
		}
		for _, mode := range modes {
			args := []any{mode}
			got, want := exactResult(ctx, gw, step.query, args), exactResult(ctx, pg, step.query, args)
			switch {
			case got != want && step.known == "":
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", step.query, mode, got, want)
			case got != want:
				t.Logf("%s (%v) known: %s\n pgway:      %s\n PostgreSQL: %s", step.query, mode, step.known, got, want)
			case got == want && step.known != "":
				t.Errorf("%s (%v) now matches PostgreSQL, so drop its known difference: %s", step.query, mode, step.known)
			}
		}
	}
}

func isModification(sql string) bool {
	for _, verb := range []string{"insert", "update", "delete", "with"} {
		if strings.HasPrefix(sql, verb) {
			return true
		}
	}
	return false
}

// TestAdversarialColumnTypesConcurrentDDL changes a table's column type in
// one session while others query it, prepared and not, and checks that
// every result has one of the two types' texts and no session fails.
func TestAdversarialColumnTypesConcurrentDDL(t *testing.T) {
	ctx := context.Background()
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	ddl := connectTyped(t, g)

	if _, err := ddl.Exec(ctx, "create table flip (v double precision)"); err != nil {
		t.Fatal(err)
	}

	if _, err := ddl.Exec(ctx, "insert into flip values (100)"); err != nil {
		t.Fatal(err)
	}
	readers := []*pgx.Conn{connectTyped(t, g), connectTyped(t, g), connectTyped(t, g)}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 100)

	for i, conn := range readers {
		wg.Add(1)
		go func(conn *pgx.Conn, mode pgx.QueryExecMode) {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var out string
				err := conn.QueryRow(ctx, "select v || '|' from flip", mode).Scan(&out)
				if err != nil {
					if !strings.Contains(err.Error(), "does not exist") && !strings.Contains(err.Error(), "cached plan") &&
						!strings.Contains(err.Error(), "no rows") {
						errs <- err.Error()
					}
					continue
				}
				if out != "100|" && out != "100.0|" {
					errs <- "unexpected text " + out
				}
			}
		}(conn, protocolModes[i%len(protocolModes)])
	}

	for i := 0; i < 30; i++ {
		for _, sql := range []string{"drop table flip", "create table flip (v text)", "insert into flip values ('100.0')",
			"drop table flip", "create table flip (v double precision)", "insert into flip values (100)"} {
			if _, err := ddl.Exec(ctx, sql); err != nil {
				t.Errorf("%s: %v", sql, err)
			}
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	seen := map[string]bool{}

	for e := range errs {
		if !seen[e] {
			t.Errorf("reader: %s", e)
			seen[e] = true
		}
	}
}

// BenchmarkColumnTypesAfterDDL measures a query alone, and a query after
// DDL, which makes the next statement read the column types again: on a
// database with one small table, and on one with a 500-column table and
// 300 tables of ten columns.
func BenchmarkColumnTypesAfterDDL(b *testing.B) {
	ctx := context.Background()
	conn := benchTypedConn(b, false)
	exec := func(sql string) {
		b.Helper()
		if _, err := conn.Exec(ctx, sql); err != nil {
			b.Fatalf("%.80s: %v", sql, err)
		}
	}
	const query = "select c0 || '|', c499 * 2 from wide"
	scratch := 0
	run := func(name string, withDDL bool) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if withDDL {
					scratch++
					exec(fmt.Sprintf("create table scratch%d (x integer)", scratch))
				}
				if got := exactResult(ctx, conn, query, []any{pgx.QueryExecModeSimpleProtocol}); got != `25:"1|" 701:"4" | ` {
					b.Fatalf("%s: %s", name, got)
				}
			}
		})
	}
	exec("create table wide (c0 double precision, c499 double precision)")
	exec("insert into wide values (1, 2)")
	run("small/query", false)
	run("small/ddl-then-query", true)
	exec("drop table wide")
	var wide []string

	for i := 0; i < 500; i++ {
		wide = append(wide, fmt.Sprintf("c%d double precision", i))
	}
	exec("create table wide (" + strings.Join(wide, ", ") + ")")
	exec("insert into wide (c0, c499) values (1, 2)")

	for i := 0; i < 300; i++ {
		exec(fmt.Sprintf("create table many%d (a integer, b double precision, c text, d date, e real, f bigint, g smallint, h boolean, i timestamp, j timestamptz)", i))
	}
	run("large/query", false)
	run("large/ddl-then-query", true)
}

// TestAdversarialColumnTypesStaleView replaces the table under a view.
// PostgreSQL rejects the DROP TABLE while the view depends on it, but
// DuckDB keeps the view and binds it again to the new table, whose column
// is text: the text '100.0' must come back as it is.
func TestAdversarialColumnTypesStaleView(t *testing.T) {
	ctx := context.Background()
	conn := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))

	for _, sql := range []string{"create table under (v double precision)", "create view over as select v from under",
		"drop table under", "create table under (v text)", "insert into under values ('100.0'), ('x')"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	got := exactResult(ctx, conn, "select v || '|' from over order by 1", []any{pgx.QueryExecModeSimpleProtocol})

	if want := `25:"100.0|" | 25:"x|" | `; got != want {
		t.Errorf("view over a replaced table: %s, want %s", got, want)
	}
}
