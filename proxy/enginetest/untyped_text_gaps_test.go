package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 the text of values whose type
// the statement does not show. They cover booleans in quote_literal(),
// arrays in format() and ::text, computed intervals, and whole floats
// cast to text. They also check that date_trunc() of a computed date
// returns timestamptz.

var untypedTextSetup = []string{
	"create table ut_t (id int, i int, d date, bo bool, j jsonb, ia int[], ta text[], f float8)",
	"insert into ut_t values (1, 10, '2024-01-15', true, '{\"a\": 1}', '{1,2,3}', '{a,b}', 'NaN'), " +
		"(2, 20, null, false, '[1]', '{null}', '{}', 2), (3, null, null, null, null, null, null, null)",
	"create table ut_u (id int, k int)",
	"insert into ut_u values (1, 10), (2, 30)",
}

var untypedTextQueries = []string{
	"select quote_literal((select bo)), quote_nullable((select bo)), quote_literal(coalesce(bo, false)) from ut_t order by id",
	"select quote_literal(j ? 'a'), quote_literal(exists (select 1 from ut_u where k = i)), " +
		"quote_literal(i in (select k from ut_u)) from ut_t order by id",
	"select format('%s', string_to_array('1,2', ',')::int[]), quote_literal(string_to_array('1,2', ',')::int[])",
	"select (max(ia))::text, (min(ta))::text from ut_t",
	"select (interval '1 month' * id)::text, (interval '1 year' - interval '1 day' * id)::text, " +
		"(interval '2 hours' - interval '1 day' * id)::text from ut_t order by id",
	"select (f * 1)::text, (f + 0)::text from ut_t order by id",
	"select (percent_rank() over (order by id))::text, (cume_dist() over (order by id))::text from ut_t order by id",
	"select (percentile_cont(0.5) within group (order by i))::text from ut_t",
	"select date_trunc('day', coalesce(d, date '2024-02-01')), date_trunc('day', d + 0) from ut_t order by id",
	"select date_trunc('day', (select max(d) from ut_t)), date_trunc('day', make_date(2024, 1, 2)), " +
		"date_trunc('day', to_date('2024-03-04', 'YYYY-MM-DD'))",
	"select date_trunc('day', max(d) over ()) from ut_t order by id",

	// Cases that already matched PostgreSQL before these fixes.
	"select quote_literal(bo), quote_nullable(bo), format('%s %s', bo, (select bo)), concat((select bo), 'x') from ut_t order by id",
	"select quote_literal(i), quote_literal(j), quote_literal((select j)), quote_literal(ia), format('%s', ta) from ut_t order by id",
	"select (max(i))::text, (max(f))::text, (min(j::text))::text, (max(d))::text from ut_t",
	"select (lag(ia) over (order by id))::text, (lag(f) over (order by id))::text, (first_value(ta) over (order by id))::text from ut_t order by id",
	"select (interval '1 day' * f)::text, (interval '3 days' / id)::text, 'x' || interval '1 month' * id from ut_t where id > 1 order by id",
	"select date_trunc('day', coalesce(d, timestamp '2024-02-01 10:00')), date_trunc('month', d - 1) from ut_t order by id",
	"select date_trunc('hour', coalesce(d, current_date)) is not null from ut_t order by id",
}

func TestUntypedTextGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() {
		pg.Exec(context.Background(), "drop table if exists ut_t")
		pg.Exec(context.Background(), "drop table if exists ut_u")
	}
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, untypedTextSetup)
	compareExact(t, gw, pg, untypedTextQueries)
}
