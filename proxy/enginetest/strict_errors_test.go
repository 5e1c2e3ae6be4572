package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare with PostgreSQL 15 statements that it rejects, or
// computes otherwise, where DuckDB would run them. They cover numeric
// literals of a newer PostgreSQL, integer negation at the type's
// minimum, conditions and comparisons of numbers with booleans,
// string_agg() of one value, trunc() of a float, chr() outside its
// range, generate_series() with a step of zero and reverse() of
// combining characters. They also cover ORDER BY ... USING, RANGE frames
// whose bounds overflow, regexp_replace() with a start position, SELECT *
// over a join with USING, scale() and set_config(). Each case compares
// the type OID and value of every column, or the SQLSTATE and message of
// the error, in every protocol mode.

// strictMatches return the same result through pgway as on PostgreSQL,
// and each differed before the checks and rewrites that they test.
var strictMatches = []divisionCase{
	// Hexadecimal, octal and binary integers and underscores between
	// digits came with PostgreSQL 16, whose lexer the parser has.
	{sql: "select 0x1F"},
	{sql: "select 1_000"},
	{sql: "select 1, 0b101"},
	{sql: "select 0o17"},
	{sql: "select 1_000.5"},
	{sql: "select 1.5_0"},
	{sql: "select 1e1_0"},
	{sql: "select 1; select 0X1f"},
	// DuckDB's parser folds the negation of a constant into a wider type.
	{sql: "select -(-2147483648)::int"},
	{sql: "select -(-32768)::smallint"},
	{sql: "select -(-9223372036854775808)::int8"},
	{sql: "select - (-2147483648)::int * 1"},
	// PostgreSQL has trunc(numeric, integer) only.
	{sql: "select trunc(1.5::float8, 1)"},
	{sql: "select trunc(1.5::float4, 1)"},
	// A number is no boolean, in a condition or a comparison.
	{sql: "select true = 1"},
	{sql: "select 1 <> false"},
	{sql: "select true = 1.5"},
	{sql: "select true < 1::int8"},
	{sql: "select true in (1, 2)"},
	{sql: "select true not in (1, 2)"},
	{sql: "select not 1"},
	{sql: "select not 1::int8"},
	{sql: "select not 1.5::float8"},
	{sql: "select 1 and true"},
	{sql: "select true or 2.5"},
	{sql: "select 1 where 1"},
	{sql: "select 1 where 1::bigint"},
	{sql: "select count(*) from (values (1)) v(x) having 1"},
	{sql: "select count(*) filter (where 1) from (values (1)) v(x)"},
	{sql: "select 1 from (values (1)) a(x) join (values (1)) b(y) on 1"},
	{sql: "select case when 1 then 2 end"},
	// string_agg() takes a delimiter.
	{sql: "select string_agg('a')"},
	{sql: "select string_agg(s::text) from (values ('a'), ('b')) v(s)"},
	// chr() in a UTF-8 database.
	{sql: "select chr(0)"},
	{sql: "select chr(-1)"},
	{sql: "select chr(1114112)"},
	{sql: "select chr(55296)"},
	{sql: "select chr(x) from (values (66), (0)) v(x)"},
	// generate_series() fails for a step of zero.
	{sql: "select generate_series(1, 10, 0)"},
	{sql: "select * from generate_series(1, 10, 0)"},
	{sql: "select * from generate_series(1::int8, 10, 0::int8)"},
	{sql: "select generate_series(1, 3, x) from (values (0)) v(x)"},
	// reverse() reverses code points: a combining mark moves to the
	// other side of its letter.
	{sql: "select reverse('z̧a'), reverse('abc'), reverse(''), reverse(null)"},
	{sql: "select reverse(s) from (values ('é̃x'), ('añb')) v(s)"},
	// ORDER BY ... USING < and > sort as ASC and DESC.
	{sql: "select g from (values (2), (null), (1)) v(g) order by g using <"},
	{sql: "select g from (values (2), (null), (1)) v(g) order by g using >"},
	{sql: "select g from (values (2), (null), (1)) v(g) order by g using > nulls last"},
	{sql: "select g from (values (2), (null), (1)) v(g) order by g using operator(pg_catalog.<)"},
	{sql: "select string_agg(g::text, ',' order by g using >) from (values (2), (1), (3)) v(g)"},
	{sql: "select g, row_number() over (order by g using >) from (values (2), (1), (3)) v(g) order by g"},
	{sql: "select g from (values (2), (1)) v(g) order by g using ="},
	{sql: "select g from (values (2), (1)) v(g) order by g using <="},
	// A RANGE frame's bound beyond the key type's range includes every
	// row on that side, where DuckDB's bound overflowed.
	{sql: "select x, sum(x) over (order by x range between 2147483647 preceding and 2147483647 following) " +
		"from (values (1), (2), (-5)) v(x) order by x"},
	{sql: "select x, count(*) over (order by x::int8 range between 1 preceding and 9223372036854775807 following) " +
		"from (values (1), (9223372036854775806)) v(x) order by x"},
	{sql: "select x, count(*) over (order by x::int2 desc range between 1 preceding and 32767 following) " +
		"from (values (1), (-32767)) v(x) order by x"},
	{sql: "select x, count(*) over w from (values (2147483647), (0)) v(x) " +
		"window w as (order by x range between current row and 1 following) order by x"},
	// PostgreSQL 15's regexp_replace with a start position and the
	// number of the match to replace.
	{sql: "select regexp_replace('aaa', 'a', 'b', 2)"},
	{sql: "select regexp_replace('aaa', 'a', 'b', 1, 2), regexp_replace('aaa', 'a', 'b', 2, 0)"},
	{sql: "select regexp_replace('aAa', 'a', 'x', 1, 0, 'i'), regexp_replace('aAa', 'a', 'x', 2, 0, 'g')"},
	{sql: "select regexp_replace('añaña', 'a', 'x', 3), regexp_replace('aaa', 'a', 'b', 5), regexp_replace('aaa', 'a', 'b', 1, 4)"},
	{sql: "select regexp_replace('abcabc', '(b)(c)', '<\\2\\1>', 2, 0)"},
	{sql: "select regexp_replace('aaa', 'a', 'b', 2, null), regexp_replace(s, 'a', 'b', x) from (values ('aaa', 3)) v(s, x)"},
	{sql: "select regexp_replace('aaa', 'a', 'b', 0)"},
	{sql: "select regexp_replace('aaa', 'a', 'b', 1, -1)"},
	// SELECT * over a join with USING or NATURAL puts the join columns
	// first, then the rest of the left side and of the right side.
	{sql: "select * from (values (1, 2)) a(x, y) join (values (2, 3)) b(y, z) using (y)"},
	{sql: "select * from (values (1, 2)) a(x, y) left join (values (5, 3)) b(y, z) using (y)"},
	{sql: "select * from (values (1, 2)) a(x, y) right join (values (3, 3)) b(y, z) using (y)"},
	{sql: "select * from (values (1, 2)) a(x, y) full join (values (3, 3)) b(y, z) using (y) order by 1"},
	{sql: "select * from (values (1, 2)) a(x, y) natural join (values (2, 3)) b(y, z)"},
	{sql: "select * from (values (1, 2, 3)) a(x, y, w) join (values (3, 2, 4)) b(w, y, z) using (w, y)"},
	{sql: "select *, 1 as one, * from (values (1, 2)) a(x, y) join (values (2, 3)) b(y, z) using (y)"},
	{sql: "select * from (values (1, 2)) a(x, y) join (values (2, 3)) b(y, z) using (y) join (values (3, 9)) c(z, v) using (z)"},
	{sql: "with l as (select 1 x, 2 y), r as (select 2 y, 3 z) select * from l join r using (y)"},
	{sql: "select * from (select * from (values (1, 2)) a(x, y) join (values (2, 3)) b(y, z) using (y)) s"},
	{sql: "select 1, 2, 3 union all select * from (values (1, 2)) a(x, y) join (values (2, 3)) b(y, z) using (y) order by 1"},
	{sql: "select * from (select x, y from (values (1, 2)) a(x, y)) a join (values (2, 3)) b(y, z) using (y)"},
	{sql: "select * from (values (1, 2)) a(x, y) join generate_series(1, 3) b(y) using (y)"},
	// scale() where the statement shows the argument's scale.
	{sql: "select scale(1.50), scale('1.5e-3'), scale(1.50e2), scale(5), scale(null::numeric), scale(2::numeric(5))"},
	{sql: "select scale(x::numeric(10, 3)), scale(x::int8) from (values (1), (null)) v(x)"},
	{sql: "select scale(1.5::float8)"},
}

