package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases run jsonb's set-returning functions, in FROM and in the
// select list, and the containment operators of jsonb and array columns
// through pgway on a DuckDB file with a catalog database and on
// PostgreSQL 15. They compare the column names, type OIDs, type modifiers
// and text values of every row, or the SQLSTATE and message of the error,
// in the simple and the extended protocol (biDifferences).

// jsonbFunctionsTable is created through pgway and on the oracle. Its
// name is the test's own, since the oracle's database is shared by the
// package's tests.
const jsonbFunctionsTable = "jsonb_functions_docs"

var jsonbFunctionsSetup = []string{
	"create table " + jsonbFunctionsTable + " (id integer, doc jsonb, tags text[], nums integer[], note text, amounts numeric(10,2)[])",
	"insert into " + jsonbFunctionsTable + ` values
		(1, '{"a":1,"tags":["x","y"]}', '{music,art}', '{1,2}', 'n', array[1.5]),
		(2, '{"a":1.0,"b":{"c":[1,2]}}', '{a,b}', '{3}', null, null),
		(3, '["a","b",1]', '{}', null, null, null),
		(4, null, null, '{1,NULL}', null, null),
		(5, '[{"k":"v"},{"k":2}]', '{"a b",NULL}', '{}', null, null),
		(6, '{}', '{a,NULL}', '{1,3}', null, null)`,
}

