package translate

import (
	"errors"
	"testing"
)

// translateDuckDB returns the DuckDB rewrite of sql and its error.
func translateDuckDB(t *testing.T, sql string) (string, error) {
	t.Helper()
	stmts, err := New(4).Translate(DuckDB(DuckDBCapabilities{}), sql, corpusSession)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return stmts[0].Rewritten, stmts[0].Err
}

// errorCase is a statement and the SQLSTATE and message of the error
// its DuckDB translation fails with.
type errorCase struct{ sql, code, message string }

// checkErrorCases translates each case for DuckDB and checks its error.
func checkErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		_, err := translateDuckDB(t, c.sql)
		var terr *Error
		if !errors.As(err, &terr) {
			t.Errorf("%s: error %v, want %s", c.sql, err, c.code)
			continue
		}
		if terr.Code != c.code {
			t.Errorf("%s: SQLSTATE %s, want %s", c.sql, terr.Code, c.code)
		}
		if terr.Message != c.message {
			t.Errorf("%s: message %q, want %q", c.sql, terr.Message, c.message)
		}
	}
}

func TestJSONBRewrites(t *testing.T) {
	cases := []rewriteCase{
		{`select '{"a":1.50}'::jsonb -> 'a'`, `pgway_jsonb_field('{"a":1.50}'::"json"::"varchar", 'a'::"varchar", typeof('a'), false)::"json"`},
		{`select '[1]'::jsonb ->> 0`, `pgway_jsonb_field('[1]'::"json"::"varchar", 0::"varchar", typeof(0), true)`},
		{`select '{}'::jsonb #> '{a,1}'`, `pgway_jsonb_path('{}'::"json"::"varchar", ARRAY['a', '1']::"varchar"[], false)::"json"`},
		{`select '{}'::jsonb #>> '{a,NULL}'`, `ARRAY['a', NULL]::"varchar"[], true)`},
		{`select to_jsonb(1.50)`, `pgway_jsonb_value(1.50, typeof(1.50))`},
		{`select jsonb_build_array(1, 'a')`, `pgway_jsonb_array(`},
		{`select jsonb_build_array()`, `'[]'::"json"`},
		{`select jsonb_build_object('a', 1.50)`, `pgway_jsonb_object('a', CASE WHEN`},
		{`select jsonb_agg(x order by x) from (values (1)) v(x)`, `pgway_jsonb_list(list(CASE WHEN`},
		{`select '1.50'::jsonb::numeric`, `pgway_jsonb_number('1.50'::"json"::"varchar")`},
		{`select jsonb_array_length('[1]'::jsonb)`, `pgway_jsonb_array_length('[1]'::"json"::"varchar")`},
		{`select '{"a":1}'::jsonb = '{"a": 1}'`, `pgway_jsonb_key('{"a":1}'::"json"::"varchar") = pgway_jsonb_key('{"a": 1}'::"varchar")`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestCharRewrites(t *testing.T) {
	cases := []rewriteCase{
		{`select 'ab'::char(4)`, `rpad("left"('ab'::"varchar", 4), 4, ' ')`},
		{`select 'ab'::char(4) || 'x'`, `rtrim("left"('ab'::"varchar", 4), ' ') || 'x'`},
		{`select length('ab'::char(4))`, `length(rtrim("left"('ab'::"varchar", 4), ' '))`},
		{`select 'ab'::char(4) = 'ab  '`, `rtrim("left"('ab'::"varchar", 4), ' ') = rtrim('ab  ', ' ')`},
		{`select 'ab'::char(4) like 'a%'`, `rpad("left"('ab'::"varchar", 4), 4, ' ') LIKE 'a%'`},
		{`select concat('ab'::char(4), 'x')`, `concat(rpad("left"('ab'::"varchar", 4), 4, ' ')`},
		{`select 'ab'::char(4)::text`, `rtrim("left"('ab'::"varchar", 4), ' ')::text`},
		{`select 'ab  '::bpchar`, `'ab  '::"varchar"`},
		{`select 'abc'::char`, `rpad("left"('abc'::"varchar", 1), 1, ' ')`},
		{`select 'ab'::char(4) = 'ab '::text`, `rtrim("left"('ab'::"varchar", 4), ' ') = 'ab '::text`},
		{`select 'ab'::char(4) = 'ab '::varchar`, `rtrim("left"('ab'::"varchar", 4), ' ') = rtrim('ab '::varchar, ' ')`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestJSONAndCharUnsupported(t *testing.T) {
	cases := []struct{ sql, code string }{
		{`select json_object('{a,1}')`, "0A000"},
		{`select row_to_json(r, true) from (select 1 as a) r`, "0A000"},
		{`select json_build_object('a', 1) #> '{a}'`, "0A000"},
		{`select json_extract_path(json_build_object('a', 1), 'a')`, "0A000"},
		{`select json_build_object('a', 1) = json_build_object('a', 1)`, "42883"},
		{`select json_build_object('a')`, "22023"},
		{`select '{}'::json`, "0A000"},
		{`create table t (j json)`, "0A000"},
		{`select '[1]'::jsonb < '[2]'::jsonb`, "0A000"},
		{`select jsonb_agg(distinct x) from (values (1)) v(x)`, "0A000"},
		{`select jsonb_build_object('a')`, "22023"},
		{`select c from (select 'ab'::char(4) as c) s`, "0A000"},
		{`select 'ab'::char(4) = 'ab'::name`, "0A000"},
		{`select coalesce('ab'::char(4), 'x')`, "0A000"},
		{`insert into t values ('ab'::char(4))`, "0A000"},
		{`create table t (c char(4))`, "0A000"},
	}
	for _, c := range cases {
		_, err := translateDuckDB(t, c.sql)
		var terr *Error
		if !errors.As(err, &terr) || terr.Code != c.code {
			t.Errorf("%s: error %v, want %s", c.sql, err, c.code)
		}
	}
}

func TestJSONBOperatorRewrites(t *testing.T) {
	cases := []rewriteCase{
		{`select '{"a":1}'::jsonb @> '{"a":1}'`, `pgway_jsonb_contains('{"a":1}'::"json"::"varchar", '{"a":1}'::"varchar")`},
		{`select '[1]' <@ '[1,2]'::jsonb`, `pgway_jsonb_contains('[1,2]'::"json"::"varchar", '[1]'::"varchar")`},
		{`select j @> '{"a":1}' from t`,
			`pgway_jsonb_contains(pgway_jsonb_operand(j::"varchar", typeof(j), 'operator does not exist: {} @> unknown'), '{"a":1}'::"varchar")`},
		{`select '[1]' <@ j from t`, `pgway_jsonb_operand(j::"varchar", typeof(j), 'operator does not exist: unknown <@ {}')`},
		{`select j->'a' @> '1' from t`, `pgway_jsonb_contains(pgway_jsonb_field(`},
		{`select '{}'::jsonb @> $1`, `$1::"json"::"varchar"`},
		{`select '{}'::jsonb @> '{}'::text`, `pgway_jsonb_operand('{}'::text::"varchar", typeof('{}'::text), 'operator does not exist: jsonb @> {}')`},
		{`select j @> '{}' from t`, `pgway_jsonb_contains(pgway_jsonb_operand(j::"varchar", typeof(j),`},
		// Without a jsonb operand or a string constant, @> is array
		// containment.
		{`select j @> k from t`, `j @> k`},
		{`select j @> $1 from t`, `j @> $1`},
		{`select tags @> array['a'] from t`, `tags @> ARRAY['a']`},
		{`select '{"a":1}'::jsonb ? 'a'`, `pgway_jsonb_exists('{"a":1}'::"json"::"varchar", 'a'::"varchar")`},
		{`select '{"a":1}' ? 'a'`, `pgway_jsonb_exists('{"a":1}'::"varchar", 'a'::"varchar")`},
		{`select j ? $1 from t`, `pgway_jsonb_exists(pgway_jsonb_operand(j::"varchar", typeof(j), 'operator does not exist: {} ? text'), $1::"varchar")`},
		{`select '{}'::jsonb ?| array['a', 'b']`, `pgway_jsonb_exists_any('{}'::"json"::"varchar", ARRAY['a', 'b']::"varchar"[])`},
		{`select '{}'::jsonb ?& '{a,NULL}'`, `pgway_jsonb_exists_all('{}'::"json"::"varchar", ARRAY['a', NULL]::"varchar"[])`},
		{`select jsonb_contains('[1,2]', '[2]')`, `pgway_jsonb_contains('[1,2]'::"varchar", '[2]'::"varchar")`},
		{`select jsonb_contained('[2]', '[1,2]')`, `pgway_jsonb_contains('[1,2]'::"varchar", '[2]'::"varchar")`},
		{`select jsonb_exists_any(j, array['a']) from t`, `pgway_jsonb_exists_any(pgway_jsonb_operand(j::"varchar", typeof(j),`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestJSONBOperatorErrors(t *testing.T) {
	cases := []errorCase{
		{`select '{}'::jsonb ? 1`, "42883", "operator does not exist: jsonb ? integer"},
		{`select '{}'::jsonb ?| array[1]`, "42883", "operator does not exist: jsonb ?| integer[]"},
		{`select '{}'::jsonb ?& 'a'::text`, "42883", "operator does not exist: jsonb ?& text"},
		{`select '{}'::jsonb ?& 'x'`, "22P02", `malformed array literal: "x"`},
		{`select jsonb_contains('{}')`, "42883", "function jsonb_contains() does not exist"},
	}
	checkErrorCases(t, cases)
}
