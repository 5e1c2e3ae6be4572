package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// settingsProbe shows the settings that transactions and savepoints must
// restore, and a timestamptz written in the session's TimeZone.
const settingsProbe = "select current_setting('TimeZone'), current_setting('application_name'), " +
	"current_setting('extra_float_digits'), (timestamptz '2024-07-01 12:00:00+00')::text"

// runSteps runs each statement on pgway and on PostgreSQL in the simple
// protocol, and reports where the error of a step or the settings after
// it differ. The oracle's default TimeZone is spelled Etc/UTC.
func runSteps(t *testing.T, gw, pg *pgx.Conn, steps []string) {
	t.Helper()
	ctx := context.Background()
	for _, conn := range []*pgx.Conn{gw, pg} {
		conn.Exec(ctx, "rollback", pgx.QueryExecModeSimpleProtocol)
		if _, err := conn.Exec(ctx, "set timezone = 'UTC'; reset application_name; reset extra_float_digits", pgx.QueryExecModeSimpleProtocol); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range steps {
		_, gwErr := gw.Exec(ctx, step, pgx.QueryExecModeSimpleProtocol)
		_, pgErr := pg.Exec(ctx, step, pgx.QueryExecModeSimpleProtocol)
		if pgCode(gwErr) != pgCode(pgErr) {
			t.Errorf("%s: pgway %v, PostgreSQL %v", strings.Join(steps, "; "), gwErr, pgErr)
			return
		}
		got := rawResult(ctx, gw, settingsProbe, []any{pgx.QueryExecModeSimpleProtocol})
		want := strings.ReplaceAll(rawResult(ctx, pg, settingsProbe, []any{pgx.QueryExecModeSimpleProtocol}), "Etc/UTC", "UTC")
		if got != want {
			t.Errorf("%s\n after %q\n pgway:      %s\n PostgreSQL: %s", strings.Join(steps, "; "), step, got, want)
			return
		}
	}
}

// TestAdversarialSetFollowsTransaction checks that SET inside a
// transaction block is undone by ROLLBACK, by ROLLBACK TO SAVEPOINT and
// by a failed block, and that SET LOCAL after SET in one block leaves the
// value of SET at COMMIT, as PostgreSQL does.
func TestAdversarialSetFollowsTransaction(t *testing.T) {
	gw, pg := connectOraclePair(t)
	for _, steps := range [][]string{
		{"set timezone = 'Asia/Tokyo'", "begin", "set timezone = 'Europe/Madrid'", "rollback"},
		{"begin", "set application_name = 'in block'", "set extra_float_digits = 0", "rollback"},
		{"set timezone = 'Asia/Tokyo'", "begin", "set timezone = 'Europe/Madrid'", "set local timezone = 'America/New_York'", "commit"},
		{"begin", "set timezone = 'Asia/Tokyo'", "savepoint a", "set timezone = 'Europe/Madrid'", "rollback to savepoint a", "commit"},
		{"begin", "savepoint a", "set timezone = 'Asia/Tokyo'", "release savepoint a", "rollback"},
		{"set timezone = 'Asia/Tokyo'", "set application_name = 'q'", "begin", "reset all", "rollback"},
		{"begin", "set timezone = 'Asia/Tokyo'", "select 1 / 0", "rollback"},
	} {
		runSteps(t, gw, pg, steps)
	}
}

// TestAdversarialTimeZoneWhitespace sets zone names with surrounding
// white space, which PostgreSQL rejects with 22023 and pgway trims.
func TestAdversarialTimeZoneWhitespace(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	for _, value := range []string{"'UTC '", "' UTC'", "'Asia/Tokyo '", "E'Europe/Madrid\\t'", "E'UTC\\n'"} {
		_, err := gw.Exec(ctx, "set timezone = "+value)
		if code := pgCode(err); code != "22023" {
			t.Errorf("set timezone = %s: SQLSTATE %q (%v), want 22023", value, code, err)
		}
	}
}

// TestAdversarialTimeZoneCase sets zone names in a case that the time
// zone database does not use, which PostgreSQL finds whatever the case.
// pgway rejected Etc/gmt+3 with 22023 and est5edt with 0A000, although
// it supports Etc/GMT+3 and EST5EDT.
func TestAdversarialTimeZoneCase(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, zone := range []string{"Etc/gmt+3", "est5edt"} {
		set := "set timezone = '" + zone + "'"
		_, gwErr := gw.Exec(ctx, set)
		_, pgErr := pg.Exec(ctx, set)
		if pgCode(gwErr) != pgCode(pgErr) {
			t.Errorf("%s: pgway %v, PostgreSQL %v", set, gwErr, pgErr)
			continue
		}
		if got, want := rawResult(ctx, gw, settingsProbe, nil), rawResult(ctx, pg, settingsProbe, nil); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", set, got, want)
		}
	}
}

