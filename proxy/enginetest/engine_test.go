package enginetest

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
	"pgway/internal/pgtest"
	_ "pgway/providers/duckdb"
)

func connectDemo(t *testing.T, g *gateway) *pgx.Conn {
	t.Helper()
	return g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
}

func TestEngineSimpleQuery(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	rows, err := conn.Query(context.Background(),
		"select name, country from cities where country = 'ES' order by name limit 5",
		pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var name, country string
		err := r.Scan(&name, &country)
		return name, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 5 {
		t.Fatalf("got %d rows, want 5: %v", len(names), names)
	}
	if names[0] > names[4] {
		t.Errorf("rows not ordered by name: %v", names)
	}
}

func TestEngineExtendedQueryBinary(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	ctx := context.Background()
	var count int64
	var maxLat float64
	// pgx requests binary results for int8 and float8.
	err := conn.QueryRow(ctx, "select count(*), max(lat) from cities where country = $1", "ES").
		Scan(&count, &maxLat)
	if err != nil {
		t.Fatal(err)
	}
	if count < 100 {
		t.Errorf("count = %d, want at least 100 Spanish cities", count)
	}
	if maxLat < 40 || maxLat > 44 {
		t.Errorf("max(lat) = %v, want within mainland Spain's 36..44", maxLat)
	}

	var name string
	err = conn.QueryRow(ctx, "select name from countries where id = $1", "724").Scan(&name)
	if err != nil {
		t.Fatal(err)
	}
	if name != "Spain" {
		t.Errorf("country 724 = %q, want Spain", name)
	}
}

func TestEngineSessionCommands(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	ctx := context.Background()
	for _, sql := range []string{
		"SET extra_float_digits = 3",
		"SET application_name = 'engine test'",
		"set time zone 'UTC'",
		"BEGIN",
		"COMMIT",
		"START TRANSACTION",
		"ROLLBACK",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
	var level string
	if err := conn.QueryRow(ctx, "SHOW TRANSACTION ISOLATION LEVEL").Scan(&level); err != nil {
		t.Fatal(err)
	}
	if level != "read committed" {
		t.Errorf("isolation level = %q, want read committed", level)
	}
	var app string
	if err := conn.QueryRow(ctx, "show application_name").Scan(&app); err != nil {
		t.Fatal(err)
	}
	if app != "engine test" {
		t.Errorf("application_name = %q, want the value SET", app)
	}
	if v := conn.PgConn().ParameterStatus("server_version"); !strings.HasPrefix(v, "15") {
		t.Errorf("server_version = %q, want 15.x", v)
	}
}

func TestEngineMultipleStatements(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	results, err := conn.PgConn().Exec(context.Background(),
		"select 1; select 'a;b' as s; -- comment; \n select 3").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("got %d results, want 3", len(results))
	}
	if got := string(results[1].Rows[0][0]); got != "a;b" {
		t.Errorf("second result = %q, want a;b", got)
	}
}

func TestEngineErrorCodes(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	cases := []struct{ sql, code string }{
		{"select from where", "42601"},
		{"selec 1", "42601"},
		{"select * from no_such_table", "42P01"},
		{"select no_such_column from cities", "42703"},
		{"create table t (a int)", "25006"},
	}
	for _, c := range cases {
		_, err := conn.Exec(context.Background(), c.sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) {
			t.Errorf("%s: err = %v, want a server error", c.sql, err)
			continue
		}
		if pgErr.Code != c.code {
			t.Errorf("%s: code = %s (%s), want %s", c.sql, pgErr.Code, pgErr.Message, c.code)
		}
	}
	if _, err := conn.Exec(context.Background(), "select * from read_csv('/etc/hostname')"); err == nil {
		t.Error("demo warehouse read a file of the pgway host")
	}
	var n int
	if err := conn.QueryRow(context.Background(), "select 1").Scan(&n); err != nil {
		t.Errorf("session unusable after errors: %v", err)
	}
}

// frontend connects a raw protocol client to the demo gateway.
func frontend(t *testing.T, g *gateway) *pgconn.PgConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pg, err := pgconn.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	return pg
}

// receiveUntilReady reads backend messages up to ReadyForQuery and
// returns their types, such as "DataRow".
func receiveUntilReady(t *testing.T, pg *pgconn.PgConn) ([]string, []pgproto3.BackendMessage) {
	t.Helper()
	fe := pg.Frontend()
	var names []string
	var msgs []pgproto3.BackendMessage
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, typeName(msg))
		msgs = append(msgs, msg)
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			return names, msgs
		}
	}
}

func typeName(v any) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", v), "*pgproto3.")
}

