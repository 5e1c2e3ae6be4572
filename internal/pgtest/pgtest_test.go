package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

func TestStartStopRemovesDir(t *testing.T) {
	t.Parallel()
	began := time.Now()
	s, err := Start(Options{MaxConnections: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start took %v", time.Since(began))

	conn := connect(t, s.AdminDSN("postgres"))
	var maxConnections string
	if err := conn.QueryRow(context.Background(), "SHOW max_connections").Scan(&maxConnections); err != nil {
		t.Fatal(err)
	}
	if maxConnections != "20" {
		t.Errorf("max_connections = %s, want 20", maxConnections)
	}
	conn.Close(context.Background())

	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stat %s after Stop: %v, want not exist", s.Dir, err)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStartDetectsPortClash(t *testing.T) {
	t.Parallel()
	taken := sharedServer(t).Port
	acct, err := serverAccount()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := acct.makeDir()
	if err != nil {
		t.Fatal(err)
	}
	binDir, err := serverBinDir()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Host: "127.0.0.1", Dir: dir, binDir: binDir, account: acct}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
	if err := s.initdb(); err != nil {
		t.Fatal(err)
	}

	s.Port = taken
	clash, err := s.start(10)
	if err == nil {
		t.Fatal("start on a port in use succeeded")
	}
	if !clash {
		t.Errorf("clash = false for error %v", err)
	}
	if !strings.Contains(err.Error(), "could not bind") {
		t.Errorf("error %q does not include the server log", err)
	}
}

func TestPasswordLogin(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	password := `s3cret 'with' \quotes`
	if err := s.CreateRole("alice", password); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDatabase("alice_db", "alice"); err != nil {
		t.Fatal(err)
	}

	conn := connect(t, s.DSN("alice_db", "alice", password))
	var user, db, owner string
	err := conn.QueryRow(context.Background(), `
		SELECT current_user, current_database(), pg_get_userbyid(datdba)
		FROM pg_database WHERE datname = current_database()`).Scan(&user, &db, &owner)
	if err != nil {
		t.Fatal(err)
	}
	if user != "alice" {
		t.Errorf("current_user = %q, want alice", user)
	}
	if db != "alice_db" {
		t.Errorf("current_database() = %q, want alice_db", db)
	}
	if owner != "alice" {
		t.Errorf("database owner = %q, want alice", owner)
	}
}

func TestWrongPasswordRejected(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	if err := s.CreateRole("bob", "right"); err != nil {
		t.Fatal(err)
	}

	assertAuthFails(t, s.DSN("postgres", "bob", "wrong"))
}

func TestSuperuserNeedsPasswordOverTCP(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)

	assertAuthFails(t, s.DSN("postgres", "postgres", ""))
}

func TestPasswordStoredAsSCRAM(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	if err := s.CreateRole("carol", "secret"); err != nil {
		t.Fatal(err)
	}

	conn := connect(t, s.AdminDSN("postgres"))
	var verifier string
	err := conn.QueryRow(context.Background(), "SELECT rolpassword FROM pg_authid WHERE rolname = 'carol'").Scan(&verifier)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(verifier, "SCRAM-SHA-256$") {
		t.Errorf("rolpassword = %q, want a SCRAM-SHA-256 verifier", verifier)
	}
}

func TestExecMultipleStatements(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	if err := s.CreateDatabase("exec_db", ""); err != nil {
		t.Fatal(err)
	}

	if err := s.Exec("exec_db", "CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)"); err != nil {
		t.Fatal(err)
	}

	conn := connect(t, s.AdminDSN("exec_db"))
	var count int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM t").Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != 2 {
		t.Errorf("rows in t = %d, want 2", count)
	}
}

func TestExecReportsSQLError(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)

	err := s.Exec("postgres", "SELECT * FROM no_such_table")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Errorf("Exec error = %v, want SQLSTATE 42P01", err)
	}
}

