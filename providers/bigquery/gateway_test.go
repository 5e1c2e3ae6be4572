package bigquery_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers/bigquery"
	"pgway/providers/geometry"
	"pgway/proxy"
)

// gateway is a pgway server in the test process with one BigQuery
// connection, bq, that the demo user may use.
type gateway struct {
	host string
	port int
}

// startGateway serves a BigQuery connection to endpoint on a free
// loopback port until the test ends.
func startGateway(t *testing.T, endpoint string) *gateway {
	t.Helper()
	return startGatewayWith(t, map[string]string{"endpoint": endpoint, "default_dataset": "shop"})
}

// startGatewayWith serves a BigQuery connection with the test project and
// token and the credentials in creds.
func startGatewayWith(t *testing.T, creds map[string]string) *gateway {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	credentials := map[string]string{"project_id": bigquery.EmulatorProject, "access_token": bigquery.TestToken}
	maps.Copy(credentials, creds)
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "bq", ProviderID: "bigquery", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "oauth", Credentials: credentials},
	})
	if problems := cfg.Validate(); len(problems) > 0 {
		t.Fatalf("configuration has problems: %v", problems)
	}
	srv, err := proxy.NewServer(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(srv.Shutdown)
	return &gateway{host: "127.0.0.1", port: ln.Addr().(*net.TCPAddr).Port}
}

func (g *gateway) dsn() string {
	return fmt.Sprintf("host=%s port=%d user=%s password=%s dbname=bq sslmode=disable connect_timeout=5",
		g.host, g.port, config.DemoUser, config.DemoPassword)
}

func (g *gateway) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, g.dsn())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// allTypesText is the first row of shop.all_types as PostgreSQL prints
// the mapped types.
var allTypesText = []string{
	"1", "-42", "1234.500000000", "12345678901234567890.123456789012", "2.5", "t", `héllo, "world"`,
	`\x627974657301`, "2024-02-29", "13:45:30.123456", "2024-02-29 13:45:30.5", "2024-02-29 13:45:30.25+00",
	"1 year 2 mons 3 days 04:05:06.5", `{"a": null, "b": [1, 2.50]}`,
	"0101000020E61000009A99999999990DC03333333333334440", "{1,2,3}", "{x,y}", `{"a": 7, "b": "seven"}`,
}

const allTypesQuery = "SELECT * FROM shop.all_types ORDER BY id"

// TestGatewayTypesText reads every type in the text format through pgway
// with pgx, the NULL row included.
func TestGatewayTypesText(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	conn := startGateway(t, e.URL()).connect(t)
	rows := readRaw(t, conn, allTypesQuery, pgtype.TextFormatCode)
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	for i, want := range allTypesText {
		if got := string(rows[0][i]); got != want {
			t.Errorf("column %d: %q, want %q", i+1, got, want)
		}
	}
	for i, v := range rows[1] {
		switch {
		case i == 0 && string(v) != "2":
			t.Errorf("id = %q, want 2", v)
		case i == 15 || i == 16:
			if string(v) != "{}" { // BigQuery has no NULL arrays
				t.Errorf("column %d = %q, want {}", i+1, v)
			}
		case i > 0 && i != 15 && i != 16 && v != nil:
			t.Errorf("column %d = %q, want NULL", i+1, v)
		}
	}
}

// TestGatewayTypesBinary reads every type in the binary format and checks
// that each decodes to the value the text format shows.
func TestGatewayTypesBinary(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	conn := startGateway(t, e.URL()).connect(t)
	result := conn.PgConn().ExecParams(context.Background(), allTypesQuery, nil, nil, nil,
		[]int16{pgtype.BinaryFormatCode}).Read()
	if result.Err != nil {
		t.Fatal(result.Err)
	}
	if len(result.Rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(result.Rows))
	}
	types := conn.TypeMap()
	for i, field := range result.FieldDescriptions {
		if field.Format != pgtype.BinaryFormatCode {
			t.Errorf("%s: format %d, want binary", field.Name, field.Format)
		}
		got := showBinary(t, types, field.DataTypeOID, result.Rows[0][i])
		want := allTypesText[i]
		if field.DataTypeOID == pgtype.JSONBOID {
			if !sameJSON(got, want) {
				t.Errorf("%s: %s, want %s", field.Name, got, want)
			}
			continue
		}
		if got != want {
			t.Errorf("%s: %q, want %q", field.Name, got, want)
		}
		if i > 0 && i != 15 && i != 16 && result.Rows[1][i] != nil {
			t.Errorf("%s: %x in the NULL row, want NULL", field.Name, result.Rows[1][i])
		}
	}
}

