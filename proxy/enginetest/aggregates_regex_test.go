package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare with PostgreSQL 15 the bracket ranges and expanded
// syntax of regular expressions, and aggregates with DISTINCT and ORDER
// BY. They compare percentile_cont and percentile_disc with a NULL
// fraction or of an interval, string_agg with a delimiter per row,
// array_to_string with a null string and FETCH FIRST ... WITH TIES too.

// aggregateRegexCases return the same rows, column names and type OIDs,
// or the same SQLSTATE and message, through pgway as on PostgreSQL.
var aggregateRegexCases = []string{
	// A - delimits a range unless it comes first or before the closing ],
	// so a range cannot start where another range or a class ends.
	`select 'b-9' ~ '[a-c-e]'`,
	`select 'b-9' ~ '[a-b-c]'`,
	`select 'b-9' ~ '[a--]'`,
	`select 'b-9' ~ '[\d-a]'`,
	`select 'b-9' ~ '[a-\d]'`,
	`select 'b-9' ~ '[[:digit:]-a]'`,
	`select 'b-9' ~ '[a-[:digit:]]'`,
	`select 'b-9' ~ '[[=a=]-c]'`,
	`select 'b-9' ~ '[a-[]'`,
	`select 'b-9' ~ '[a-c-'`,
	`select 'b-9' ~ '[a-'`,
	`select 'b-9' ~ '[a-c-]', '-' ~ '[!---]', '.' ~ '[--/]', '-' ~ '[^-a]', '^' ~ '[]-a]', '9' ~ '[[:digit:]-]', '-' ~ '[\w-]'`,
	// Expanded syntax ignores white space and comments outside brackets.
	`select 'ab' ~ '(?x) a b', 'a b' ~ '(?x)a\ b', 'a b' ~ '(?x)a[ ]b', 'a#b' ~ '(?x)a[#]b', 'a#b' ~ '(?x)a\#b'`,
	"select regexp_match('ab', ' a  # comment\n b', 'x'), regexp_match('aa', '(?x)a{ 2}'), regexp_match('a{x', '(?x)a{ x')",
	`select regexp_match('aaaaaaaaaaaaa', '(?x)a{1 2}'), regexp_match('aaa', '(?x)^a{1 , 2}$'), regexp_replace('abc', ' b ', 'X', 'x')`,
	"select regexp_match('ab', '(?x)(a # )\n)'), regexp_match('ab', '***:(?x) a'), regexp_match('a b', '***=a b', 'x')",
	`select regexp_match('aab', '(?x)a* ?b')`,
	`select regexp_match('ab', '(?x)a{1} ?b')`,
	`select regexp_match('ab', '(?x)( ?:a)b')`,
	`select regexp_match('ab', ' (?x) a')`,
	`select regexp_match('x', '(?x)a{ 3 , 2 }')`,
	// The q flag beside x, n, p or w is an invalid argument.
	`select regexp_match('a', 'a', 'qx')`,
	`select regexp_match('a', 'a', 'nq')`,
	`select regexp_match('a', 'a', 'nqs')`,

	// array_agg(DISTINCT x ORDER BY x) of arrays as a result column.
	`select array_agg(distinct x order by x) from (values (array[2,1]), (array[1,2]), (array[2,1])) v(x)`,
	`select array_agg(distinct x order by x desc) from (values (array[1,null]), (array[1,2]), (array[null,1]), (array[1,null])) v(x)`,
	`select array_agg(distinct x order by x) from (values (array[1]), (array[1,2])) v(x)`,
	`select cardinality(array_agg(distinct x order by x desc)) from (values (2), (1), (2)) v(x)`,
	`select (array_agg(distinct x order by x))[2] from (values ('b'), ('a'), ('b')) v(x)`,
	// Sort keys of an aggregate with DISTINCT must be its arguments.
	`select array_agg(distinct x order by 1) from (values (1), (2)) v(x)`,
	`select array_agg(distinct x order by y) from (values (1, 2)) v(x, y)`,
	`select string_agg(distinct x, ',' order by x) from (values ('b'), ('a'), ('b')) v(x)`,

	// percentile_cont and percentile_disc of a NULL fraction are NULL.
	`select percentile_cont(null) within group (order by x), percentile_disc(null::float8) within group (order by x) from (values (1), (2)) v(x)`,
	`select percentile_disc(null) within group (order by x::int) from (values (1), (2)) v(x)`,
	`select percentile_cont(null::numeric) within group (order by x) from (values (1.5), (2)) v(x) where false`,
	`select percentile_disc(null) within group (order by x::text) from (values (1), (2)) v(x)`,

	// percentile_cont of an interval sorts by length and interpolates
	// with PostgreSQL's interval arithmetic.
	`select percentile_cont(0.25) within group (order by x) from (values (interval '1 mon'), (interval '2 days 3 hours'), (interval '7 min')) v(x)`,
	`select percentile_cont(0.5) within group (order by x), percentile_cont(0.3) within group (order by x) from (values (interval '1 mon -2 days'), (interval '29 days'), (interval '-3 hours 1 sec'), (null), (interval '1 year 1 mon 0.5 sec')) v(x)`,
	`select g, percentile_cont(0.7) within group (order by x) filter (where x > interval '1 hour') from (values (1, interval '1 day'), (1, interval '30 min'), (1, interval '3 days 7 min'), (2, interval '1 min')) v(g, x) group by g order by g`,
	`select percentile_cont(1.5) within group (order by x) from (values (interval '1 day')) v(x) where false`,

	// string_agg writes each value after the first behind its row's
	// delimiter, and skips the rows whose value is NULL.
	`select string_agg(x, d) from (values ('a', ','), ('b', ';'), ('c', '-')) v(x, d)`,
	`select string_agg(x, d order by x desc) from (values ('a', ','), ('b', ';'), (null, '+'), ('c', null)) v(x, d)`,
	`select g, string_agg(x, d) filter (where x <> 'b') from (values (1, 'a', ','), (1, 'b', ';'), (1, 'c', '-'), (2, null, 'x')) v(g, x, d) group by g order by g`,
	`select string_agg(x, d) from (values ('a', ','), ('b', ';')) v(x, d) where false`,

	// array_to_string writes each element as PostgreSQL's output does, and
	// a NULL element as the null string when there is one.
	`select array_to_string(array[1,null,3], ',', '*'), array_to_string(array[true,null], '-', 'n'), array_to_string(array['a b', null, 'x"y'], '|', null)`,
	`select array_to_string(array[[1,2],[3,null]], ',', '?'), array_to_string(array[0.1::float8, 1e20, null], ';', 'N'), array_to_string(array[null::int], ',', '')`,
	`select array_to_string(a, d, s) from (values (array[1.5::float8, null], ',', '*'), (null, ',', '*'), (array[1], null, '*'), (array[2], ',', null)) v(a, d, s)`,
	`select array_to_string(array[true, null, false], ','), array_to_string(array[[1,2],[3,null]], ','), array_to_string(array[null::text], '-')`,
	`select array_to_string(a, ',') from (values (array[1,2]), (null)) v(a)`,
	`select array_to_string(null, ',')`,
	`select array_to_string('{a,b}', ',', '*')`,

	// FETCH FIRST ... WITH TIES returns the peers of the last row too.
	`select x from (values (1), (1), (2), (3)) v(x) order by x fetch first 1 rows with ties`,
	`select x, y from (values (1, 'a'), (1, 'b'), (2, 'c'), (2, 'd'), (3, 'e')) v(x, y) order by x, y offset 1 fetch first 2 rows with ties`,
	`select x from (values (1), (1), (2), (2), (3)) v(x) order by x offset 1 fetch first 2 rows with ties`,
	`select x from (values (1), (1), (2), (3)) v(x) order by x fetch first 0 rows with ties`,
	`select x from (values (1), (1), (2), (3)) v(x) order by x offset null fetch first 1 row with ties`,
	`select x from (values (1), (1), (2), (3)) v(x) order by x offset 10 fetch first 1 row with ties`,
	`select x as k, count(*) from (values (1), (1), (2), (3), (3)) v(x) group by x order by 2 desc, k fetch first 1 rows with ties`,
	`select x * 2 as d, x / 3.0, x::text from (values (1), (1), (2), (3), (null)) v(x) order by d desc nulls first fetch first 2 rows with ties`,
	`with t(x) as (values (3), (1), (3)) select x from t order by x desc fetch first 1 row with ties`,
	`select x from (values (1), (1), (2), (3)) v(x) fetch first 1 rows with ties`,
	`select x from (values (1), (1), (2), (3)) v(x) order by x fetch first null rows with ties`,
	`select x from (values (1), (1), (2), (3)) v(x) order by x fetch first -1 rows with ties`,
}

