package bigquery_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
	"pgway/internal/corpustest"
	"pgway/providers/bigquery"
)

// timeZoneFixture is the table of testdata/timezone.yaml for PostgreSQL.
const timeZoneFixture = `
create table moments (id int8 not null, ts timestamptz, dt timestamp, d date, s text);
insert into moments values
	(1, '2024-07-01 02:50:00.123456+00', '2024-07-01 02:50:00', '2024-07-01', '2024-07-01 02:50:00'),
	(2, '2024-03-10 06:30:00+00', '2024-03-10 03:30:00', '2024-03-10', '2024-03-10 02:30:00+02'),
	(3, '2024-11-03 05:30:00+00', '2024-11-03 00:30:00', '2024-11-03', '2024-11-03 12:30:00'),
	(4, '2024-04-06 15:15:00+00', '2024-10-06 03:15:00', '2024-12-31', '2024-12-31'),
	(5, '1900-01-01 00:00:00+00', '1900-01-01 00:00:00', '1900-01-01', '1900-01-01 00:00:00'),
	(6, null, null, null, null),
	(7, '2024-12-31 23:59:59.999999+00', '2024-12-31 23:59:59.999999', '2024-02-29', '2024-02-29T23:00:00Z'),
	(8, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00', '2024-01-01', '2024-01-01 00:00:00 UTC');
`

// timeZones are the zones of the time zone tests: UTC, a zone west of
// it with daylight saving time, one with a half-hour offset and one whose
// daylight saving time moves the clocks by half an hour.
var timeZones = []string{"UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"}

// timeZoneQueries convert between timestamptz and dates or local times in
// the session's zone. The values of unknown type are cast to their type,
// since a cast of a column of unknown type to date fails outside UTC.
var timeZoneQueries = []string{
	`select id, ts::timestamptz::date, ts::timestamptz::timestamp, ts::timestamptz::time from moments order by id`,
	`select id, dt::timestamptz, d::timestamptz, s::timestamptz, ts::timestamptz from moments order by id`,
	`select id, dt::text::timestamp::timestamptz, d::text::date::timestamptz from moments order by id`,
	`select '2024-07-01 12:00:00'::timestamptz, '2024-07-01'::timestamptz, '2024-01-15 23:30:00.5'::timestamptz,
		'2024-07-01 12:00:00+02'::timestamptz, '2024-07-01 12:00:00'::timestamptz::date`,
	`select id, date_trunc('minute', ts::timestamptz), date_trunc('hour', ts::timestamptz), date_trunc('day', ts::timestamptz),
		date_trunc('week', ts::timestamptz), date_trunc('month', ts::timestamptz), date_trunc('quarter', ts::timestamptz),
		date_trunc('year', ts::timestamptz) from moments order by id`,
	`select id, date_trunc('day', ts::timestamptz, 'Asia/Tokyo'), date_trunc('month', ts::timestamptz, 'America/Chicago'),
		date_trunc('second', ts::timestamptz), date_trunc('month', d::text::date) from moments order by id`,
	`select id, extract(year from ts::timestamptz), extract(month from ts::timestamptz), extract(day from ts::timestamptz),
		extract(hour from ts::timestamptz), extract(minute from ts::timestamptz), extract(second from ts::timestamptz),
		extract(dow from ts::timestamptz), extract(isodow from ts::timestamptz), extract(doy from ts::timestamptz),
		extract(quarter from ts::timestamptz), extract(week from ts::timestamptz), extract(isoyear from ts::timestamptz),
		extract(epoch from ts::timestamptz) from moments order by id`,
	`select id, date_part('hour', ts::timestamptz), date_part('day', ts::timestamptz) from moments order by id`,
	`select id, ts::timestamptz at time zone 'Asia/Tokyo', dt::text::timestamp at time zone 'America/Chicago',
		timezone('Europe/Paris', ts::timestamptz) from moments order by id`,
	`select id from moments where ts >= '2024-07-01'::timestamptz order by id`,
	`select id from moments where ts::timestamptz >= '2024-07-01' and ts::timestamptz < '2024-12-31 23:00' order by id`,
	`select id from moments where ts::timestamptz between '2024-03-10' and '2024-07-01 00:00:00' order by id`,
	`select id from moments where ts::timestamptz::date in ('2024-07-01', '2024-06-30', '2024-03-10') order by id`,
	`select id, ts::timestamptz + interval '2 hours', ts::timestamptz - interval '30 minutes' from moments order by id`,
	`select current_date = now()::date, localtimestamp = now()::timestamp, current_timestamp = now()`,
	`select '2024-03-10 02:30:00'::timestamptz, '2024-11-03 01:30:00'::timestamptz, '2024-10-06 02:15:00'::timestamptz,
		'2024-04-07 01:45:00'::timestamptz, '2024-03-31 02:30:00'::timestamptz`,
	`select '2024-03-10 02:30:00'::timestamp::timestamptz, '2024-04-07 01:45:00'::timestamp::timestamptz,
		date_trunc('day', '2024-11-03 12:00:00+00'::timestamptz), date_trunc('day', '2024-10-06 12:00:00+00'::timestamptz)`,
}

