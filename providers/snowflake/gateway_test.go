package snowflake_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/internal/snowflakeemu"
	_ "pgway/providers/snowflake"
	"pgway/proxy"
)

const gatewayFixture = `
CREATE TABLE T (
  ID NUMBER(9,0), BIG NUMBER(38,0), PRICE NUMBER(10,2), RATIO FLOAT, NAME TEXT, CODE VARCHAR(8),
  FLAG BOOLEAN, DAY DATE, AT_TIME TIME, NTZ TIMESTAMP_NTZ, LTZ TIMESTAMP_LTZ, TZ TIMESTAMP_TZ,
  BYTES BINARY, DOC VARIANT, PLACE GEOGRAPHY, EMBEDDING VECTOR(FLOAT, 3), COUNTS VECTOR(INT, 2));
INSERT INTO T VALUES (1, 12345678901234567890123, 12.34, 1.5, 'it''s', 'abc', TRUE, '2024-02-29',
  '13:14:15.123456', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.5+00', '2024-02-29 13:14:15+00',
  TO_BINARY('0102', 'HEX'), '{"a": [1, 2.5]}', 'POINT(1 2)', [1.5, 2, 3], [7, 8]);
INSERT INTO T (ID) VALUES (2);
CREATE TABLE CASES (QUOTED_LOWER NUMBER(9,0), PLAIN NUMBER(9,0), "MixedCase" NUMBER(9,0));
INSERT INTO CASES VALUES (1, 2, 3);
CREATE TABLE BIG (N NUMBER(18,0));
INSERT INTO BIG SELECT RANGE FROM RANGE(50000);
`

// wantText is each column of the first row of T in PostgreSQL's text
// format, as the engine sends it with TimeZone UTC.
var wantText = []string{
	"1", "12345678901234567890123", "12.34", "1.5", "it's", "abc", "t", "2024-02-29",
	"13:14:15.123456", "2024-02-29 13:14:15.123456", "2024-02-29 13:14:15.5+00", "2024-02-29 13:14:15+00",
	`\x0102`, `{"a": [1, 2.5]}`, "0101000020E6100000000000000000F03F0000000000000040",
	"{1.5,2,3}", "{7,8}",
}

type gateway struct {
	emu  *snowflakeemu.Emulator
	host string
	port int
	logs *logBuffer
}

// logBuffer collects the gateway's log, written from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startGateway serves the demo user and a Snowflake connection named
// sf to an emulator loaded with gatewayFixture.
func startGateway(t *testing.T, opts snowflakeemu.Options) *gateway {
	t.Helper()
	emu, err := snowflakeemu.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if err := emu.Exec(gatewayFixture); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "sf", ProviderID: "snowflake", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "snowflake_account", Credentials: map[string]string{
			"account": "emulator", "username": emu.User(), "password": emu.Password(),
			"database": emu.Database(), "warehouse": "WH", "host": emu.Host(),
			"port": strconv.Itoa(emu.Port()), "protocol": "http",
		}},
	})
	if problems := cfg.Validate(); len(problems) > 0 {
		t.Fatalf("configuration has problems: %v", problems)
	}
	logs := &logBuffer{}
	srv, err := proxy.NewServer(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(srv.Shutdown)
	return &gateway{emu: emu, host: "127.0.0.1", port: ln.Addr().(*net.TCPAddr).Port, logs: logs}
}

func (g *gateway) dsn() string {
	return fmt.Sprintf("host=%s port=%d user=%s password='%s' dbname=sf sslmode=disable connect_timeout=5",
		g.host, g.port, config.DemoUser, config.DemoPassword)
}

