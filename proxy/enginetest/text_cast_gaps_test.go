package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare with PostgreSQL 15 the casts of text that a
// derived table, WITH query or VALUES list computes, the text of arrays
// that || and array functions return, and the names of RETURNING
// columns.

// derivedTextSetup creates text that PostgreSQL reads month first as a
// date, as boolean and as a time of day.
var derivedTextSetup = []string{
	"create table tcg_text (id int, s text, v varchar(12), a text[])",
	`insert into tcg_text values (1, '1/2/24', 'on', '{1/2/24,on,10:00 PM}'), (2, 'Jan 2 24', ' t ', '{01/02/2024}')`,
}

var derivedTextQueries = []string{
	"select x::date from (select lower(s) x from tcg_text where id = 1) q",
	"select x::date from (select min(s) x from tcg_text) q",
	"select x::timestamptz from (select s || ' 10:00' x from tcg_text where id = 1) q",
	"select x::date from (select lower('1/2/24') x) s",
	"select x::date from (select '1/2/' || '24' x) s",
	"with c as (select lower('1/2/24') x) select x::date from c",
	"select x::date from (values (lower('1/2/24'))) v(x)",
	"select x::date from (values ('1/2/24'), (lower('1/3/24'))) v(x) order by 1",
	"select x::date from (select coalesce(null, '1/2/24') x) s",
	"select x::date from (select concat('1/2/24') x) s",
	"select x::date from (select trim(' 1/2/24 ') x) s",
	"select x::date from (select substr('1/2/24', 1) x) s",
	"select x::date from (select lower('01/02/2024') x) s",
	"select cast(x as date) from (select lower(s) x from tcg_text where id = 2) s",
	"select x::timestamp from (select lower('1/2/24') x) s",
	"select x::timestamptz from (select lower('Jan 5 2024') x) s",
	"select x::boolean from (select lower('on') x) s",
	"select x::boolean from (select lower(v) x from tcg_text) s order by id",
	"select x::boolean from (select upper(v) x, id from tcg_text) s order by id",
	"select x::time from (select lower('10:00 PM') x) s",
	"select lower('10:00 PM')::time",
	"select a[1]::date, a[2]::bool, a[3]::time from tcg_text where id = 1",
	"select (a[1] || '')::date from tcg_text order by id",
	"select x::date from (select a[1] x from tcg_text) q order by 1",
	"select x::date from (select (select lower(s) from tcg_text where id = 1) x) q",
}

func TestDerivedTextCasts(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists tcg_text") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, derivedTextSetup)
	compareExact(t, gw, pg, derivedTextQueries)
}

// arrayTextSetup creates array columns for || and casts to text.
var arrayTextSetup = []string{
	"create table tcg_arr (id int, a int[], t text[])",
	`insert into tcg_arr values (1, '{1,2}', '{a b,c}'), (2, '{4}', '{"x\"y"}')`,
}

var arrayTextQueries = []string{
	"select (array[1,2] || 3)::text",
	`select (array['a b'] || 'c"d'::text)::text`,
	"select (array[interval '1 day'] || interval '2 hours')::text",
	"select (array[1] || 2)::text like '{%', length((array[1] || 2)::text)",
	"select 'x' || (array[1] || 2)::text",
	"select (array[1,2] || 3)::text::int[]",
	"select (a || 3)::text = '{1,2,3}', (a || a)::text, (3 || a)::text from tcg_arr order by id",
	"select (t || 'x')::text, ('{9}' || a)::varchar, cast(a || 3 as text) from tcg_arr order by id",
	"select coalesce(array[1] || 2, null)::text, (case when true then array[1] || 2 end)::text",
	"select nullif(array[1] || 2, array[5])::text, greatest(array[1] || 3, array[0])::text",
	"select string_agg((a || id)::text, ';' order by id) from tcg_arr",
	"select regexp_match('ab', '(a)(b)')::text",
	"select regexp_match(t[1], '(a)')::varchar = '{a}' from tcg_arr order by id",
	`select regexp_matches('a1b2', '[a-z](\d)', 'g')::text`,
	"select array_positions(array[1,2,1], 1)::text",
	"select percentile_cont(array[0.5,0.25]) within group (order by id)::text from tcg_arr",
	"select percentile_disc(array[0.5,0.25]) within group (order by id)::text from tcg_arr",
	"select (array[1,2,3])[2:3]::text, (a || 5)[2:3]::text from tcg_arr order by id",
}