// timeZoneEmulatorGaps are the queries of timeZoneQueries whose results
// on bigquery-emulator differ from PostgreSQL's, by zone, and why. A gap
// that matches fails the test, so that the list stays true.
var timeZoneEmulatorGaps = map[string]string{
	"Australia/Lord_Howe: " + timeZoneQueries[4]: "emulator: TIMESTAMP_TRUNC to HOUR in a zone whose clocks go back " +
		"half an hour returns the earlier of the two local times (01:00+11 for 01:45+10:30), where GoogleSQL documents " +
		"subtracting the minutes and seconds, which gives PostgreSQL's 01:30+11",
}

// TestTimeZoneMatchesPostgreSQL runs conversions between timestamptz and
// dates or local times through pgway on bigquery-emulator and on
// PostgreSQL in several zones, in the simple and the extended protocol,
// and compares the rows as text.
func TestTimeZoneMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	e := bigquery.StartEmulator(t, "timezone.yaml")
	pg := corpustest.StartPostgres(t, timeZoneFixture, "")
	gw := serveTimeZoneConnection(t, e.URL())
	for _, zone := range timeZones {
		setZone(t, zone, gw, pg)
		for _, sql := range timeZoneQueries {
			for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec} {
				want := textRows(ctx, pg, mode, sql)
				got := textRows(ctx, gw, mode, sql)
				key := zone + ": " + sql
				switch reason, gap := timeZoneEmulatorGaps[key]; {
				case gap && got == want:
					t.Errorf("%s (%v) matches PostgreSQL, but is listed as a gap: %s", key, mode, reason)
				case !gap && got != want:
					t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", key, mode, got, want)
				}
			}
		}
	}
}

// TestTimeZoneParameters binds timestamptz parameters as text without an
// offset, which PostgreSQL reads in the session's zone.
// NOTE: no value is at a daylight saving change, where pgway reads such a
// parameter with Go's time.Date, which resolves it otherwise than
// PostgreSQL.
func TestTimeZoneParameters(t *testing.T) {
	ctx := context.Background()
	e := bigquery.StartEmulator(t, "timezone.yaml")
	pg := corpustest.StartPostgres(t, timeZoneFixture, "")
	gw := serveTimeZoneConnection(t, e.URL())
	const sql = `select $1::timestamptz, extract(hour from $1::timestamptz), $1::timestamptz::date`
	for _, zone := range timeZones {
		setZone(t, zone, gw, pg)
		for _, value := range []string{"2024-07-01 00:30:00", "2024-12-31 23:30:00", "2024-07-01 00:30:00+02"} {
			want := textRows(ctx, pg, pgx.QueryExecModeExec, sql, value)
			if got := textRows(ctx, gw, pgx.QueryExecModeExec, sql, value); got != want {
				t.Errorf("%s, %s with %s\n pgway:      %s\n PostgreSQL: %s", zone, sql, value, got, want)
			}
		}
	}
}

// TestTimeZoneGuards runs constructs that BigQuery converts in UTC, where
// pgway cannot tell that a value is a TIMESTAMP: they fail with 0A000
// outside UTC and run in UTC.
func TestTimeZoneGuards(t *testing.T) {
	ctx := context.Background()
	e := bigquery.StartEmulator(t, "timezone.yaml")
	gw := serveTimeZoneConnection(t, e.URL())
	queries := []string{
		`select ts::date from moments`,
		`select ts::timestamp from moments`,
		`select date_trunc('day', ts) from moments`,
		`select extract(hour from ts) from moments`,
		`select id from moments where ts >= '2024-07-01'`,
		`select ts + interval '1 day' from moments`,
		`select ts::timestamptz::text from moments`,
	}
	for _, zone := range []string{"Asia/Kolkata", "UTC"} {
		setZone(t, zone, gw)
		for _, sql := range queries {
			_, err := gw.Exec(ctx, sql)
			var pgErr *pgconn.PgError
			switch {
			case zone == "UTC" && err != nil:
				t.Errorf("%s in UTC: %v", sql, err)
			case zone != "UTC" && !errors.As(err, &pgErr):
				t.Errorf("%s in %s: error %v, expected 0A000", sql, zone, err)
			case zone != "UTC" && (pgErr.Code != "0A000" || !strings.Contains(pgErr.Message, "in time zone "+zone)):
				t.Errorf("%s in %s: %s %s, expected 0A000 naming the zone", sql, zone, pgErr.Code, pgErr.Message)
			}
		}
	}
}