func TestTerminateBackends(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	if err := s.CreateRole("dave", "secret"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDatabase("dave_db", "dave"); err != nil {
		t.Fatal(err)
	}
	victim := connect(t, s.DSN("dave_db", "dave", "secret"))
	bystander := connect(t, s.AdminDSN("postgres"))

	if err := s.TerminateBackends("dave_db"); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	if _, err := victim.Exec(ctx, "SELECT 1"); err == nil {
		t.Error("query on a terminated connection succeeded")
	}
	if _, err := bystander.Exec(ctx, "SELECT 1"); err != nil {
		t.Errorf("query on a connection to another database: %v", err)
	}
	again := connect(t, s.DSN("dave_db", "dave", "secret"))
	if _, err := again.Exec(ctx, "SELECT 1"); err != nil {
		t.Errorf("query on a new connection after TerminateBackends: %v", err)
	}
}

func TestTLS(t *testing.T) {
	t.Parallel()
	s, err := Start(Options{TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
	if err := s.CreateRole("erin", "secret"); err != nil {
		t.Fatal(err)
	}
	dsn := s.DSN("postgres", "erin", "secret")

	t.Run("require", func(t *testing.T) {
		if !strings.Contains(dsn, "sslmode=require") {
			t.Errorf("DSN = %q, want sslmode=require", dsn)
		}
		assertSSL(t, connect(t, dsn), true)
	})
	t.Run("verify-full", func(t *testing.T) {
		conn := connect(t, dsn+" sslmode=verify-full sslrootcert="+quoteConnValue(s.CertFile))
		assertSSL(t, conn, true)
	})
	t.Run("disable", func(t *testing.T) {
		assertSSL(t, connect(t, dsn+" sslmode=disable"), false)
	})
	t.Run("wrong password", func(t *testing.T) {
		assertAuthFails(t, s.DSN("postgres", "erin", "wrong"))
	})
	t.Run("psql verify-full", func(t *testing.T) {
		psql, err := RequireBinary("psql")
		if err != nil {
			t.Fatal(err)
		}
		conninfo := dsn + " sslmode=verify-full sslrootcert=" + quoteConnValue(s.CertFile)
		out, err := exec.Command(psql, "-X", "-A", "-t",
			"-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", conninfo).CombinedOutput()
		if err != nil {
			t.Fatalf("psql: %v\n%s", err, out)
		}
		if got := strings.TrimSpace(string(out)); got != "t" {
			t.Errorf("psql printed %q, want t", got)
		}
	})
}

func TestSharedReturnsSameServer(t *testing.T) {
	t.Parallel()
	first := sharedServer(t)
	second := sharedServer(t)
	if first != second {
		t.Errorf("Shared returned %p then %p, want the same server", first, second)
	}
}

func TestConnStringQuoting(t *testing.T) {
	s := &Server{Host: "127.0.0.1", Port: 5999}
	for _, password := range []string{"plain", "", "with space", `it's`, `back\slash`, `'\ '`} {
		config, err := pgconn.ParseConfig(s.DSN("db", "user", password))
		if err != nil {
			t.Errorf("ParseConfig(DSN with password %q): %v", password, err)
			continue
		}
		if config.Password != password {
			t.Errorf("parsed password = %q, want %q", config.Password, password)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	cases := []struct {
		a, b string
		want int // sign
	}{
		{"15", "9.6", 1},
		{"9.6", "15", -1},
		{"16", "15", 1},
		{"15", "15", 0},
		{"9.6", "9.5", 1},
	}
	for _, c := range cases {
		got := compareVersions(c.a, c.b)
		if sign(got) != c.want {
			t.Errorf("compareVersions(%q, %q) = %d, want sign %d", c.a, c.b, got, c.want)
		}
	}
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

func sharedServer(t *testing.T) *Server {
	t.Helper()
	s, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func assertAuthFails(t *testing.T, dsn string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err == nil {
		conn.Close(ctx)
		t.Fatal("connect succeeded, want an authentication failure")
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "28P01" {
		t.Errorf("connect error = %v, want SQLSTATE 28P01", err)
	}
}

func assertSSL(t *testing.T, conn *pgx.Conn, want bool) {
	t.Helper()
	var ssl bool
	err := conn.QueryRow(context.Background(), "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl)
	if err != nil {
		t.Fatal(err)
	}
	if ssl != want {
		t.Errorf("pg_stat_ssl.ssl = %v, want %v", ssl, want)
	}
}
