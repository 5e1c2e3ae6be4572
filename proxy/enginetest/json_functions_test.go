package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases run the functions that return json, whose text keeps each
// function's own spacing and key order, through pgway on a DuckDB file
// with a catalog database and on PostgreSQL 15. They compare the column
// names, type OIDs, type modifiers and text values of every row, or the
// SQLSTATE and message of the error, in the simple and the extended
// protocol (biDifferences).

// jsonFunctionsTable is created through pgway and on the oracle. Its
// name is the test's own, since the oracle's database is shared by the
// package's tests.
const jsonFunctionsTable = "json_functions_rows"

var jsonFunctionsSetup = []string{
	"create table " + jsonFunctionsTable + ` (id integer, name text, amount numeric(10,2), ratio numeric(20,4), f float8, r real,
		ok boolean, day date, at timestamp, nums integer[], tags text[], doc jsonb, big bigint)`,
	"insert into " + jsonFunctionsTable + ` values
		(1, 'a "quoted" \ name', 1.50, 2.125, 0.1, 1.5, true, '2024-02-29', '2024-02-29 13:14:15.5', '{1,2}', '{x,"y z"}',
			'{"b":1,"a":[1,2.50]}', 9007199254740993),
		(2, E'tab\there\nline', 10.00, 3, 1e20, -0.25, false, '1999-12-31', '1999-12-31 23:59:59', '{}', '{NULL}', '[]', -1),
		(3, null, null, null, 'NaN', 'Infinity', null, null, null, null, null, null, null)`,
}

// jsonFunctionMatches return the same result through pgway as on
// PostgreSQL in both protocols.
var jsonFunctionMatches = []biCase{
	// to_json() of scalars of each type.
	{sql: `select to_json(1), to_json(1.50), to_json('a"b\c'::text), to_json(true), to_json(null::int), to_json(2.5::float8)`},
	{sql: `select to_json(date '2024-02-29'), to_json(timestamp '2024-02-29 01:02:03.25'), to_json(array[1,2]), to_json(array['a',null])`},
	{sql: `select to_json('{"b": 1, "a": 2}'::jsonb), to_json(1e20::float8), to_json('NaN'::float8), to_json(0.1::real)`},
	// row_to_json() and to_json() of rows write {"a":1} in column order.
	{sql: `select row_to_json(t) from (select 1 a, 'x' b, null::int c, 1.50 n) t`},
	{sql: `select to_json(t) from (select 2 b, 1 a) t`},
	{sql: `select row_to_json(t, false) from (select 1 a) t`},
	{sql: `select array_to_json(array[1,2,3]), array_to_json(array['a','b']), array_to_json('{}'::int[])`},
	// json_build_object() writes {"a" : 1}, json_build_array() [1, 2].
	{sql: `select json_build_object('a', 1, 'b', 'x', 'c', null, 'd', 1.50, 'e', true)`},
	{sql: `select json_build_object(), json_build_array(), json_build_array(1, 'a', null, 2.50, false)`},
	{sql: `select json_build_object('a', json_build_object('b', json_build_array(1, 2)), 'c', '{"x": 1}'::jsonb)`},
	{sql: `select json_build_object(1, 2, 'k', array[1,2])`},
	{sql: `select json_build_array(json_build_object('a', 1), row_to_json(t)) from (select 1 a) t`},
	// json_agg() separates values with ", " and rows with ", \n ".
	{sql: `select json_agg(x) from (values (1), (2), (null)) v(x)`},
	{sql: `select json_agg(x order by x desc) from (values (1), (3), (2)) v(x)`},
	{sql: `select json_agg(t) from (values (1, 'a'), (2, 'b')) t(id, s)`},
	{sql: `select json_agg(t order by id desc) from (values (1, 'a'), (2, 'b'), (3, null)) t(id, s)`},
	{sql: `select json_agg(array[x, x]) from (values (1), (2)) v(x)`},
	{sql: `select json_agg(json_build_object('k', x)) from (values (1), (2)) v(x)`},
	{sql: `select json_agg(x) from (values (1)) v(x) where x > 1`},
	{sql: `select json_agg(x) filter (where x > 1) from (values (1), (2), (3)) v(x)`},
	{sql: `select g, json_agg(x order by x) from (values (1, 'a'), (1, 'b'), (2, 'c')) v(g, x) group by g order by g`},
	{sql: `select coalesce(json_agg(t), '[]') from (select 1 a where false) t`},
	{sql: `select coalesce(json_agg(t), '[]')::character varying from (select 1 a) t`},
	// json_object_agg() writes { "k" : v }.
	{sql: `select json_object_agg(k, v) from (values ('a', 1), ('b', null), ('a', 3)) t(k, v)`},
	{sql: `select json_object_agg(k, v order by k desc) from (values ('a', 1), ('b', 2)) t(k, v)`},
	{sql: `select json_object_agg(k, v) from (values ('a', 1)) t(k, v) where false`},
	// Casts of json values, and -> and ->> of them.
	{sql: `select json_build_object('a', 1)::text, row_to_json(t)::varchar, json_build_array(1)::jsonb from (select 1 a) t`},
	{sql: `select json_build_object('b', 1, 'a', 2, 'b', 3)::jsonb, json_agg(t)::jsonb from (select 1.50 a) t`},
	{sql: `select json_build_object('a', json_build_array(1, 2)) -> 'a', json_build_object('a', 'x y') ->> 'a'`},
	{sql: `select row_to_json(t) -> 'b', row_to_json(t) ->> 'b', row_to_json(t) ->> 'c', row_to_json(t) -> 'z' ` +
		`from (select 1 a, 'x' b, null::int c) t`},
	{sql: `select json_build_array(1, 'a', 3) -> 1, json_build_array(1, 'a', 3) ->> -1, json_build_array(1) -> 5`},
	{sql: `select (json_build_object('a', 1) -> 'a')::text`},
	{sql: `select json_build_object('a', 1, 'a', 2) -> 'a', json_build_object('k', E'\u00e9 \t"') ->> 'k'`},
	{sql: `select to_jsonb(json_build_object('b', 1, 'a', 2)), jsonb_build_array(row_to_json(t)) from (select 1 a) t`},
	{sql: `select to_json(row_to_json(t)), json_build_object('r', row_to_json(t)) from (select 1 a) t`},
	// A json value of a subquery's column.
	{sql: `select j, j::text, to_jsonb(j), json_build_array(j) from (select row_to_json(t) j from (select 1 a, 'x' b) t) s`},
	{sql: `select coalesce(json_agg(j), '[]') from (select row_to_json(t) j from (values (1, 'a'), (2, 'b')) t(id, s)) s`},
	{sql: `select j::jsonb, (j::jsonb) -> 'b' from (select row_to_json(t) j from (select 1 a, 'x' b) t) s`},
	{sql: `select body::jsonb, body::text from (select json_agg(t) body from (select 1 a, 'x' b) t) s`},
	{sql: `select json_array_length(json_build_array(1, 2, json_build_array(3))), json_array_length(json_agg(x)) from (values (1)) v(x)`},
	{sql: `select to_json(time '01:02:03.5'), to_json(interval '1 day 2 hours'), to_json('\x0102'::bytea), to_json(2::int2)`},
	// Errors.
	{sql: `select json_build_object('a')`},
	{sql: `select json_build_object(null, 1)`},
	{sql: `select json_object_agg(k, v) from (values (null::text, 1)) t(k, v)`},
	{sql: `select to_json($1)`, args: []string{"1"}},
	{sql: `select row_to_json($1)`, args: []string{"1"}},
	{sql: `select array_to_json($1)`, args: []string{"1"}},
	{sql: `select json_agg($1)`, args: []string{"1"}},
	{sql: `select json_build_array($1)`, args: []string{"1"}},
	{sql: `select json_object_agg('a', $1)`, args: []string{"1"}},
	{sql: `select json_build_object('a', 1)::int`},
	{sql: `select json_build_object('a', 1) = json_build_object('a', 1)`},
}

