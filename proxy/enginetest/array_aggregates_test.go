package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare with PostgreSQL array_agg of arrays, which builds
// an array of two dimensions, and the array operators with NULL elements
// and string constants beside array columns.

// arrayOperatorsTable is created through pgway and on the oracle. Its name
// is the test's own, since the oracle's database is shared by the
// package's tests.
const arrayOperatorsTable = "array_operators_rows"

var arrayOperatorsSetup = []string{
	"create table " + arrayOperatorsTable + " (id int, a int[])",
	"insert into " + arrayOperatorsTable + " values (1, '{1,2,3}'), (2, '{4,NULL}'), (3, '{}'), (4, NULL), (5, '{5}')",
}

var arrayAggregateMatches = []biCase{
	{sql: "select array_agg(x) from (values (array[1.5, 2.25]), (array[3.125, 4])) v(x) where false"},
	{sql: `select array_agg(x) from (values (array['{"a": 1}'::jsonb, '[1, 2]']), (array['"x"'::jsonb, null])) v(x)`},
	{sql: "select array_agg(x order by x desc) from (values (array[1, 2]), (array[3, 4])) v(x)"},
	{sql: "select array_to_string(array_agg(distinct x order by x), ',') from (values ('b'), ('a'), ('b')) v(x)"},
	{sql: "select cardinality(array_agg(x)) from (values (1), (2)) v(x)"},
	{sql: "select array[[1,2],[3,4]] || array[5,6], array[5,6] || array[[1,2],[3,4]], array[[1,2]] || array[[3,4]]"},
}

// arrayContainmentMatches compare @>, <@ and && where an operand has NULL
// elements. PostgreSQL's @> and <@ never match a NULL element, and
// neither does &&.
var arrayContainmentMatches = []biCase{
	{sql: "select array[4, null] <@ array[4, 5], array[4, 5] @> array[4, null], array[1, null] && array[null::int]"},
	{sql: "select array[4, null] <@ null::int[], null::int[] @> array[4, null], array[4] <@ null::int[]"},
	{sql: "select array[4, 5] @> array[4], array[4] <@ array[4, null], array[null::int] <@ array[null::int]"},
	{sql: "select id from " + arrayOperatorsTable + " where a @> '{NULL}' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a <@ '{1,2,3,4,5}' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a && '{4,NULL}' order by id"},
	{sql: "select id, a @> array[4], array[4] <@ a, a <@ array[4, 5] from " + arrayOperatorsTable + " order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a <@ $1 order by id", args: []string{"{1,2,3,4,5}"}},
	{sql: "select id from " + arrayOperatorsTable + " where a @> $1 order by id", args: []string{"{4,NULL}"}},
	{sql: "select id from " + arrayOperatorsTable + " where $1 <@ a order by id", args: []string{"{4,NULL}"}},
}

// arrayConstantMatches compare string constants beside an array column,
// which PostgreSQL reads as arrays of the column's type.
var arrayConstantMatches = []biCase{
	{sql: "select id from " + arrayOperatorsTable + " where a is distinct from '{}' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a is not distinct from '{4,NULL}' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a in ('{1,2,3}', '{5}') order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a not in ('{1,2,3}', '{5}') order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a = '{1.5}' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a = '{1,2' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a in ('{1,2', '{5}') order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a = '1,2' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where a = '{1,2}x' order by id"},
	{sql: "select id from " + arrayOperatorsTable + " where coalesce(a, '{}') = '{}' order by id"},
}

// arrayAggregateUnsupported are the statements that fail with 0A000 on
// DuckDB, which PostgreSQL runs.
var arrayAggregateUnsupported = []string{
	"select unnest(array_agg(x)) from (values (array[1, 2]), (array[3, 4])) v(x)",
	"select array_to_string(array_agg(x), ',') from (values (array[1, 2]), (array[3, 4])) v(x)",
	"select cardinality(array_agg(x)) from (values (array[1, 2]), (array[3, 4])) v(x)",
	"select (array_agg(x))[2] from (values (array[1, 2]), (array[3, 4])) v(x)",
	"select array_length(array_agg(x), 2) from (values (array[1, 2]), (array[3, 4])) v(x)",
	"select array_agg(x)::text[] from (values (array[1, 2]), (array[3, 4])) v(x)",
	"select array_agg(x) from (values (array[1.5, 2.25]), (array[3.125, 4])) v(x)",
	"select array_agg(x) from (values (array[1.5, 2.25]::numeric[]), (array[3, null]::numeric[])) v(x)",
	"select cardinality(array_agg(a)) from " + arrayOperatorsTable + " where id < 3",
	"select array_agg(array[1, 2]) @> array[1]",
}

func TestArrayAggregatesMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	objects := []string{"drop table if exists public." + arrayOperatorsTable}
	dropOracleObjects(t, objects)
	t.Cleanup(func() { dropOracleObjects(t, objects) })
	for _, sql := range arrayOperatorsSetup {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	t.Run("matches", func(t *testing.T) {
		for _, c := range append(append([]biCase(nil), arrayAggregateMatches...), arrayContainmentMatches...) {
			for _, diff := range biDifferences(t, gw, pg, c) {
				t.Error(diff)
			}
		}
		for _, c := range arrayConstantMatches {
			for _, diff := range biDifferences(t, gw, pg, c) {
				t.Error(diff)
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		for _, sql := range arrayAggregateUnsupported {
			if err := queryError(ctx, gwConn, sql); err == nil || err.Code != "0A000" {
				t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
			}
		}
	})
}
