package enginetest

import (
	"testing"
)

// These tests attack name lookup under search_path, DISCARD TEMP, casts
// to text of values whose type pgway cannot see, numeric string constants
// and the scale that coalesce(), CASE, greatest(), least() and nullif()
// pass on, on a writable DuckDB file. Each step runs through pgway and on
// PostgreSQL 15, and the rows, tags, errors and notices of every statement
// are compared. A case with a known difference fails once it matches.

// namesTextObjects are dropped on the oracle before and after each case,
// since the oracle's database is shared by the package's tests.
var namesTextObjects = []string{
	"drop view if exists public.adv_v cascade",
	"drop table if exists public.adv_t, public.adv_keep, public.adv_num, public.adv_bytes cascade",
	`drop table if exists public."Adv_Mixed" cascade`,
}

func runNamesTextCases(t *testing.T, cases []implicitCase) {
	runOracleCases(t, cases, namesTextObjects)
}

func TestAdversarialNamesSearchPath(t *testing.T) {
	runNamesTextCases(t, []implicitCase{
		{"no schema of search_path exists", []implicitStep{
			q0("create table adv_keep (a integer)"),
			q0("insert into adv_keep values (1)"),
			q0("set search_path = adv_none"),
			q0("create table adv_t (a integer)"),
			q0("create view adv_v as select 1 as x"),
			q0("select * from adv_keep"),
			q0("drop table adv_keep"),
			q0("insert into adv_keep values (2)"),
			q0("create temp table adv_tmp (a integer)"),
			q0("insert into adv_tmp values (3)"),
			q0("select * from adv_tmp"),
			q0("select * from pg_temp.adv_tmp"),
			q0("drop table adv_tmp"),
			q0("set search_path = ''"),
			q0("create table adv_t (a integer)"),
			q0("reset search_path"),
			q0("select * from adv_keep"),
			q1("select * from adv_keep"),
		}, ""},
		{"pg_temp first creates temporary tables", []implicitStep{
			q0("create table adv_keep (a integer)"),
			q0("insert into adv_keep values (10)"),
			q0("set search_path = pg_temp, public"),
			q0("create table adv_keep (a integer)"),
			q0("insert into adv_keep values (20)"),
			q0("select * from adv_keep"),
			q0("select * from public.adv_keep"),
			q0("create table adv_t (b integer)"),
			q1("select * from adv_t"),
			q0("drop table adv_keep"),
			q0("select * from adv_keep"),
			q0("drop table adv_t"),
			q0("reset search_path"),
			q0("select * from adv_t"),
		}, ""},
		{"pg_temp first in a prepared statement", []implicitStep{
			q0("create table adv_keep (a integer)"),
			q0("insert into adv_keep values (10)"),
			q0("create temp table adv_keep (a integer)"),
			q0("insert into pg_temp.adv_keep values (20)"),
			p0("select a from adv_keep"),
			q0("set search_path = public"),
			p0("select a from adv_keep"),
			q0("set search_path = pg_temp, public"),
			p0("select a from adv_keep"),
		}, ""},
		{"WITH query named like a relation in another case", []implicitStep{
			q0(`create table "Adv_Mixed" (x integer)`),
			q0(`insert into "Adv_Mixed" values (1)`),
			q0("with adv_other as (select 2 as x) select * from adv_other"),
			q0(`with "Adv_Mixed" as (select 2 as x) select * from "Adv_Mixed"`),
			q0(`with adv_mixed as (select 2 as x) select * from adv_mixed`),
			q0(`create view adv_v as select * from "Adv_Mixed"`),
			q0("with adv_mixed as (select 2 as x) select * from adv_v"),
		}, ""},
		// Known: DuckDB looks temporary tables up first, so pgway rejects
		// the unqualified name of one with pg_temp after another schema,
		// where PostgreSQL finds the table.
		{"pg_temp after another schema", []implicitStep{
			q0("set search_path = public, pg_temp"),
			q0("create temp table adv_tmp (a integer)"),
			q0("insert into pg_temp.adv_tmp values (1)"),
			q0("select * from pg_temp.adv_tmp"),
			q0("select * from adv_tmp"),
		}, "an unqualified temporary table with pg_temp after public fails with 0A000"},
		// Known: DuckDB binds a CTE name case-insensitively, so pgway
		// rejects a relation named like a WITH query in another case.
		{"WITH query shadowing in another case", []implicitStep{
			q0(`create table "Adv_Mixed" (x integer)`),
			q0(`insert into "Adv_Mixed" values (1)`),
			q0(`with adv_mixed as (select 2 as x) select * from "Adv_Mixed"`),
		}, "a relation named like a WITH query in another case fails with 0A000"},
		// DuckDB matches identifiers in any case, so pgway rejects an
		// unquoted name that finds a table only in another case.
		{"unquoted name finds a mixed-case table", []implicitStep{
			q0(`create table "Adv_Mixed" (x integer)`),
			q0(`insert into "Adv_Mixed" values (1)`),
			q0("select * from adv_mixed"),
			q0("drop table adv_mixed"),
			q0(`select * from "Adv_Mixed"`),
		}, ""},
		{"column names in another case", []implicitStep{
			q0(`create table adv_t ("Val" integer, id integer)`),
			q0("insert into adv_t values (1, 2)"),
			q0("select val from adv_t"),
			q0(`select "Val", id from adv_t`),
			q0(`select v.val from (select "Val" as val from adv_t) v`),
			q0("update adv_t set val = 3"),
			q0("insert into adv_t (val) values (1)"),
			q0(`select count(*) from adv_t where "Val" = 1`),
		}, ""},
		{"CREATE TABLE pg_temp.name", []implicitStep{
			q0("create table pg_temp.adv_tmp (a integer)"),
			q0("select * from adv_tmp"),
		}, ""},
		{"DROP IF EXISTS of a missing table", []implicitStep{
			q0("set search_path = adv_none"),
			q0("drop table if exists adv_keep"),
			q0("reset search_path"),
			q0("drop table if exists adv_keep"),
			q0("drop view if exists public.adv_v"),
			q0("drop table if exists adv_none.adv_keep"),
			q0("drop schema if exists adv_none"),
			q0("create table adv_keep (a integer)"),
			q0("drop table if exists adv_keep"),
			q0("begin"),
			q0("create table adv_keep (a integer)"),
			q0("drop table if exists public.adv_keep"),
			q0("drop table if exists public.adv_keep"),
			q0("commit"),
		}, ""},
	})
}

