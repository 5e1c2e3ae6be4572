package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 round() and trunc() to a
// number of places given as a parameter, and div() beside decimals in
// greatest(), least(), coalesce() and CASE.

var roundParamSetup = []string{
	"create table rp_t (id int, n numeric(7,2))",
	"insert into rp_t values (1, 10.25), (2, 20.50), (3, -3.75), (4, 99999.99), (5, null)",
}

type paramQuery struct {
	sql  string
	args []any
}

var roundParamQueries = []paramQuery{
	{"select round(10.25, $1)", []any{1}},
	{"select round(10.25, $1)", []any{3}},
	{"select round(10.25, $1)", []any{-1}},
	{"select trunc(10.25, $1)", []any{1}},
	{"select trunc(10.25, $1)", []any{4}},
	{"select round(n, $1) from rp_t order by id", []any{2}},
	{"select round(n, $1), trunc(n, $1) from rp_t order by id", []any{1}},
	{"select round(n, $1::int) from rp_t order by id", []any{3}},
	{"select round(n * 2, $1) from rp_t order by id", []any{0}},
}

var divMixedQueries = []string{
	"select greatest(10.25, div(1, 4))",
	"select least(div(9, 4), 1.5)",
	"select coalesce(n, div(1, 4)) from rp_t order by id",
	"select case when id > 5 then div(n, 1) else 0.5 end from rp_t order by id",
	"select coalesce(div(n, 1), 1.5) from rp_t order by id",
	"select least(div(n, 1), 1.0) from rp_t order by id",
	"select div(n, 1), div(n, 0.3) from rp_t order by id",
	"select greatest(div(n, 1), n) from rp_t order by id",
	// div() is a numeric, so integer operators do not take it and math
	// functions compute in numeric.
	"select div(7, 2) & 1",
	"select div(7, 2) << 1",
	"select sqrt(div(16, 1)), power(div(16, 1), 2), floor(div(7, 2)), exp(div(1, 1))",
	"select trunc(div(7, 2), 1), round(div(n, 1), 2) from rp_t order by id",
	// round() of integer expressions whose type the statement does not
	// show is numeric, with the places' scale.
	"select round(abs(id), 2), round(coalesce(id, 0), 2), trunc(id % 3, 1) from rp_t order by id",
	"select round(sum(id), 1), round(extract(year from date '2024-05-01'), 1) from rp_t",
	"select round(1.5::float8, 1)",
}

func TestRoundParamGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists rp_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, roundParamSetup)
	ctx := context.Background()
	for _, q := range roundParamQueries {
		for _, mode := range protocolModes {
			args := append([]any{mode}, q.args...)
			want, got := exactResult(ctx, pg, q.sql, args), exactResult(ctx, gw, q.sql, args)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", q.sql, q.args, mode, got, want)
			}
		}
	}
	compareExact(t, gw, pg, divMixedQueries)
}