// strictRejections fail with 0A000 on DuckDB, where PostgreSQL runs them.
var strictRejections = []string{
	"select scale(x) from (values (1.5)) v(x)",
	"select * from generate_series(1, 2) a(x) join jsonb_to_recordset('[{\"y\": 1}]') b(y int) on true " +
		"join (values (1)) c(y) using (y)",
}

// strictControls are statements near those of strictMatches that
// PostgreSQL runs and pgway ran before those checks and rewrites too. They
// keep the checks from rejecting or changing what they should leave
// alone.
var strictControls = []divisionCase{
	{sql: "select '0x1F', 1 as a_1, $$1_0$$ -- 1_0"},
	{sql: "select -(2147483647::int), -(5::int2), -(7::int8), -(1.5::numeric)"},
	{sql: "select -x, -(-x) from (values (5), (-2147483647)) v(x)"},
	{sql: "select trunc(1.55, 1), trunc(1.5::float8)"},
	{sql: "select true = '1', true in ('1', 'f')"},
	{sql: "select case 1 when 1 then 2 end, not true, true and 't'"},
	{sql: "select string_agg(s, '-' order by s) from (values ('a'), ('b')) v(s)"},
	{sql: "select chr(65), chr(233), chr(8364), chr(1114111), chr(null)"},
	{sql: "select generate_series(1, 10, 4), generate_series(5, 1, -2)"},
	{sql: "select * from generate_series(1, 10, 4) g"},
	{sql: "select * from generate_series(1, 3) a(y) join (values (1, 2)) b(x, y) using (y)"},
	{sql: "select a.*, b.* from (values (1, 2)) a(x, y) join (values (2, 3)) b(y, z) using (y)"},
}