func TestEnginePortalSuspended(t *testing.T) {
	pg := frontend(t, startDemo(t))
	fe := pg.Frontend()
	fe.Send(&pgproto3.Parse{Query: "select name from cities where country = 'AD' order by name limit 5"})
	fe.Send(&pgproto3.Bind{ResultFormatCodes: []int16{1}})
	fe.Send(&pgproto3.Execute{MaxRows: 2})
	fe.Send(&pgproto3.Execute{MaxRows: 2})
	fe.Send(&pgproto3.Execute{MaxRows: 2})
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	got, _ := receiveUntilReady(t, pg)
	want := []string{"ParseComplete", "BindComplete",
		"DataRow", "DataRow", "PortalSuspended",
		"DataRow", "DataRow", "PortalSuspended",
		"DataRow", "CommandComplete", "ReadyForQuery"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("messages:\n got %v\nwant %v", got, want)
	}
}

func TestEngineSecondPortalWhileSuspended(t *testing.T) {
	pg := frontend(t, startDemo(t))
	fe := pg.Frontend()
	fe.Send(&pgproto3.Parse{Name: "s", Query: "select name from cities where country = 'AD' order by name limit 3"})
	fe.Send(&pgproto3.Bind{DestinationPortal: "p1", PreparedStatement: "s"})
	fe.Send(&pgproto3.Execute{Portal: "p1", MaxRows: 1})
	fe.Send(&pgproto3.Bind{DestinationPortal: "p2", PreparedStatement: "s"})
	fe.Send(&pgproto3.Execute{Portal: "p2"})
	fe.Send(&pgproto3.Execute{Portal: "p1"})
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	got, msgs := receiveUntilReady(t, pg)
	want := []string{"ParseComplete", "BindComplete", "DataRow", "PortalSuspended",
		"BindComplete", "DataRow", "DataRow", "DataRow", "CommandComplete",
		"DataRow", "DataRow", "CommandComplete", "ReadyForQuery"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("messages:\n got %v\nwant %v", got, want)
	}
	first := string(msgs[2].(*pgproto3.DataRow).Values[0])
	second := string(msgs[5].(*pgproto3.DataRow).Values[0])
	if first != second {
		t.Errorf("p2 starts at %q, want the first row %q again", second, first)
	}
}

func TestEngineErrorSkipsToSync(t *testing.T) {
	pg := frontend(t, startDemo(t))
	fe := pg.Frontend()
	fe.Send(&pgproto3.Parse{Query: "select 1"})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Execute{})
	fe.Send(&pgproto3.Parse{Query: "select * from no_such_table"})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Execute{})
	fe.Send(&pgproto3.Sync{})
	fe.Send(&pgproto3.Parse{Query: "select 2"})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Execute{})
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	got, msgs := receiveUntilReady(t, pg)
	want := []string{"ParseComplete", "BindComplete", "DataRow", "CommandComplete",
		"ErrorResponse", "ReadyForQuery"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("first batch:\n got %v\nwant %v", got, want)
	}
	if code := msgs[4].(*pgproto3.ErrorResponse).Code; code != "42P01" {
		t.Errorf("error code = %s, want 42P01", code)
	}
	got, _ = receiveUntilReady(t, pg)
	want = []string{"ParseComplete", "BindComplete", "DataRow", "CommandComplete", "ReadyForQuery"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("batch after Sync:\n got %v\nwant %v", got, want)
	}
}

func TestEngineCancel(t *testing.T) {
	g := startDemo(t)
	cfg, err := pgx.ParseConfig(g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BuildContextWatcherHandler = func(pg *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pg, DeadlineDelay: 5 * time.Second}
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	var n int64
	err = conn.QueryRow(ctx, "select count(*) from cities a, cities b where md5(a.name || b.name) < '004'").Scan(&n)
	elapsed := time.Since(start)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v after %v, want a server error", err, elapsed)
	}
	if pgErr.Code != "57014" {
		t.Errorf("code = %s (%s), want 57014", pgErr.Code, pgErr.Message)
	}
	if elapsed > 3*time.Second {
		t.Errorf("cancel took %v, want under 3s", elapsed)
	}
	var one int
	if err := conn.QueryRow(context.Background(), "select 1").Scan(&one); err != nil {
		t.Fatalf("session unusable after cancel: %v", err)
	}
}

func TestEnginePsql(t *testing.T) {
	psql, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Skip(err)
	}
	g := startDemo(t)
	dsn := g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	out, err := exec.Command(psql, dsn, "-X", "-A", "-t", "-c",
		"select name, country from cities where country = 'ES' order by name limit 5").CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 5 {
		t.Fatalf("psql printed %d lines, want 5:\n%s", len(lines), out)
	}
	for _, line := range lines {
		if !strings.HasSuffix(line, "|ES") {
			t.Errorf("line %q is not a Spanish city", line)
		}
	}
}

