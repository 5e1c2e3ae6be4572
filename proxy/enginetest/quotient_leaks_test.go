package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases combine the functions that the DuckDB dialect computes as
// numeric quotients (stddev, variance, exp, division) with casts to
// numeric, round, trunc, date and time arithmetic and numeric
// multiplication, as BI dashboards write them. The column names, type
// OIDs and text values of every row, or the SQLSTATE and message of the
// error, are compared with PostgreSQL in both protocols.

// quotientObjects are dropped on the oracle before and after the test.
var quotientObjects = []string{"drop table if exists public.quotient_leaks_t"}

// quotientTable is created and filled through pgway and on the oracle.
var quotientTable = []string{
	"create table quotient_leaks_t (id integer, g text, n numeric(10,2), i integer, x integer, f float8, " +
		"ts timestamp, d date)",
	"insert into quotient_leaks_t values " +
		"(1, 'a', 1.50, 10, 3, 100.5, '2024-01-15 10:30', '2024-01-15'), " +
		"(2, 'a', 3.71, 3, 7, 2.25, '2024-02-07 00:47:11', '2024-02-29'), " +
		"(3, 'b', -2.25, 7, 12, 40, '2023-12-31 23:05', '2023-12-31'), " +
		"(4, 'b', null, null, null, null, null, null)",
	"create temporary view quotient_leaks_v as select interval '1 day' as iv",
}

// quotientMatches return the same result through pgway as on PostgreSQL.
var quotientMatches = []string{
	// round and trunc of stddev, variance and exp cast to numeric.
	"select round(stddev(x)::numeric, 2), trunc(stddev(f)::numeric, 2), round(variance(f)::numeric, 2) from quotient_leaks_t",
	"select round(cast(stddev(f) as numeric), 2), round(var_pop(x)::numeric, 3), round(stddev_pop(n)::numeric, 1) from quotient_leaks_t",
	"select g, round(stddev(f)::numeric, 2) from quotient_leaks_t group by g order by g",
	"select id, round(exp(f / 100)::numeric, 3) from quotient_leaks_t order by id",
	"select id, round(stddev(f) over (partition by g)::numeric, 2) from quotient_leaks_t order by id",
	// The cast to numeric keeps 15 significant digits of a float.
	"select stddev(f)::numeric, var_samp(f)::numeric, stddev_pop(f)::numeric from quotient_leaks_t",
	"select round(variance(f)::numeric) / 7, stddev(f)::numeric::text from quotient_leaks_t",
	"select id, exp(f / 100)::numeric from quotient_leaks_t order by id",
	"select avg(f)::numeric, round(avg(f)::numeric, 2), (stddev(f) * 2)::numeric from quotient_leaks_t",
	// PostgreSQL has no round of a float to a number of digits.
	"select round(stddev(f), 2) from quotient_leaks_t",
	// A timestamp or date plus or minus a quotient, such as Superset's
	// 15-minute time grain.
	"select date_trunc('hour', ts) + (extract(minute from ts)::integer / 15 * interval '15 minute') as grain, count(*) " +
		"from quotient_leaks_t group by grain order by grain",
	"select ts + (x / 2 * interval '15 minute') from quotient_leaks_t order by id",
	"select ts + interval '1 day' / 3, ts - interval '1 hour' / 4 from quotient_leaks_t order by id",
	"select timestamp '2024-01-31' + (interval '1 month' / 2)",
	"select d + (i / 2), d - (i / 2) from quotient_leaks_t order by id",
	"select ts + interval '1 hour' * (n / 3), ts + (f / 3) * interval '1 hour' from quotient_leaks_t order by id",
	"select ts + (count(*) over ()) / 2 * interval '1 day' from quotient_leaks_t order by id",
	"select interval '1 hour' / 2 + ts, (i / 2) + d, d - interval '1 day' / 4 from quotient_leaks_t order by id",
	"select ts - (x / 2) * interval '1 minute', time '10:00' + interval '1 hour' / 8 from quotient_leaks_t order by id",
	"select ts + interval '1 hour' * (n / 3) from quotient_leaks_t where ts + interval '1 day' / 3 > '2024-01-01' order by id",
	// A date whose type the statement does not show, plus or minus an
	// integer division, and PostgreSQL's errors for a date and a bigint or
	// a numeric.
	"select (d + 1) + (i / 2), (d + 1) - (i / 2), (i / 2) + (d + 1) from quotient_leaks_t order by id",
	"select dd + (i / 2) from (select d + 1 as dd, i from quotient_leaks_t) s order by 1",
	"select (d + 1) + count(*) over () / 2 from quotient_leaks_t",
	"select d + (n / 2) from quotient_leaks_t",
	// A numeric and an integer division keep the numeric's scale.
	"select n * (i / 3), n - (i / 3), n + (i / 3) from quotient_leaks_t order by id",
	"select sum(n) * (count(*) / 2) from quotient_leaks_t",
	"select 1.50 * (i / 3) from quotient_leaks_t order by id",
	// A column of VALUES shows that it is an interval.
	"select coalesce(ts, ts) + v.iv / 2 from quotient_leaks_t, (values (interval '1 day')) v(iv) order by 1",
	"select coalesce(ts, ts) - v.iv / 2 from quotient_leaks_t, (values (interval '1 day')) v(iv) order by 1",
	// So does a column of a temporary view.
	"select coalesce(ts, ts) + v.iv / 2 from quotient_leaks_t, quotient_leaks_v v order by 1",
	"select coalesce(ts, ts) - v.iv / 2 from quotient_leaks_t, quotient_leaks_v v order by 1",
}

