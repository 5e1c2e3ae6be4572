package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 split_part() and
// string_to_array() of NULL and empty arguments, generate_series() of
// timestamps with a zero step, NATURAL joins without a common column,
// errors of make_date() and nullif() over a float8 written as text. Each query compares the type
// OID and value of every column, or the SQLSTATE and message of the
// error, in every protocol mode.

var functionGapSetup = []string{
	"create table fg_t (id int, s text, ts timestamp)",
	"insert into fg_t values (1, 'apple', '2024-01-15 10:30'), (2, 'a b c', '2024-02-29 23:00'), (3, '', null), (4, null, '2000-01-01')",
	"create table fg_u (id int, v text)",
	"insert into fg_u values (1, 'one'), (2, 'two')",
	"create table fg_w (k int, x int)",
	"insert into fg_w values (1, 10), (null, null)",
}

var functionGapQueries = []string{
	// split_part() is strict, so NULL arguments give NULL before a field
	// of zero raises 22023.
	"select split_part(null, ' ', 0)",
	"select split_part('a', null, 0)",
	"select split_part('a b', ' ', null)",
	"select id, split_part(s, null, 0) from fg_t order by id",
	"select id, split_part(s, ' ', 0) from fg_t where s is null",
	"select id, split_part(s, ' ', 0) from fg_t order by id",
	"select id, split_part(s, '', 1), split_part(s, '', -1), split_part(s, '', 2) from fg_t order by id",
	"select id, split_part(s, ' ', 2), split_part(s, ' ', -1) from fg_t order by id",

	// string_to_array() of NULL is NULL, whatever the delimiter.
	"select string_to_array(null, '')",
	"select string_to_array(null, ' ')",
	"select string_to_array(null, null)",
	"select id, string_to_array(s, ''), string_to_array(s, ' '), string_to_array(s, null) from fg_t order by id",

	// A zero interval step raises 22023 in the select list and in FROM.
	"select generate_series(ts, ts + interval '1 hour', '0 hour') from fg_t",
	"select generate_series(ts, ts + interval '1 hour', interval '0 hour') from fg_t",
	"select * from generate_series(timestamp '2024-01-01', timestamp '2024-01-01 02:00', '0 hour')",
	"select * from generate_series(timestamp '2024-01-01', timestamp '2024-01-01 02:00', interval '0 min')",
	"select * from fg_t, generate_series(ts, ts + interval '1 hour', '0 hour') g",
	"select * from generate_series(timestamptz '2024-01-01', timestamptz '2024-01-01 02:00', '0 hour')",
	"select generate_series(ts, ts + interval '2 mon', interval '1 mon -30 days') from fg_t where id = 1",
	// Nonzero steps keep their rows, and a query without rows raises
	// nothing.
	"select generate_series(ts, ts + interval '1 hour', '30 min') from fg_t where id = 1",
	"select * from generate_series(timestamp '2024-01-01', timestamp '2024-01-03', '1 day')",
	"select generate_series(ts, ts, '0 hour') from fg_t where false",
	"select generate_series(1, 3, '1'::int)",

	// A NATURAL join without a common column is a cross join.
	"select * from fg_u natural join fg_w order by id, k",
	"select count(*) from fg_u natural join fg_w",
	"select * from fg_u natural left join fg_w order by id, k",
	"select * from fg_u natural full join (select 1 k) z order by id, k",
	"select * from (select 1 a) x natural join (select 2 b) y",
	// A common column still joins on it.
	"select * from fg_u natural join (select 1 id, 'x' w) z",

	// Errors name PostgreSQL's functions, not those pgway calls on DuckDB.
	"select make_date(2024::bigint, 1, 1)",
	"select make_timestamp(2024::bigint, 1, 1, 1, 1, 1)",

	// nullif() over a float8 written as text.
	"select nullif(1, length(1.5::float8::text))",
	"select id, nullif(id, strpos(concat('a', 1.5::float8), 'a')) from fg_t order by id",
}

func TestFunctionGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists fg_t, fg_u, fg_w") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, functionGapSetup)
	compareExact(t, gw, pg, functionGapQueries)
}