func TestStrictErrorsMatch(t *testing.T) {
	runMatchCases(t, strictMatches)
}

func TestStrictControlsMatch(t *testing.T) {
	runMatchCases(t, strictControls)
}

func TestStrictRejections(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	for _, sql := range strictRejections {
		if err := queryError(ctx, gw, sql); err == nil || err.Code != "0A000" {
			t.Errorf("%s: pgway returned %v, expected 0A000", sql, err)
		}
	}
}

// TestStrictUsingStarsOfTables compares SELECT * over joins with USING
// of tables. pgway reads the columns of a table that it created, of a
// temporary table and of a temporary view, but not those of a temporary
// view in the transaction block that created it. Over such a view a join
// runs where DuckDB's order is PostgreSQL's and fails with 0A000
// otherwise. The oracle's tables are temporary, so the test leaves
// nothing behind there.
func TestStrictUsingStarsOfTables(t *testing.T) {
	ctx := context.Background()
	gw, pg := typedFilePair(t)
	setup := []string{
		"create temporary table strict_l (y int, x int)",
		"create temporary table strict_r (z int, y int)",
		"insert into strict_l values (1, 10)",
		"insert into strict_r values (100, 1)",
		"create table strict_a (x int, y int, n numeric(10, 3))",
		"insert into strict_a values (10, 1, 1.5), (20, 2, null)",
		"create table strict_b (y int, w int)",
		"insert into strict_b values (1, 7)",
		"create temporary view strict_v as select 100 as z, 1 as y",
	}
	for _, conn := range []*pgx.Conn{gw, pg} {
		for _, sql := range setup {
			if conn == pg {
				sql = strings.Replace(sql, "create table", "create temporary table", 1)
			}
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	compareExact(t, gw, pg, []string{
		"select * from strict_b join strict_r using (y)",
		"select * from strict_a join strict_b using (y)",
		"select * from strict_a a full join strict_a b using (y, x) order by y",
		"select * from strict_a natural left join (values (1, 'one')) v(y, name) order by x",
		"select scale(n), n from strict_a order by x",
		// DuckDB would put y after z, and after x.
		"select * from strict_r join strict_l using (y)",
		"select * from strict_a join strict_r using (y)",
		"select * from strict_l l full join strict_a using (y) order by y",
		"select * from strict_l join (values (1, 2)) v(y, w) using (y)",
		"select * from strict_v join strict_l using (y)",
		"select * from strict_v full join strict_a using (y) order by y",
	})
	for _, sql := range []string{
		// DuckDB would put y after z.
		"select * from strict_w join strict_l using (y)",
		// pgway cannot tell whether strict_w starts with y.
		"select * from strict_w full join strict_a using (y)",
	} {
		if _, err := gw.Exec(ctx, "begin; create temporary view strict_w as select 100 as z, 1 as y"); err != nil {
			t.Fatalf("create strict_w: %v", err)
		}
		if err := queryError(ctx, gw, sql); err == nil || err.Code != "0A000" {
			t.Errorf("%s: pgway returned %v, expected 0A000", sql, err)
		}
		if _, err := gw.Exec(ctx, "rollback"); err != nil {
			t.Fatalf("rollback: %v", err)
		}
	}
}

// TestStrictErrorsPosition compares the position and hint of the errors
// too, in the simple protocol.
func TestStrictErrorsPosition(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range []string{
		"select 1, 0x1F",
		"select 'é', 1_000",
		"select 1 /* 0x1F */, 2 + 1.5_0",
		"select true = 1",
		"select 1 where 1::bigint",
		"select 1 from (values (1)) v(x) where x = 1 and (x + 1)",
		"select count(*) filter (where 1) from (values (1)) v(x)",
		"select trunc(1.5::float8, 1)",
		"select string_agg('a')",
		"select g from (values (2), (1)) v(g) order by g using =",
	} {
		want, got := queryError(ctx, pg, sql), queryError(ctx, gw, sql)
		if want == nil || got == nil {
			t.Errorf("%s: PostgreSQL error %v, pgway error %v", sql, want, got)
			continue
		}
		if got.Code != want.Code || got.Message != want.Message || got.Position != want.Position || got.Hint != want.Hint {
			t.Errorf("%s\n pgway:      %s %q at %d, hint %q\n PostgreSQL: %s %q at %d, hint %q", sql,
				got.Code, got.Message, got.Position, got.Hint, want.Code, want.Message, want.Position, want.Hint)
		}
	}
}

// TestSetConfigMatches runs set_config() as SET does, in one session on
// each side, and compares each statement's result.
func TestSetConfigMatches(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range []string{
		"select set_config('search_path', 'public', false)",
		"show search_path",
		"select set_config('TimeZone', 'utc', false)",
		"show timezone",
		"select set_config('DateStyle', 'dmy', false)",
		"select current_setting('datestyle'), '01/02/2024'::date",
		"select set_config('datestyle', 'iso, mdy', false)",
		"select set_config('application_name', 'strict test', false)",
		"select current_setting('application_name')",
		"begin",
		"select set_config('search_path', 'pg_temp, public', true)",
		"show search_path",
		"commit",
		"show search_path",
		"select set_config('search_path', 'public', true)",
		"show search_path",
		"select set_config('myapp.flag', 'on', false)",
		"select current_setting('myapp.flag')",
		"select set_config('no_such_parameter', 'x', false)",
		"select set_config('server_version', '1', false)",
		"select set_config('TimeZone', 'No/Such_Zone', false)",
		"show timezone",
	} {
		for _, mode := range protocolModes {
			want := exactResult(ctx, pg, sql, []any{mode})
			got := exactResult(ctx, gw, sql, []any{mode})
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}
