package enginetest

import "testing"

// anyNullArrayCases compare with ANY and ALL of a NULL array, which
// PostgreSQL makes NULL and DuckDB false or true.
var anyNullArrayCases = []divisionCase{
	{sql: "select 2 = any(null::int[]), 2 = all(null::int[]), 2 = any(array[1, null]), 1 = all(array[1, 1])"},
	{sql: "select id, 2 = any(a), 2 <> all(a), 7 > any(a), 'x' = any(t) from (values (1, array[1, 2], array['x']), " +
		"(2, null, null), (3, array[]::int[], array[]::text[])) v(id, a, t) order by id"},
	{sql: "select id from (values (1, array[1, 2]), (2, null), (3, array[3])) v(id, a) where not (2 = any(a)) order by id"},
	{sql: "select id from (values (1, array[5]), (2, null), (3, array[3])) v(id, a) where 5 <> all(a) order by id"},
	{sql: "select 3 = any($1)", args: []any{"{1,3}"}},
	{sql: "select 'a' = any('{a,b}'), 'c' = all('{c}')"},
}

func TestAnyNullArrayMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, anyNullArrayCases)
}
