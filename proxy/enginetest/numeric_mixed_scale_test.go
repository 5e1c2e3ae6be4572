package enginetest

import "testing"

// PostgreSQL keeps each numeric value with its own scale, so a VALUES or
// UNION ALL column of 1 and 1.5 contains 1, and ARRAY[1.50, 2] contains 2.
// DuckDB gives the column or array one DECIMAL scale and writes 1.0 and
// 2.00. These cases compare with PostgreSQL 15 the uses that keep each
// value's scale or show none, and check that the uses that would show
// DuckDB's scale fail with 0A000.

// mixedScaleQueries match PostgreSQL: the values are passed on as they
// are, or used where no scale shows.
var mixedScaleQueries = []string{
	"select x from (values (1), (1.5)) v(x)",
	"select 1 as x union all select 1.5",
	"select x from (select x from (values (1), (1.5)) v(x)) s order by x desc",
	"with t(x) as (values (1), (1.5)) select x from t",
	"select array_agg(x) from (values (1), (1.50)) v(x)",
	"select array[1.50, 2]",
	"select array[1.50, 2]::text, array[-1.50, 2, null, 00.5, -0.00]::text",
	"select x / 3, sqrt(x) from (values (1), (1.5)) v(x) order by 1",
	"select max(x), sqrt(min(x)) from (values (1), (1.5)) v(x)",
	"select sum(x), avg(x), count(x) from (values (1), (1.5)) v(x)",
	"select count(*) from (values (1), (1.5)) v(x) where x + 1 > 2 and x in (1, 2)",
	"select count(*) from (select x from (values (1), (1.5)) v(x)) s",
	"select x::numeric(5,2), round(x), round(x, 1), x::int, x::float8 from (values (1), (1.5)) v(x)",
	"select cardinality(array[1.50, 2]), 2 = any(array[1.50, 2]), array[1.50, 2] = array[1.5, 2]",
	// Sums of groups that only a comparison, sort or cast reads, and
	// sums with a constant of the largest scale.
	"select id from (values (1, 1.5), (2, 2)) p(id, price) group by id having sum(price) > 1 order by id",
	"select id from (values (1, 1.5), (2, 2), (2, 0.25)) p(id, price) group by id order by sum(price)",
	"select id, sum(price)::int from (values (1, 1.5), (2, 2)) p(id, price) group by id order by id",
	"select x + 0.001, x - 0.00, 0.01 + x from (values (1.25), (2.5)) v(x)",
}

// mixedScaleRejections show a scale that DuckDB's DECIMAL cannot keep
// apart for each value.
var mixedScaleRejections = []string{
	"select x::text, x + 1 from (values (1), (1.5)) v(x)",
	"select x + 1 from (values (1), (1.5)) v(x)",
	"select x::text from (select 1 as x union all select 1.5) s",
	"with t(x) as (values (1), (1.5)) select x::text from t",
	"select sum(x) from (values (1), (1.5)) v(x) where x < 1.2",
	"select min(x) from (values (1), (1.5)) v(x)",
	"select (select x from (values (1), (1.5)) v(x) limit 1)",
	"select x from (values (1), (1.5)) v(x) where x < 1.2",
	"select x, count(*) from (values (1.50), (2)) v(x) group by 1",
	"select unnest(array[1.50, 2])",
	"select (array[1.50, 2])[2]",
	"select array_to_string(array[1.50, 2], ',')",
	"select a::text from (select array[1.50, 2] a) s",
	"select array_agg(x)::text from (values (1), (1.50)) v(x)",
}

func TestNumericMixedScales(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, mixedScaleQueries)
	checkUnsupportedGaps(t, gw, pg.PgConn(), mixedScaleRejections, "of numeric values of different scales")
}
