package enginetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare with PostgreSQL, in both protocols, whole-row
// references to the FROM items of jsonb's set-returning functions and
// jsonb values that a set-returning function in the select list returns.
var jsonbSetRowCases = []biCase{
	{sql: "select e from jsonb_array_elements('[1,2]'::jsonb) e"},
	{sql: "select e from jsonb_array_elements_text('[1,\"x\"]'::jsonb) e"},
	{sql: "select e->>'k', e from jsonb_array_elements('[{\"k\":1},{\"k\":\"x\"}]'::jsonb) e"},
	{sql: "select id, e from (values (1, '[1,2]'::jsonb), (2, '[\"a\"]')) t(id, j), jsonb_array_elements(j) e order by id, e::text"},
	{sql: "select array_agg(e::text order by e::text) from jsonb_array_elements_text('[\"b\",\"a\"]') e"},
	{sql: "select e.value, value, e from jsonb_array_elements('[true]') e"},
	{sql: "select r from jsonb_each('{\"a\":1,\"b\":\"x\"}') r"},
	{sql: "select r from jsonb_each_text('{\"a\":1}') r"},
	{sql: "select r from jsonb_array_elements('[3]') with ordinality r"},
	{sql: "select r from jsonb_to_record('{\"a\":1,\"b\":\"x\"}') as r(a int, b text)"},
	{sql: "select e = '1' from jsonb_array_elements('[1,1.0,\"1\"]') e"},
	{sql: "select e from (select jsonb_array_elements('[1,1.0]') e) s where e = '1.00'"},
	{sql: "select jsonb_array_elements('[1,1.0]') = '1'"},
	{sql: "select max(value) from jsonb_array_elements('[1,2]')"},
	{sql: "select max(jsonb_array_elements('[1,2]'))"},
	{sql: "select max(e) from jsonb_array_elements('[1,2]') e"},
	{sql: "select min(jsonb_array_elements('[1,2]'))"},
	{sql: "select x from jsonb_array_elements('[1,null]') e(x)"},
	{sql: "select e from jsonb_array_elements('[1,null]') e(x)"},
	{sql: "select jsonb_array_elements from jsonb_array_elements('[[1]]')"},
	{sql: "select k, k is null from jsonb_object_keys('{\"a\":1}') k"},
	{sql: "select e from (values (7)) v(e), jsonb_array_elements('[1]') e"},
	{sql: "select e from jsonb_array_elements('[1,2,3]') e where e = '2.0'"},
	{sql: "select e->'a', e->>'a', e is null from jsonb_array_elements('[{\"a\":[1]},null]') e"},
	{sql: "select (select e) from jsonb_array_elements('[1,2]') e"},
	{sql: "select (select e from (values (5)) v(e)) from jsonb_array_elements('[1]') e"},
	{sql: "select count(distinct e::text), count(e) from jsonb_array_elements('[1,1,2]') e"},
	{sql: "select r from jsonb_each('{\"a\":null,\"b\":\"x y\",\"c\":[1, 2]}') r"},
	{sql: "select r, r.key from jsonb_each_text('{\"a\":null}') as r"},
	{sql: "select r from jsonb_to_recordset('[{\"a\":1},{\"a\":2}]') as r(a int) where r.a > 1"},
	{sql: "select jsonb_array_elements('[1,2]') in ('2.0', '3')"},
	{sql: "select e in ('2.0', '3') from jsonb_array_elements('[1,2]') e"},
	{sql: "select jsonb_array_elements('[1,{\"a\":1}]') || '{\"b\":2}'::jsonb"},
}

// jsonbSetRowRejected are statements that PostgreSQL runs and pgway
// rejects with 0A000, since DuckDB compares jsonb values as their text.
var jsonbSetRowRejected = []string{
	"select distinct jsonb_array_elements('[1,1.0,1.00]')",
	"select jsonb_array_elements('[1,1.0]') v group by v",
	"select jsonb_array_elements('[2,10]') v order by v",
	"select distinct e from (select jsonb_array_elements('[1,1.0]') e) s",
	"select e from (select jsonb_array_elements('[2,10]') e) s order by e",
	"select distinct e from jsonb_array_elements('[1,1.0]') e",
	"select array_agg(e order by e) from jsonb_array_elements('[2,10]') e",
	"select e from jsonb_array_elements('[2,10]') e group by e",
	"select jsonb_array_elements('[1]') union select '1.0'::jsonb",
	"select count(distinct e) from jsonb_array_elements('[1,1.0]') e",
	// DuckDB would read e as the inner function's row, not as v.e.
	"select (select e from jsonb_array_elements('[1]') e) from (values (5)) v(e)",
}

func TestJSONBSetRowsMatchPostgreSQL(t *testing.T) {
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	for _, c := range jsonbSetRowCases {
		for _, diff := range biDifferences(t, gwConn.PgConn(), pgConn.PgConn(), c) {
			t.Error(diff)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, sql := range jsonbSetRowRejected {
		_, err := gwConn.PgConn().Exec(ctx, sql).ReadAll()
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
			t.Errorf("%s: got %v, want SQLSTATE 0A000", sql, err)
		}
	}
}
