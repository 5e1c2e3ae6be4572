package enginetest

import "testing"

// jsonEqualityCases compare or sort json values, which PostgreSQL
// rejects with 42883 because json has no equality or ordering operator.
var jsonEqualityCases = []divisionCase{
	{sql: "select distinct j from (select json_build_object('a', x) j from (values (1), (1)) v(x)) s"},
	{sql: "select j from (select to_json(x) j from (values (2), (1)) v(x)) s order by j"},
	{sql: "select j from (select json_build_object('a', 1) j) s group by j"},
	{sql: "select count(distinct j) from (select json_build_array(1) j) s"},
	{sql: "select json_build_object('a', 1) union select json_build_object('a', 1)"},
	{sql: "select j = '{\"a\":1}' from (select json_build_object('a', 1) j) s"},
	{sql: "select distinct json_build_object('a', 1)"},
	{sql: "select json_agg(x) over (partition by to_json(x)) from (values (1)) v(x)"},
	{sql: "select j::text from (select json_build_object('a', 1) j) s order by j::text"},
	{sql: "select j from (select json_build_object('a', 1) j) s union all select json_build_object('a', 2)"},
}

func TestJSONEqualityMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, jsonEqualityCases)
}
