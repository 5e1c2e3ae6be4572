package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare with PostgreSQL, in both protocols, time zone
// names in date/time input and AT TIME ZONE, subtractions with a time,
// and seconds of 60. DuckDB's ICU reads POSIX offsets with the opposite
// sign and accepts zones that PostgreSQL rejects.

// zoneObjects are dropped on the oracle before and after the test, since
// the oracle's database is shared by the package's tests.
var zoneObjects = []string{"drop table if exists public.dt_zone_t"}

// zoneTable is created and filled through pgway and on the oracle.
var zoneTable = []string{
	"create table dt_zone_t (id integer, tm time, ts timestamp, d date, s text)",
	"insert into dt_zone_t values " +
		"(1, '10:30', '2024-01-15 10:20:30', '2024-01-15', '2024-01-15 10:20:30 GMT+2'), " +
		"(2, '23:15:10.5', '2024-03-01 00:00', '2024-03-01', '2024-01-15 10:20:30 UTC-5'), " +
		"(3, null, null, null, '2024-07-15 10:20:30 EST+2'), " +
		"(4, null, null, null, '2024-01-05 23:59:60')",
}

var zoneCases = []biCase{
	// A zone name followed by a POSIX offset, positive west of UTC.
	{sql: "select '2024-01-15 10:20:30 GMT+2'::timestamptz, '2024-01-15 10:20:30 UTC+2'::timestamptz, " +
		"'2024-01-15 10:20:30 UTC-5'::timestamptz, '2024-01-15 10:20:30 EST+2'::timestamptz, " +
		"'2024-01-15 10:20:30 GMT-2:30'::timestamptz, '2024-01-15 10:20:30 CAT+2'::timestamptz", timezone: "UTC"},
	{sql: "select s::timestamptz, (s || '')::timestamptz, (d::text || ' 10:20:30 UTC-5')::timestamptz " +
		"from dt_zone_t order by id", timezone: "UTC"},
	{sql: "select '2024-01-15 10:20:30 EST5EDT'::timestamptz, '2024-07-15 10:20:30 pst8pdt'::timestamptz, " +
		"'2024-01-15 10:20:30 GMT+2'::timestamp", timezone: "UTC"},
	// Zones that ICU reads and PostgreSQL does not.
	{sql: "select '2024-01-15 10:20:30 CAT'::timestamptz", timezone: "UTC"},
	{sql: "select '2024-01-15 10:20:30 XYZ'::timestamptz"},
	{sql: "select '2024-01-15 10:20:30 WEST'::timestamp"},
	{sql: "select '10:20:30 foo'::time"},
	{sql: "select '2024-01-15 10:20:30 utc+2:75'::timestamptz"},
	{sql: "select timestamptz '2024-01-15 10:20:30+00' at time zone 'CAT'"},
	{sql: "select timestamptz '2024-01-15 10:20:30+00' at time zone 'AET'"},
	{sql: "select timezone('SST', timestamp '2024-01-15 10:20:30')"},
	{sql: "select ts at time zone 'foo' from dt_zone_t"},
	{sql: "select ts at time zone 'Z', ts at time zone 'EST+2', ts at time zone 'japan' from dt_zone_t order by id",
		timezone: "UTC"},
	// time - unknown is time - time, an interval, and a time subtracted
	// from a date or timestamp is an interval.
	{sql: "select tm - '01:00', '12:00:00'::time - '10:00', tm - time '01:00', tm - tm from dt_zone_t order by id"},
	{sql: "select max(tm) - min(tm) from dt_zone_t"},
	{sql: "select ts - tm, d - tm, date '2024-01-15' - time '01:30' from dt_zone_t order by id"},
	{sql: "select timestamptz '2024-01-15 10:00+00' - time '01:30'", timezone: "UTC"},
	// A second of 60 carries into the minute, and a time compared with
	// a string constant reads it as a time.
	{sql: "select '2024-01-05 10:00:60'::timestamp, '2024-12-31 23:59:60'::timestamptz, '10:59:60.25'::time", timezone: "UTC"},
	{sql: "select s::timestamp from dt_zone_t where id = 4"},
	{sql: "select '2024-01-05 23:59:60.5'::timestamp"},
	{sql: "select tm from dt_zone_t where tm = '25:00'"},
	{sql: "select tm from dt_zone_t where tm > '10:00' and tm in ('10:30', '23:15:10.5') order by 1"},
	// A date is the timestamptz of its local midnight, so the result is
	// that instant's wall time in the zone.
	{sql: "select d at time zone 'UTC', (d + 1) at time zone 'Asia/Tokyo', timezone('UTC', d), " +
		"date '2024-07-01' at time zone 'Europe/Paris' from dt_zone_t order by id", timezone: "America/New_York"},
	{sql: "select d at time zone '+02:00', d at time zone 'PST' from dt_zone_t order by id", timezone: "America/New_York"},
}

func TestDateTimeZonesMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, zoneObjects)
	t.Cleanup(func() { dropOracleObjects(t, zoneObjects) })
	for _, sql := range zoneTable {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	for _, c := range zoneCases {
		for _, diff := range biDifferences(t, gw, pg, c) {
			t.Error(diff)
		}
	}
}
