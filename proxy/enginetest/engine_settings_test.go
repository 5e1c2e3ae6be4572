package enginetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
)

// timeZoneQueries convert between timestamptz and dates or local times,
// which PostgreSQL does in the session's TimeZone.
var timeZoneQueries = []struct {
	sql  string
	args []any
}{
	{"select timestamptz '2024-03-10 06:30:00+00', timestamptz '2024-07-01 12:00:00.123456+00'", nil},
	{"select '2024-07-01 12:00'::timestamptz, '2024-01-15 08:00'::timestamptz", nil},
	{"select timestamp '2024-03-10 02:30'::timestamptz, timestamp '2024-11-03 01:30'::timestamptz", nil},
	{"select date_trunc('day', timestamptz '2024-01-01 03:00:00+00'), date_trunc('month', timestamptz '2024-03-01 02:00:00+00')", nil},
	{"select extract(hour from timestamptz '2024-01-01 03:00:00+00'), extract(day from timestamptz '2024-01-01 03:00:00+00')", nil},
	{"select (timestamptz '2024-01-01 03:00:00+00')::date, (timestamptz '2024-01-01 03:00:00+00')::timestamp", nil},
	{"select date '2024-06-01'::timestamptz", nil},
	{"select timestamptz '2024-03-09 12:00:00+00' + interval '1 day'", nil},
	{"select timestamptz '1900-01-01 00:00:00+00', timestamptz '1850-06-01 12:00:00+00'", nil},
	{"select (timestamptz '2024-01-01 03:00:00+00')::text", nil},
	{"select array[timestamptz '2024-01-01 00:00+00', null, timestamptz '2024-07-01 00:00+00']", nil},
	{"select current_setting('TimeZone')", nil},
	{"select date_trunc('day', timestamptz '2024-07-01 03:00+00', 'Asia/Tokyo'), date_trunc('month', timestamptz '2024-03-31 23:30+00', 'America/New_York')", nil},
	{"select date_trunc('week', date '2024-01-03'), date_trunc('month', '2024-03-10'::date)", nil},
	{"select timestamptz '2024-03-10 12:00:00+00' at time zone 'Asia/Tokyo', timestamp '2024-03-10 12:00' at time zone 'Asia/Tokyo'", nil},
	{"select to_char(timestamptz '2024-01-01 03:00:00+00', 'YYYY-MM-DD HH24:MI')", nil},
	{"select extract(timezone from timestamptz '2024-07-01 00:00+00')", nil},
	{"select generate_series(timestamptz '2024-03-09 12:00+00', timestamptz '2024-03-11 12:00+00', interval '1 day')", nil},
	{"select date_part('hour', timestamptz '2024-07-01 03:00+00'), extract(epoch from timestamptz '2024-07-01 03:00+00')", nil},
	{"select timestamptz '2024-07-01 03:00+00' - timestamp '2024-07-01 00:00'", nil},
	{"select $1::timestamptz", []any{"2024-07-01 12:00:00"}},
	{"select $1::timestamptz", []any{"2024-07-01 12:00:00+02"}},
	{"select $1::timestamptz, $2::timestamptz", []any{"2024-03-10 02:30:00", "2024-11-03 01:30:00"}},
	{"select $1::timestamptz, $2::timestamptz", []any{"2024-04-07 01:45:00", "2024-10-06 02:15:00.5"}},
}

