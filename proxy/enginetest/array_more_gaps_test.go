package enginetest

import (
	"context"
	"strings"
	"testing"
)

// These cases compare with PostgreSQL 15 multidimensional ARRAY
// constructors, casts to arrays of bounded character types, casts of
// computed text to arrays and array operators whose operand types
// PostgreSQL rejects.

var arrayMoreSetup = []string{
	"create table am_rows (id int, s text, arr int[])",
	"insert into am_rows values (1, '{1,2}', '{1,2}'), (2, '{3, NULL}', '{3}'), (3, null, null)",
}

// multiDimQueries count and expand the elements of nested ARRAY
// constructors, which PostgreSQL stores as one array of several
// dimensions.
var multiDimQueries = []string{
	"select cardinality(array[array[1,2],array[3,4]])",
	"select cardinality(array[[1,2],[3,4],[5,6]]), cardinality(array[[[1],[2]],[[3],[4]]])",
	"select unnest(array[array[1,2],array[3,4]])",
	"select * from unnest(array[[1,2],[3,4]]) u(x)",
	"select array_length(array[[1,2,3],[4,5,6]], 1), array_length(array[[1,2,3],[4,5,6]], 2), array_length(array[[1,2]], 3)",
	"select array_ndims(array[[1,2,3],[4,5,6]]), array_ndims(array[[[1]]])",
	"select cardinality(array[[1,2]]), cardinality(array[array[1,null],array[3,4]])",
	"select id, cardinality(arr), unnest(arr) from am_rows order by id",
}

// multiDimUnsupported are cardinality() and unnest() of arrays whose
// dimensions show only in DuckDB's type.
var multiDimUnsupported = []string{
	"select cardinality(x) from (select array[[1,2],[3,4]] as x) s",
	"select unnest(x) from (select array[[1,2],[3,4]] as x) s",
	"select cardinality(array[arr, arr]) from am_rows",
}

// boundedCharArrays cast to arrays of char(n) and varchar(n), which an
// explicit cast truncates to n characters, and which pgway rejects.
var boundedCharArrays = []string{
	"select '{a,b}'::char(1)[]",
	"select array['ab','c']::char(1)[]",
	"select '{ab,cde}'::varchar(2)[]",
	"select array['abc', null, 'd']::varchar(2)[]",
	"select id, s::varchar(1)[], s::char(2)[] from am_rows order by id",
}

// textToArrayQueries cast computed text to arrays.
var textToArrayQueries = []string{
	"select ('{' || '1,2' || '}')::int[]",
	"select id, s::int[], (s || '')::int[] from am_rows order by id",
	"select id, concat('{', id, '}')::text[] from am_rows order by id",
}

// arrayOperandQueries compare arrays with string constants and use
// operand types that PostgreSQL rejects.
var arrayOperandQueries = []string{
	"select array[1,2] = '{1,2}', array[1,2] <> '{1,3}', '{1,2}' = array[1,2]",
	"select id from am_rows where arr = '{1,2}' order by id",
	"select array[1.5, 2] = '{1.5,2.0}', array['a','b'] @> '{a}', array[true] = '{t}', array[1, 99999999999] <@ '{1,99999999999,3}'",
	"select array[1,2]::jsonb",
	"select '{1,2}'::int[]::jsonb",
	"select array[1,2] @> array[1.0]",
	"select array[1,2] <@ array[1.0, 2.0]",
	"select array[1,2] && array[1.0]",
	"select array[1,2] = array[1.0,2]",
	"select array[1,2] @> array[1::bigint]",
	"select array['a'] = array['a']::varchar[]",
	"select array[1,2] @> array[1], array[1,2] = array[1,2]",
	"select id from am_rows where arr @> array[1] order by id",
}

func TestArrayMoreGapsMatchPostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists am_rows") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, arrayMoreSetup)
	t.Run("multidimensional", func(t *testing.T) { compareExact(t, gw, pg, multiDimQueries) })
	t.Run("multidimensional unsupported", func(t *testing.T) {
		for _, sql := range multiDimUnsupported {
			if got := exactResult(context.Background(), gw, sql, nil); !strings.HasPrefix(got, "error 0A000 ") {
				t.Errorf("%s: got %s, want SQLSTATE 0A000", sql, got)
			}
		}
	})
	t.Run("bounded char", func(t *testing.T) {
		for _, sql := range boundedCharArrays {
			if got := exactResult(context.Background(), gw, sql, nil); !strings.HasPrefix(got, "error 0A000 casts to arrays of ") {
				t.Errorf("%s: got %s, want SQLSTATE 0A000", sql, got)
			}
		}
	})
	t.Run("text to array", func(t *testing.T) { compareExact(t, gw, pg, textToArrayQueries) })
	t.Run("operands", func(t *testing.T) { compareExact(t, gw, pg, arrayOperandQueries) })
}
