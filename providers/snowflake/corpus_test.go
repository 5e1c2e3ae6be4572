package snowflake_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/internal/snowflakeemu"
	"pgway/providers/geometry"
	"pgway/proxy"
)

// corpusDir holds translate's corpus, its fixture and the golden file of
// its Snowflake translations.
const corpusDir = "../../translate/testdata"

// Reasons why a corpus query's result through pgway differs from
// PostgreSQL's.
const (
	srid4326  = "Snowflake: every GEOGRAPHY has SRID 4326, where the fixture's geometries have SRID 0"
	division  = "emulator: / and AVG of NUMBER run as DuckDB's, which return DOUBLE where Snowflake returns NUMBER"
	noCatalog = "pgway without a catalog database, which this test does not start: "
)

// emulatorGaps are the corpus queries whose results through pgway on the
// emulator differ from PostgreSQL's, and why: a gap of the emulator, a
// difference of Snowflake's types, or a translation that the Snowflake
// dialect gets wrong. A query listed here that matches fails the test, so
// that the list stays true.
var emulatorGaps = map[string]string{
	"clients_bi.txt:72": division + "; Snowflake: avg() of NUMBER keeps fewer fractional digits than PostgreSQL's numeric",
	"semantics.txt:9":   division + "; Snowflake: 7.0 / 2 keeps fewer fractional digits than PostgreSQL's numeric division",
	"semantics.txt:29": division + "; dialect: round() of a NUMBER expression of unknown type returns NUMBER(p,0), " +
		"sent as bigint when p <= 18, where PostgreSQL's round(numeric) is numeric",
	"clients_gis.txt:29":        srid4326,
	"clients_gis.txt:90":        srid4326,
	"clients_gis.txt:95":        srid4326,
	"spatial.txt:26":            srid4326,
	"spatial.txt:11":            "emulator: ST_DISTANCE is not emulated",
	"clients_jdbc.txt:30":       noCatalog + "current_schema() returns text, where PostgreSQL returns name",
	"clients_sqlalchemy.txt:10": noCatalog + "version() is pgway's own",
	"clients_sqlalchemy.txt:67": "Snowflake: SUM of NUMBER(p,0) is NUMBER(38,0), sent as numeric, where PostgreSQL's sum(integer) is bigint",
}

// corpusEntry is one query of the Snowflake golden file that translates.
type corpusEntry struct {
	name string // file:line of the corpus query
	sql  string
}

// readCorpus returns the corpus queries that the Snowflake dialect
// translates to one statement, leaving out COPY and DECLARE, and those
// that the corpus marks norun for a reason that is not DuckDB's.
func readCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	norun := readNorun(t)
	data, err := os.ReadFile(filepath.Join(corpusDir, "dialects", "snowflake.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []corpusEntry
	for _, block := range strings.Split(string(data), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if len(lines) < 4 || !strings.HasPrefix(lines[0], "# ") || strings.Contains(lines[0], "rewrites") {
			continue
		}
		sep := slices.Index(lines, "----")
		if sep < 0 || len(lines) != sep+2 || !strings.HasPrefix(lines[sep+1], "snowflake: ") {
			continue
		}
		name := strings.TrimPrefix(lines[0], "# ")
		if reason, ok := norun[name]; ok && !strings.Contains(reason, "DuckDB") {
			continue
		}
		sql := strings.Join(lines[1:sep], "\n")
		lower := strings.ToLower(strings.TrimSpace(sql))
		if strings.HasPrefix(lower, "copy") || strings.HasPrefix(lower, "declare") {
			continue
		}
		entries = append(entries, corpusEntry{name: name, sql: sql})
	}
	if len(entries) == 0 {
		t.Fatal("no Snowflake corpus queries found")
	}
	return entries
}

// readNorun returns the reason of each corpus query marked norun, by
// file:line.
func readNorun(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	norun := make(map[string]string)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if reason, ok := strings.CutPrefix(line, "query norun:"); ok {
				norun[fmt.Sprintf("%s:%d", filepath.Base(path), i+1)] = strings.TrimSpace(reason)
			}
		}
	}
	return norun
}

// corpusRows runs sql with the simple protocol and returns the column
// names with their type families, and the rows in the text format.
func corpusRows(ctx context.Context, conn *pgx.Conn, sql string, geometryOID uint32) ([]string, []string, error) {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var columns []string
	for _, fd := range rows.FieldDescriptions() {
		columns = append(columns, fd.Name+"("+typeFamily(fd.DataTypeOID, geometryOID)+")")
	}
	var out []string
	for rows.Next() {
		values := make([]string, 0, len(columns))
		for _, v := range rows.RawValues() {
			if v == nil {
				values = append(values, "<NULL>")
			} else {
				values = append(values, string(v))
			}
		}
		out = append(out, strings.Join(values, "|"))
	}
	return columns, out, rows.Err()
}

