package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 calls, operators and casts of
// operand types that PostgreSQL rejects where DuckDB runs them or fails
// with another SQLSTATE. Among them are min and max of two values,
// string_agg of a number, a subscript or field of a scalar, IS TRUE of a
// number, ANY of a scalar and casts between dates and numbers. They also cover overlay()
// at the edges of its start and count, position(), overlay(),
// string_agg() and set_byte() of bytea, and LIKE patterns with % that
// end with their escape character. Statements that PostgreSQL runs sit
// beside them, so that the checks reject no more than PostgreSQL.

var operandTypeSetup = []string{
	"drop table if exists ot_t",
	"create table ot_t (a int, b bigint, s text, d date, n numeric(10,2), i2 smallint, by bytea, j jsonb)",
	`insert into ot_t values (1, 2, 'abc', '2020-01-01', 1.5, 3, '\x0102', '{"a": [1, 2]}'),
		(2, null, 'abcd', null, null, null, null, null)`,
}

var operandTypeMatches = []string{
	// min and max take one value, and PostgreSQL 15 has neither for
	// boolean nor for bytea.
	"select max(a, b) from ot_t",
	"select min(a, b) from ot_t",
	"select max(1, 2)",
	"select max(s, s) from ot_t",
	"select max(a > 1) from ot_t",
	"select min(s like 'a%') from ot_t",
	"select max(a in (1, 2)) from ot_t",
	"select max(by) from ot_t",
	"select max(a), min(b), max(s), min(n), max(d) from ot_t",
	"select max(array[a]) from ot_t",

	// string_agg takes text or bytea.
	"select string_agg(a, ',') from ot_t",
	"select string_agg(s, 1) from ot_t",
	"select string_agg(d, ',') from ot_t",
	"select string_agg(1.5, ',')",
	"select string_agg(true, ',')",
	"select string_agg(s, '\\x00'::bytea) from ot_t",
	"select string_agg(s, ',' order by s) from ot_t",
	"select string_agg(a::text, ',' order by a) from ot_t",
	"select string_agg(null, ',')",

	// Subscripts and fields of scalars.
	"select s[1] from ot_t",
	"select (s)[1] from ot_t",
	"select a[1] from ot_t",
	"select n[1] from ot_t",
	"select d[1] from ot_t",
	"select by[1] from ot_t",
	"select (a).x from ot_t",
	"select (s).x from ot_t",
	"select (d).x from ot_t",
	"select (ot_t).a from ot_t order by 1",
	"select j['a'][1] from ot_t order by 1",
	"select (array[a])[1] from ot_t order by 1",

	// IS TRUE and the like take a boolean.
	"select a is true from ot_t",
	"select a is not false from ot_t",
	"select s is unknown from ot_t",
	"select d is not true from ot_t",
	"select (a > 1) is true from ot_t order by 1",
	"select 'true' is true",
	"select null is not unknown",

	// ANY and ALL take an array.
	"select 1 = any(1)",
	"select 1 = any(a) from ot_t",
	"select 's' = any(s) from ot_t",
	"select 1 = all(1.5)",
	"select 1 < any(a) from ot_t",
	"select 1 = any('{1,2}')",
	"select 1 = any(null)",
	"select a = any(array[1]) from ot_t order by 1",

	// Casts between date and time types and numbers.
	"select d::int from ot_t",
	"select d::bigint from ot_t",
	"select d::numeric from ot_t",
	"select d::float8 from ot_t",
	"select d::boolean from ot_t",
	"select a::date from ot_t",
	"select a::interval from ot_t",
	"select a::timestamp from ot_t",
	"select d::timestamp::int from ot_t",
	"select d::time from ot_t",
	"select interval '1 day'::date",
	"select d::timestamp from ot_t order by 1",
	"select d::timestamptz::date from ot_t order by 1",
	"select '10:00'::time::interval",
	"select interval '1 hour'::time",
	"select d::text from ot_t order by 1",
	"select a::bigint::numeric::float8 from ot_t order by 1",

	// json_extract_path takes text path elements.
	"select json_extract_path('{}', 1)",
	"select json_extract_path_text('{}', 'a', 1)",
	"select jsonb_extract_path('{}', 1)",
	"select jsonb_extract_path('{\"a\": 1}', 'a')",

	// overlay() of text at the edges of its start and count.
	"select overlay('abc' placing 'x' from 0)",
	"select overlay('abc' placing 'x' from -1 for 1)",
	"select overlay('abc' placing 'x' from 1)",
	"select overlay('abc' placing 'x' from 4)",
	"select overlay('abc' placing 'x' from 5)",
	"select overlay('abc' placing 'x' from 2 for 0)",
	"select overlay('abc' placing 'x' from 2 for -1)",
	"select overlay('abc' placing 'x' from 2 for -5)",
	"select overlay('abc' placing 'x' from 2 for 5)",
	"select overlay('abc' placing 'x' from 2147483647 for 1)",
	"select overlay('abc' placing 'x' from 2 for 2147483647)",
	"select overlay('aéc' placing 'xy' from 2)",
	"select overlay(s placing 'Z' from a) from ot_t order by 1",
	"select overlay(s placing 'Z' from a - 1) from ot_t",
	"select overlay(null placing 'x' from 0)",
	"select overlay('abc' placing 'x' from 0 for null)",

	// position(), overlay(), string_agg() and set_byte() of bytea.
	"select position('\\x02'::bytea in by) from ot_t order by 1",
	"select position('\\x0102'::bytea in '\\x00010203'::bytea)",
	"select position('\\x10'::bytea in '\\x0110'::bytea)",
	"select position(''::bytea in '\\x01'::bytea)",
	"select position('\\x01'::bytea in ''::bytea)",
	"select position(''::bytea in ''::bytea)",
	"select position('\\x02' in by) from ot_t order by 1",
	"select overlay(by placing '\\x05'::bytea from 1) from ot_t order by 1",
	"select overlay(by placing '\\x05' from 2 for 0) from ot_t order by 1",
	"select overlay(by placing '\\x0506' from 0) from ot_t",
	"select overlay(by placing '\\x0506' from 2 for 5) from ot_t order by 1",
	"select overlay(by placing '\\x0506' from 2 for -1) from ot_t order by 1",
	"select overlay(by placing '\\x0506' from 3) from ot_t order by 1",
	"select overlay(by placing null from 3) from ot_t",
	"select string_agg(by, '\\x00'::bytea) from ot_t",
	"select string_agg(by, ',') from ot_t",
	"select string_agg(by, null::bytea) from ot_t",
	"select string_agg(by, '\\xff' order by by desc) from ot_t",
	"select set_byte(by, 0, 65) from ot_t order by 1",
	"select set_byte(by, 1, 321) from ot_t order by 1",
	"select set_byte(by, 0, -1) from ot_t order by 1",
	"select set_byte(by, 2, 65) from ot_t",
	"select set_byte(by, -1, 65) from ot_t",
	"select set_byte(''::bytea, 0, 1)",

	// LIKE patterns with % that end with their escape character.
	`select 'abc' like 'a%\'`,
	`select 'a' like 'a%\'`,
	`select 'abc' like '%c\'`,
	`select 'abcd' like '%c\'`,
	`select 'abcd' like '%b%\'`,
	`select 'ab' like '%b%\'`,
	`select 'abcd' like 'a%__\'`,
	`select 'abc' like 'a%__\'`,
	`select 'ab' like 'a%__\'`,
	`select 'b' like '_%\'`,
	`select 'bc' like '_%\'`,
	`select 'abcd' not like '%c#' escape '#'`,
	`select 'ABcd' ilike '%b#' escape '#'`,
	`select 'abc' like 'a_' escape '_'`,
	`select 'ab' like 'ab%' escape '%'`,
	`select 'a%b' like '%b%' escape '%'`,
	`select 'a\b' like 'a\%#' escape '#'`,
	`select null like '%c\'`,
	`select s like '%b\' from ot_t`,
	`select s like '%d\' from ot_t order by 1`,
}

func TestOperandTypesMatchPostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, operandTypeSetup)
	t.Cleanup(func() { pg.Exec(context.Background(), operandTypeSetup[0]) })
	compareExact(t, gw, pg, operandTypeMatches)
}
