package enginetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases run jsonb's containment operators @> and <@, its key
// operators ?, ?| and ?&, and the functions behind them through pgway on
// DuckDB and on PostgreSQL 15, and compare the type OID and value of
// every column, or the SQLSTATE and message of the error, in every
// protocol mode.

var jsonbOperatorCases = []divisionCase{
	{sql: `select '{"a":1,"b":[1,2]}'::jsonb @> '{"b":[2]}', '{"a":1}'::jsonb @> '{"a":1.0}', '[1,2,3]'::jsonb @> '[3,3,1]'`},
	{sql: `select '["a",1]'::jsonb @> '"a"', '{"a":["b"]}'::jsonb @> '{"a":"b"}', '"a"'::jsonb @> '["a"]', '[1]'::jsonb @> '{}'`},
	{sql: `select '{"b":[2]}' <@ '{"a":1,"b":[1,2]}'::jsonb, '1e0'::jsonb <@ '[1.00]'::jsonb, '[]'::jsonb <@ '{}'::jsonb, '{}'::jsonb @> '{}'::jsonb`},
	{sql: `select '[[1,2],[3]]'::jsonb @> '[[1]]', '[[1,2],[3]]'::jsonb @> '[[1,3]]', '[{"a":1,"b":2}]'::jsonb @> '[{"a":1}]', '{"a":{"b":{"c":1,"d":2}}}'::jsonb @> '{"a":{"b":{"c":1.0}}}'`},
	{sql: `select '{"a":{"b":1}}'::jsonb->'a' @> '{"b":1}', jsonb_build_object('a', 1.50) @> '{"a":1.5}', '{"a":[1,2]}'::jsonb #> '{a}' @> '2'`},
	{sql: `select null::jsonb @> '{}', '{}'::jsonb @> null, '{}'::jsonb <@ null::jsonb, null::jsonb ? 'a', '{}'::jsonb ? null`},
	{sql: `select '{}'::jsonb ?| null, '{"a":1}'::jsonb ?& null, jsonb_contains(null, '{}'), jsonb_exists('{}', null)`},
	{sql: `select '{"a":1,"b":2}'::jsonb ? 'a', '["a",1]'::jsonb ? 'a', '[1]'::jsonb ? '1', '"a"'::jsonb ? 'a', '{"a":{"b":1}}'::jsonb ? 'b', '{"a":1}' ? 'a'`},
	{sql: `select '{"a":1}'::jsonb ?| array['b','a'], '{"a":1}'::jsonb ?& array['b','a'], '{"a":1}'::jsonb ?| '{b,a}', '{"a":1}'::jsonb ?& '{a,NULL}'`},
	{sql: `select '{}'::jsonb ?& array[]::text[], '{}'::jsonb ?| array[]::text[], '["a","b"]'::jsonb ?& array['b','a']`},
	{sql: `select jsonb_contains('[1,2]', '[2]'), jsonb_contained('[2]', '[1,2]'), jsonb_exists('{"a":1}', 'a')`},
	{sql: `select jsonb_exists_any('{"a":1}', array['b','a']), jsonb_exists_all('{"a":1}', array['b','a'])`},
	{sql: `select '{"a":1}'::jsonb @> $1, $2::jsonb <@ '[1,2]', '{"a":1}'::jsonb ? $3, '{"a":1}'::jsonb ? $4`,
		args: []any{`{"a": 1.0}`, `[2]`, "a", "b"}},
	{sql: `select '{"a":1}'::jsonb ?| $1::text`, args: []any{`{x,a}`}},
	{sql: `select '{"a":1}'::jsonb ?| $1`, args: []any{[]string{"x", "a"}}},
	{sql: `select '{"a":1}'::jsonb ?& $1::text[]`, args: []any{[]string{"x", "a"}}},
	{sql: `select '{"a":1}'::jsonb @> 'x'`},
	{sql: `select '{"a":1}'::jsonb ? 1`},
	{sql: `select '{"a":1}'::jsonb @> '{"a":1}'::text`},
	{sql: `select 'x'::text ? 'a'`},
	{sql: `select '{"a":1}'::jsonb ?| array[1]`},
	{sql: `select '{"a":1}'::jsonb ?& 'x'`},
	// Statements of one shape share a rewrite once pgway has seen the
	// shape twice, with their constants put into the cached template.
	{sql: `select '{"a":1}'::jsonb @> '{"a":1}', '["x"]'::jsonb ? 'x', '{"k":2}'::jsonb ?| '{k}'`},
	{sql: `select '{"a":2}'::jsonb @> '{"a":1}', '["y"]'::jsonb ? 'x', '{"k":2}'::jsonb ?| '{j}'`},
	{sql: `select '{"a":[1]}'::jsonb @> '{"a":[]}', '["x"]'::jsonb ? 'y', '{"k":2}'::jsonb ?| '{j,k}'`},
}

func TestJSONBOperatorsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, jsonbOperatorCases)
}

// jsonbOperatorsTable is created on both sides. Its name is the test's
// own, since the oracle's database is shared by the package's tests.
const jsonbOperatorsTable = "jsonb_operators_docs"

var jsonbOperatorsSetup = []string{
	"create table " + jsonbOperatorsTable + " (id integer, doc jsonb, note text)",
	"insert into " + jsonbOperatorsTable + ` values
		(1, '{"a":1,"tags":["x","y"]}', 'a'), (2, '{"a":1.0,"b":{"c":[1,2]}}', 'b'),
		(3, '["a","b",1]', null), (4, '"a"', null), (5, '1e0', null), (6, null, null),
		(7, '{}', null), (8, '[]', null), (9, '{"a":[{"b":1,"c":2}]}', null)`,
}

// jsonbColumnQueries read the jsonb column doc, whose type only the
// table shows.
var jsonbColumnQueries = []divisionCase{
	{sql: `select id from %s where doc @> '{"a":1}' order by id`},
	{sql: `select id, doc @> '{}', doc <@ '{}', '[]' <@ doc from %s order by id`},
	{sql: `select id from %s where '{"a":1}' <@ doc order by id`},
	{sql: `select id, doc @> '"a"', doc <@ '["a","b",1,{"a":1}]', doc @> '[1.0]' from %s order by id`},
	{sql: `select id from %s where doc @> '{"a":[{"c":2}]}' or doc @> '1' order by id`},
	{sql: `select id from %s where doc ? 'a' order by id`},
	{sql: `select id from %s where doc ?| array['tags','b'] order by id`},
	{sql: `select id from %s where doc ?& '{a,tags}' order by id`},
	{sql: `select id from %s where doc->'b' @> '{"c":[2]}' order by id`},
	{sql: `select id from %s where doc @> '{"tags":["y"]}'::jsonb order by id`},
	{sql: `select id, jsonb_exists(doc, 'a'), jsonb_contains(doc, '[1]'), jsonb_contained(doc, '{"a":1,"b":{"c":[1,2,3]}}') from %s order by id`},
	{sql: `select id from %s where doc ? $1 order by id`, args: []any{"a"}},
	{sql: `select id from %s where doc @> $1::jsonb order by id`, args: []any{`{"a":1}`}},
	{sql: `select id from %s where doc ?& array[$1::text, $2::text] order by id`, args: []any{"a", "tags"}},
	{sql: `select count(*) filter (where doc @> '[]'), count(*) filter (where doc ? 'x') from %s`},
	{sql: `select id from %s where note ? 'a'`},
	{sql: `select id from %s where id @> '{"a":1}'`},
	// pgway reads the table's column types, so a column shows that it is
	// jsonb beside another column or a parameter.
	{sql: `select a.id, b.id from %[1]s a join %[1]s b on a.doc @> b.doc order by 1, 2`},
	{sql: `select id from %s where doc @> $1 order by id`, args: []any{`{"a":1}`}},
}

func TestJSONBOperatorsOnColumn(t *testing.T) {
	ctx := context.Background()
	gw := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	_, pg := connectOraclePair(t)

	if _, err := pg.Exec(ctx, "drop table if exists "+jsonbOperatorsTable); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Exec(context.Background(), "drop table if exists "+jsonbOperatorsTable) })
	for _, sql := range jsonbOperatorsSetup {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}

	for _, c := range jsonbColumnQueries {
		sql := sprintfTable(c.sql, jsonbOperatorsTable)
		for _, mode := range protocolModes {
			args := append([]any{mode}, c.args...)
			if got, want := exactResult(ctx, gw, sql, args), exactResult(ctx, pg, sql, args); got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", sql, c.args, mode, got, want)
			}
		}
	}
}

// TestJSONBOperatorTextArrayParams sends a text[] parameter to ?|, #> and
// #>> in pgx's exec mode, which sends it untyped as PostgreSQL's array
// text. knownJSONBOperatorGaps holds the cache-describe mode, in which
// pgx takes the parameter's type from pgway's description, text.
func TestJSONBOperatorTextArrayParams(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	cases := []divisionCase{
		{sql: `select '{"a":1}'::jsonb ?| $1`, args: []any{[]string{"x", "a"}}},
		{sql: `select '{"a":{"b":2}}'::jsonb #> $1, '{"a":{"b":"x y"}}'::jsonb #>> $1`, args: []any{[]string{"a", "b"}}},
	}
	for _, c := range cases {
		args := append([]any{pgx.QueryExecModeExec}, c.args...)
		if got, want := exactResult(ctx, gw, c.sql, args), exactResult(ctx, pg, c.sql, args); got != want {
			t.Errorf("%s %v\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, got, want)
		}
	}
}