func TestArrayResultsAsText(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists tcg_arr") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, arrayTextSetup)
	compareExact(t, gw, pg, arrayTextQueries)
}

var returningNamesSetup = []string{
	"create table tcg_ret (id int, s text, v numeric(10,2), n int)",
	"insert into tcg_ret values (1, 'a', 1.5, 4)",
}

// returningNamesQueries run once, in the simple protocol, since they
// change the table.
var returningNamesQueries = []string{
	"insert into tcg_ret values (50, 'q', 1.5, 2) returning id + 1, upper(s), v * 2",
	"update tcg_ret set v = 3 where id = 50 returning id + 1, length(s), n / 3, v > 1",
	"update tcg_ret set v = 4 where id = 1 returning *, tcg_ret.s, (id), id::text, -id, now() is not null, s as \"S\"",
	"delete from tcg_ret where id = 50 returning id - 1, v > 1, coalesce(s, 'x')",
}

func TestReturningColumnNames(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists tcg_ret") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, returningNamesSetup)
	ctx := context.Background()
	for _, sql := range returningNamesQueries {
		want, got := namedResult(ctx, pg, sql), namedResult(ctx, gw, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// namedResult runs sql once in the simple protocol and returns the names
// and type OIDs of its columns and the text of its rows, or the error.
func namedResult(ctx context.Context, conn *pgx.Conn, sql string) string {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var columns []string
	for _, fd := range rows.FieldDescriptions() {
		columns = append(columns, fmt.Sprintf("%s:%d", fd.Name, fd.DataTypeOID))
	}
	out := strings.Join(columns, ",") + " ="
	for rows.Next() {
		var values []string
		for _, raw := range rows.RawValues() {
			values = append(values, fmt.Sprintf("%q", raw))
		}
		out += " (" + strings.Join(values, ",") + ")"
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out
}

// scalarJSONBQueries index scalar jsonb, which PostgreSQL 15 stores as an
// array of one element.
var scalarJSONBQueries = []string{
	`select '"str"'::jsonb -> 0, '5'::jsonb ->> 0, 'true'::jsonb -> -1`,
	"select 'null'::jsonb -> 0, 'null'::jsonb ->> 0",
	`select '"str"'::jsonb -> 1, '"str"'::jsonb -> -2, '"s"'::jsonb -> 'a'`,
	"select '5'::jsonb #> '{0}', '5'::jsonb #>> '{0}', '[5]'::jsonb -> 0",
}

func TestScalarJSONBSubscript(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, scalarJSONBQueries)
}

// verticalTabQueries have \v in escape strings, which PostgreSQL 15 reads
// as v, where the parser of PostgreSQL 17 reads a vertical tab.
var verticalTabQueries = []string{
	`select E'\v', ascii(E'\v'), length(E'\v\v')`,
	`select E'a\\v\vb' || e'\v', E'\x41\v', 'a\v'`,
}

func TestEscapeStringVerticalTab(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, verticalTabQueries)
}

// duplicateNameQueries return columns of the same name through * of a
// derived table or WITH query, which DuckDB would rename x_1.
var duplicateNameQueries = []string{
	"select * from (select 1, 2) s",
	"select s.*, 3 from (select 1 x, 2 x) s",
	"with t as (select 1 x, 2 x) select * from t",
	"select * from (select 1 x_1, 2 x, 3 x) s",
	"select * from (select 1, 2) s, (select 3 y, 4 y) t",
	"select * from (select * from (select 1 x, 2 x) a) b",
	"select * from (select 1 x, 2 x) s join (select 3 z) u on true",
	"select * from (select 1 x, 2 x union all select 3, 4) s order by 1",
}

func TestDuplicateColumnNames(t *testing.T) {
	gw, pg := typedFilePair(t)
	ctx := context.Background()
	for _, sql := range duplicateNameQueries {
		want, got := namedResult(ctx, pg, sql), namedResult(ctx, gw, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