// jsonbFunctionMatches return the same result through pgway as on
// PostgreSQL in both protocols.
var jsonbFunctionMatches = []biCase{
	// In FROM, with PostgreSQL's column names, order and types.
	{sql: `select * from jsonb_array_elements('[1,"a",null,{"b":2},2.50]')`},
	{sql: `select * from jsonb_array_elements_text('[1,"a\"b",null,true,[1, 2]]') with ordinality`},
	{sql: `select * from jsonb_each('{"b":null,"aa":"x","a":[1, 2.50]}')`},
	{sql: `select * from jsonb_each_text('{"b":null,"aa":"x\"y","a":{"c":1e2}}') with ordinality t(k)`},
	{sql: `select * from jsonb_object_keys('{"b":1,"aa":2,"a":3}') with ordinality`},
	{sql: `select t.* from jsonb_object_keys('{"b":1}') t`},
	{sql: `select jsonb_each.key, jsonb_each.value from jsonb_each('{"a":1}')`},
	{sql: `select * from jsonb_array_elements('[1,"a"]') as t(x)`},
	{sql: `select * from jsonb_each('{"a":1}') with ordinality as t(k, v, n)`},
	{sql: `select value->>'a', value -> 'a' from jsonb_array_elements('[{"a":1},{"a":"x"},{}]')`},
	{sql: `select * from jsonb_array_elements('{"a":[1]}'::jsonb -> 'a')`},
	{sql: `select count(*) from jsonb_object_keys('{"a":1,"b":2}')`},
	{sql: `select k from jsonb_object_keys('{"a":1,"b":2}') k order by k desc`},
	{sql: `select * from jsonb_array_elements(null)`},
	// The value columns are jsonb, so = and @> compare them as jsonb.
	{sql: `select value from jsonb_array_elements('[{"a":1},{"a": 1.0},{"a":2}]') e where e.value = '{"a": 1}'`},
	{sql: `select e.value from jsonb_array_elements('[{"a":1},[1]]') e where e.value @> '{"a":1}' or e.value @> '1'`},
	{sql: `select r.b from jsonb_to_recordset('[{"b":{"x":1}},{"b":[1]}]') r(b jsonb) where r.b @> '{"x":1}'`},
	{sql: `select key, value = '2.0' from jsonb_each('{"a":1,"b":2}') order by key`},
	{sql: `select * from jsonb_array_elements($1) with ordinality`, args: []string{`[1, {"a": 2.50}]`}},
	{sql: `select * from jsonb_each($1::jsonb)`, args: []string{`{"a": 1}`}},
	// LATERAL against a column of VALUES: an empty array and NULL give
	// no rows, and LEFT JOIN keeps the row.
	{sql: `select v.x, e.value, e.ordinality from (values (1, '[1,2.50]'::jsonb), (2, '[]'), (3, null), (4, '[{"a":1}]')) v(x, d), ` +
		`jsonb_array_elements(v.d) with ordinality e order by 1, 3`},
	{sql: `select v.x, e.* from (values (1, '[1,2.50]'::jsonb), (2, '[]'), (4, '[{"a":1}]')) v(x, d) ` +
		`left join lateral jsonb_array_elements_text(d) e on true order by 1, 2`},
	// In the select list, several functions advance together and the
	// shorter ones give NULL.
	{sql: `select jsonb_array_elements('[1,2]'), jsonb_array_elements_text('["a"]'), jsonb_object_keys('{"k":1}')`},
	{sql: `select x, jsonb_array_elements from (select x, jsonb_array_elements(d) ` +
		`from (values (1, '[1,2]'::jsonb), (2, '[]'), (3, null), (4, '[3]')) v(x, d)) s order by x, jsonb_array_elements::text`},
	{sql: `select jsonb_array_elements_text('[1,"a\\b",null,true]')`},
	// Errors.
	{sql: `select * from jsonb_array_elements('1')`},
	{sql: `select * from jsonb_array_elements('null')`},
	{sql: `select * from jsonb_array_elements_text('{}')`},
	{sql: `select * from jsonb_each('[1]')`},
	{sql: `select * from jsonb_each_text('1')`},
	{sql: `select * from jsonb_object_keys('[1]')`},
	{sql: `select * from jsonb_object_keys('"s"')`},
	{sql: `select jsonb_object_keys('{"a":{"b":1}}'::jsonb -> 'a')`},
	{sql: `select * from jsonb_array_elements('not json')`},
	{sql: `select * from jsonb_array_elements(1)`},
	{sql: `select * from jsonb_each('{"a":1}') t(a, b, c)`},
	{sql: `select * from jsonb_array_elements('[1]') as t(a int)`},
	{sql: `select 1 from (values (1)) v(x) where jsonb_array_elements('[1]') is not null`},
	{sql: `select sum(jsonb_array_length(jsonb_array_elements('[[1]]')))`},
	{sql: `select * from jsonb_array_elements(jsonb_array_elements('[[1]]'))`},
	{sql: `select jsonb_array_elements('[1]') + 1`},
	// jsonb_to_record() and jsonb_to_recordset() read each field's text
	// as the declared type's input does.
	{sql: `select * from jsonb_to_record('{"a":"x","b":{"c":1},"d":[1,2],"e":true,"f":null,"h":"2024-01-02","i":"  7 "}') ` +
		`as t(a text, b jsonb, b2 text, d jsonb, e bool, f int, h date, z text, a2 jsonb, i int8)`},
	{sql: `select * from jsonb_to_recordset('[{"a":1,"b":"x"},{"a":2}]') as t(a int, b text)`},
	{sql: `select r.a, count(*) from jsonb_to_recordset('[{"a":1},{"a":1},{"a":2}]') r(a int) group by 1 order by 1`},
	{sql: `select x.id, r.* from (values (1, '[{"n":1.50,"s":"q"}]'::jsonb), (2, '[]'), (3, null)) x(id, d) ` +
		`left join lateral jsonb_to_recordset(x.d) as r(n float8, s varchar) on true order by 1`},
	{sql: `select * from jsonb_to_record('{"a":null}') as t(a jsonb)`},
	{sql: `select * from jsonb_to_record(null) as t(a int)`},
	{sql: `select * from jsonb_to_recordset(null) as t(a int)`},
	{sql: `select * from jsonb_to_record($1) as t(a int, b timestamptz)`, args: []string{`{"a": 1, "b": "2024-01-02 03:04:05+02"}`}},
	{sql: `select * from jsonb_to_record('{"a":1.5}') as t(a int)`},
	{sql: `select * from jsonb_to_record('[1]') as t(a int)`},
	{sql: `select * from jsonb_to_record('1') as t(a int)`},
	{sql: `select * from jsonb_to_recordset('{"a":1}') as t(a int)`},
	{sql: `select * from jsonb_to_recordset('[{"a":1},null]') as t(a int)`},
	{sql: `select * from jsonb_to_record('{"a":1}')`},
	{sql: `select * from jsonb_to_recordset('[{"a":1}]') with ordinality as t(a int)`},
	{sql: `select * from json_array_elements_text('[1, "a"]')`},
}

// jsonbFunctionDifferences still differ from PostgreSQL.
var jsonbFunctionDifferences = []biCase{
	{sql: `select jsonb_each('{"a":1}')`,
		known: "fails with 0A000: jsonb_each() in the select list returns a record"},
	{sql: `select * from json_each('{"a":1}')`,
		known: "fails with 0A000: json's values keep their input text, which DuckDB's JSON does not"},
	{sql: `select * from jsonb_to_record('{"a":1.50}') as t(a numeric, b varchar(3), c int[])`,
		known: "fails with 0A000: columns of numeric, of a type with a modifier or of an array type are not read"},
}