// jsonFunctionColumnMatches read the table's columns.
var jsonFunctionColumnMatches = []biCase{
	{sql: `select id, row_to_json(t) from json_functions_rows t order by id`},
	{sql: `select json_agg(t order by id) from json_functions_rows t`},
	{sql: `select id, to_json(name), to_json(amount), to_json(ratio), to_json(f), to_json(r), to_json(ok), to_json(day), ` +
		`to_json(at), to_json(nums), to_json(tags), to_json(doc), to_json(big) from json_functions_rows order by id`},
	{sql: `select json_build_object('id', id, 'name', name, 'amount', amount, 'doc', doc, 'tags', tags) ` +
		`from json_functions_rows order by id`},
	{sql: `select json_object_agg(id, amount order by id), json_agg(f order by id), json_agg(nums order by id) from json_functions_rows`},
	{sql: `select id, row_to_json(t) ->> 'name', row_to_json(t) -> 'doc' from json_functions_rows t order by id`},
	{sql: `select json_agg(name order by id)::text, json_agg(doc order by id)::jsonb from json_functions_rows`},
	{sql: `select array_to_json(tags), json_build_array(day, at, r) from json_functions_rows order by id`},
	// json has no equality, so PostgreSQL's 42883.
	{sql: `select distinct j from (select row_to_json(t) j from (select 1 a) t) s`},
}

// jsonFunctionDifferences still differ from PostgreSQL.
var jsonFunctionDifferences = []biCase{
	{sql: `select to_json(timestamptz '2024-02-29 01:02:03+02')`,
		known: "fails with 0A000: the text of a timestamptz in json depends on the session's TimeZone"},
	{sql: `select row_to_json(t, true) from (select 1 a, 2 b) t`,
		known: "fails with 0A000: pretty_bool true is not written"},
	{sql: `select json_agg(distinct x) from (values (1), (1)) v(x)`,
		known: "fails with 0A000: json_agg(DISTINCT) is not written"},
	{sql: `select j -> 'a', j ->> 'a' from (select row_to_json(t) j from (select 1 a) t) s`,
		known: "fails with 0A000: -> and ->> of a json value that the statement does not show as json"},
	{sql: `select json_build_object('a', 1) #>> '{a}', json_extract_path_text(json_build_object('a', 1), 'a')`,
		known: "fails with 0A000: #> and #>> and the json functions other than json_array_length() of json values are not written"},
}

func TestJSONFunctionsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	objects := []string{"drop table if exists public." + jsonFunctionsTable}
	dropOracleObjects(t, objects)
	t.Cleanup(func() { dropOracleObjects(t, objects) })
	for _, sql := range jsonFunctionsSetup {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}

	t.Run("matches", func(t *testing.T) {
		for _, c := range append(append([]biCase(nil), jsonFunctionMatches...), jsonFunctionColumnMatches...) {
			for _, diff := range biDifferences(t, gw, pg, c) {
				t.Error(diff)
			}
		}
	})
	t.Run("known differences", func(t *testing.T) {
		for _, c := range jsonFunctionDifferences {
			diffs := biDifferences(t, gw, pg, c)
			if len(diffs) == 0 {
				t.Errorf("%s now matches PostgreSQL in both protocols, so move it to jsonFunctionMatches (cause: %s)", c.sql, c.known)
			}
			for _, diff := range diffs {
				t.Log(diff)
			}
		}
	})
}
