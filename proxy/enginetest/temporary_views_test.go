package enginetest

import "testing"

// temporaryViewsSetup creates the same temporary table and views through
// pgway and on the oracle.
var temporaryViewsSetup = []string{
	"create temporary table tmp_view_base (id int, f float8, s text, ts timestamp, iv interval)",
	"insert into tmp_view_base values (1, 100, '2.5', timestamp '0001-12-31 BC', interval '1 month 2 hours'), " +
		"(2, 1e20, ' 42 ', '2024-03-10 02:30', interval '30 days')",
	"create temp view tmp_view_consts as select 1.5::float8 as f, 1::int2 as s, array[1, 2] as a",
	"create temporary view tmp_view_rows as select * from tmp_view_base",
}

// temporaryViewsQueries are the queries in which a temporary view's
// column gets its type's semantics, as a temporary table's does: pgway
// reads the types of the view's query from DuckDB.
var temporaryViewsQueries = []string{
	// A float written as PostgreSQL writes it, a smallint that overflows
	// and an array beside a NULL array.
	"select f || 'x', s + 32767::int2, a || null from tmp_view_consts",
	"select f || 'x', s + 32767, a || null from tmp_view_consts",
	"select s + 32767 from tmp_view_consts",
	"select f::text, (f * 2)::text, a || array[3] from tmp_view_consts",
	// PostgreSQL reads a NULL beside an array as an array of its type.
	"select null || a, array[1, 2] || null, null || array['x'], (a || null) || null from tmp_view_consts",
	// Columns of a view over a temporary table.
	"select id, f || '', upper(s)::int from tmp_view_rows where id = 2",
	"select upper(s)::int from tmp_view_rows where id = 1",
	"select ts || '', iv::text from tmp_view_rows order by id",
	"select sum(iv), avg(iv) from tmp_view_rows",
	"select * from tmp_view_consts join (select 1::int2 as s) x using (s)",
}

// temporaryViewsReplaced replaces the view's table, and the view, by ones
// with other column types.
var temporaryViewsReplaced = []string{
	"drop view tmp_view_rows",
	"drop table tmp_view_base",
	"create temporary table tmp_view_base (id int, f text, s float8, ts text, iv text)",
	"create temporary view tmp_view_rows as select * from tmp_view_base",
	"insert into tmp_view_base values (1, '100.0', 100, '1/2/24', '2.5')",
}

func TestTemporaryViewTypes(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, temporaryViewsSetup)
	compareExact(t, gw, pg, temporaryViewsQueries)
	execOnBoth(t, gw, pg, temporaryViewsReplaced)
	compareExact(t, gw, pg, []string{"select f || '|', s || '|', upper(iv)::int from tmp_view_rows"})
}