// TestTimeZoneChangesCachedQuery runs one query string in several zones in
// one session, so that a rewrite cached with the first zone would fail.
func TestTimeZoneChangesCachedQuery(t *testing.T) {
	ctx := context.Background()
	e := bigquery.StartEmulator(t, "timezone.yaml")
	gw := serveTimeZoneConnection(t, e.URL())
	const sql = `select ts::timestamptz::date::text, extract(hour from ts::timestamptz)::text from moments where id = 1`
	want := map[string]string{
		"UTC":                 "2024-07-01 2",
		"America/New_York":    "2024-06-30 22",
		"Asia/Kolkata":        "2024-07-01 8",
		"Australia/Lord_Howe": "2024-07-01 13",
	}
	for _, zone := range []string{"UTC", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"} {
		setZone(t, zone, gw)
		if got := textRows(ctx, gw, pgx.QueryExecModeSimpleProtocol, sql); got != want[zone] {
			t.Errorf("%s: %s, expected %s", zone, got, want[zone])
		}
	}
}

func serveTimeZoneConnection(t *testing.T, endpoint string) *pgx.Conn {
	t.Helper()
	return corpustest.ServeConnection(t, config.Connection{
		Name: "tz", ProviderID: "bigquery", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "oauth", Credentials: map[string]string{
			"project_id": bigquery.EmulatorProject, "access_token": bigquery.TestToken,
			"endpoint": endpoint, "default_dataset": "tz"}},
	}, 10*time.Second)
}

func setZone(t *testing.T, zone string, conns ...*pgx.Conn) {
	t.Helper()
	for _, conn := range conns {
		if _, err := conn.Exec(context.Background(), "set timezone = '"+zone+"'"); err != nil {
			t.Fatalf("set timezone %s: %v", zone, err)
		}
	}
}

// trailingZeros matches the zeros that end a fraction: PostgreSQL's
// extract returns numeric with the scale of the field, such as 0.000000
// for seconds, where pgway returns BigQuery's NUMERIC without them.
var trailingZeros = regexp.MustCompile(`^(-?\d+)(?:\.0*|(\.\d*?)0+)$`)

// textRows runs sql and returns its rows as text, rows separated by " | "
// and values by spaces, or the error.
func textRows(ctx context.Context, conn *pgx.Conn, mode pgx.QueryExecMode, sql string, args ...any) string {
	rows, err := conn.Query(ctx, sql, append([]any{mode}, args...)...)
	if err != nil {
		return "error: " + err.Error()
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var values []string
		for _, raw := range rows.RawValues() {
			if raw == nil {
				values = append(values, "NULL")
				continue
			}
			values = append(values, trailingZeros.ReplaceAllString(string(raw), "$1$2"))
		}
		out = append(out, strings.Join(values, " "))
	}
	if err := rows.Err(); err != nil {
		return "error: " + err.Error()
	}
	return strings.Join(out, " | ")
}

// TestTimeZonePreparedBefore runs a statement prepared in one zone after
// the session changes to another.
func TestTimeZonePreparedBefore(t *testing.T) {
	ctx := context.Background()
	e := bigquery.StartEmulator(t, "timezone.yaml")
	gw := serveTimeZoneConnection(t, e.URL())
	const sql = `select ts::timestamptz::date::text, extract(hour from ts::timestamptz)::text from moments where id = 1`
	if _, err := gw.Prepare(ctx, "moment", sql); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"UTC": "2024-07-01 2", "America/New_York": "2024-06-30 22", "Asia/Kolkata": "2024-07-01 8"}
	for _, zone := range []string{"UTC", "America/New_York", "Asia/Kolkata"} {
		setZone(t, zone, gw)
		var day, hour string
		if err := gw.QueryRow(ctx, "moment").Scan(&day, &hour); err != nil {
			t.Fatal(err)
		}
		if got := day + " " + hour; got != want[zone] {
			t.Errorf("%s: %s, expected %s", zone, got, want[zone])
		}
	}
}