func TestAdversarialDiscardTemp(t *testing.T) {
	runNamesTextCases(t, []implicitCase{
		{"DISCARD TEMP rolled back", []implicitStep{
			q0("create temp table adv_tmp (a integer)"),
			q0("insert into adv_tmp values (1)"),
			q0("begin; discard temp; select count(*) from adv_tmp"),
			q0("rollback"),
			q0("select * from adv_tmp"),
			q0("discard temp; select 1 / 0"),
			q0("select * from adv_tmp"),
			q0("begin; discard temporary; create temp table adv_tmp (b text); insert into adv_tmp values ('x'); rollback"),
			q0("select * from adv_tmp"),
			q0("begin; discard temp; commit"),
			q0("select count(*) from adv_tmp"),
		}, ""},
		{"missing pg_temp table named in the error", []implicitStep{
			q0("select count(*) from pg_temp.adv_tmp"),
		}, ""},
		{"DISCARD TEMP keeps other sessions' tables", []implicitStep{
			q0("create table adv_keep (a integer)"),
			q0("insert into adv_keep values (1)"),
			q1("create temp table adv_keep (a integer)"),
			q1("insert into adv_keep values (2)"),
			q0("discard temp"),
			q1("select * from adv_keep"),
			q1("discard temp; select * from adv_keep"),
		}, ""},
	})
}

