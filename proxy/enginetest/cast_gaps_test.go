package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare with PostgreSQL 15 casts and expressions over
// table columns that DuckDB rejects or computes otherwise. Each query
// compares the type OID and value of every column, or the SQLSTATE and
// message of the error, in every protocol mode.

// textBooleanSetup creates text that PostgreSQL reads as boolean, with
// white space, in other cases and as prefixes, and text that it rejects.
var textBooleanSetup = []string{
	"create table cg_bool (id int, s text, v varchar(10))",
	`insert into cg_bool values (1, 'on', 'off'), (2, ' t ', 'TRUE'), (3, 'YES', e'\tno\n'),
		(4, 'of', 'y'), (5, '1', '0'), (6, '0', 'Fa'), (7, 'n', 'tr'), (8, null, null)`,
}

var textBooleanQueries = []string{
	"select id, v::bool, v::text::bool from cg_bool order by id",
	"select s from cg_bool where s::bool order by id",
	"select count(*) filter (where s::bool) from cg_bool where id <> 4",
	// boolin reads "of", a prefix of off only, as false, and rejects
	// "o", a prefix of on and off.
	"select id, s::boolean from cg_bool order by id",
	"select s::boolean from cg_bool where id = 4",
	"select (s || 'x')::boolean from cg_bool where id = 1",
	"select (s || ' ')::boolean from cg_bool where id = 1",
	"select cast(s as boolean) from cg_bool where id = 2",
	"select (left(s, 1))::boolean from cg_bool where id = 1",
	"select trim(v)::boolean, upper(s)::bool from cg_bool where id = 3",
}

func TestTextColumnCastToBoolean(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists cg_bool") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, textBooleanSetup)
	compareExact(t, gw, pg, textBooleanQueries)
}

// arrayAppendSetup creates an integer array column for || in UPDATE SET,
// where pgway resolves the target table's column types as in SELECT.
var arrayAppendSetup = []string{
	"create table cg_arr (id int, arr int[], other int[])",
	"insert into cg_arr values (1, '{1,2}', '{7}'), (2, null, '{8}'), (3, '{}', null)",
}

var arrayAppendQueries = []string{
	"update cg_arr set arr = arr || 5",
	"select id, arr from cg_arr order by id",
	"update cg_arr set arr = 6 || arr where id <> 2",
	"select id, arr from cg_arr order by id",
	"update cg_arr set arr = arr || arr where id = 1",
	"update cg_arr set arr = arr || null where id = 3",
	"update cg_arr set arr = arr || other",
	"select id, arr from cg_arr order by id",
	"update cg_arr set arr = arr || 9 where arr[1] = 6 returning id, arr, arr || 10",
	"update cg_arr a set arr = a.arr || b.x from (values (1, 4), (2, 5)) b(i, x) where a.id = b.i returning a.id, a.arr",
	"select id, arr || arr, 5 || arr, arr || null, arr || 6, arr || other from cg_arr order by id",
}

func TestArrayAppendInUpdate(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists cg_arr") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, arrayAppendSetup)
	compareExact(t, gw, pg, arrayAppendQueries)
}

// ambiguousOrderSetup creates two integer columns for result columns of
// the same name.
var ambiguousOrderSetup = []string{
	"create table cg_order (a int, b int)",
	"insert into cg_order values (1, 2), (2, 1), (3, 0)",
}

var ambiguousOrderQueries = []string{
	"select a as x, b as x from cg_order order by x",
	"select a as x, b as x from cg_order order by 1, x desc",
	"select a, b as a from cg_order order by a",
	"select a as x, a as x from cg_order order by x",
	"select a as x, cg_order.a as x from cg_order order by x desc",
	"select a, a from cg_order order by a desc",
	"select a + 1 as x, a + 1 as x from cg_order order by x",
	"select a as x, b as x from cg_order order by x + 1",
	"select distinct on (x) a as x, b as x from cg_order",
	"select count(a), count(b) from cg_order order by count",
	"select a as x, b as x from cg_order union all select b, a from cg_order order by x",
	"select a as x, a as x from cg_order union all select b, a from cg_order order by x",
	"select * from (select a as x, b as x from cg_order order by x) s",
	"select a as x, b as x from cg_order order by a",
}

// caseOrderQueries sort by a name that a result column has in other
// case. PostgreSQL sorts by the input column or by another result column,
// where DuckDB, which ignores case, would sort by the alias.
var caseOrderQueries = []string{
	`select a as "B" from cg_order order by b`,
	`select b as "A", a from cg_order order by a`,
	`select a + 0 as "B" from cg_order union all select b from cg_order order by b`,
}

