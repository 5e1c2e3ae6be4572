package proxy_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/internal/pgtest"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// psql runs the real psql binary against the gateway and returns its
// standard output and error.
func psql(t *testing.T, g *gateway, user, password, database, sslmode string, args ...string) (string, string, error) {
	t.Helper()
	bin, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-X", "-A", "-t", "-v", "ON_ERROR_STOP=0",
		g.dsn(user, password, database, sslmode)}, args...)...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=5")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	return stdout.String(), stderr.String(), err
}

func TestPsqlQueries(t *testing.T) {
	g := startGateway(t, testConfig(t))
	for _, sslmode := range []string{"disable", "require"} {
		t.Run(sslmode, func(t *testing.T) {
			out, stderr, err := psql(t, g, "alice", alicePassword, "alice_private", sslmode,
				"-c", "select name, population from cities order by id",
				"-c", "copy (select id, name from cities order by id) to stdout with (format csv)",
				"-c", "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
				"-c", "select current_user")
			if err != nil {
				t.Fatalf("psql: %v\n%s", err, stderr)
			}
			want := strings.Join([]string{
				"Lisbon|545923", "Porto|231800", "Braga|193333",
				"1,Lisbon", "2,Porto", "3,Braga",
				"f", // upstream TLS is off: sslmode=disable in the stored credentials
				upstreamUser,
			}, "\n") + "\n"
			if out != want {
				t.Errorf("psql output:\n%s\nwant:\n%s", out, want)
			}
		})
	}
}

func TestPsqlReportsClientTLS(t *testing.T) {
	g := startGateway(t, testConfig(t))
	out, stderr, err := psql(t, g, "alice", alicePassword, "alice_private", "require", "-c", `\conninfo`)
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "SSL connection") {
		t.Errorf(`\conninfo does not report SSL: %q`, out)
	}
}

func TestPsqlErrorPosition(t *testing.T) {
	g := startGateway(t, testConfig(t))
	_, stderr, _ := psql(t, g, "alice", alicePassword, "alice_private", "disable",
		"-v", "VERBOSITY=verbose", "-c", "select * from no_such_table")
	if !strings.Contains(stderr, "42P01") {
		t.Errorf("stderr lacks SQLSTATE 42P01: %q", stderr)
	}
	if !strings.Contains(stderr, "LINE 1: select * from no_such_table") {
		t.Errorf("stderr lacks the error position: %q", stderr)
	}
}

func TestPgxExtendedProtocol(t *testing.T) {
	g := startGateway(t, testConfig(t))
	for _, sslmode := range []string{"disable", "require"} {
		t.Run(sslmode, func(t *testing.T) {
			conn := g.connect(t, "alice", alicePassword, "alice_private", sslmode)
			ctx := context.Background()

			var name string
			var population int64
			var founded time.Time
			err := conn.QueryRow(ctx, "select name, population, founded from cities where id = $1", 1).
				Scan(&name, &population, &founded)
			if err != nil {
				t.Fatal(err)
			}
			if name != "Lisbon" || population != 545923 {
				t.Errorf("row = %q, %d", name, population)
			}
			if want := time.Date(1147, 10, 25, 0, 0, 0, 0, time.UTC); !founded.Equal(want) {
				t.Errorf("founded = %v, want %v", founded, want)
			}

			// Binary results: pgx asks for binary int8 and date. Cross-check by
			// reading the raw bytes with an explicit binary result format.
			result := conn.PgConn().ExecParams(ctx, "select population from cities where id = 2",
				nil, nil, nil, []int16{1}).Read()
			if result.Err != nil {
				t.Fatal(result.Err)
			}
			want := []byte{0, 0, 0, 0, 0, 0x03, 0x89, 0x78} // 231800 as int8
			if !bytes.Equal(result.Rows[0][0], want) {
				t.Errorf("binary int8 = %x, want %x", result.Rows[0][0], want)
			}
		})
	}
}

