package enginetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// slowQuery runs on the demo warehouse for far longer than any test waits.
const slowQuery = "select count(*) from cities a, cities b where md5(a.name || b.name) < '004'"

// assertCode fails the test unless err is a PostgreSQL error with code.
func assertCode(t *testing.T, err error, code string) *pgconn.PgError {
	t.Helper()
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want SQLSTATE %s", err, code)
	}
	if pgErr.Code != code {
		t.Fatalf("SQLSTATE = %s (%s), want %s", pgErr.Code, pgErr.Message, code)
	}
	return pgErr
}

// assertTimesOut runs slowQuery on conn and checks that the statement
// timeout cancels it within limit, then that the session still runs
// statements.
func assertTimesOut(t *testing.T, conn *pgx.Conn, limit time.Duration) {
	t.Helper()
	ctx := context.Background()
	start := time.Now()
	var n int64
	err := conn.QueryRow(ctx, slowQuery).Scan(&n)
	elapsed := time.Since(start)
	pgErr := assertCode(t, err, "57014")
	if pgErr.Message != "canceling statement due to statement timeout" {
		t.Errorf("message = %q, want PostgreSQL's statement timeout message", pgErr.Message)
	}
	if elapsed > limit {
		t.Errorf("statement ended after %v, want under %v", elapsed, limit)
	}
	// A prompt result suggests that the slow query no longer holds the
	// warehouse connection.
	start = time.Now()
	if err := conn.QueryRow(ctx, "select count(*) from cities").Scan(&n); err != nil {
		t.Fatalf("statement after the timeout: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("statement after the timeout took %v; the slow query seems to run on", elapsed)
	}
}

func TestEngineLimitsStatementTimeout(t *testing.T) {
	cfg := config.Default()
	cfg.Limits.StatementTimeout = config.Duration(300 * time.Millisecond)
	g := serve(t, cfg)
	conn := g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	assertTimesOut(t, conn, 3*time.Second)
	// A longer session setting does not lift the limit.
	if _, err := conn.Exec(context.Background(), "set statement_timeout = '1h'"); err != nil {
		t.Fatal(err)
	}
	assertTimesOut(t, conn, 3*time.Second)
}

func TestEngineSetStatementTimeout(t *testing.T) {
	g := startDemo(t)
	conn := g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	ctx := context.Background()
	cases := []struct{ set, show string }{
		{"'5s'", "5s"},
		{"5000", "5s"},
		{"'500ms'", "500ms"},
		{"'1min'", "1min"},
		{"1500", "1500ms"},
		{"'1.5s'", "1500ms"},
		{"'2 h'", "2h"},
		{"0", "0"},
	}
	for _, c := range cases {
		if _, err := conn.Exec(ctx, "set statement_timeout = "+c.set); err != nil {
			t.Fatalf("set statement_timeout = %s: %v", c.set, err)
		}
		var value string
		if err := conn.QueryRow(ctx, "show statement_timeout").Scan(&value); err != nil {
			t.Fatal(err)
		}
		if value != c.show {
			t.Errorf("after set statement_timeout = %s, show = %q, want %q", c.set, value, c.show)
		}
	}
	for _, bad := range []string{"'abc'", "'5 parsecs'", "-1"} {
		_, err := conn.Exec(ctx, "set statement_timeout = "+bad)
		assertCode(t, err, "22023")
	}

	if _, err := conn.Exec(ctx, "set statement_timeout = '300ms'"); err != nil {
		t.Fatal(err)
	}
	assertTimesOut(t, conn, 3*time.Second)
	if _, err := conn.Exec(ctx, "reset statement_timeout"); err != nil {
		t.Fatal(err)
	}
	var value string
	if err := conn.QueryRow(ctx, "show statement_timeout").Scan(&value); err != nil {
		t.Fatal(err)
	}
	if value != "0" {
		t.Errorf("after reset, show statement_timeout = %q, want 0", value)
	}
}

func TestEngineStatementTimeoutExtended(t *testing.T) {
	g := startDemo(t)
	conn := g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	if _, err := conn.Exec(context.Background(), "set statement_timeout = 300"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	// pgx sends a query with an argument through Parse, Bind and Execute.
	var n int64
	err := conn.QueryRow(context.Background(), slowQuery+" and $1::int = 1", 1).Scan(&n)
	assertCode(t, err, "57014")
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("statement ended after %v, want under 3s", elapsed)
	}
	if err := conn.QueryRow(context.Background(), "select 1").Scan(&n); err != nil {
		t.Fatalf("statement after the timeout: %v", err)
	}
}

func TestEngineStartupStatementTimeout(t *testing.T) {
	g := startDemo(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// pgx sends connection string keys it does not know in the startup
	// message.
	dsn := g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable") + " statement_timeout=300"
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var value string
	if err := conn.QueryRow(ctx, "show statement_timeout").Scan(&value); err != nil {
		t.Fatal(err)
	}
	if value != "300ms" {
		t.Errorf("show statement_timeout = %q, want 300ms", value)
	}
	assertTimesOut(t, conn, 3*time.Second)

	_, err = pgx.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")+
		" statement_timeout=abc")
	assertCode(t, err, "22023")
}