// TestTimeZoneMatchesPostgreSQL sets each zone on the DuckDB demo
// warehouse and on PostgreSQL, then compares the text of every result.
// The zones have offsets in minutes, half-hour daylight saving time and
// historical offsets in seconds.
func TestTimeZoneMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	zones := []string{"UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Amsterdam", "america/los_angeles", "EST5EDT"}
	for _, zone := range zones {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, "set timezone = '"+zone+"'"); err != nil {
				t.Fatalf("set timezone %s: %v", zone, err)
			}
		}
		for _, q := range timeZoneQueries {
			for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec} {
				args := append([]any{mode}, q.args...)
				want := rawResult(ctx, pg, q.sql, args)
				got := rawResult(ctx, gw, q.sql, args)
				if got != want {
					t.Errorf("%s, %s (%v)\n pgway:      %s\n PostgreSQL: %s", zone, q.sql, mode, got, want)
				}
			}
		}
		show := "show timezone"
		if got, want := rawResult(ctx, gw, show, nil), rawResult(ctx, pg, show, nil); got != want {
			t.Errorf("%s: show timezone: pgway %s, PostgreSQL %s", zone, got, want)
		}
	}
}

// TestTimeZonePreparedBefore runs a statement prepared in one zone after
// the session changes to another: DuckDB fixes the zone of a statement
// when it prepares it.
func TestTimeZonePreparedBefore(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	const sql = "select date_trunc('day', timestamptz '2024-01-01 03:00:00+00')::text, extract(hour from timestamptz '2024-01-01 03:00:00+00')"
	if _, err := gw.Prepare(ctx, "trunc", sql); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"UTC":              "2024-01-01 00:00:00+00 3",
		"America/New_York": "2023-12-31 00:00:00-05 22",
		"Asia/Tokyo":       "2024-01-01 00:00:00+09 12",
	}
	for _, zone := range []string{"UTC", "America/New_York", "Asia/Tokyo"} {
		if _, err := gw.Exec(ctx, "set timezone = '"+zone+"'"); err != nil {
			t.Fatal(err)
		}
		var day string
		var hour int
		if err := gw.QueryRow(ctx, "trunc").Scan(&day, &hour); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%s %d", day, hour); got != want[zone] {
			t.Errorf("%s: got %s, want %s", zone, got, want[zone])
		}
	}
}

// TestTimeZoneRejected checks the errors for zones that PostgreSQL
// rejects (22023) or that pgway does not support (0A000), and that the
// session keeps its zone after either.
func TestTimeZoneRejected(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	if _, err := gw.Exec(ctx, "set timezone = 'Asia/Kolkata'"); err != nil {
		t.Fatal(err)
	}
	for value, code := range map[string]string{
		"'Foo/Bar'":                        "22023",
		"'Local'":                          "22023",
		"'../etc'":                         "22023",
		"''":                               "22023",
		"'+05:30'":                         "0A000",
		"'UTC+3'":                          "0A000",
		"-7":                               "0A000",
		"interval '+05:30' hour to minute": "0A000",
	} {
		_, err := gw.Exec(ctx, "set time zone "+value)
		if got := pgCode(err); got != code {
			t.Errorf("set time zone %s: SQLSTATE %q (%v), want %s", value, got, err, code)
		}
	}
	var shown, ts string
	if err := gw.QueryRow(ctx, "select current_setting('timezone'), (timestamptz '2024-01-01 00:00:00+00')::text").Scan(&shown, &ts); err != nil {
		t.Fatal(err)
	}
	if shown != "Asia/Kolkata" || ts != "2024-01-01 05:30:00+05:30" {
		t.Errorf("after the rejected zones: %s, %s", shown, ts)
	}
}

// TestTimeZoneAtStartup connects with TimeZone in the startup message, as
// pgjdbc does with the JVM's zone; RESET returns to it.
func TestTimeZoneAtStartup(t *testing.T) {
	ctx := context.Background()
	g := startDemo(t)
	cfg := demoConfig(t, g)
	cfg.RuntimeParams["TimeZone"] = "Europe/Madrid"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	check := func(when, want string) {
		t.Helper()
		var got string
		if err := conn.QueryRow(ctx, "select (timestamptz '2024-07-01 12:00:00+00')::text", pgx.QueryExecModeSimpleProtocol).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: got %s, want %s", when, got, want)
		}
	}
	check("at startup", "2024-07-01 14:00:00+02")
	if _, err := conn.Exec(ctx, "set timezone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	check("after set", "2024-07-01 12:00:00+00")
	if _, err := conn.Exec(ctx, "reset timezone"); err != nil {
		t.Fatal(err)
	}
	check("after reset", "2024-07-01 14:00:00+02")

	cfg.RuntimeParams["TimeZone"] = "Mars/Olympus_Mons"
	_, err = pgx.ConnectConfig(ctx, cfg)
	if code := pgCode(err); code != "22023" {
		t.Errorf("startup with an unknown zone: SQLSTATE %q (%v), want 22023", code, err)
	}
}