func (g *gateway) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, g.dsn())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestGatewayTypesText(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	rows, err := conn.Query(context.Background(), "select * from t order by id", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][]string
	for rows.Next() {
		var row []string
		for _, raw := range rows.RawValues() {
			if raw == nil {
				row = append(row, "NULL")
			} else {
				row = append(row, string(raw))
			}
		}
		got = append(got, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d rows, want 2", len(got))
	}
	for i, want := range wantText {
		if got[0][i] != want {
			t.Errorf("column %s = %q, want %q", rows.FieldDescriptions()[i].Name, got[0][i], want)
		}
	}
	for i, v := range got[1][1:] {
		if v != "NULL" {
			t.Errorf("column %d of the row of NULLs = %q, want NULL", i+1, v)
		}
	}
}

func TestGatewayTypesBinary(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	rows, err := conn.Query(context.Background(), "select * from t where id = $1",
		pgx.QueryResultFormats{pgtype.BinaryFormatCode}, "1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	for _, fd := range rows.FieldDescriptions() {
		if fd.Format != pgtype.BinaryFormatCode {
			t.Errorf("column %s arrived in format %d, want binary", fd.Name, fd.Format)
		}
	}
	values, err := rows.Values()
	if err != nil {
		t.Fatal(err)
	}
	big123, _ := new(big.Int).SetString("12345678901234567890123", 10)
	checks := map[int]func(any) bool{
		0: func(v any) bool { return v == int64(1) },
		1: func(v any) bool { n, ok := v.(pgtype.Numeric); return ok && n.Int.Cmp(big123) == 0 && n.Exp == 0 },
		2: func(v any) bool { n, ok := v.(pgtype.Numeric); return ok && n.Int.Int64() == 1234 && n.Exp == -2 },
		3: func(v any) bool { return v == 1.5 },
		4: func(v any) bool { return v == "it's" },
		5: func(v any) bool { return v == "abc" },
		6: func(v any) bool { return v == true },
		7: func(v any) bool {
			d, ok := v.(time.Time)
			return ok && d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
		},
		8: func(v any) bool {
			tm, ok := v.(pgtype.Time)
			return ok && tm.Microseconds == (13*3600+14*60+15)*1e6+123456
		},
		9: func(v any) bool {
			ts, ok := v.(time.Time)
			return ok && ts.Equal(time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC))
		},
		10: func(v any) bool {
			ts, ok := v.(time.Time)
			return ok && ts.Equal(time.Date(2024, 2, 29, 13, 14, 15, 500000000, time.UTC))
		},
		12: func(v any) bool { b, ok := v.([]byte); return ok && string(b) == "\x01\x02" },
		13: func(v any) bool { m, ok := v.(map[string]any); return ok && fmt.Sprint(m["a"]) == "[1 2.5]" },
		14: func(v any) bool {
			b, ok := v.([]byte)
			return ok && fmt.Sprintf("%X", b) == "0101000020E6100000000000000000F03F0000000000000040"
		},
		15: func(v any) bool { return fmt.Sprint(v) == "[1.5 2 3]" },
		16: func(v any) bool { return fmt.Sprint(v) == "[7 8]" },
	}
	for i, check := range checks {
		if !check(values[i]) {
			t.Errorf("column %s = %#v", rows.FieldDescriptions()[i].Name, values[i])
		}
	}
	rows.Close()
	var nulls int
	err = conn.QueryRow(context.Background(), "select count(*) from t where id = 2 and big is null and place is null and counts is null").Scan(&nulls)
	if err != nil || nulls != 1 {
		t.Errorf("count of the NULL row = %d, %v", nulls, err)
	}
}

func TestGatewayIdentifierCase(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	rows, err := conn.Query(context.Background(), `select "quoted_lower", plain, "MixedCase" from cases`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for _, fd := range rows.FieldDescriptions() {
		names = append(names, fd.Name)
	}
	if strings.Join(names, ",") != "quoted_lower,plain,MixedCase" {
		t.Errorf("column names %v", names)
	}
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	var a, b, c int64
	if err := rows.Scan(&a, &b, &c); err != nil || a != 1 || b != 2 || c != 3 {
		t.Errorf("row = %d %d %d, %v; want 1 2 3", a, b, c, err)
	}
}

func TestGatewayErrors(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	_, err := conn.Exec(context.Background(), "select * from no_such_table")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42S02" || !strings.Contains(pgErr.Message, "does not exist or not authorized") {
		t.Errorf("error %v, want 42S02 with Snowflake's message", err)
	}
}

func TestGatewayCancel(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{AsyncAfter: 100 * time.Millisecond})
	g.emu.Delay("SLOW", time.Minute)
	conn := g.connect(t)
	time.AfterFunc(500*time.Millisecond, func() {
		if err := conn.PgConn().CancelRequest(context.Background()); err != nil {
			t.Errorf("cancel request: %v", err)
		}
	})
	start := time.Now()
	_, err := conn.Exec(context.Background(), "select 1 as slow")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "57014" {
		t.Errorf("error %v, want 57014", err)
	}
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("cancel took %v", elapsed)
	}
}

func TestGatewayWrongPassword(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{Password: "right-secret"})
	// Every session logs in with the connection's password, which the
	// emulator now rejects.
	g.emu.SetPassword("rotated-secret")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := pgx.Connect(ctx, g.dsn())
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "28P01" || pgErr.Hint == "" {
		t.Fatalf("error %v, want 28P01 with a hint", err)
	}
	if strings.Contains(err.Error(), "secret") || strings.Contains(pgErr.Hint, "secret") {
		t.Errorf("error %q shows a password", err)
	}
	logs := g.logs.String()
	if !strings.Contains(logs, "28P01") && !strings.Contains(logs, "rejected the login") {
		t.Errorf("the log does not record the failed login:\n%s", logs)
	}
	if strings.Contains(logs, "secret") {
		t.Errorf("the log shows a password:\n%s", logs)
	}
}

func TestGatewayPsql(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	g := startGateway(t, snowflakeemu.Options{})
	cmd := exec.Command(psql, "-X", "-A", "-t", "-F", "|", "-c", `select * from t where id = 1`,
		fmt.Sprintf("host=%s port=%d user=%s dbname=sf sslmode=disable", g.host, g.port, config.DemoUser))
	cmd.Env = append(os.Environ(), "PGPASSWORD="+config.DemoPassword)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), strings.Join(wantText, "|"); got != want {
		t.Errorf("psql printed\n%s\nwant\n%s", got, want)
	}
}