// aggregateRegexRejected are statements that PostgreSQL runs and that
// fail with 0A000 on DuckDB.
var aggregateRegexRejected = []string{
	`select 'b-9' ~ '[a-[.c.]]'`,
	`select 3 = any(array_agg(x)) from (values (array[1,2]), (array[3,4])) v(x)`,
	`select cardinality(array_agg(distinct x order by x)) from (select array[i, 1] x from generate_series(1, 3) i) s`,
	`select percentile_disc(null) within group (order by x) from (values (1), (2)) v(x)`,
	`select string_agg(distinct x, d) from (values ('a', ',')) v(x, d)`,
	`select * from (values (1), (1), (2)) v(x) order by x fetch first 1 rows with ties`,
	`select distinct x from (values (1), (1), (2)) v(x) order by x fetch first 1 rows with ties`,
}

func TestAggregatesRegexMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range aggregateRegexCases {
		for _, mode := range protocolModes {
			want, got := resultWithNames(ctx, pg, sql, mode), resultWithNames(ctx, gw, sql, mode)
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

func TestAggregatesRegexRejectedOnDuckDB(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range aggregateRegexRejected {
		if want := exactResult(ctx, pg, sql, []any{pgx.QueryExecModeSimpleProtocol}); strings.HasPrefix(want, "error ") {
			t.Errorf("%s: PostgreSQL failed: %s", sql, want)
		}
		got := exactResult(ctx, gw, sql, []any{pgx.QueryExecModeSimpleProtocol})
		if !strings.HasPrefix(got, "error 0A000 ") {
			t.Errorf("%s: %s, expected 0A000", sql, got)
		}
	}
}