func TestAdversarialUnknownTypeText(t *testing.T) {
	const tempTable = "create temp table adv_tmp (i integer, f double precision, n numeric(8,3), b boolean, t text, d date, a integer[])"
	const tempRows = "insert into adv_tmp values (1, 100, 2.5, true, 'a\"b,c', '2024-01-02', array[1,2]), (null, 'NaN', null, false, null, null, array[]::integer[])"
	runNamesTextCases(t, []implicitCase{
		{"temporary table columns and rows as text", []implicitStep{
			q0(tempTable), q0(tempRows),
			q0("select adv_tmp::text from adv_tmp order by i"),
			q0("select i::text, f::text, n::text, b::text, t::text, d::text, a::text from adv_tmp order by i"),
			q0("select row(i, f, t)::text, row(b, a)::text from adv_tmp order by i"),
			q0("select concat(adv_tmp) from adv_tmp order by i"),
			q0("select concat(f, n, a, b) from adv_tmp order by i"),
			q0("select s::text, s.f::text from (select f, t from adv_tmp) s order by 1"),
		}, ""},
		{"constant rows and arrays as text", []implicitStep{
			q0("select row(1, 'a b', null)::text, row(1.5::float8, array[1,2])::text"),
			q0("select array[row(1, 'a b'), row(2, null)]::text"),
			q0("select concat(array[1.5::float8, 2], 1.0::float8, 1e20::float8, 'Infinity'::float8)"),
			q0("select array[1.0::float8]::text, row(2.0::float8)::text"),
			q0("select g::text from generate_series(1, 3) g"),
		}, ""},
		{"table function output as text", []implicitStep{
			q0("select u::text from unnest(array[100::float8, 1e20, 1e-5, 0.1]) u"),
		}, ""},
		// Known: concat() of a row writes DuckDB's struct text.
		{"concat of a row", []implicitStep{
			q0("select concat(row(1, 'x'))"),
			q0("select concat_ws('|', 1.5::float8, row(1, 2))"),
		}, ""},
		{"concat of a temporary table's row", []implicitStep{
			q0(tempTable), q0(tempRows),
			q0("select concat(row(f, t)) from adv_tmp order by i"),
		}, ""},
		{"array of rows from a query as text", []implicitStep{
			q0("select array(select row(1, 'x'))::text"),
			q0("create table adv_t (a numeric(10,2), b text)"),
			q0("insert into adv_t values (1.5, 'x')"),
			q0("select array_agg(row(a, b))::text from adv_t"),
		}, ""},
		{"row of a star as text", []implicitStep{
			q0("create table adv_t (f double precision, t text)"),
			q0("insert into adv_t values (100, 'x')"),
			q0("select row(adv_t.*)::text from adv_t"),
		}, "fails with 0A000: DuckDB names the fields of ROW(t.*) only by position"},
		{"computed floats of unknown type as text", []implicitStep{
			q0(tempTable), q0(tempRows),
			q0("select (f * 2)::text, (-f)::text, abs(f)::text from adv_tmp order by i"),
			q0("select unnest(array[1.5::float8, 2])::text"),
			q0("create table adv_t (f double precision)"),
			q0("insert into adv_t values (100)"),
			q0("select (adv_t).f::text from adv_t"),
		}, ""},
		// A temporary view that a transaction block created has no known
		// column types in that block.
		{"scalar subquery of a row as text", []implicitStep{
			q0(tempTable), q0(tempRows), q0("begin"), q0("create temp view adv_tmpv as select * from adv_tmp"),
			q0("select (select adv_tmpv from adv_tmpv where i = 1)::text"),
			q0("rollback"),
		}, ""},
		{"array concatenated with text", []implicitStep{
			q0("select array[1, 2] || ''::text"),
		}, ""},
		{"temporary table columns beside text in ||", []implicitStep{
			q0(tempTable), q0(tempRows),
			q0("select 'f=' || f || ', b=' || b || ', n=' || n, i || t, d || '' from adv_tmp order by i"),
			q0("select f || t::text, (f * 2) || 'x' from adv_tmp order by i"),
			q0("select 'x' || (select f from adv_tmp where i = 1)"),
			q0("select a || array[3] from adv_tmp order by i"),
		}, ""},
		{"temporary table array beside a string in ||", []implicitStep{
			q0(tempTable), q0(tempRows),
			q0("select a || '{3}' from adv_tmp order by i"),
		}, ""},
		{"two temporary table columns in ||", []implicitStep{
			q0(tempTable), q0(tempRows),
			q0("select t || f from adv_tmp order by i"),
		}, ""},
		{"temporary view columns in ||", []implicitStep{
			q0(tempTable), q0(tempRows), q0("create temp view adv_tmpv as select * from adv_tmp"),
			q0("select a || '{3}', t || f from adv_tmpv order by i"),
		}, ""},
		{"temporary view array beside a string in ||", []implicitStep{
			q0(tempTable), q0(tempRows), q0("begin"), q0("create temp view adv_tmpv as select * from adv_tmp"),
			q0("select a || '{3}' from adv_tmpv order by i"),
			q0("rollback"),
		}, "fails with 0A000: the array's type is unseen, and || of a string would join text"},
		{"two temporary view columns in ||", []implicitStep{
			q0(tempTable), q0(tempRows), q0("begin"), q0("create temp view adv_tmpv as select * from adv_tmp"),
			q0("select t || f from adv_tmpv order by i"),
			q0("rollback"),
		}, "neither type is seen, so || keeps DuckDB's text of the float (100.0)"},
	})
}