// typeFamily names a column type so that the integer types compare equal:
// Snowflake's only integer type is NUMBER(p,0), which pgway sends as
// bigint.
func typeFamily(oid, geometryOID uint32) string {
	switch oid {
	case 20, 21, 23:
		return "integer"
	case geometryOID:
		return "geometry"
	}
	return strconv.FormatUint(uint64(oid), 10)
}

// TestCorpusOnEmulator runs every corpus query that the Snowflake dialect
// translates through pgway on the emulator and on PostgreSQL with the same
// fixture, and compares the columns and rows.
func TestCorpusOnEmulator(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join(corpusDir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	emu, err := snowflakeemu.Start(snowflakeemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if err := emu.LoadPostgres(string(fixture)); err != nil {
		t.Fatalf("load the fixture into the emulator: %v", err)
	}
	pg := corpusPostgres(t, string(fixture))
	gw := corpusGateway(t, emu)
	ctx := context.Background()
	var pgGeometry uint32
	if err := pg.QueryRow(ctx, "select oid from pg_type where typname = 'geometry'").Scan(&pgGeometry); err != nil {
		t.Fatal(err)
	}
	matched, differ := 0, 0
	ran := make(map[string]bool)
	for _, q := range readCorpus(t) {
		ran[q.name] = true
		t.Run(q.name, func(t *testing.T) {
			wantColumns, wantRows, err := corpusRows(ctx, pg, q.sql, pgGeometry)
			if err != nil {
				t.Fatalf("PostgreSQL: %v\n%s", err, q.sql)
			}
			columns, rows, err := corpusRows(ctx, gw, q.sql, geometry.OID)
			gap, isGap := emulatorGaps[q.name]
			same := err == nil && slices.Equal(wantColumns, columns)
			if same && !strings.Contains(strings.ToLower(q.sql), "order by") {
				slices.Sort(wantRows)
				slices.Sort(rows)
			}
			same = same && slices.Equal(wantRows, rows)
			switch {
			case same && isGap:
				t.Errorf("listed as a gap (%s) but matches PostgreSQL: remove it from emulatorGaps", gap)
			case same:
				matched++
			case isGap:
				differ++
				t.Skipf("gap: %s", gap)
			case err != nil:
				t.Errorf("pgway: %v\n%s", err, q.sql)
			default:
				t.Errorf("differs for %s\ncolumns PostgreSQL: %q\ncolumns pgway:      %q\nPostgreSQL:\n%s\npgway:\n%s", q.sql,
					wantColumns, columns, strings.Join(wantRows, "\n"), strings.Join(rows, "\n"))
			}
		})
	}
	for name, gap := range emulatorGaps {
		if !ran[name] {
			t.Errorf("%s is listed as a gap (%s) but is no corpus query that this test runs: remove it from emulatorGaps", name, gap)
		}
	}
	t.Logf("%d corpus queries matched PostgreSQL through pgway on the emulator, %d are listed gaps", matched, differ)
}

// corpusPostgres starts a PostgreSQL server with PostGIS and the corpus
// fixture, in UTC, for the test.
func corpusPostgres(t *testing.T, fixture string) *pgx.Conn {
	t.Helper()
	server, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Stop() })
	if err := server.Exec("postgres", "create database corpus template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.AdminDSN("corpus")+" timezone=UTC application_name=psql")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	for _, sql := range []string{"create extension postgis", fixture} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%.40s: %v", sql, err)
		}
	}
	return conn
}

// corpusGateway serves a Snowflake connection named corpus on the
// emulator, and connects to it.
func corpusGateway(t *testing.T, emu *snowflakeemu.Emulator) *pgx.Conn {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "corpus", ProviderID: "snowflake", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "snowflake_account", Credentials: map[string]string{
			"account": "emulator", "username": emu.User(), "password": emu.Password(),
			"database": emu.Database(), "warehouse": "WH", "host": emu.Host(),
			"port": strconv.Itoa(emu.Port()), "protocol": "http",
		}},
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
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dsn := fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=corpus sslmode=disable application_name=psql",
		ln.Addr().(*net.TCPAddr).Port, config.DemoUser, config.DemoPassword)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