// showBinary decodes a binary value and writes it as PostgreSQL prints
// it in the text format.
func showBinary(t *testing.T, types *pgtype.Map, oid uint32, data []byte) string {
	t.Helper()
	if oid == geometry.OID {
		return strings.ToUpper(hex.EncodeToString(data))
	}
	var v any
	if err := types.Scan(oid, pgtype.BinaryFormatCode, data, &v); err != nil {
		t.Fatalf("decode OID %d: %v", oid, err)
	}
	switch x := v.(type) {
	case time.Time:
		switch oid {
		case pgtype.DateOID:
			return x.Format("2006-01-02")
		case pgtype.TimestamptzOID:
			return x.UTC().Format("2006-01-02 15:04:05.999999") + "+00"
		}
		return x.Format("2006-01-02 15:04:05.999999")
	case pgtype.Time:
		return time.UnixMicro(x.Microseconds).UTC().Format("15:04:05.999999")
	case pgtype.Interval:
		d := time.Time{}.Add(time.Duration(x.Microseconds) * time.Microsecond).Format("15:04:05.999999")
		return fmt.Sprintf("%d year %d mons %d days %s", x.Months/12, x.Months%12, x.Days, d)
	case map[string]any, []any:
		if oid == pgtype.JSONBOID {
			b, _ := json.Marshal(x)
			return string(b)
		}
		return showArray(x.([]any))
	case []byte:
		return `\x` + hex.EncodeToString(x)
	case bool:
		return map[bool]string{true: "t", false: "f"}[x]
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	b, err := types.Encode(oid, pgtype.TextFormatCode, v, nil)
	if err != nil {
		t.Fatalf("encode OID %d: %v", oid, err)
	}
	return string(b)
}

func showArray(items []any) string {
	parts := make([]string, len(items))
	for i, item := range items {
		parts[i] = fmt.Sprint(item)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// readRaw runs sql with the extended protocol and returns the raw values
// in format.
func readRaw(t *testing.T, conn *pgx.Conn, sql string, format int16) [][][]byte {
	t.Helper()
	result := conn.PgConn().ExecParams(context.Background(), sql, nil, nil, nil, []int16{format}).Read()
	if result.Err != nil {
		t.Fatalf("%s: %v", sql, result.Err)
	}
	return result.Rows
}

// TestGatewayPsql reads every type with psql, which uses the simple
// query protocol and the text format.
func TestGatewayPsql(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	e := bigquery.StartEmulator(t, "types.yaml")
	g := startGateway(t, e.URL())
	out, err := exec.Command(psql, "-X", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", allTypesQuery, g.dsn()).CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("psql printed %q, want 2 rows", out)
	}
	if want := strings.Join(allTypesText, "|"); lines[0] != want {
		t.Errorf("psql row 1:\n%s\nwant\n%s", lines[0], want)
	}
	if want := "2" + strings.Repeat("|", 15) + "{}|{}|"; lines[1] != want {
		t.Errorf("psql row 2: %q, want %q", lines[1], want)
	}
}

// TestGatewayStreaming reads 50,000 rows through pgway and checks that
// BigQuery was asked for pages of 5,000, 10,000 and then 20,000 rows, one
// page at a time, and that pgway's heap stayed flat.
func TestGatewayStreaming(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	rec := bigquery.NewRecorder(t, e.URL())
	conn := startGateway(t, rec.URL()).connect(t)
	rows, err := conn.Query(context.Background(), "SELECT x, 'row ' || x::text AS label FROM generate_series(1, 50000) AS g(x) ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n, sum int64
	var first, peak uint64
	var stats runtime.MemStats
	pagesSeen := []int{}
	// The pages hold rows 1-5000, 5001-15000, 15001-35000 and
	// 35001-50000, of which the heap and the requests are sampled in the
	// middle.
	wantPageSizes := []string{"5000", "10000", "20000", "20000"}
	pageMiddles := map[int64]bool{2500: true, 10000: true, 25000: true, 42500: true}
	for rows.Next() {
		var x int64
		var label string
		if err := rows.Scan(&x, &label); err != nil {
			t.Fatal(err)
		}
		n++
		sum += x
		if pageMiddles[n] {
			runtime.GC()
			runtime.ReadMemStats(&stats)
			if first == 0 {
				first = stats.HeapAlloc
			}
			peak = max(peak, stats.HeapAlloc)
			pagesSeen = append(pagesSeen, rec.PageRequests())
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 50000 || sum != 50000*50001/2 {
		t.Fatalf("read %d rows summing to %d", n, sum)
	}
	if got := rec.MaxResults(); !slices.Equal(got, wantPageSizes) {
		t.Errorf("page requests asked for %q rows, want %q", got, wantPageSizes)
	}
	// pgway fetches a page only when the client has nearly read the one
	// before: at the middle of page k, at most k+1 pages were asked for.
	for k, seen := range pagesSeen {
		if seen > k+2 {
			t.Errorf("in the middle of page %d, %d pages had been fetched: pgway reads ahead of the client (%v)", k+1, seen, pagesSeen)
			break
		}
	}
	if growth := int64(peak) - int64(first); growth > 16<<20 {
		t.Errorf("heap grew by %d bytes while streaming, want at most 16 MiB", growth)
	}
}

// TestGatewayParameters binds a parameter of each scalar type with pgx,
// which takes each parameter's type from pgway's ParameterDescription.
func TestGatewayParameters(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	conn := startGateway(t, e.URL()).connect(t)
	cases := []struct {
		sql  string
		arg  any
		want string
	}{
		{"SELECT $1::bigint + 1", int64(41), "42"},
		{"SELECT $1::double precision * 2", 1.25, "2.5"},
		{"SELECT NOT $1::boolean", true, "false"},
		{"SELECT $1::text || '!'", "héllo", "héllo!"},
		{"SELECT $1::numeric + 1", "1.25", "2.25"}, // pgx drops the trailing zeros of numeric(38,9)
		{"SELECT $1::date", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29T00:00:00Z"},
		{"SELECT $1::timestamptz", time.Date(2024, 2, 29, 13, 45, 30, 0, time.FixedZone("", 3600)), "2024-02-29T12:45:30Z"},
		{"SELECT $1::timestamp", time.Date(2024, 2, 29, 13, 45, 30, 0, time.UTC), "2024-02-29T13:45:30Z"},
		{"SELECT $1::time", "13:45:30", "13:45:30"},
		{"SELECT id FROM shop.cities WHERE id = $1::bigint", int64(2), "2"},
		{"SELECT $1::bigint", nil, "NULL"},
	}
	for _, c := range cases {
		var got any
		if err := conn.QueryRow(context.Background(), c.sql, c.arg).Scan(&got); err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if text := render(got); text != c.want {
			t.Errorf("%s with %v: %s, want %s", c.sql, c.arg, text, c.want)
		}
	}
}

// render writes a value that pgx decoded.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case pgtype.Numeric:
		text, _ := x.Value()
		return fmt.Sprint(text)
	case pgtype.Time:
		return time.UnixMicro(x.Microseconds).UTC().Format("15:04:05.999999")
	}
	return fmt.Sprint(v)
}

// TestGatewaySQLError checks that a BigQuery error reaches the client
// with BigQuery's message and the mapped SQLSTATE.
func TestGatewaySQLError(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	conn := startGateway(t, e.URL()).connect(t)
	cases := []struct{ sql, code, message string }{
		{"SELECT nope FROM shop.cities", "42703", "Unrecognized name: nope"},
		{"SELECT * FROM shop.no_such_table", "42P01", "no_such_table"},
	}
	for _, c := range cases {
		_, err := conn.Exec(context.Background(), c.sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) {
			t.Errorf("%s: %v, want a PostgreSQL error", c.sql, err)
			continue
		}
		if pgErr.Code != c.code || !strings.Contains(pgErr.Message, c.message) {
			t.Errorf("%s: %s %q, want %s with %q", c.sql, pgErr.Code, pgErr.Message, c.code, c.message)
		}
	}
	var one int
	if err := conn.QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Errorf("session after the errors: %d, %v", one, err)
	}
}

// TestGatewayCancel sends a CancelRequest while pgway waits for a job and
// checks for 57014 and a jobs.cancel request. The emulator finishes each
// job inside jobs.insert, so the recorder holds the poll for its
// completion to keep the statement waiting.
func TestGatewayCancel(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	rec := bigquery.NewRecorder(t, e.URL())
	conn := startGateway(t, rec.URL()).connect(t)
	release, held := make(chan struct{}), make(chan struct{}, 1)
	defer close(release)
	rec.HoldPolls(release, held)
	go func() {
		select {
		case <-held:
			conn.PgConn().CancelRequest(context.Background())
		case <-time.After(10 * time.Second):
		}
	}()
	_, err := conn.Exec(context.Background(), "SELECT id FROM shop.cities")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "57014" {
		t.Fatalf("got %v, want SQLSTATE 57014", err)
	}
	if n := rec.CancelRequests(); n != 1 {
		t.Errorf("%d jobs.cancel requests, want 1", n)
	}
}