// quotientUnsupported fail with 0A000 on pgway, which cannot compute
// them as PostgreSQL does, where PostgreSQL returns rows: a column of a
// temporary view has no type that pgway can read in the transaction
// block that created the view (quotientBlockView). The message names the
// operator instead of an internal function.
var quotientUnsupported = []string{
	"select coalesce(ts, ts) + v.iv / 2 from quotient_leaks_t, quotient_leaks_w v",
	"select coalesce(ts, ts) - v.iv / 2 from quotient_leaks_t, quotient_leaks_w v",
}

// quotientBlockView creates the view of quotientUnsupported.
const quotientBlockView = "create temporary view quotient_leaks_w as select interval '1 day' as iv"

func TestQuotientLeaksMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, quotientObjects)
	t.Cleanup(func() { dropOracleObjects(t, quotientObjects) })
	for _, sql := range quotientTable {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	for _, sql := range quotientMatches {
		for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
			t.Error(diff)
		}
		for _, extended := range []bool{false, true} {
			if got := biResult(ctx, gw, sql, nil, extended); strings.Contains(got, "pgway_") {
				t.Errorf("%s (extended protocol: %v): pgway's result names an internal function: %s", sql, extended, got)
			}
		}
	}
	if _, err := pg.Exec(ctx, quotientBlockView).ReadAll(); err != nil {
		t.Fatalf("%s: %v", quotientBlockView, err)
	}
	for _, sql := range quotientUnsupported {
		if _, err := pg.Exec(ctx, sql).ReadAll(); err != nil {
			t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
		}
		if _, err := gw.Exec(ctx, "begin; "+quotientBlockView).ReadAll(); err != nil {
			t.Fatalf("%s: %v", quotientBlockView, err)
		}
		err := queryError(ctx, gwConn, sql)
		if _, rollbackErr := gw.Exec(ctx, "rollback").ReadAll(); rollbackErr != nil {
			t.Fatalf("rollback: %v", rollbackErr)
		}
		if err == nil || err.Code != "0A000" {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
			continue
		}
		if strings.Contains(err.Message, "pgway_") || !strings.Contains(err.Message, "interval computed with a division") {
			t.Errorf("%s: message %q does not name the operator and its interval operand", sql, err.Message)
		}
	}
}
