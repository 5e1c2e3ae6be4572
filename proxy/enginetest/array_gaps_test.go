package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare array subscripts, slices, ||, the bound functions,
// string constants beside arrays and LIKE ANY with PostgreSQL, where
// DuckDB's lists count negative subscripts from the end, return NULL for
// || with a NULL list, or lack the function.

// arrayGapsTable is created through pgway and on the oracle, under a name
// of the test's own, since the oracle's database is shared by the
// package's tests.
const arrayGapsTable = "array_gaps_rows"

var arrayGapsSetup = []string{
	"create table " + arrayGapsTable + " (id int, i int, arr int[], tags text[], s text)",
	"insert into " + arrayGapsTable + " values (1, 10, '{1,2,3}', '{x,y}', 'apple'), " +
		"(2, 12, '{4,NULL}', '{}', 'Zebra'), (3, 0, NULL, NULL, NULL), (4, 11, '{}', '{z}', 'banana')",
	// pgway does not see the types of a temporary table's columns.
	"create temporary table array_gaps_temp (j jsonb, a int[])",
	`insert into array_gaps_temp values ('[1, 2, 3]', array[1, 2, 3])`,
}

// arraySubscriptMatches are subscripts and slices below 1 or past the
// end, constant or computed, which PostgreSQL reads as out of bounds.
var arraySubscriptMatches = []biCase{
	{sql: "select (array[10,20,30])[-1], (array[10,20,30])[0], (array[10,20,30])[-1:2], (array[10,20,30])[-5:-1]"},
	{sql: "select id, arr[-1], arr[0], arr[1], arr[4] from " + arrayGapsTable + " order by id"},
	{sql: "select id, arr[-1:1], arr[-2:-1], arr[:-1], arr[-1:], arr[0:2], arr[2:] from " + arrayGapsTable + " order by id"},
	{sql: "select id, arr[i - 11], arr[i - 12:2], arr[cardinality(arr) - 4 : cardinality(arr) - 2] from " + arrayGapsTable + " order by id"},
	{sql: "select id, tags[-1:1], tags[-1], tags[null:1], arr[1:null] from " + arrayGapsTable + " order by id"},
	{sql: "select id, arr[$1], arr[$1:2] from " + arrayGapsTable + " order by id", args: []string{"-1"}},
	{sql: "select (array[[1,2],[3,4]])[-1:1], (array[[1,2],[3,4]])[2][-1], (array[[1,2],[3,4]])[2][2]"},
	{sql: "select j[-1], j[0], j[1], a[-1], a[0], a[-1:1] from array_gaps_temp"},
}

// arrayConcatMatches are || of arrays where one is NULL, of an array and
// an element, and of a string constant and an array.
var arrayConcatMatches = []biCase{
	{sql: "select array[1,2] || null::int[], null::int[] || array[1,2], null::int[] || null::int[]"},
	{sql: "select id, arr || null::int[], null::int[] || arr, tags || null::text[] from " + arrayGapsTable + " order by id"},
	{sql: "select a.id, a.arr || b.arr, b.tags || a.tags from " + arrayGapsTable + " a join " + arrayGapsTable +
		" b on b.id = 3 order by a.id"},
	{sql: "select id, arr || (select arr from " + arrayGapsTable + " where id = 3) from " + arrayGapsTable + " order by id"},
	{sql: "select a || null::int[], null::int[] || a, array[0] || a from array_gaps_temp"},
	{sql: "select id, arr || 10, 0 || arr, arr || i, tags || 'w'::text from " + arrayGapsTable + " order by id"},
	{sql: "select id, arr || '{5,6}', '{}' || tags from " + arrayGapsTable + " order by id"},
	{sql: "select 'x' || array['a']"},
	{sql: "select id, arr || tags from " + arrayGapsTable + " order by id"},
}

