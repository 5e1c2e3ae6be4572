package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases run on the DuckDB demo warehouse through pgway and on
// PostgreSQL 15 and compare the type OID and value of every column, or
// the SQLSTATE and message of the error, in every protocol mode. They
// cover numbers that jsonb's ->, ->>, #> and #>> take out of a document
// and that to_jsonb(), jsonb_build_array(), jsonb_build_object() and
// jsonb_agg() put into one, which keep their numeric text, = and <> of
// jsonb values, and the uses of char(n) casts whose trailing spaces
// pgway keeps or drops as PostgreSQL does.

var jsonbCharRegressions = []divisionCase{
	{sql: `select '{"a":1.50}'::jsonb->'a', '{"a":1.50}'::jsonb->>'a'`},
	{sql: `select '{"a":1e2}'::jsonb->'a', '{"a":1e2}'::jsonb->>'a', '{"a":-0.0}'::jsonb->>'a'`},
	{sql: `select '{"a":{"b":1.50}}'::jsonb#>'{a,b}', '{"a":{"b":1.50}}'::jsonb#>>'{a,b}', '{"a":{"b":1.50}}'::jsonb#>'{a}'`},
	{sql: `select '[1.50, 2e1, "x"]'::jsonb->1, '[1.50, 2e1, "x"]'::jsonb->-1, '[1.50, 2e1, "x"]'::jsonb->>-3, '[1]'::jsonb->5`},
	{sql: `select '{"1": 1.0}'::jsonb#>'{1}', '[7.00]'::jsonb#>'{0}', '[7.00]'::jsonb#>'{x}', '{"a":1}'::jsonb#>'{}'`},
	{sql: `select '{"a":null}'::jsonb->'a', '{"a":null}'::jsonb->>'a', '{"a":1}'::jsonb->'b', '{"a":1}'::jsonb->0`},
	{sql: `select '{"a":"x\"y"}'::jsonb->'a', '{"a":"x\"y"}'::jsonb->>'a', '{"a":[1.10, {"b": true}]}'::jsonb->>'a'`},
	{sql: `select '{"a":{"b":[0.10]}}'::jsonb->'a'->'b'->>0, ('{"a":2.50}'::jsonb->'a')::text`},
	{sql: `select '{"a":1.50}'::jsonb->>$1, '[1.50]'::jsonb->>$2::int`, args: []any{"a", 0}},
	{sql: `select j->'a'->>'b', j#>'{a}' from (values ('{"a":{"b":1.50}}'::jsonb), ('{"a":{"b":2e1}}'::jsonb)) v(j)`},
	{sql: `select $1::jsonb->'a'`, args: []any{`{"a": 1.50}`}},
	{sql: `select to_jsonb(1.50), jsonb_build_array(1.50, 2.0::float8, 1e20::float8), jsonb_build_object('a', 1.50)`},
	{sql: `select to_jsonb('2024-01-01 10:00:00.5'::timestamp), to_jsonb(date '2024-01-01'), jsonb_build_array(true, null, 'x')`},
	{sql: `select to_jsonb(1.5::real), to_jsonb(0.1::real), to_jsonb('NaN'::float8), to_jsonb(1e-7::float8), to_jsonb(100::int8)`},
	{sql: `select to_jsonb(null::int), jsonb_build_array(), jsonb_build_object(), to_jsonb('a"b'::text)`},
	{sql: `select jsonb_build_object('a', 1, 'a', 2), jsonb_build_object(1, 2), jsonb_build_object(1.50, 2.0::float8, true, 'x')`},
	{sql: `select jsonb_build_object('a', '{"b":1.50}'::jsonb), jsonb_build_array('[1.0]'::jsonb, '{"a":1e2}'::jsonb->'a')`},
	{sql: `select jsonb_build_object('a')`},
	{sql: `select jsonb_agg(x order by x desc) from (values (1), (2)) v(x)`},
	{sql: `select jsonb_agg(x) from (values (1), (2)) v(x) where false`},
	{sql: `select jsonb_agg(x) filter (where x > 1) from (values (1), (2), (3)) v(x)`},
	{sql: `select jsonb_agg(j) from (values ('{"a":1.50}'::jsonb), ('[0.10]'::jsonb)) v(j)`},
	{sql: `select jsonb_extract_path('{"a":{"b":1.50}}'::jsonb, 'a', 'b'), jsonb_extract_path_text('{"a":{"b":1.50}}'::jsonb, 'a', 'b')`},
	{sql: `select jsonb_extract_path('{"a":[1, 2.0]}'::jsonb, 'a', '-1'), jsonb_extract_path_text('{"a":"x"}'::jsonb, 'b')`},
	{sql: `select '1.5'::jsonb::numeric, '1.50'::jsonb::numeric, '1e2'::jsonb::numeric, null::jsonb::numeric`},
	{sql: `select ('{"a":2.50}'::jsonb->'a')::numeric(5,1), ('{"a":2.55}'::jsonb->'a')::numeric(5,1), ('{"a":2.50}'::jsonb->'a')::decimal`},
	{sql: `select '"x"'::jsonb::numeric`},
	{sql: `select 'null'::jsonb::numeric`},
	{sql: `select '[1]'::jsonb::numeric`},
	{sql: `select jsonb_array_length('[1,2,3]'::jsonb), json_array_length('[1,2]'), jsonb_array_length(null::jsonb)`},
	{sql: `select jsonb_array_length('{"a":1}'::jsonb)`},
	{sql: `select jsonb_array_length('1'::jsonb)`},
	{sql: `select array_agg(j) from (values ('{"a":1.50}'::jsonb), (null)) v(j)`},
	{sql: `select array['{"b":1,"a":1.50}'::jsonb, null], (array['[1.0]'::jsonb])[1]`},
	{sql: `select concat('{"a":1.50}'::jsonb, 'x'), ('{"a":1.50}'::jsonb)::text`},
	{sql: `select '{"a":1, "b":2}'::jsonb = '{"b":2,"a":1}'::jsonb, '1.0'::jsonb = '1.00'::jsonb, '{"a":1}'::jsonb <> '{"a": 1}'::jsonb`},
	{sql: `select '{"a":1.50}'::jsonb->'a' = '1.5', '[1,2]'::jsonb = '[2,1]'::jsonb, '{"a":1}'::jsonb->'b' = 'null'`},
	{sql: `select jsonb_build_object('a', 1.0) = '{"a": 1}', to_jsonb(2.50) != '2.5'`},
	{sql: `select 'ab'::char(4) || 'x', 'ab'::char(4) = 'ab  ', length('ab'::char(4))`},
	{sql: `select 'ab'::char(4)::text, char_length('ab  '::char(4)), upper('ab'::char(4)), 'abcdef'::char(3)::text`},
	{sql: `select octet_length('ab'::char(4)), concat('ab'::char(4), 'x'), concat_ws('-', 'a'::char(3), 'b')`},
	{sql: `select 'ab'::char(4) like 'ab', 'ab'::char(4) like 'ab%', 'ab  '::char(4) < 'ab '::char(2), 'a'::char(2) <> 'a'`},
	{sql: `select length('abc  '::bpchar), 'abc  '::bpchar || '|'`},
	{sql: `select 'ab'::char(4) = 'ab '::text, 'ab'::char(4) = 'ab'::text, 'ab '::text = 'ab'::char(4)`},
	{sql: `select 'ab'::char(4) = 'ab '::varchar, 'ab '::varchar(5) = 'ab'::char(4), 'ab'::char(4) = 'ab '::varchar(2)`},
	// Statements of one shape share a rewrite once pgway has seen the
	// shape twice, with their constants put into the cached template.
	{sql: `select '{"a":1.50,"b":[2.50]}'::jsonb->'a', '{"a":1}'::jsonb#>>'{a}', 'x'::char(3) = 'x  '`},
	{sql: `select '{"a":1.50,"b":[2.50]}'::jsonb->'b', '{"b":1.0}'::jsonb#>>'{b}', 'y'::char(3) = 'x  '`},
	{sql: `select '{"c":0.10,"b":[2.50]}'::jsonb->'c', '{"c":[7.00]}'::jsonb#>>'{c,0}', 'x '::char(3) = 'x '`},
	{sql: `select '{"c":0.10,"b":[2.50]}'::jsonb->'d', '{"c":[7.00]}'::jsonb#>>'{c,-1}', 'z'::char(3) = 'z'`},
	// The functions that return json write json's text.
	{sql: `select json_build_object('a', 1, 'b', 2), json_build_array(1, 'a'), to_json(1.50), array_to_json(array[1, 2])`},
	{sql: `select json_agg(x) from (values (1), (2)) v(x)`},
	{sql: `select row_to_json(r) from (select 1 as a) r`},
}

