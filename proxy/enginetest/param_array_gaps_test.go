package enginetest

import (
	"context"
	"testing"
	"time"
)

// untypedParamCases are statements whose parameters the client leaves
// untyped in the extended protocol, as node-postgres does, on a DuckDB
// file connection without a catalog database. PostgreSQL types each
// parameter from the values beside it: ARRAY[$1, 2] is int4[], and
// ARRAY[$1] alone is text[].
var untypedParamCases = []struct {
	sql  string
	args []string
}{
	{"select array[$1, 2]", []string{"1"}},
	{"select array[$1, 2::int2]", []string{"1"}},
	{"select array[$1, 1.5::real]", []string{"2"}},
	{"select array[$1, 2.5::float8]", []string{"1"}},
	{"select array[$1, 'a']", []string{"b"}},
	{"select array[$1]", []string{"1"}},
	{"select array[$1, $2]", []string{"1", "2"}},
	{"select array[[$1, 2], [3, 4]]", []string{"1"}},
	{"select array_cat(array[$1, 2], array[3])", []string{"1"}},
	{"select (array[$1, 2])[2]", []string{"1"}},
	{"select unnest(array[$1, 2])", []string{"1"}},
	{"select * from unnest(array[$1, 2])", []string{"1"}},
	{"select 2 = any(array[$1, 3])", []string{"2"}},
	{"select id, array[$1, b] from pa_t order by id", []string{"1"}},
	{"select id, array[b, $1] from pa_t order by id", []string{"7"}},
	{"select id, array[$1, d] from pa_t order by id", []string{"2024-01-01"}},
	{"select id, array[$1, s] from pa_t order by id", []string{"x"}},
	// Functions and operators with one candidate for the parameter.
	{"select id, extract(epoch from ts) + $1 from pa_t order by id", []string{"1"}},
	{"select id, date_part($1, ts) from pa_t order by id", []string{"hour"}},
	{"select id, date_part($1, ts) from pa_t order by id", []string{"epoch"}},
	{"select interval '1 day' * $1, $1 * interval '1 hour', interval '1 hour' / $1", []string{"2"}},
	{"select make_date($1, 1, 1)", []string{"2024"}},
	{"select make_date($1, $2, $3)", []string{"2023", "2", "29"}},
	{"select make_time($1, 2, $2)", []string{"10", "29.5"}},
	{"select make_timestamp($1, 1, 1, 1, 1, $2)", []string{"2024", "1.5"}},
}

var paramArraySetup = []string{
	"create table pa_t (id int, b int, d date, ts timestamp, s text)",
	"insert into pa_t values (1, 10, '2024-02-29', '2024-02-29 23:59:59.5', 'a'), (2, null, null, null, null), " +
		"(3, -2147483648, '1999-12-31', '2000-01-01 10:30', 'long text beyond twelve bytes')",
}

func TestUntypedParamArrays(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists pa_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, paramArraySetup)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range untypedParamCases {
		// Twice, so that a second Bind of the same text meets no state
		// the first left behind.
		for range 2 {
			got := declaredResult(ctx, gw.PgConn(), c.sql, nil, c.args)
			want := declaredResult(ctx, pg.PgConn(), c.sql, nil, c.args)
			if got != want {
				t.Errorf("%s with %v:\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, got, want)
			}
		}
	}
}

// TestParamArrayThroughPgx sends the parameter as pgx does in each
// protocol mode: inlined, with the type of its Go value, or with the
// type that pgway describes.
func TestParamArrayThroughPgx(t *testing.T) {
	gw, pg := typedFilePair(t)
	ctx := context.Background()
	for _, sql := range []string{"select array[$1, 2]", "select array[2, $1]", "select array[$1]"} {
		for _, mode := range protocolModes {
			want, got := exactResult(ctx, pg, sql, []any{mode, 7}), exactResult(ctx, gw, sql, []any{mode, 7})
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}