// arrayFunctionMatches are the bound functions and string constants that
// PostgreSQL reads as arrays beside an array.
var arrayFunctionMatches = []biCase{
	{sql: "select id, array_upper(arr, 1), array_lower(arr, 1), array_ndims(arr), array_upper(arr, 2), array_lower(arr, 2), " +
		"array_lower(arr, i - 10) from " + arrayGapsTable + " order by id"},
	{sql: "select array_ndims(array[[1,2],[3,4]]), array_upper(array[[1,2,3],[3,4,5]], 2), array_lower(array[[1,2]], 2), " +
		"array_lower(array[[1,2]], 3), array_ndims('{}'::int[])"},
	{sql: "select coalesce(array_agg(id), '{}') from " + arrayGapsTable + " where false"},
	{sql: "select array[]::int[] = '{}', array[1] <> '{}', coalesce(null::int[], '{3}'), '{1,2}'::int[] = '{1,2}'"},
	{sql: "select array[1] = '{1'"},
	{sql: "select id, array_positions(arr, 2), array_remove(arr, 2), array_replace(arr, 2, 9), array_positions(tags, null), " +
		"array_remove(arr, null), array_replace(tags, 'x', null) from " + arrayGapsTable + " order by id"},
	{sql: "select array_positions(array[[1,2],[3,4]], 1)"},
	{sql: "select array_remove(array[[1,2],[3,4]], 1)"},
	{sql: "select string_to_array('a,b,,c', ',', ''), string_to_array('a,b,,c', ',', 'b'), string_to_array('a,b', ',', null), " +
		"string_to_array('abc', null, 'b'), string_to_array(null, ',', '')"},
}

// multiUnnestMatches are unnest() of several arrays in FROM, which pads
// the shorter ones with NULL.
var multiUnnestMatches = []biCase{
	{sql: "select * from unnest(array[1,2], array['a','b','c']) as u(a, b)"},
	{sql: "select t.id, u.* from " + arrayGapsTable + " t, unnest(t.arr, t.tags) u(a, b) order by t.id, u.a nulls last, u.b nulls last"},
}

// likeAnyMatches are LIKE and ILIKE with ANY and ALL of an ARRAY
// constructor, with NULL patterns and rows.
var likeAnyMatches = []biCase{
	{sql: "select id, s like any(array['a%', 'Z%']), s ilike all(array['%A%', '%e%']), s not like any(array['a%', null]), " +
		"s like all(array[]::text[]), s ilike any('{%E%}') from " + arrayGapsTable + " order by id"},
	{sql: "select id from " + arrayGapsTable + " where s like any (array['b%', 'app%']) order by id"},
}

// arrayGapsUnsupported are the statements that fail with 0A000 on
// DuckDB, which PostgreSQL runs, because DuckDB cannot represent the
// result exactly.
var arrayGapsUnsupported = []string{
	"select (array[1,2])[1:2][1]",
	"select (array[[1,2],[3,4]])[1]",
	"select x[1] from (select array[[1,2],[3,4]] as x) s",
	"select x[2] from (values (array[[1,2],[3,4]])) v(x)",
	"select arr[random()::int:2] from " + arrayGapsTable,
	"select * from unnest(array[1], array[2]) with ordinality",
	"select * from unnest(array[1,2], array['a','b','c'])",
}

func TestArrayGapsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	objects := []string{"drop table if exists public." + arrayGapsTable}
	dropOracleObjects(t, objects)
	t.Cleanup(func() { dropOracleObjects(t, objects) })
	for _, sql := range arrayGapsSetup {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	groups := map[string][]biCase{
		"subscripts": arraySubscriptMatches, "concat": arrayConcatMatches,
		"functions": arrayFunctionMatches, "like any": likeAnyMatches, "unnest": multiUnnestMatches,
	}
	for name, cases := range groups {
		t.Run(name, func(t *testing.T) {
			for _, c := range cases {
				for _, diff := range biDifferences(t, gw, pg, c) {
					t.Error(diff)
				}
			}
		})
	}
	t.Run("unsupported", func(t *testing.T) {
		for _, sql := range arrayGapsUnsupported {
			if err := queryError(ctx, gwConn, sql); err == nil || err.Code != "0A000" {
				t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
			}
		}
	})
}

// TestArrayCatOfNulls checks that array_cat() is NULL where both arrays
// are, as a || b is, where DuckDB's array_cat returns an empty list.
func TestArrayCatOfNulls(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ag_cat") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, []string{
		"create table ag_cat (id int, a int[], b int[])",
		"insert into ag_cat values (1, '{1,2}', null), (2, null, '{3}'), (3, null, null), (4, '{4}', '{5}')",
	})
	compareExact(t, gw, pg, []string{
		"select id, array_cat(a, b), array_cat(b, a) from ag_cat order by id",
		"select id, array_cat(a, null) is null, array_cat(null, a) is null, array_cat(a, a) is null from ag_cat order by id",
		"select array_cat(null::int[], null), array_cat(array[1], null), array_cat(array[1], array[2])",
	})
}