// TestEnginePsqlPostgresSemantics checks that integer division, || with
// NULL and round() return through pgway on DuckDB what PostgreSQL returns.
func TestEnginePsqlPostgresSemantics(t *testing.T) {
	psql, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Skip(err)
	}
	g := startDemo(t)
	dsn := g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	out, err := exec.Command(psql, dsn, "-X", "-At", "-c", "select 7 / 2, 'a' || null, round(2.5)").CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "3||3" {
		t.Errorf("psql printed %q, want 3||3", got)
	}
}

func TestEnginePsycopg2(t *testing.T) {
	script := `
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1])
cur = conn.cursor()
cur.execute("select name from cities where country = %s order by name limit 2", ("ES",))
print(len(cur.fetchall()))
conn.rollback()
conn.close()
`
	if err := exec.Command("/usr/bin/python3", "-c", "import psycopg2").Run(); err != nil {
		t.Skip("psycopg2 is not installed for /usr/bin/python3")
	}
	g := startDemo(t)
	out, err := exec.Command("/usr/bin/python3", "-c", script,
		g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")).CombinedOutput()
	if err != nil {
		t.Fatalf("psycopg2: %v\n%s", err, out)
	}
	if strings.TrimSpace(string(out)) != "2" {
		t.Errorf("psycopg2 output = %q, want 2", out)
	}
}

// TestEngineTypesResolvedAtExecution reads a table function with a
// parameter, whose result DuckDB binds only once it runs, in both
// protocols.
func TestEngineTypesResolvedAtExecution(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	ctx := context.Background()
	var count, sum int64
	err := conn.QueryRow(ctx, "select count(*), sum(i)::bigint from generate_series(1, $1::bigint) t(i)",
		pgx.QueryExecModeSimpleProtocol, 10).Scan(&count, &sum)
	if err != nil || count != 10 || sum != 55 {
		t.Errorf("simple protocol: count %d, sum %d, %v; want 10, 55", count, sum, err)
	}
	rows, err := conn.Query(ctx, "select i, i * 2 from generate_series(1, $1::bigint) t(i)", 3)
	if err != nil {
		t.Fatal(err)
	}
	var doubled []int64
	for rows.Next() {
		var i, twice int64
		if err := rows.Scan(&i, &twice); err != nil {
			t.Fatal(err)
		}
		doubled = append(doubled, twice)
	}
	if rows.Err() != nil || len(doubled) != 3 || doubled[2] != 6 {
		t.Errorf("extended protocol: %v, %v; want [2 4 6]", doubled, rows.Err())
	}
	if names := rows.FieldDescriptions(); names[0].Name != "i" || names[1].DataTypeOID != 20 {
		t.Errorf("extended protocol: columns %+v, want i and a bigint (OID 20)", names)
	}
	var one int
	if err := conn.QueryRow(ctx, "select 1").Scan(&one); err != nil {
		t.Errorf("session unusable afterwards: %v", err)
	}
}

func TestEngineCatalogQueryWithoutCatalog(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	ctx := context.Background()
	_, err := conn.Exec(ctx, "select relname from pg_class")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a server error", err)
	}
	if pgErr.Code != "0A000" {
		t.Errorf("code = %s, want 0A000", pgErr.Code)
	}
	if !strings.Contains(pgErr.Hint, "catalog.dsn") {
		t.Errorf("hint %q does not name catalog.dsn", pgErr.Hint)
	}
	var oid uint32
	if err := conn.QueryRow(ctx, "select oid from pg_type where typname = 'geometry'").Scan(&oid); err != nil {
		t.Errorf("built-in catalog answer: %v", err)
	}
}

func TestEngineTranslationErrorPosition(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	_, err := conn.Exec(context.Background(), "select name, st_buffer(geom, 1) from countries")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("err = %v, want a server error", err)
	}
	if pgErr.Code != "0A000" {
		t.Errorf("code = %s, want 0A000", pgErr.Code)
	}
	if !strings.Contains(pgErr.Message, "st_buffer") {
		t.Errorf("message %q does not name st_buffer", pgErr.Message)
	}
	if pgErr.Position != 14 {
		t.Errorf("position = %d, want 14", pgErr.Position)
	}
}

func TestEngineSetThenCurrentSetting(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	results, err := conn.PgConn().Exec(context.Background(),
		"set application_name = 'first'; select current_setting('application_name'); "+
			"reset application_name; show application_name").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 4 {
		t.Fatalf("got %d results, want 4", len(results))
	}
	if got := string(results[1].Rows[0][0]); got != "first" {
		t.Errorf("current_setting after SET = %q, want first", got)
	}
	if got := string(results[3].Rows[0][0]); got != "" {
		t.Errorf("application_name after RESET = %q, want the startup value", got)
	}
	_, err = conn.Exec(context.Background(), "show no_such_parameter")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42704" {
		t.Errorf("SHOW of an unknown parameter: err = %v, want 42704", err)
	}
}