// rawResult returns the type and the text of every column as the server
// sent it, or the SQLSTATE and message of the error.
func rawResult(ctx context.Context, conn *pgx.Conn, sql string, args []any) string {
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		for i, fd := range rows.FieldDescriptions() {
			out += fmt.Sprintf("%d:%s ", fd.DataTypeOID, rows.RawValues()[i])
		}
		out += "| "
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out
}

// TestFloatDigitsMatchPostgreSQL writes floats with every value of
// extra_float_digits, on the DuckDB demo warehouse and on PostgreSQL.
func TestFloatDigitsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	const sql = "select 1::float8 / 3, 0.1::float8, 1e20::float8, 1.5e-5::float8, 123456789.123::float4, " +
		"2::float4 / 3, -0.000123456789::float8, 1e15::float8 + 0.3, 'Infinity'::float8, 100::float8, " +
		"array[1::float8 / 3, null, 1e20, 'NaN'], array[2::float4 / 3]"
	for digits := -15; digits <= 3; digits++ {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(ctx, fmt.Sprintf("set extra_float_digits = %d", digits)); err != nil {
				t.Fatal(err)
			}
		}
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec} {
			if got, want := rawResult(ctx, gw, sql, []any{mode}), rawResult(ctx, pg, sql, []any{mode}); got != want {
				t.Errorf("extra_float_digits %d (%v)\n pgway:      %s\n PostgreSQL: %s", digits, mode, got, want)
			}
		}
	}
}

// TestSettingValues sets DateStyle, IntervalStyle, extra_float_digits,
// bytea_output and standard_conforming_strings to values that PostgreSQL
// accepts and shows in its own spelling, or rejects, and to styles that
// pgway does not write, which fail with 0A000 instead of being ignored.
func TestSettingValues(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	same := []struct{ name, value string }{
		{"datestyle", "'dmy'"}, {"datestyle", "'iso, ymd'"}, {"datestyle", "'European'"},
		{"datestyle", "'ISO, SQL'"}, {"datestyle", "'DMY, MDY'"}, {"datestyle", "'nonsense'"},
		{"datestyle", "default"}, {"intervalstyle", "'POSTGRES'"}, {"intervalstyle", "'nonsense'"},
		{"extra_float_digits", "'-20'"}, {"extra_float_digits", "'4'"}, {"extra_float_digits", "'x'"},
		{"extra_float_digits", "'-3'"}, {"client_encoding", "'utf-8'"}, {"client_encoding", "'unicode'"},
		{"client_encoding", "'sql_ascii'"}, {"client_encoding", "'nonsense'"}, {"client_encoding", "'UTF8'"},
		{"bytea_output", "'HEX'"}, {"bytea_output", "'nonsense'"}, {"standard_conforming_strings", "'on'"},
		{"standard_conforming_strings", "'maybe'"}, {"standard_conforming_strings", "true"},
	}
	for _, c := range same {
		set := "set " + c.name + " = " + c.value
		_, gwErr := gw.Exec(ctx, set)
		_, pgErr := pg.Exec(ctx, set)
		if pgCode(gwErr) != pgCode(pgErr) {
			t.Errorf("%s: pgway %v, PostgreSQL %v", set, gwErr, pgErr)
			continue
		}
		show := "show " + c.name
		if got, want := rawResult(ctx, gw, show, nil), rawResult(ctx, pg, show, nil); got != want {
			t.Errorf("%s: show: pgway %s, PostgreSQL %s", set, got, want)
		}
	}
	for _, set := range []string{"set datestyle = 'SQL'", "set datestyle = 'German'", "set datestyle = 'postgres, dmy'",
		"set intervalstyle = 'iso_8601'", "set intervalstyle = 'sql_standard'", "set client_encoding = 'LATIN1'",
		"set client_encoding = 'win1252'", "set bytea_output = 'escape'", "set standard_conforming_strings = off"} {
		if _, err := gw.Exec(ctx, set); pgCode(err) != "0A000" {
			t.Errorf("%s: %v, want 0A000", set, err)
		}
	}
}

