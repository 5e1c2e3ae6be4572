package enginetest

import "testing"

// jsonbInputCases read text as json and jsonb by PostgreSQL's rules,
// which reject what DuckDB's JSON reader accepts, even where no value is
// printed.
var jsonbInputCases = []string{
	`select '[1,]'::jsonb is not null`,
	`select '{"a":1,}'::jsonb`,
	`select 'NaN'::jsonb`,
	`select '[Infinity]'::jsonb`,
	`select ('[1,]'::jsonb)->>0`,
	`select $$"\u0000"$$::jsonb`,
	`select ('"\u0000"'::jsonb)->>0`,
	`select '{"a": [1, 2.50, "x"]}'::jsonb`,
	`select count(*) from (values ('[1]'), ('{"a": null}')) v(x) where x::jsonb is not null`,
	`select k from jsonb_input_t where j is not null order by k`,
	`select j::int from jsonb_input_t where k = 2`,
	`select jsonb_typeof(j) from jsonb_input_t order by k`,
	`select 1::jsonb`,
	`select 1::bigint::jsonb`,
	`select 1.5::numeric::jsonb`,
	`select date '2024-01-15'::jsonb`,
	`select true::jsonb`,
	`select array[1]::jsonb`,
	`select j::bytea from jsonb_input_t`,
	`select $$"\ud83d\ude00"$$::jsonb`,
	`select $$"\ud83d"$$::jsonb`,
	`select $$"\ude00"$$::jsonb`,
	`select $$["\\u0000"]$$::jsonb`,
	`select '1e2'::jsonb, ' [ 1 , "a" ] '::jsonb`,
	`select jsonb_typeof('"x"'), jsonb_typeof('1.5'), jsonb_typeof(null), jsonb_typeof('123456789012345678901234567890')`,
	`select jsonb_typeof(j->'a') from jsonb_input_t order by k`,
	`select k, t::jsonb from jsonb_input_t where k < 3 order by k`,
	`select k, j::jsonb, to_jsonb(k)::jsonb, (j::text)::jsonb from jsonb_input_t order by k`,
	`select x::jsonb from (values ('{"b": 1, "a": [2]}'), (null)) v(x)`,
	`select '{1}'::int[]::jsonb`,
	`select k, t::jsonb from jsonb_input_t where k = 8`,
	`select k, t::jsonb from jsonb_input_t where k = 9`,
}

func TestJSONBInputMatchesPostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, []string{
		"drop table if exists jsonb_input_t",
		"create table jsonb_input_t (k int, j jsonb, t text)",
		`insert into jsonb_input_t values (1, '{"a": 1}', '{"a": 1}'), (2, '7', '[7]'), (3, '"s"', 'x'), (4, '[true]', null), ` +
			`(5, 'null', null), (6, 'false', null), (7, null, null), (8, null, '[1,]'), (9, null, $$"\u0000"$$)`,
	})
	t.Cleanup(func() { execOnBoth(t, gw, pg, []string{"drop table if exists jsonb_input_t"}) })
	compareExact(t, gw, pg, jsonbInputCases)
}
