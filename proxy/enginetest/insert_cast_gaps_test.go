package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The tables of these tests, which both pgway and PostgreSQL create.
var insertGapObjects = []string{"drop table if exists public.insert_gap_m, public.insert_gap_u, public.insert_gap_c, " +
	"public.insert_gap_n, public.insert_gap_q, public.cast_gap_t"}

// insertGapCases are INSERT statements that PostgreSQL runs with fewer
// values than columns, or rejects with a constraint's SQLSTATE.
var insertGapCases = []string{
	"create table insert_gap_m (id int primary key, v text, n numeric(6,2), c int default 7)",
	"create table insert_gap_u (a int unique)",
	"create table insert_gap_c (a int check (a > 0))",
	"create table insert_gap_n (a int not null, b text)",
	"insert into insert_gap_m values (300, 'short', 0) returning *",
	"insert into insert_gap_m values (301) returning *",
	"insert into insert_gap_m values (302, 'a'), (303, 'b') returning id, v, c",
	"insert into insert_gap_m values (304, 'x', 1, 2, 3)",
	"insert into insert_gap_m (id, v) values (305)",
	"insert into insert_gap_m values (306, default, 2.5) returning *",
	"select * from insert_gap_m order by id",
	"insert into insert_gap_u values (1), (1)",
	"insert into insert_gap_c values (0)",
	"insert into insert_gap_c values (1), (-1)",
	"insert into insert_gap_n values (null)",
	"insert into insert_gap_n values (1)",
	"select * from insert_gap_n",
	`create table insert_gap_q ("Id" int, "v X" text default 'd', w int)`,
	"insert into insert_gap_q values (1) returning *",
	"insert into insert_gap_q values (2, 'e') returning *",
}

func TestInsertGapsMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, insertGapObjects)
	t.Cleanup(func() { dropOracleObjects(t, insertGapObjects) })
	compareGapCases(ctx, t, gw, pg, insertGapCases)
}

// compareGapCases runs each statement on both servers and compares the
// column names, type OIDs and rows, or the SQLSTATEs of the errors.
// Error messages are not compared because pgway's cannot name the
// constraint that DuckDB reports without its name.
func compareGapCases(ctx context.Context, t *testing.T, gw, pg *pgconn.PgConn, cases []string) {
	t.Helper()
	for _, sql := range cases {
		got, want := gapResult(ctx, gw, sql), gapResult(ctx, pg, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// gapResult is biResult with an error cut to its SQLSTATE.
func gapResult(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	result := biResult(ctx, conn, sql, nil, false)
	if strings.HasPrefix(result, "error ") && len(result) >= len("error XXXXX") {
		return result[:len("error XXXXX")]
	}
	return result
}

// castGapCases cast computed text to integers and dates, and write
// computed double precision values as text, which PostgreSQL does by the
// type its rules give the expression.
var castGapCases = []string{
	"create table cast_gap_t (id int, s text, d text, f float8, at timestamp, j jsonb, span interval)",
	"insert into cast_gap_t values (1, '1.5', '1/2/24', 2.5, '2024-02-07 01:30:11', '{\"a\": \"1.5\", \"b\": 2.5, \"c\": \"7\"}'), " +
		"(2, '12', '12/31/99', -2.0, '2023-11-30 00:00:00', '{\"a\": 1.0}'), (3, null, null, null, null, null)",
	"update cast_gap_t set span = interval '14 months' * id",
	// Computed text cast to an integer.
	`select ('{"a":"1.5"}'::jsonb->>'a')::int`,
	`select ('{"a": 2.5}'::jsonb->>'a')::int8`,
	"select (j->>'a')::int from cast_gap_t where id = 2",
	"select split_part('1.5,x', ',', 1)::int",
	"select trim(' 2.5 ')::int",
	"select trim('1e3')::int",
	"select trim(' 0x1F ')::int",
	"select replace('1,5', ',', '.')::int",
	"select trim('3000000000')::int",
	"select trim('1_000')::int",
	"select (array['1.5'])[1]::int",
	"select (array['7', null])[1]::int8 as n, (array['1/2/24'])[1]::date, ceil(2.0::float8)::text",
	"select (s || '1.5')::int from cast_gap_t where id = 2",
	"select min(s)::int from cast_gap_t where id = 1",
	"select coalesce(s, '0')::int from cast_gap_t where id = 1",
	"select (case when id = 1 then s else '4' end)::int from cast_gap_t where id = 1",
	"select (select s from cast_gap_t where id = 1)::int",
	// Computed date text.
	"select split_part('x,1/2/24', ',', 2)::date",
	"select trim('1/2/24')::date, trim('2/3/4')::date",
	"select trim('24-1-2')::date",
	"select trim('12/31/99')::date",
	"select trim(' 01/02/2024 ')::date, trim('January 5, 2024')::date",
	"select max(d)::date, min(d)::timestamp from cast_gap_t",
	"select coalesce(d, '')::date from cast_gap_t where id = 1",
	// Computed double precision values written as text.
	"select date_part('year', at) || '-' || date_part('month', at) from cast_gap_t order by id",
	"select 'Q' || date_part('quarter', at) from cast_gap_t where id = 1",
	"select date_part('year', at)::text, cast(date_part('dow', at) as varchar), date_part('epoch', at)::text from cast_gap_t where id = 1",
	"select (date_part('hour', at) * 60)::text from cast_gap_t where id = 2",
	"select coalesce(f, 0)::text, greatest(f, 1)::text from cast_gap_t order by id",
	"select ceil(2.0::float8)::text, ceil(2.5::float8)::text, floor(2.5::float8)::text",
	"select ceil(f)::text, floor(f)::text, trunc(f)::text, ceil(f) || '', 'x' || floor(f) from cast_gap_t order by id",
	"select degrees(0 * f)::text from cast_gap_t where id = 1",
	"select min(ceil(f))::text from cast_gap_t",
	"select (case when id = 2 then f end)::text from cast_gap_t order by id",
	"select floor(f / 10) * 10 || '-' || (floor(f / 10) + 1) * 10 as bucket, (f / 2 * 4)::text, (-ceil(f))::text from cast_gap_t order by id",
	// Computed intervals written as text.
	"select age(at, date '2023-01-01')::text, age(date '2023-01-01', at)::text from cast_gap_t order by id",
	"select age(timestamp '2024-01-01', timestamp '2024-03-15')::text",
	"select (interval '1 month' * 2)::text, (interval '1 month' * 1)::text, (interval '14 months' * 1)::text",
	"select (interval '1 month' * 2) || '', 'age ' || age(at, timestamp '2024-01-01') from cast_gap_t order by id",
	"select justify_days(interval '65 days')::text, justify_interval(interval '-40 days')::text",
	"select (timestamp '2024-01-01' - timestamp '2024-01-02')::text, (-interval '1 day')::text",
	"select (at - (at + interval '1 day'))::text, span::text, span || '' from cast_gap_t order by id",
	// Computed text that PostgreSQL reads as an integer, beside a value
	// that differed without the casts.
	"select (j->>'c')::int as c, (j->>'a')::int2, (s || '1')::int, coalesce(s, '0')::int, " +
		"date_part('year', timestamp '2024-02-07')::text from cast_gap_t where id = 3",
	"select split_part('15,x', ',', 1)::int as n, trim(' 25 ')::int, upper('7')::smallint, (s || '1')::int, " +
		"date_part('day', at) || '' from cast_gap_t where id = 2",
}

func TestComputedCastsMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, insertGapObjects)
	t.Cleanup(func() { dropOracleObjects(t, insertGapObjects) })
	compareGapCases(ctx, t, gw, pg, castGapCases)
}
