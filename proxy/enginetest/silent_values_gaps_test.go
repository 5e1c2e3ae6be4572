package enginetest

import (
	"context"
	"testing"
)

// These cases compare with PostgreSQL 15 values that pgway once returned
// wrong without an error. They cover sum() of integer expressions divided
// by an integer and JSON of float and interval quotients. They also cover
// numeric constants beside extract() in greatest, coalesce, CASE and
// UNION ALL, and the NULL and NaN results of corr, regr_slope and
// regr_intercept.

var silentValueSetup = []string{
	"create table sv_t (id int, i int, b bigint, s smallint, n numeric(10,2), tx text, f float8, r real, d date, tz timestamptz)",
	"insert into sv_t values " +
		"(1, 10, 10, 1, 12.34, 'Hello World', 1.5, 2.25, '2024-01-15', '2024-01-15 10:30:00+00'), " +
		"(2, 20, -5, 2, -0.50, 'hello world', -0.1, 0.1, '2023-12-31', '2023-12-31 23:59:59.5+02'), " +
		"(3, null, null, null, null, null, null, null, null, null), " +
		"(4, 10, 0, 3, 100.00, 'ÄBC ñandú', 1e20, 3.4e38, '2000-02-29', '2000-02-29 12:00:00-05'), " +
		"(5, 30, 7, -32768, 99999.99, 'MiXeD cAsE', 'NaN', '-Infinity', '1999-01-01', '1970-01-01 00:00:00+00'), " +
		"(6, 20, 42, 7, 0.01, '', 0, -0, '2024-02-29', '2024-02-29 12:34:56+05:30'), " +
		"(7, 40, 7, 8, 7.77, 'a_b%c', 3.14159265358979, 1.17549435e-38, '2024-12-25', '2024-12-25 18:00:00+00')",
}

var silentValueQueries = []string{
	// sum() of an int2 or int4 expression is a bigint, so / truncates.
	"select sum(ascii(tx)) / 2 from sv_t",
	"select sum(mod(s, 3)) / count(*) from sv_t",
	"select sum(nullif(i, 10)) / 3 from sv_t",
	"select sum(+i) / 3, sum(~i) / 3, sum(i & 7) / 3, sum(i | s) / 3 from sv_t",
	"select sum(i >> 1) / 3, sum(s << 2) / 3, sum(s # 3) / 3 from sv_t",
	"select sum(octet_length(tx)) / 3, sum(regexp_count(tx, 'l')) / 3 from sv_t",
	"select sum(ascii(tx)) over (order by id) / 2 from sv_t order by id",
	"select sum(ascii(tx)), sum(mod(s, 3)), sum(i >> 1) from sv_t",
	// sum() of a bigint expression is a numeric, so / divides exactly.
	"select sum(mod(b, 3)) / 2, sum(b # 1) / 3, sum(nullif(n, 1)) / 3 from sv_t",

	// JSON of a float or interval quotient is the number, not null.
	"select to_jsonb(1::float8 / 3)",
	"select to_json(1::float8 / 3)",
	"select id, to_jsonb(f / 2), to_json(f / 2), to_jsonb(r / 3), to_jsonb(f / i) from sv_t order by id",
	"select jsonb_build_array(f / 2), jsonb_build_object('k', f / 3), json_build_object('k', i / f) from sv_t order by id",
	"select jsonb_agg(f / 2 order by id), json_agg(f / 2 order by id) from sv_t",
	"select to_jsonb(avg(f / 2)) from sv_t",
	"select to_json(interval '1 day' / 2)",
	// Numeric quotients keep their scale, and json_agg writes NULL as null.
	"select id, to_jsonb(n / 3), to_json(n / 3) from sv_t order by id",
	"select json_agg(n / 2 order by id), jsonb_agg(n / 2 order by id) from sv_t",

	// A numeric constant beside extract() keeps its fraction.
	"select greatest(extract(day from null::date), 1.25), least(extract(day from null::date), 0.5)",
	"select id, coalesce(extract(julian from d), 0.25), coalesce(extract(day from d), 1 / 3.0) from sv_t order by id",
	"select case when id > 2 then extract(year from tz) else 0.25 end from sv_t where id = 1",
	"select id, least(extract(dow from d), 0.5), greatest(extract(isodow from d), 1.5) from sv_t order by id",
	"select extract(year from tz) from sv_t union all select 0.5 order by 1",
	"select extract(years from d), 1.5 from sv_t union all select 0.5, 1 order by 1",
	"select array[extract(year from d), 1] from sv_t where id = 1",

	// corr and regr_slope are NULL for zero variance, and regr_intercept
	// is NaN for NaN or infinite input.
	"select corr(x, y), regr_slope(x, y), regr_intercept(x, y) from (values (1, 2)) v(x, y)",
	"select corr(x, y), regr_slope(x, y), regr_intercept(x, y) from (values (1, 2), (1, 3)) v(x, y)",
	"select corr(x, y), regr_slope(x, y), regr_intercept(x, y) from (values (2, 1), (3, 1)) v(x, y)",
	"select corr(x, y), regr_slope(x, y), regr_intercept(x, y) from (values (1, null), (null, 5)) v(x, y)",
	"select corr(x, x), regr_slope(x, x), regr_intercept(x, x) from (values ('NaN'::float8), (1)) v(x)",
	"select corr(x, x), regr_slope(x, x), regr_intercept(x, x) from (values ('Infinity'::float8), (1)) v(x)",
	"select regr_intercept(x, y), regr_intercept(y, x) from (values ('NaN'::float8, 1::float8), (1, 2)) v(x, y)",
	"select regr_intercept(x, y), regr_intercept(y, x) from (values ('Infinity'::float8, 1::float8), (1, 2)) v(x, y)",
	"select corr(x, y), regr_slope(x, y), regr_intercept(x, y) from (values (1, 2), (2, 4), (3, 6)) v(x, y)",
	"select id, corr(i, s) over (order by id rows between 1 preceding and current row) from sv_t order by id",
	"select corr(i, s) filter (where id = 1), regr_slope(i, s) filter (where id < 3) from sv_t",
	"select jsonb_build_object('k', corr(i, s)) from sv_t where id = 1",
}

// silentValueUnsupported are the cases that fail with 0A000, because
// pgway cannot write them as PostgreSQL does.
var silentValueUnsupported = []string{
	"select to_jsonb(interval '1 day' / 2)",
	"select array[extract(year from tz), 0.5] from sv_t where id = 1",
	"select * from (select extract(year from tz) y from sv_t union all select 0.5) s order by 1",
}

func TestSilentValueGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists sv_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, silentValueSetup)
	compareExact(t, gw, pg, silentValueQueries)
	checkUnsupportedGaps(t, gw, pg.PgConn(), silentValueUnsupported, "jsonb of an interval", "different scales")
}
