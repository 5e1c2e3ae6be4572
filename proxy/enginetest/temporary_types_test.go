package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// temporaryTypesSetup creates the same temporary tables through pgway and
// on the oracle.
var temporaryTypesSetup = []string{
	"create temporary table tmp_types (id int, f float8, r real, i2 smallint, n numeric(10, 2), s text, d text, " +
		"a int[], b int[], ts timestamp, j jsonb, iv interval)",
	"insert into tmp_types values (1, 100, 0.1, 32767, 1.50, '2.5', '1/2/24', array[1, 2], null, " +
		"timestamp '0001-12-31 BC', '{\"k\": [1, 2]}', interval '1 month 2 hours 30 minutes')",
	"insert into tmp_types values (2, 1e20, 2.5, -1, 10.00, ' 42 ', '2024-03-04', null, array[3], " +
		"'2024-03-10 02:30', '[1, \"x\"]', interval '30 days')",
}

// temporaryTypesQueries are the queries in which a column's type gives
// PostgreSQL's result. pgway reads the columns of a session's temporary
// tables from DuckDB, as it reads those of other tables, so a temporary
// table's column gets its type's semantics.
var temporaryTypesQueries = []string{
	// A float written as PostgreSQL writes it, in || and in casts.
	"select f || r, (f * 2)::text, r::text from tmp_types order by id",
	// Text cast to integers and dates, as PostgreSQL reads text.
	"select upper(s)::int from tmp_types where id = 1",
	"select upper(s)::int from tmp_types where id = 2",
	"select lower(d)::date from tmp_types order by id",
	// An array beside a NULL array keeps its elements.
	"select a || b, b || a from tmp_types order by id",
	"select a[0], a[-1:1], array_upper(a, 1) from tmp_types order by id",
	// A smallint plus an integer is an integer.
	"select i2 + 1, sum(i2 + 0) from tmp_types group by i2 order by 1",
	// A BC timestamp written as PostgreSQL writes it.
	"select ts || '', ts::text from tmp_types order by id",
	// jsonb operators and a number compared with a boolean.
	"select j -> 'k', j @> '[1]' from tmp_types order by id",
	"select id from tmp_types where id = 1 and not (i2 > 0) is null",
	"select * from tmp_types t join (select 1 as id) x using (id)",
	// An interval column: PostgreSQL's text, sums that keep months and
	// days apart, and date_trunc of an interval.
	"select iv::text, iv || '', (iv * 2)::text from tmp_types order by id",
	"select sum(iv), avg(iv) from tmp_types",
	"select date_trunc('hour', iv), date_trunc('month', iv) from tmp_types order by id",
	// A temporary table replaced by one with other column types, in one
	// query string and in a transaction block.
	"drop table tmp_types; create temporary table tmp_types (f text); insert into tmp_types values ('100.0')",
	"select f || '|', upper(f)::int from tmp_types",
	"begin; drop table tmp_types; create temporary table tmp_types (f real); insert into tmp_types values (0.1); commit",
	"select f || '|', f * 2 from tmp_types",
	"begin; drop table tmp_types; create temporary table tmp_types (f int, a int[]); insert into tmp_types values (1, array[1])",
	"select a || null::int[], f || '' from tmp_types",
	"rollback",
	"select f || '|', f * 2 from tmp_types",
}

func TestTemporaryTableTypes(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, temporaryTypesSetup)
	compareExact(t, gw, pg, temporaryTypesQueries)
}

// TestTemporaryTableDiscarded reads a table after DISCARD TEMP in a
// transaction dropped the temporary table that hid it: the table's own
// column types apply, not the temporary table's.
func TestTemporaryTableDiscarded(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists tmp_discarded") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, []string{
		"create table tmp_discarded (a text, b float8)",
		"insert into tmp_discarded values ('7', 100)",
		"create temporary table tmp_discarded (a int, b numeric(10, 3))",
		"begin",
		"discard temp",
	})
	compareExact(t, gw, pg, []string{"select a < '10', b::text, b || '' from tmp_discarded"})
	execOnBoth(t, gw, pg, []string{"commit"})
	compareExact(t, gw, pg, []string{"select a < '10', b::text, b || '' from tmp_discarded"})
}

// TestTemporaryTableParameters inserts untyped parameters into the array
// and varchar columns of a temporary table, which the catalog database
// cannot describe: each parameter takes its column's type, as in
// PostgreSQL, so '{3,4}' is read as an array. The varchar column is read
// as text, since pgway describes a temporary table's varchar column as
// text.
func TestTemporaryTableParameters(t *testing.T) {
	ctx := context.Background()
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, []string{"create temporary table tmp_params (id int, e int[], s text[], f float8[], v varchar(3))"})
	for i, mode := range protocolModes {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, "insert into tmp_params values ($1, $2, $3, $4, $5)",
				mode, i, "{3,4}", `{a,"b c"}`, "{1.5,NaN}", "ab  "); err != nil {
				t.Fatalf("insert (%v): %v", mode, err)
			}
			if _, err := conn.Exec(ctx, "update tmp_params set e = $1 where id = $2", mode, "{5}", i); err != nil {
				t.Fatalf("update (%v): %v", mode, err)
			}
		}
	}
	compareExact(t, gw, pg, []string{"select id, e, s, f, v::text from tmp_params order by id"})
}