func TestGatewayStreams50000Rows(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{ChunkRows: 2000})
	conn := g.connect(t)
	before := g.emu.Stats().ChunkRequests
	rows, err := conn.Query(context.Background(), "select n from big order by n")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != n {
			t.Fatalf("row %d = %d", n, v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 50000 {
		t.Errorf("read %d rows", n)
	}
	if got := g.emu.Stats().ChunkRequests - before; got != 24 {
		t.Errorf("chunk requests %d, want 24", got)
	}
}

// TestGatewayTimeZone sets the client's TimeZone, which Snowflake's
// TIMEZONE follows: a TIMESTAMP_LTZ column converts to dates and local
// times in it, and pgway writes it with the zone's offset.
func TestGatewayTimeZone(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	ctx := context.Background()
	const sql = "select ltz, ltz::date, ltz::timestamp, extract(hour from ltz) from t where id = 1"
	want := map[string]string{
		"UTC":          "2024-02-29 13:14:15.5+00|2024-02-29|2024-02-29 13:14:15.5|13",
		"Asia/Tokyo":   "2024-02-29 22:14:15.5+09|2024-02-29|2024-02-29 22:14:15.5|22",
		"Pacific/Apia": "2024-03-01 02:14:15.5+13|2024-03-01|2024-03-01 02:14:15.5|2",
	}
	for _, zone := range []string{"Asia/Tokyo", "Pacific/Apia", "UTC"} {
		if _, err := conn.Exec(ctx, "set timezone = '"+zone+"'"); err != nil {
			t.Fatal(err)
		}
		rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			for _, raw := range rows.RawValues() {
				got = append(got, string(raw))
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "|") != want[zone] {
			t.Errorf("%s: got %s, want %s", zone, strings.Join(got, "|"), want[zone])
		}
	}
}

// TestGatewayReadOnly checks that a read-only transaction rejects changes
// before they reach Snowflake, whose statements commit on their own, as
// PostgreSQL rejects them.
func TestGatewayReadOnly(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	runSteps(t, conn, []gatewayStep{
		{"begin read only", "", ""},
		{"select count(*) from t", "", ""},
		{"insert into t (id) values (9)", "25006", "cannot execute INSERT in a read-only transaction"},
		{"rollback", "", ""},
		{"set default_transaction_read_only = on", "", ""},
		{"delete from t", "25006", "cannot execute DELETE in a read-only transaction"},
		{"create table t2 (a int)", "25006", "cannot execute CREATE TABLE in a read-only transaction"},
		{"with c as (delete from t returning id) select count(*) from c", "25006", "cannot execute SELECT in a read-only transaction"},
		{"select count(*) from t", "", ""},
		{"set default_transaction_read_only = off", "", ""},
		{"begin", "", ""},
		{"set transaction read only", "", ""},
		{"update t set id = 1", "25006", "cannot execute UPDATE in a read-only transaction"},
		{"rollback", "", ""},
	})
}

// TestGatewaySearchPath checks that a name without a schema fails while
// search_path does not start with public, where Snowflake would still
// find it in the connection's schema.
func TestGatewaySearchPath(t *testing.T) {
	g := startGateway(t, snowflakeemu.Options{})
	conn := g.connect(t)
	const unsupported = `relation "t" without a schema, with search_path %s, is not supported on this warehouse`
	runSteps(t, conn, []gatewayStep{
		{"select count(*) from t", "", ""},
		{"set search_path = sales, public", "", ""},
		{"select count(*) from t", "0A000", fmt.Sprintf(unsupported, "sales, public")},
		{"select count(*) from public.t", "", ""},
		{"select 1", "", ""},
		{"set search_path = pg_catalog, \"$user\", public", "", ""},
		{"select count(*) from t", "", ""},
		{"set search_path = ''", "", ""},
		{"select count(*) from t", "0A000", fmt.Sprintf(unsupported, `""`)},
		{"with t as (select 1 as id) select count(*) from t", "", ""},
		{"reset search_path", "", ""},
		{"select count(*) from t", "", ""},
	})
}

// gatewayStep is a statement and the SQLSTATE and message of its error,
// or no code when it succeeds.
type gatewayStep struct{ sql, code, message string }

// runSteps runs each step in the simple protocol and checks its error.
func runSteps(t *testing.T, conn *pgx.Conn, steps []gatewayStep) {
	t.Helper()
	for _, step := range steps {
		_, err := conn.Exec(context.Background(), step.sql, pgx.QueryExecModeSimpleProtocol)
		var pgErr *pgconn.PgError
		switch {
		case step.code == "" && err != nil:
			t.Errorf("%s: %v", step.sql, err)
		case step.code != "" && (!errors.As(err, &pgErr) || pgErr.Code != step.code || pgErr.Message != step.message):
			t.Errorf("%s: %v, want %s %s", step.sql, err, step.code, step.message)
		}
	}
}