// TestStylesAtStartup connects with the settings pgjdbc sends in its
// startup message, and with a DateStyle and a client encoding that pgway
// does not write.
func TestStylesAtStartup(t *testing.T) {
	ctx := context.Background()
	g := startDemo(t)
	cfg := demoConfig(t, g)
	cfg.RuntimeParams["DateStyle"] = "ISO"
	cfg.RuntimeParams["extra_float_digits"] = "2"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if got := conn.PgConn().ParameterStatus("DateStyle"); got != "ISO, MDY" {
		t.Errorf("DateStyle reported as %q, want ISO, MDY", got)
	}
	cfg.RuntimeParams["DateStyle"] = "SQL, DMY"
	if _, err := pgx.ConnectConfig(ctx, cfg); pgCode(err) != "0A000" {
		t.Errorf("startup with DateStyle SQL: %v, want 0A000", err)
	}
	cfg.RuntimeParams["DateStyle"] = "ISO"
	cfg.RuntimeParams["client_encoding"] = "LATIN1"
	if _, err := pgx.ConnectConfig(ctx, cfg); pgCode(err) != "0A000" {
		t.Errorf("startup with client_encoding LATIN1: %v, want 0A000", err)
	}
}

// TestPreparedStatementFoldsAtExecution runs one prepared statement in
// several transactions and after SET: now() and current_setting(), which
// pgway writes into the warehouse statement, take their values at each
// execution, as in PostgreSQL.
func TestPreparedStatementFoldsAtExecution(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	if _, err := gw.Prepare(ctx, "folds", "select now()::text, current_setting('application_name')"); err != nil {
		t.Fatal(err)
	}
	run := func() (now, name string) {
		t.Helper()
		if err := gw.QueryRow(ctx, "folds").Scan(&now, &name); err != nil {
			t.Fatal(err)
		}
		return now, name
	}

	first, _ := run()
	time.Sleep(10 * time.Millisecond)
	second, _ := run()
	if first == second {
		t.Errorf("now() is %s in two transactions", first)
	}

	if _, err := gw.Exec(ctx, "set application_name = 'folds-test'"); err != nil {
		t.Fatal(err)
	}
	if _, name := run(); name != "folds-test" {
		t.Errorf("current_setting('application_name') = %q after SET", name)
	}

	tx, err := gw.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var inTx1, inTx2 string
	if err := tx.QueryRow(ctx, "folds").Scan(&inTx1, new(string)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := tx.QueryRow(ctx, "folds").Scan(&inTx2, new(string)); err != nil {
		t.Fatal(err)
	}
	if inTx1 != inTx2 {
		t.Errorf("now() changed inside one transaction: %s, %s", inTx1, inTx2)
	}
}

// demoConfig returns a connection configuration for the demo user and
// warehouse on g, whose startup parameters a test can add to.
func demoConfig(t *testing.T, g *gateway) *pgx.ConnConfig {
	t.Helper()
	cfg, err := pgx.ParseConfig(fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable",
		config.DemoUser, config.DemoPassword, g.Host, g.Port, config.DemoConnection))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