func TestPgxPreparedStatementReuse(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	ctx := context.Background()
	if _, err := conn.Prepare(ctx, "by_id", "select name from cities where id = $1"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int]string{1: "Lisbon", 2: "Porto", 3: "Braga"} {
		var name string
		if err := conn.QueryRow(ctx, "by_id", id).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != want {
			t.Errorf("by_id(%d) = %q, want %q", id, name, want)
		}
	}
}

func TestPgxCopyToAndTransactions(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	ctx := context.Background()

	var out bytes.Buffer
	tag, err := conn.PgConn().CopyTo(ctx, &out, "copy (select id, name from cities order by id) to stdout")
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "1\tLisbon\n2\tPorto\n3\tBraga\n" {
		t.Errorf("copy output = %q", got)
	}
	if tag.RowsAffected() != 3 {
		t.Errorf("copy rows = %d", tag.RowsAffected())
	}

	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status := conn.PgConn().TxStatus(); status != 'T' {
		t.Errorf("tx status in transaction = %q, want T", status)
	}
	if _, err := tx.Exec(ctx, "select 1/0"); err == nil {
		t.Error("division by zero succeeded")
	}
	if status := conn.PgConn().TxStatus(); status != 'E' {
		t.Errorf("tx status after error = %q, want E", status)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if status := conn.PgConn().TxStatus(); status != 'I' {
		t.Errorf("tx status after rollback = %q, want I", status)
	}
}

func TestPgxErrorHasSQLStateAndPosition(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	_, err := conn.Exec(context.Background(), "select nme from cities")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a PgError", err)
	}
	if pgErr.Code != "42703" {
		t.Errorf("code = %s, want 42703", pgErr.Code)
	}
	if pgErr.Position != 8 {
		t.Errorf("position = %d, want 8", pgErr.Position)
	}
	// The session survives the error.
	var n int
	if err := conn.QueryRow(context.Background(), "select count(*) from cities").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("count = %d", n)
	}
}

func TestParameterStatusFromUpstream(t *testing.T) {
	g := startGateway(t, testConfig(t))
	cfg, err := pgx.ParseConfig(g.dsn("alice", alicePassword, "alice_private", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = "relay-test"
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	pg := conn.PgConn()
	for _, name := range []string{"server_version", "server_encoding", "client_encoding", "DateStyle",
		"IntervalStyle", "TimeZone", "integer_datetimes", "standard_conforming_strings",
		"application_name", "is_superuser", "session_authorization"} {
		if pg.ParameterStatus(name) == "" {
			t.Errorf("ParameterStatus %s missing", name)
		}
	}
	if got := pg.ParameterStatus("application_name"); got != "relay-test" {
		t.Errorf("application_name = %q, want relay-test (forwarded upstream)", got)
	}
	var appName string
	if err := conn.QueryRow(context.Background(), "show application_name").Scan(&appName); err != nil {
		t.Fatal(err)
	}
	if appName != "relay-test" {
		t.Errorf("upstream application_name = %q", appName)
	}
}

func TestUpstreamTLS(t *testing.T) {
	tlsUpstream, err := pgtest.Start(pgtest.Options{TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tlsUpstream.Stop()
	if err := tlsUpstream.CreateRole(upstreamUser, upstreamPassword); err != nil {
		t.Fatal(err)
	}
	if err := tlsUpstream.CreateDatabase(upstreamDB, upstreamUser); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	creds := cfg.Connections[0].Config.Credentials
	creds["port"] = strconv.Itoa(tlsUpstream.Port)
	creds["sslmode"] = "require"
	g := startGateway(t, cfg)

	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	var upstreamSSL bool
	err = conn.QueryRow(context.Background(), "select ssl from pg_stat_ssl where pid = pg_backend_pid()").Scan(&upstreamSSL)
	if err != nil {
		t.Fatal(err)
	}
	if !upstreamSSL {
		t.Error("upstream session is not encrypted with sslmode=require")
	}
}

func TestTerminateNotReportedAsLost(t *testing.T) {
	g := startGateway(t, testConfig(t))
	for range 200 {
		conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
		conn.Close(context.Background())
	}
	// Sessions end after their clients hang up.
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(g.logs.String(), "upstream connection lost") {
		t.Error(`a session that ended with Terminate was logged as "upstream connection lost"`)
	}
}
