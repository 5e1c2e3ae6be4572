package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 the scale of numerics that
// round(), trunc() and div() return beside numbers of other scales, in
// UNION ALL, coalesce, greatest, least and CASE, and of quotients that
// || writes beside text. PostgreSQL keeps each value's own scale there.

var roundedScaleSetup = []string{
	"create table rs_t (id int, n numeric(10,2), a int, b bigint, s text, d date)",
	"insert into rs_t values (1, 25.40, 1, 10, 'a', '2024-03-01'), (2, -3.75, 2, 20, 'b', '2023-01-01'), " +
		"(3, 99.99, null, null, null, null), (4, null, 5, 50, 'c', '2020-05-05')",
}

var roundedScaleQueries = []string{
	"select div(7, 2) union all select 1.5",
	"select 1.5 union all select div(7, 2)",
	"select round(n, 1) from rs_t union all select 1.55 order by 1",
	"select trunc(n, 1) from rs_t union all select 2.125 union all select div(n, 2) from rs_t order by 1",
	"select round(1.5, 1) union all select 1.55",
	"select n from rs_t union all select 1.5 order by 1",
	"select coalesce(round(n, 1), 0) from rs_t order by id",
	"select coalesce(round(n, 1), 0.125), least(round(n, 1), 0) from rs_t order by id",
	"select greatest(round(n, 1), 0), greatest(div(n, 2), 0.5) from rs_t order by id",
	"select case when id > 1 then round(n, 1) else 0 end from rs_t order by id",
	"select nullif(round(n, 1), 0) from rs_t order by id",
	"select round(avg(n), 1) || '%', avg(n) || '%', 'x' || round(avg(a), 1) from rs_t",
	"select round(sum(n) / 3, 1) || '%', (n / 3) || s from rs_t group by n, s order by n",
	"select trunc(div(7, 2), 1), round(div(7, 2), 1)",
	"select round(coalesce(a, 0), 2), round(case when a > 1 then a else 0 end, 1) from rs_t order by id",
	"select round(ascii(s), 1), round(extract(year from d), 1) from rs_t order by id",
	"select round(row_number() over (order by id), 1) from rs_t order by id",
	"select round(sum(b), 1) from rs_t",
	"select array_agg(a order by id) || 1, array_agg(n order by id) || 2.50 from rs_t",
	"select array_agg(n order by id) || array[2.25, 3.50], array_agg(n order by id) || null from rs_t",
	"select array[1.5, 2.5] || 3.5, array[1, 2] || 3, '{1.5}'::numeric(10,2)[] || 2.50, array[1.5] || 1.5::float8",
}

// roundedScaleRejections append a number or array of another scale to a
// numeric array, which DuckDB writes with one scale for all elements.
var roundedScaleRejections = []string{
	"select array_agg(n order by id) || 1.5 from rs_t",
	"select array_agg(n) || array[1.5] from rs_t",
	"select array_agg(a order by id) || array[1.5] from rs_t",
	"select 1.5 || array_agg(n order by id) from rs_t",
	"select array[1.5] || array[2.25]",
	"select array[1, 2] || 2.5",
	"select '{1.5}'::numeric(10,2)[] || 2.5",
}

// roundedScaleParamQueries choose with a parameter between a numeric
// and 0, which PostgreSQL writes as 0.
var roundedScaleParamQueries = []paramQuery{
	{"select case when $1 then n else 0 end, case when $1 then round(n, 1) else 0 end from rs_t order by id", []any{false}},
	{"select case when $1 then n else 0 end, case when $1 then round(n, 1) else 0 end from rs_t order by id", []any{true}},
	{"select coalesce(round(n, $1), 0) from rs_t order by id", []any{1}},
}

func TestRoundedScaleGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists rs_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, roundedScaleSetup)
	compareExact(t, gw, pg, roundedScaleQueries)
	ctx := context.Background()
	for _, q := range roundedScaleParamQueries {
		for _, mode := range protocolModes {
			args := append([]any{mode}, q.args...)
			want, got := exactResult(ctx, pg, q.sql, args), exactResult(ctx, gw, q.sql, args)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", q.sql, q.args, mode, got, want)
			}
		}
	}
	checkUnsupportedGaps(t, gw, pg.PgConn(), roundedScaleRejections, "numeric arrays or elements of different scales")
}