// TestAdversarialStartupSettings connects with startup values that
// PostgreSQL rejects with FATAL 22023 (an empty TimeZone or
// extra_float_digits, a bad value in options), or applies (a TimeZone in
// options, as PGOPTIONS sends it).
func TestAdversarialStartupSettings(t *testing.T) {
	ctx := context.Background()
	g := startDemo(t)
	base := fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable",
		config.DemoUser, config.DemoPassword, g.Host, g.Port, config.DemoConnection)
	for _, c := range []struct{ name, value string }{
		{"TimeZone", ""}, {"TimeZone", "UTC "}, {"extra_float_digits", ""},
		{"options", "-c timezone=Nope/Nope"}, {"options", "-c extra_float_digits=99"},
	} {
		cfg, err := pgx.ParseConfig(base)
		if err != nil {
			t.Fatal(err)
		}
		cfg.RuntimeParams[c.name] = c.value
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			conn.Close(ctx)
		}
		if code := pgCode(err); code != "22023" {
			t.Errorf("startup %s=%q: SQLSTATE %q (%v), want FATAL 22023", c.name, c.value, code, err)
		}
	}

	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["options"] = "-c timezone=Asia/Tokyo"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("startup with options -c timezone=Asia/Tokyo: %v", err)
	}
	defer conn.Close(ctx)
	var zone string
	if err := conn.QueryRow(ctx, "show timezone").Scan(&zone); err != nil {
		t.Fatal(err)
	}
	if zone != "Asia/Tokyo" {
		t.Errorf("options -c timezone=Asia/Tokyo: TimeZone is %s", zone)
	}
}

// TestAdversarialBindParameterCount binds an unnamed statement with
// fewer parameters than it has. PostgreSQL reports 08P01 as an ERROR and
// the session goes on, so pgway must not end the connection.
func TestAdversarialBindParameterCount(t *testing.T) {
	gw := frontend(t, startDemo(t))
	lines := transcript(t, gw,
		&pgproto3.Parse{Query: "select $1::int + 1"},
		&pgproto3.Bind{},
		&pgproto3.Execute{},
		&pgproto3.Sync{})
	if len(lines) < 2 || !strings.HasPrefix(lines[len(lines)-2], "ErrorResponse 08P01") {
		t.Fatalf("Bind without the parameter: %v", lines)
	}
	ctx := context.Background()
	result := gw.Exec(ctx, "select 1")
	if _, err := result.ReadAll(); err != nil {
		t.Errorf("after an ERROR for the Bind, the session ended: %v", err)
	}
}

// TestAdversarialDateTimeParameters sends date and time parameters in
// text in forms PostgreSQL reads. A value that pgway misreads is worse
// than one it rejects: a timestamp near the top of PostgreSQL's range
// came back as a date BC, and an offset -1559 as 1559 hours. (DuckDB's
// range ends in 294247, PostgreSQL's in 294276, so the last years fail.)
func TestAdversarialDateTimeParameters(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, conn := range []*pgx.Conn{gw, pg} {
		if _, err := conn.Exec(ctx, "set timezone = 'America/New_York'"); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct{ sql, value string }{
		{"select $1::timestamp::text", "294246-12-31 23:59:59"},
		{"select $1::timestamptz::text", "2024-07-01 23:30:00-1559"},
		{"select $1::timestamptz::text", "2024-07-01 23:30"},
		{"select $1::timestamp::text", "2024-07-01T23:30:00"},
		{"select $1::timestamptz::text", "2024-07-01"},
		{"select $1::timestamptz::text", "infinity"},
		{"select $1::date::text", "-infinity"},
		{"select $1::timestamptz::text", "2024-07-01 23:30:00 UTC"},
		{"select $1::timestamptz::text", "2024-02-30 00:00:00"},
	}
	for _, c := range cases {
		args := []any{pgx.QueryExecModeExec, c.value}
		if got, want := rawResult(ctx, gw, c.sql, args), rawResult(ctx, pg, c.sql, args); got != want {
			t.Errorf("%s with %q\n pgway:      %s\n PostgreSQL: %s", c.sql, c.value, got, want)
		}
	}
}
