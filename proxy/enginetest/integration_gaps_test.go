package enginetest

import (
	"context"
	"testing"
)

// integrationSetup is the table of integrationQueries.
var integrationSetup = []string{
	"create table ig_t (id int, i int, d date, r real, n numeric(10,2))",
	"insert into ig_t values (1, 10, '2024-01-15', 0.1, 1.50), (2, 3, '2024-02-29', -3.4e38, 2.25), (3, null, null, null, null)",
}

// integrationQueries compare statements where one fix could break
// another: extract() arithmetic beside a decimal keeps its scale 0,
// abs(real) is real, a quotient of an interval beside text writes the
// interval, and two FROM items of one name raise 42712 before any
// column is read.
var integrationQueries = []string{
	"select extract(day from d) * 2 from ig_t union all select 0.5 order by 1",
	"select extract(day from d) + 1 from ig_t union all select 0.25 order by 1",
	"select -extract(month from d), abs(extract(day from d)) from ig_t union all select 0.5, 1.25 order by 1, 2",
	"select n * 2 from ig_t union all select 2 order by 1",
	"select n + i, n * n from ig_t union all select 0.5, 1 order by 1, 2",
	"select abs(0.1::real)::text, 'x' || abs(r), cast(abs(r) as text), abs(-r)::text from ig_t order by id",
	"select abs(0.1::float8)::text, abs(i::float8 / 3)::text from ig_t order by id",
	"select 'x' || (interval '36 hours' / i), (interval '36 hours' / i) || 'y' from ig_t where id = 1",
	"select (interval '36 hours' / i)::text, format('%s', interval '36 hours' / i) from ig_t where id = 1",
	"select g from generate_series(1, 2) g, generate_series(3, 4) g",
}

func TestIntegrationGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ig_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, integrationSetup)
	compareExact(t, gw, pg, integrationQueries)
}
