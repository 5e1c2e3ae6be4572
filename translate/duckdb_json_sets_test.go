package translate

import (
	"errors"
	"testing"
)

// docsRelations are the column types of a table with jsonb and array
// columns.
var docsRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "docs"}: {{"id", "integer"}, {"doc", "jsonb"}, {"tags", "text[]"}, {"nums", "integer[]"},
		{"amounts", "numeric(10,2)[]"}},
})

func TestTypedJSONBAndArrayOperands(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: docsRelations})
	cases := []rewriteCase{
		{`select a.id from docs a, docs b where a.doc @> b.doc`,
			`pgway_jsonb_contains(a.doc::"json"::"varchar", b.doc::"json"::"varchar")`},
		{`select id from docs where doc <@ $1`, `pgway_jsonb_contains($1::"json"::"varchar", doc::"json"::"varchar")`},
		{`select id from docs where tags @> '{music}'`, `tags @> ARRAY['music']`},
		{`select id from docs where '{a}' <@ tags`, `ARRAY['a']`},
		{`select id from docs where nums && '{1,2}'`, `nums && ARRAY['1', '2']::int4[]`},
		{`select id from docs where tags = '{a,b}'`, `tags = ARRAY['a', 'b']`},
		{`select id from docs where amounts @> '{1.5}'`, `amounts @> ARRAY['1.5']::"numeric"(10, 2)[]`},
		// The value column of jsonb_array_elements() is jsonb.
		{`select 1 from docs, jsonb_array_elements(doc) e where e.value = '1'`, `pgway_jsonb_key(e.value::"json"::"varchar")`},
	}
	checkRewrites(t, d, cases)
}

func TestJSONBSetFunctionRewrites(t *testing.T) {
	cases := []rewriteCase{
		{`select * from jsonb_array_elements('[1]') with ordinality`,
			`unnest(c1)::"json" AS c1, unnest(generate_series(1, len(c1))) AS ordinality`},
		{`select * from jsonb_array_elements('[1]') with ordinality`, `jsonb_array_elements(value, ordinality)`},
		{`select * from jsonb_each('{}') t(k)`, `t(k, value)`},
		{`select * from jsonb_object_keys('{}') t`, `t(t)`},
		{`select jsonb_array_elements_text('[1]')`, `unnest(pgway_jsonb_elements('[1]'::"varchar", true)) AS jsonb_array_elements_text`},
		{`select * from jsonb_to_recordset('[]') r(a int, b jsonb)`,
			`unnest(pgway_jsonb_records('[]'::"varchar", ARRAY['a', 'b']::"varchar"[], ARRAY[false, true], 'jsonb_to_recordset'))`},
		{`select * from jsonb_to_record('{}') r(a int)`, `unnest(ARRAY[pgway_jsonb_record(`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestJSONBSetFunctionErrors(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: docsRelations})
	checkErrorCasesOn(t, d, []errorCase{
		{`select 1 where jsonb_array_elements('[1]') is null`, "0A000", "set-returning functions are not allowed in WHERE"},
		{`select 1 from (values (1)) v(x) join jsonb_array_elements('[1]') e on jsonb_object_keys('{}') = ''`, "0A000",
			"set-returning functions are not allowed in JOIN/ON"},
		{`select count(jsonb_object_keys('{}'))`, "0A000", "aggregate function calls cannot contain set-returning function calls"},
		{`select case when true then jsonb_array_elements('[1]') end`, "0A000", "set-returning functions are not allowed in CASE"},
		{`select * from jsonb_each(jsonb_each('{}'))`, "0A000", "set-returning functions must appear at top level of FROM"},
		{`select * from generate_series(1, jsonb_array_length(jsonb_array_elements('[[1]]')))`, "0A000",
			"set-returning functions must appear at top level of FROM"},
		{`select * from rows from (jsonb_each('{}'), generate_series(1, 2))`, "0A000",
			"ROWS FROM with more than one function is not supported on this warehouse"},
		{`select * from jsonb_each('{}') t(a, b, c)`, "42P10", `table "t" has 2 columns available but 3 columns specified`},
		{`select * from jsonb_each('{}') as t(a text)`, "42601", `a column definition list is only allowed for functions returning "record"`},
		{`select jsonb_array_elements('[1]', 2)`, "42883", "function jsonb_array_elements(unknown, integer) does not exist"},
		{`select jsonb_each('{}')`, "0A000", "function jsonb_each() in the select list returns a record, which is not supported on this warehouse"},
		{`select * from jsonb_to_record('{}') as t(a numeric)`, "0A000",
			"a column of type numeric in jsonb_to_record() is not supported on this warehouse"},
		{`select * from jsonb_to_record('{}') as t(a text, "A" text)`, "0A000",
			`columns "A" of jsonb_to_record() that differ only in case are not supported on this warehouse`},
		{`select * from jsonb_to_recordset('[]') as t(a varchar(3))`, "0A000",
			"a column of type varchar in jsonb_to_recordset() is not supported on this warehouse"},
		{`select * from json_each('{}')`, "0A000", "function json_each() is not supported on this warehouse because " + jsonValueColumnReason},
		{`select * from t, json_array_elements_text(t.x)`, "0A000", "function json_array_elements_text() of a value other than a string constant is not supported on this warehouse, because DuckDB does not keep json's text"},
	})
}

// checkErrorCasesOn translates each case for d and checks its error.
func checkErrorCasesOn(t *testing.T, d Dialect, cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		stmts, err := New(4).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var terr *Error
		if !errors.As(stmts[0].Err, &terr) {
			t.Errorf("%s: error %v, want %s", c.sql, stmts[0].Err, c.code)
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