func TestAmbiguousOrderByName(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists cg_order") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, ambiguousOrderSetup)
	compareExact(t, gw, pg, ambiguousOrderQueries)
	for _, sql := range caseOrderQueries {
		want, got := exactResult(context.Background(), pg, sql, nil), exactResult(context.Background(), gw, sql, nil)
		if got != want && !strings.HasPrefix(got, "error 0A000") {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// textArraySetup creates array text with white space around elements,
// quoted elements and NULL, as clients write it.
var textArraySetup = []string{
	"create table cg_text_array (id int, s text)",
	`insert into cg_text_array values (1, '{1, 2, 3}'), (2, ' { 4 ,5 } '), (3, '{NULL, 6,null}'), (4, '{}'),
		(5, '{ }'), (6, null)`,
	"create table cg_text_words (id int, s text)",
	`insert into cg_text_words values (1, '{a, " b ", c d , NULL, "NULL"}'), (2, '{"a\"b", c\ , \N}'),
		(3, '{"", x}'), (4, '{on, OFF , t}')`,
}

var textArrayQueries = []string{
	"select id, s::int[], s::int8[], s::int2[] from cg_text_array order by id",
	"select id, s::text[] from cg_text_array order by id",
	"select id, s::numeric[] from cg_text_array order by id",
	"select id, s::text[] from cg_text_words order by id",
	"select s::bool[] from cg_text_words where id = 4",
	"select (s::text[])[2] from cg_text_words where id = 1",
	"select cardinality(s::int[]) from cg_text_array order by id",
	"select ' {1.5 }'::text::int[]",
	"select '{1e3}'::text::int[]",
	"select '{99999999999}'::text::int[]",
	"select '{1, x}'::text::int[]",
	"select '{1,2'::text::int[]",
	"select '{1,,2}'::text::int[]",
	"select '{1,}'::text::int[]",
	"select '{1,{2}}'::text::int[]",
	`select '{"a"b}'::text::text[]`,
	"select '{a} x'::text::text[]",
	"select '1,2'::text::int[]",
	"select '{on, maybe}'::text::bool[]",
	"select '{ 1.50 , 2}'::text::numeric[]",
}

func TestTextColumnCastToArray(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists cg_text_array, cg_text_words") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, textArraySetup)
	compareExact(t, gw, pg, textArrayQueries)
	// A DuckDB list has one dimension.
	for _, sql := range []string{"select '{{1,2},{3,4}}'::text::int[]", "select '[0:1]={1,2}'::text::int[]"} {
		if got := exactResult(context.Background(), gw, sql, nil); got != "error 0A000 arrays of more than one dimension or with explicit bounds are not supported on DuckDB" {
			t.Errorf("%s: got %s, want 0A000", sql, got)
		}
	}
}

// wideNumericSetup creates numeric columns with more digits before the
// point than the 18 of the DECIMAL(38,20) that pgway's math functions
// compute in.
var wideNumericSetup = []string{
	"create table cg_wide (id int, n numeric(38,0), m numeric(30,5))",
	`insert into cg_wide values (1, 1000000000000000000000000000000, 1234567890123456789012345.12345),
		(2, 2, 2.5), (3, 12345678901234567890123456789012345678, 0), (4, 0, null)`,
}

var wideNumericQueries = []string{
	"select id, sqrt(n), sqrt(m) from cg_wide order by id",
	"select id, sqrt(n) * 2, sqrt(n)::text, sqrt(m) + 1 from cg_wide order by id",
	"select id, ln(n), log(n), exp(n / n) from cg_wide where id < 4 order by id",
	"select id, power(n, 0.5), n ^ 2 from cg_wide where id = 2 order by id",
	"select sqrt(1e30), sqrt(1000000000000000000000000000000), sqrt(12345678901234567890123456789012345678)",
}

func TestWideNumericMath(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists cg_wide") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, wideNumericSetup)
	compareExact(t, gw, pg, wideNumericQueries)
}

// noColumnsSetup creates a table for queries without result columns.
var noColumnsSetup = []string{
	"create table cg_none (a int)",
	"insert into cg_none values (1), (2), (3)",
}

var noColumnsQueries = []string{
	"select",
	"select;",
	"select from cg_none",
	"select where true",
	"select where false",
	"select from cg_none where a > 1",
	"select from cg_none order by a desc limit 2",
	"select from cg_none group by a having a < 3",
	"select distinct from cg_none",
	"select a from cg_none where exists (select from cg_none c where c.a > cg_none.a) order by a",
	"select exists (select from cg_none where a > 2), not exists (select where false)",
	"select count(*) from cg_none where exists (select)",
}

func TestSelectWithoutColumns(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists cg_none") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, noColumnsSetup)
	compareExact(t, gw, pg, noColumnsQueries)
	for _, sql := range []string{"select from cg_none", "select"} {
		for _, conn := range []*pgx.Conn{gw, pg} {
			tag, err := conn.Exec(context.Background(), sql)
			if err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
			if want := map[string]string{"select": "SELECT 1", "select from cg_none": "SELECT 3"}[sql]; tag.String() != want {
				t.Errorf("%s: command tag %q, want %q", sql, tag.String(), want)
			}
		}
	}
}
