package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare interval input, time arithmetic with unknown
// literals, statement_timestamp(), timetz leap seconds and timestamp(p)
// columns of temporary tables through pgway on a DuckDB file with
// PostgreSQL 15, in every protocol mode.

// intervalRoundingInputs have more than six fractional digits of
// seconds, or fractions of larger units, which PostgreSQL rounds to
// microseconds: a fraction of a unit rounds half toward zero, the seconds
// of a time field round half to even, both in double precision.
var intervalRoundingInputs = []string{
	"1.0000005 sec", "1.0000015 sec", "0.0000025 sec", "-1.0000005 sec", "1.00000051 sec", "1.00000049 sec",
	"00:00:01.0000005", "00:00:01.0000015", "-00:00:01.0000005", "1 day 00:00:00.0000025", "1:00:00.0000005", "00:01.0000005",
	"P0DT0H0M1.0000005S", "PT1.0000015S", "PT0.0000025S", "P1.0000000005D", "PT1.0000000005H",
	"1.0000000005 days", "1.000000005 days", "1.0000000005 hours", "1.00000000833 min", "0.0000005 min",
	"1 min 0.0000005 sec", "@ 1.0000005 secs ago", "1.0000005", "0.5 us", "1.5 us", "2.5 microseconds",
	"1.0000005 ms", "0.0005 ms", "0.0015 ms", "-0.0000015 sec",
}

func TestIntervalInputRounding(t *testing.T) {
	gw, pg := typedFilePair(t)
	var statements []string
	for _, input := range intervalRoundingInputs {
		statements = append(statements,
			"select '"+input+"'::interval",
			"select x::interval from (values ('"+input+"'::text)) t(x)")
	}
	compareExact(t, gw, pg, statements)
	for _, input := range intervalRoundingInputs {
		compareWithArgs(t, gw, pg, "select $1::interval", input)
	}
}

// compareWithArgs runs sql with args on both connections in every
// protocol mode and fails the test where the results differ.
func compareWithArgs(t *testing.T, gw, pg *pgx.Conn, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	for _, mode := range protocolModes {
		all := append([]any{mode}, args...)
		want, got := exactResult(ctx, pg, sql, all), exactResult(ctx, gw, sql, all)
		if got != want {
			t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", sql, args, mode, got, want)
		}
	}
}

// TestUnknownLiteralTimeArithmetic checks that an unknown literal beside
// a date, time or timestamp operand resolves as PostgreSQL resolves it:
// time + '1 hour' reads an interval, time - '09:00' a time, and
// date + '1 day' is ambiguous.
func TestUnknownLiteralTimeArithmetic(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, []string{
		"select time '10:00' + '1 hour'",
		"select '1 hour' + time '10:00'",
		"select time '10:00' - '1 hour'",
		"select time '10:00' - '09:00'",
		"select '11:00' - time '10:00'",
		"select '1 hour' - time '10:00'",
		"select time '10:00' + '10:00'",
		"select date '2020-01-01' + '1 day'",
		"select '1 day' + date '2020-01-01'",
		"select date '2020-01-01' - '1 day'",
		"select date '2020-01-01' - '2019-01-01'",
		"select timestamp '2020-01-01' + '1 day'",
		"select '1 day' + timestamp '2020-01-01'",
		"select timestamp '2020-01-01' - '1 day'",
		"select timestamp '2020-01-01' - '2019-01-01'",
		"select timestamptz '2020-01-01 00:00+00' + '1 day' = timestamptz '2020-01-02 00:00+00'",
		"select timestamptz '2020-01-01' - '1 day'",
		"select timetz '10:00+00' + '1 hour'",
		"select timetz '10:00+00' - '1 hour'",
		"select interval '1 hour' + '1 hour'",
		"select x + '1 hour' from (values (time '10:00')) t(x)",
		"select x - '1 hour' from (values (time '10:00')) t(x)",
		"select x + '1 day' from (values (timestamp '2020-01-01')) t(x)",
	})
}

// TestIntervalConstantsApart checks that interval constants that DuckDB
// compares as equal, such as '1 day' and '24 hours', may share a
// statement as whole select items or as compared operands.
func TestIntervalConstantsApart(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, []string{
		"select '1 day'::interval, '24 hours'::interval",
		"select '1 day'::interval = '24 hours'::interval",
		"select interval '1 month', interval '30 days', (select interval '720 hours')",
		"select '1 day'::interval as a, '24 hours'::interval as b order by 1",
	})
}

// TestStatementTimestampBesideTypeOf checks that statement_timestamp()
// equals now() in the first statement of a transaction when pg_typeof()
// shares the select list.
func TestStatementTimestampBesideTypeOf(t *testing.T) {
	gw, pg := connectOraclePair(t)
	compareExact(t, gw, pg, []string{
		"select statement_timestamp() = now(), pg_typeof(now())",
		"select statement_timestamp() = now(), pg_typeof(statement_timestamp())",
		"select statement_timestamp() = now(), pg_typeof(1)",
	})
}

// TestTimeGapsMisc checks a leap second in timetz input, and interval
// arrays and ISO 8601 intervals read from text.
func TestTimeGapsMisc(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, []string{
		"select '23:59:60'::timetz",
		"select '23:59:60+02'::timetz",
		"select '10:59:60'::timetz",
		"select '23:59:60.5'::timetz",
		"select x::interval from (values ('P1DT2H'::text), ('PT1.5S'), ('P1Y2M3W'), ('P0.5M')) t(x)",
		`select '{"1 day", "2 hours"}'::interval[]`,
		`select '{1 day,2 hours}'::interval[]`,
		`select x::interval[] from (values ('{"1 day", "2 hours"}'::text)) t(x)`,
		`select x::interval[] from (values ('{1 day,PT1H}'::text)) t(x)`,
		`select x::interval[] from (values ('{NULL,"1.0000005 sec"}'::text)) t(x)`,
		`select x::interval[] from (values ('{1 day,{2 hours}}'::text)) t(x)`,
		`select x::interval[] from (values ('{"1 day","abc"}'::text)) t(x)`,
		`select x::interval[] from (values (array['1 day', '2 hours']::text[])) t(x)`,
		`select (x || '1 day}')::interval[] from (values ('{'::text)) t(x)`,
	})
	// PostgreSQL reads a two-dimensional interval array, which a DuckDB
	// list cannot hold.
	sql := `select x::interval[] from (values ('{{1 day},{2 hours}}'::text)) t(x)`
	if got := exactResult(context.Background(), gw, sql, nil); !strings.HasPrefix(got, "error 0A000 ") {
		t.Errorf("%s: %s, want 0A000", sql, got)
	}
}

// TestTemporaryTimestampPrecision checks that timestamp(p) and time(p)
// columns of a temporary table round what INSERT and UPDATE store, as
// those of a permanent table do.
func TestTemporaryTimestampPrecision(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, []string{
		"create temp table temp_precision (id int, ts timestamp(2), tz timestamptz(0), t time(3))",
		"insert into temp_precision values (1, '2020-01-01 10:00:00.123456', '2020-01-01 10:00:00.5+00', '10:00:00.123456')",
		"insert into temp_precision (id, ts) values (2, '2020-01-01 10:00:00.125')",
		"update temp_precision set ts = '2021-06-01 00:00:00.999999' where id = 2",
	})
	compareExact(t, gw, pg, []string{
		"select id, ts, tz = '2020-01-01 10:00:01+00', t from temp_precision order by id",
	})
}