func TestAdversarialNumericStrings(t *testing.T) {
	runNamesTextCases(t, []implicitCase{
		{"string constants cast to numeric", []implicitStep{
			q0("select '1.25'::numeric, '1.250'::numeric, ' 1.5 '::numeric, '1e3'::numeric, '-0.00'::numeric, '+.5'::numeric"),
			q0("select '1e-3'::numeric, '.000'::numeric, '1.'::numeric, '1.25'::numeric + 1"),
			q0("select 'abc'::numeric"),
			q0("select '1_000'::numeric"),
			q0("select ''::numeric"),
			q0("select '1.25'::numeric(10,1)"),
			q1("select 1"),
		}, ""},
		{"string constant with more than 38 fractional digits", []implicitStep{
			q0("select '0.000000000000000000000000000000000000000001'::numeric"),
		}, "fails with 0A000: DuckDB's numbers have at most 38 digits"},
		{"numeric literals of more than 38 digits", []implicitStep{
			q0("select 0.000000000000000000000000000000000000000001"),
			q0("select 1.5 + 0.000000000000000000000000000000000000000001"),
		}, "fails with 0A000: DuckDB's numbers have at most 38 digits"},
		// Known: DuckDB gives numeric without a precision DECIMAL(18,3),
		// which would round to 3 fractional digits, so CREATE TABLE fails.
		{"numeric column without a precision", []implicitStep{
			q0("create table adv_num (c numeric)"),
			q0("insert into adv_num values (3.14159), ('2.71828')"),
			q0("select c from adv_num order by c"),
		}, "CREATE TABLE fails with 0A000, as DuckDB would round the column to 3 fractional digits"},
		{"bytea string inserted into a column", []implicitStep{
			q0("create table adv_bytes (b bytea)"),
			q0(`insert into adv_bytes values ('\x0102')`),
			q0("select b, octet_length(b) from adv_bytes"),
			q0(`update adv_bytes set b = '\xff'`),
			q0("select b from adv_bytes"),
			q0("create table adv_num (i integer, d date, n numeric(5,1))"),
			q0("insert into adv_num values ('7', '2024-02-29', '1.25')"),
			q0("insert into adv_num (i) values ('2.5')"),
			q0("insert into adv_num (d) values ('February 29, 2024')"),
			q0("select i, d, n from adv_num order by i"),
			q0("create table adv_t (f double precision)"),
			q0("insert into adv_t values (123456789012345678901234567890123456789012), (1.5e300)"),
			q0("update adv_t set f = 1e39 where f > 1e40::float8"),
			q0("select f from adv_t order by f"),
		}, ""},
		{"array strings inserted into array columns", []implicitStep{
			q0("create table adv_arr (i int[], t text[], d date[], b boolean[])"),
			q0(`insert into adv_arr values ('{1,2,NULL}', '{a,"b c",""}', '{2024-02-29}', '{t,false}')`),
			q0("insert into adv_arr (i, t) values ('{}', '{\"x,y\"}')"),
			q0("update adv_arr set i = '{7}' where cardinality(i) = 0"),
			q0("select i, t, d, b, array_length(i, 1) from adv_arr order by 5"),
		}, ""},
	})
}

func TestAdversarialNumericPick(t *testing.T) {
	const table = "create table adv_num (id integer, a numeric(10,2), b numeric(12,4), e integer)"
	const rows = "insert into adv_num values (1, 1.50, 2.2500, 7), (2, null, 0.1000, null), (3, 4.00, null, 3)"
	runNamesTextCases(t, []implicitCase{
		{"scale of the value passed on", []implicitStep{
			q0(table), q0(rows),
			q0("select id, coalesce(a, b), coalesce(b, a), coalesce(a, 0), coalesce(a, 0.5), coalesce(a, e) from adv_num order by id"),
			q0("select id, case when id = 1 then a else b end, case id when 2 then b else a end from adv_num order by id"),
			q0("select id, greatest(a, b), least(a, b), greatest(a, e), nullif(a, 4), nullif(b, 0.1) from adv_num order by id"),
			q0("select id, coalesce(a, b)::text, coalesce(a, b) + 1 from adv_num order by id"),
			q0("select coalesce(a, b), count(*) from adv_num group by 1 order by 1"),
			p0("select id, coalesce(a, b) from adv_num order by id"),
			q0("select coalesce(null::numeric(10,2), 0.125), greatest(1.5, 1.50), least(1.50, 1.5)"),
		}, ""},
		{"string constant beside a numeric column", []implicitStep{
			q0(table), q0(rows),
			q0("select id, coalesce(a, '0.125') from adv_num order by id"),
			q0("select id, nullif(a, '4.001') from adv_num order by id"),
			q0("select case when false then 1::numeric(10,2) else '0.125' end"),
		}, ""},
		{"string constant beside an integer column", []implicitStep{
			q0(table), q0(rows),
			q0("select id, coalesce(e, '2.5') from adv_num order by id"),
		}, ""},
		{"GROUP BY of a coalesce", []implicitStep{
			q0(table), q0(rows),
			q0("select coalesce(a, b) from adv_num group by coalesce(a, b) order by 1"),
		}, ""},
	})
}