// jsonbColumnFunctionMatches read the table's columns, whose types only
// the table shows.
var jsonbColumnFunctionMatches = []biCase{
	{sql: `select d.id, e.value, e.ordinality from jsonb_functions_docs d, jsonb_array_elements(d.doc) with ordinality e ` +
		`where d.id in (3, 5) order by 1, 3`},
	{sql: `select d.id, e.value->>'k' from jsonb_functions_docs d cross join lateral jsonb_array_elements(d.doc) e ` +
		`where d.id = 5 order by 2`},
	{sql: `select d.id, k from jsonb_functions_docs d, jsonb_object_keys(d.doc) k where d.id <= 2 order by 1, 2`},
	{sql: `select d.id, e.key, e.value from jsonb_functions_docs d, jsonb_each(d.doc) e where d.id <= 2 order by 1, 2`},
	{sql: `select d.id, t.* from jsonb_functions_docs d, jsonb_each_text(d.doc -> 'b') t where d.id = 2`},
	{sql: `select id, jsonb_array_elements_text(doc) from jsonb_functions_docs where id = 3`},
	{sql: `select * from jsonb_functions_docs d, jsonb_array_elements(d.doc) e order by 1`},
	{sql: `select count(*) from jsonb_functions_docs d, jsonb_array_elements(d.note) e`},
	// jsonb's @> and <@ of two columns, or of a column and a parameter.
	{sql: `select a.id, b.id from jsonb_functions_docs a join jsonb_functions_docs b on a.doc @> b.doc order by 1, 2`},
	{sql: `select a.id, b.id, a.doc <@ b.doc from jsonb_functions_docs a, jsonb_functions_docs b where a.id < 3 order by 1, 2`},
	{sql: `select id from jsonb_functions_docs where doc @> $1 order by id`, args: []string{`{"a": 1}`}},
	{sql: `select id, $1 <@ doc from jsonb_functions_docs order by id`, args: []string{`["a"]`}},
	// A string beside an array column is an array of its element type.
	{sql: `select id from jsonb_functions_docs where tags @> '{music}' order by id`},
	{sql: `select id from jsonb_functions_docs where tags && '{a,b}' order by id`},
	{sql: `select id from jsonb_functions_docs where '{a}' <@ tags order by id`},
	{sql: `select id from jsonb_functions_docs where tags = '{a,b}' order by id`},
	{sql: `select id from jsonb_functions_docs where tags @> '{"a b"}' order by id`},
	{sql: `select id from jsonb_functions_docs where nums @> '{1}' order by id`},
	{sql: `select id, nums = '{1,NULL}', tags <> '{}', nums && '{2,3}' from jsonb_functions_docs order by id`},
	{sql: `select id from jsonb_functions_docs where nums @> '{x}' order by id`},
	{sql: `select id from jsonb_functions_docs where tags = '{a,NULL}' or nums && '{1,NULL}' order by id`},
	{sql: `select id, nums < '{1,NULL}', nums > '{1}', nums <= '{1,2}', nums >= '{}', tags < '{a,NULL}', tags > '{a}' ` +
		`from jsonb_functions_docs order by id`},
	{sql: `select id from jsonb_functions_docs where amounts @> '{1.50}' order by id`},
	// Statements of one shape share a rewrite once pgway has seen the
	// shape twice, with their constants put into the cached template.
	{sql: `select id from jsonb_functions_docs where tags && '{music}' order by id`},
	{sql: `select id from jsonb_functions_docs where tags && '{x,y,art}' order by id`},
	{sql: `select id from jsonb_functions_docs where tags && '{}' order by id`},
}

func TestJSONBFunctionsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	objects := []string{"drop table if exists public." + jsonbFunctionsTable}
	dropOracleObjects(t, objects)
	t.Cleanup(func() { dropOracleObjects(t, objects) })
	for _, sql := range jsonbFunctionsSetup {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}

	t.Run("matches", func(t *testing.T) {
		for _, c := range append(append([]biCase(nil), jsonbFunctionMatches...), jsonbColumnFunctionMatches...) {
			for _, diff := range biDifferences(t, gw, pg, c) {
				t.Error(diff)
			}
		}
	})
	t.Run("known differences", func(t *testing.T) {
		for _, c := range jsonbFunctionDifferences {
			diffs := biDifferences(t, gw, pg, c)
			if len(diffs) == 0 {
				t.Errorf("%s now matches PostgreSQL in both protocols, so move it to jsonbFunctionMatches (cause: %s)", c.sql, c.known)
			}
			for _, diff := range diffs {
				t.Log(diff)
			}
		}
	})
}