// knownJSONBCharGaps differ from PostgreSQL in at least one protocol
// mode. TestJSONBCharGapsStillDiffer fails once one of them matches.
var knownJSONBCharGaps = []divisionCase{
	{sql: `select 'ab'::char(4), 'abc  '::bpchar, 'a'::char`,
		reason: "a char(n) output column is padded as in PostgreSQL but sent as text (OID 25), not bpchar (1042)"},
	{sql: `select count(distinct j) from (values ('{"a":1}'::jsonb), ('{"a": 1}'::jsonb)) v(j)`,
		reason: "fails with 0A000: DISTINCT, GROUP BY and ORDER BY of jsonb would compare DuckDB's JSON text, not jsonb values"},
	{sql: `select jsonb_agg(x), to_jsonb(array[1.50, 2]) from (values (1.50), (2)) v(x)`,
		reason: "the values of a DuckDB DECIMAL column or list share one scale: [1.50, 2.00] where jsonb keeps [1.50, 2]"},
}

// jsonbCharUnsupported fail with 0A000 through pgway, since their result
// on DuckDB would differ from PostgreSQL's.
var jsonbCharUnsupported = []string{
	`select json_object('{a,1}')`,
	`select row_to_json(r, true) from (select 1 as a) r`,
	`select json_agg(distinct x) from (values (1), (2)) v(x)`,
	`select to_json(timestamptz '2024-01-01 00:00+00')`,
	`select '{"b":1,  "a":1.50}'::json`,
	`select '[1,2]'::jsonb < '[1,3]'::jsonb`,
	`select jsonb_agg(distinct x) from (values (1), (2)) v(x)`,
	`select to_jsonb(timestamptz '2024-01-01 00:00+00')`,
	`create table jb_unsupported (j json)`,
	`create table jb_unsupported (c char(4))`,
	`select c from (select 'ab'::char(4) as c) s`,
	`select coalesce('ab'::char(4), 'x')`,
	`select 1 from events group by 'ab'::char(4)`,
}

func TestJSONBCharMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, jsonbCharRegressions)
}

func TestJSONBCharGapsStillDiffer(t *testing.T) {
	runGapCases(t, knownJSONBCharGaps, "jsonbCharRegressions")
}

func TestJSONBCharUnsupported(t *testing.T) {
	ctx := context.Background()
	gw, _ := connectOraclePair(t)
	for _, sql := range jsonbCharUnsupported {
		for _, mode := range protocolModes {
			got := exactResult(ctx, gw, sql, []any{mode})
			if !strings.HasPrefix(got, "error 0A000 ") {
				t.Errorf("%s (%v): got %s, want error 0A000", sql, mode, got)
			}
		}
	}
}

// TestJSONBParameterDescription compares the parameter and column types
// that pgway and PostgreSQL describe for statements with jsonb
// parameters.
func TestJSONBParameterDescription(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range []string{`select $1::jsonb`, `select $1::jsonb->>'a'`, `select '{"a":1}'::jsonb->$1`} {
		describe := func(conn *pgx.Conn) string {
			sd, err := conn.PgConn().Prepare(ctx, "", sql, nil)
			if err != nil {
				return errorCode(err)
			}
			out := fmt.Sprint("parameters ", sd.ParamOIDs, " columns")
			for _, fd := range sd.Fields {
				out += fmt.Sprint(" ", fd.DataTypeOID)
			}
			return out
		}
		if got, want := describe(gw), describe(pg); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// TestJSONBBinaryParameter binds a jsonb parameter in binary format,
// which is its version byte 1 followed by the text, and a Go map, which
// pgx sends as jsonb text.
func TestJSONBBinaryParameter(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	sql := `select $1::jsonb->>'a', $1::jsonb`
	run := func(conn *pgx.Conn) string {
		result := conn.PgConn().ExecParams(ctx, sql, [][]byte{[]byte("\x01{\"a\": 1.50}")},
			[]uint32{3802}, []int16{1}, []int16{0}).Read()
		if result.Err != nil {
			return errorCode(result.Err)
		}
		return fmt.Sprintf("%q", result.Rows)
	}
	// Known: the proxy decodes a binary jsonb parameter with
	// encoding/json, whose float64 writes 1.50 as 1.5.
	if got, want := run(gw), run(pg); got == want {
		t.Errorf("%s now matches PostgreSQL with a binary jsonb parameter: drop its known difference", sql)
	} else {
		t.Logf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
	}
	var value map[string]any
	if err := gw.QueryRow(ctx, `select $1::jsonb`, map[string]any{"a": 1.5}).Scan(&value); err != nil {
		t.Fatal(err)
	}
	if value["a"] != 1.5 {
		t.Errorf("select $1::jsonb with a Go map: got %v, want a = 1.5", value)
	}
}
