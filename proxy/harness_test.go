package proxy_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/internal/testcert"
	"pgway/proxy"
)

// Secrets of the test world. The log tests assert that none of them ever
// appears in pgway's output.
const (
	upstreamUser     = "warehouse_app"
	upstreamPassword = "upstream-Secret-7731"
	upstreamDB       = "warehouse"
	alicePassword    = "alice-Secret-1234"
	bobPassword      = "bob-Secret-5678"
	carolPassword    = "carol-Secret-9012"
)

var (
	upstream *pgtest.Server
	// tokens maps token names to token values.
	tokens = map[string]string{
		"alice_granted": "pgw_test_alice_granted_0123456789abcdef",
		"alice_other":   "pgw_test_alice_other_0123456789abcdef",
		"carol_lost":    "pgw_test_carol_lost_0123456789abcdef",
		"alice_expired": "pgw_test_alice_expired_0123456789abcdef",
	}
)

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	// The fuzz targets need no PostgreSQL, and with -fuzz every worker
	// process runs TestMain.
	flag.Parse()
	if fuzz := flag.Lookup("test.fuzz"); fuzz != nil && fuzz.Value.String() != "" {
		return m.Run(), nil
	}
	var err error
	upstream, err = pgtest.Shared()
	if err != nil {
		return 1, err
	}
	if err := upstream.CreateRole(upstreamUser, upstreamPassword); err != nil {
		return 1, err
	}
	if err := upstream.CreateDatabase(upstreamDB, upstreamUser); err != nil {
		return 1, err
	}
	setup := `create table cities (id int primary key, name text, population bigint, founded date);
		insert into cities values (1, 'Lisbon', 545923, '1147-10-25'), (2, 'Porto', 231800, null), (3, 'Braga', 193333, '0016-01-01');
		alter table cities owner to ` + upstreamUser
	if err := upstream.Exec(upstreamDB, setup); err != nil {
		return 1, err
	}
	return m.Run(), nil
}

// upstreamCredentials are the stored credentials of every test connection.
func upstreamCredentials() map[string]string {
	return map[string]string{
		"host":     upstream.Host,
		"port":     strconv.Itoa(upstream.Port),
		"database": upstreamDB,
		"username": upstreamUser,
		"password": upstreamPassword,
		"sslmode":  "disable",
	}
}

// testConfig is an organization with three users, three connections (one
// of each privacy) and four tokens.
//
//	alice: analysts          alice_private: private, owner alice
//	bob:   finance           analysts_shared: groups [analysts], owner bob
//	carol: no group          org_shared: organization, owner bob
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	certFile, keyFile, err := testcert.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	conn := func(name, owner, privacy string, groups ...string) config.Connection {
		return config.Connection{
			Name: name, ProviderID: "postgres", Owner: owner, Privacy: privacy, Groups: groups,
			Config: config.ConnectionConfig{Type: "password", Credentials: upstreamCredentials()},
		}
	}
	yesterday := time.Now().Add(-24 * time.Hour)
	token := func(name, owner string, expires *time.Time, grants ...string) config.Token {
		return config.Token{Name: name, Owner: owner, SHA256: sha256Hex(tokens[name]), Expires: expires, Grants: grants}
	}
	return &config.Config{
		Listen: "127.0.0.1:0",
		TLS:    config.TLS{CertFile: certFile, KeyFile: keyFile, Mode: config.TLSAllow},
		Limits: config.Limits{
			MaxConnections:  100,
			MaxMessageBytes: 1 << 20,
			StartupTimeout:  config.Duration(10 * time.Second),
			ConnectTimeout:  config.Duration(5 * time.Second),
		},
		Organization: "acme",
		Groups:       []string{"analysts", "finance"},
		Users: []config.User{
			{Name: "alice", Groups: []string{"analysts"}, Password: alicePassword},
			{Name: "bob", Groups: []string{"finance"}, Password: bobPassword},
			{Name: "carol", Password: carolPassword},
		},
		Tokens: []config.Token{
			token("alice_granted", "alice", nil, "alice_private"),
			token("alice_other", "alice", nil, "org_shared"),
			token("carol_lost", "carol", nil, "analysts_shared"),
			token("alice_expired", "alice", &yesterday, "alice_private"),
		},
		Connections: []config.Connection{
			conn("alice_private", "alice", config.PrivacyPrivate),
			conn("analysts_shared", "bob", config.PrivacyGroups, "analysts"),
			conn("org_shared", "bob", config.PrivacyOrganization),
		},
	}
}

// gateway is a pgway server running in the test process.
type gateway struct {
	Host string
	Port int
	srv  *proxy.Server
	logs *syncBuffer
}

// startGateway serves cfg on a free loopback port until the test ends.
func startGateway(t *testing.T, cfg *config.Config) *gateway {
	t.Helper()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := proxy.NewServer(cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(srv.Shutdown)
	addr := ln.Addr().(*net.TCPAddr)
	return &gateway{Host: "127.0.0.1", Port: addr.Port, srv: srv, logs: logs}
}

// dsn builds a libpq connection string to the gateway.
func (g *gateway) dsn(user, password, database, sslmode string) string {
	return fmt.Sprintf("host=%s port=%d user=%s password='%s' dbname=%s sslmode=%s connect_timeout=5",
		g.Host, g.Port, user, password, database, sslmode)
}

func (g *gateway) connect(t *testing.T, user, password, database, sslmode string) *pgx.Conn {
	t.Helper()
	conn, err := g.tryConnect(user, password, database, sslmode)
	if err != nil {
		t.Fatalf("connect as %s to %s: %v", user, database, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func (g *gateway) tryConnect(user, password, database, sslmode string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return pgx.Connect(ctx, g.dsn(user, password, database, sslmode))
}

// syncBuffer is a bytes.Buffer safe for concurrent writes by the logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
