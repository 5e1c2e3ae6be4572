package enginetest

import (
	"context"
	"strings"
	"testing"
)

// These cases compare with PostgreSQL 15 row null tests, ORDER BY a
// name that * and an alias share, CASE of only NULL results, queries
// without result columns and length() of bytea. Each query compares the
// type OID and value of every column, or the SQLSTATE and message of the
// error, in every protocol mode.

var miscSetup = []string{
	"create table mg_t (x int, y int)",
	"insert into mg_t values (1, 2), (2, 1)",
	"create table mg_b (x bytea)",
	`insert into mg_b values ('\x0001ff'), (''), (null), ('abc')`,
	"create temp table mg_bt (x bytea)",
	`insert into mg_bt values ('\x0001ff')`,
}

var miscQueries = []string{
	// ROW() has no fields, so it is both NULL and NOT NULL.
	"select row() is null",
	"select row() is not null",
	"select row() is null, row() is not null from mg_t",
	"select row(null, null) is null",
	"select row(null, null) is not null",
	"select row(null, 1) is null, row(null, 1) is not null",

	// * gives a result column y beside x AS y.
	"select *, x as y from mg_t order by y",
	"select *, x as y from mg_t order by y desc",
	"select distinct on (y) *, x as y from mg_t",
	"select * from (select *, x as y from mg_t order by y) s",
	"select *, x as y from mg_t order by x",
	"select *, x as y from mg_t order by 3",
	"select *, y from mg_t order by y",
	"select *, mg_t.y from mg_t order by y",

	// PostgreSQL resolves a CASE of only NULL results as text.
	"select case when false then null end",
	"select case 1 when 2 then null else null end",
	"select case when true then null end + 1",
	"select case when true then null end = 1",
	"select case when true then null end = 'a', case when true then null end is null",
	"select case when true then null end || 'a'",
	"select coalesce(case when false then null end, 'x')",
	"select coalesce(case when true then null end, 1)",
	"select max(case when x > 5 then null end) from mg_t",
	"select case when x > 1 then null end, case when x > 1 then case when true then null end end from mg_t order by x",
	"select case when false then null end union all select 'a'",
	"select case when false then null end union all select 1",
	"select case when x > 5 then null end as c from mg_t union all select 'a' order by c",
	"select 'a'::text union all select 1",
	"select * from (values (case when false then null end)) v(a)",

	// Queries without result columns in FROM, WITH and set operations.
	"select count(*) from (select from mg_t) s",
	"select count(*) from (select from mg_t where x > 1) s, mg_t",
	"select count(*) from (select from mg_t union all select from mg_t) s",
	"select x from mg_t, (select from mg_t) s order by x",
	"select from (select from mg_t) s",
	"with c as (select from mg_t) select count(*) from c",
	"select from mg_t union all select from mg_t",
	"select from mg_t union select from mg_t",
	"select from mg_t union all select 1",
	"select exists (select from mg_t union all select from mg_t)",

	// length() of a bytea counts its bytes.
	"select length(x), octet_length(x) from mg_b",
	"select length(b.x) from mg_b b where length(x) > 0 order by length(x)",
	"select length(x) from mg_bt",
	"select length(x || x), length(x || 'ab'), length('ab' || x), length(x || 'ab'::text) from mg_b order by x",
	"select length(decode('0a0b', 'hex')), length(sha256('abc'::bytea)), length(sha512(x)) from mg_bt",
	"select length(x::text), length(x::bytea) from mg_b order by x",
	// A bytea column || a string constant is bytea, and || text is text.
	"select x || 'ab', 'ab' || x, x || 'ab'::text, 'ab'::text || x from mg_b order by x",
}

func TestMiscGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists mg_t, mg_b") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, miscSetup)
	compareExact(t, gw, pg, miscQueries)
}

// miscUnsupported are statements that PostgreSQL runs and pgway rejects
// with 0A000, since the column that DuckDB needs in a query without
// result columns would show.
var miscUnsupported = []string{
	"select * from (select from mg_t) s",
	"select s from (select from mg_t) s",
	"select count(*) from (select from mg_t) a natural join (select from mg_t) b",
	"with c as (select from mg_t) select * from c",
	"create view mg_v as select from mg_t",
}

func TestMiscGapsStillUnsupported(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists mg_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, miscSetup[:2])
	for _, sql := range miscUnsupported {
		for _, mode := range protocolModes {
			if got := exactResult(context.Background(), gw, sql, []any{mode}); !strings.HasPrefix(got, "error 0A000 ") {
				t.Errorf("%s (%v): pgway returned %s, want SQLSTATE 0A000", sql, mode, got)
			}
		}
	}
}

// TestSlowPrepareTimeout checks that a statement whose preparation
// outlasts statement_timeout fails with 57014. DuckDB folds the constant
// md5() while it prepares the statement and does not stop the folding
// when interrupted, so the statement fails only after its preparation.
func TestSlowPrepareTimeout(t *testing.T) {
	gw, _ := typedFilePair(t)
	ctx := context.Background()
	if _, err := gw.Exec(ctx, "set statement_timeout = '100ms'"); err != nil {
		t.Fatal(err)
	}
	sql := "select md5(repeat('x', 100000000))"
	for _, mode := range protocolModes {
		if got := exactResult(ctx, gw, sql, []any{mode}); !strings.HasPrefix(got, "error 57014 ") {
			t.Errorf("%s (%v): pgway returned %s, want SQLSTATE 57014", sql, mode, got)
		}
	}
}
