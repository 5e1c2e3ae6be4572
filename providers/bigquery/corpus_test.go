package bigquery_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/providers/bigquery"
	"pgway/proxy"
)

// corpusDir holds translate's corpus, its fixture and the golden file of
// its BigQuery translations.
const corpusDir = "../../translate/testdata"

// Reasons why a corpus query's result through pgway differs from
// PostgreSQL's.
const (
	sumType       = "BigQuery: SUM of INT64 is INT64, sent as bigint, where PostgreSQL's sum(bigint) is numeric"
	srid4326      = "BigQuery: every GEOGRAPHY has SRID 4326, where the fixture's geometries have SRID 0"
	emulatorGeogs = "emulator: it stores the GEOGRAPHY values of its data file as strings, which its ST_ functions reject or read as NULL"
)

// emulatorGaps are the corpus queries whose results through pgway on
// bigquery-emulator v0.8.1 differ from PostgreSQL's, and why: a gap of
// the emulator, a difference of BigQuery's types, or a translation that
// the BigQuery dialect gets wrong. A query listed here that matches fails
// the test, so that the list stays true.
var emulatorGaps = map[string]string{
	"clients_bi.txt:29":         "emulator: DATETIME_TRUNC to WEEK(MONDAY) returns the value untruncated",
	"clients_bi.txt:39":         sumType,
	"semantics.txt:104":         sumType,
	"semantics.txt:109":         sumType,
	"clients_gis.txt:24":        srid4326 + "; " + emulatorGeogs,
	"clients_gis.txt:29":        srid4326,
	"clients_gis.txt:95":        srid4326,
	"spatial.txt:26":            srid4326,
	"clients_gis.txt:54":        emulatorGeogs,
	"clients_gis.txt:90":        emulatorGeogs,
	"spatial.txt:6":             emulatorGeogs,
	"spatial.txt:11":            emulatorGeogs,
	"spatial.txt:21":            emulatorGeogs,
	"clients_sqlalchemy.txt:10": "pgway: without a catalog database, version() returns pgway's own version, not the PostgreSQL server's",
	"semantics.txt:24":          "emulator: its SQLite backend lacks the unary minus of FLOAT64 (googlesqlite_unary_minus)",
	"semantics.txt:114":         "emulator: GROUPING() is not supported",
	"semantics.txt:167":         "emulator: its JSON functions fail on a NULL JSON value",
	"semantics.txt:194":         "emulator: DATE_DIFF overflows for spans longer than 292 years",
	"semantics.txt:236":         "BigQuery: an ARRAY of INT64 is bigint[] where PostgreSQL's int column gives int[]",
}

// corpusEntry is one query of the BigQuery golden file that translates.
type corpusEntry struct {
	name string // file:line of the corpus query
	sql  string
	// catalog is set for a query whose result types PostgreSQL's come
	// from a catalog database, which the test's pgway lacks. Its columns
	// are compared by name only.
	catalog bool
}

// readCorpus returns the corpus queries that the BigQuery dialect
// translates to one statement, leaving out those that the corpus marks
// norun for a reason that is not DuckDB's.
func readCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	norun, catalog := readMarkers(t)
	data, err := os.ReadFile(filepath.Join(corpusDir, "dialects", "bigquery.txt"))
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
		if sep < 0 || len(lines) != sep+2 || !strings.HasPrefix(lines[sep+1], "bigquery: ") {
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
		entries = append(entries, corpusEntry{name: name, sql: sql, catalog: catalog[name]})
	}
	if len(entries) == 0 {
		t.Fatal("no BigQuery corpus queries found")
	}
	return entries
}

// readMarkers reads the markers of the corpus queries, which the query
// line carries as query [catalog] [norun: reason]. It returns the reason
// of each query marked norun and the queries marked catalog, by
// file:line.
func readMarkers(t *testing.T) (norun map[string]string, catalog map[string]bool) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	norun, catalog = make(map[string]string), make(map[string]bool)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			markers, ok := strings.CutPrefix(line, "query")
			if !ok {
				continue
			}
			name := fmt.Sprintf("%s:%d", filepath.Base(path), i+1)
			markers, catalog[name] = strings.CutPrefix(markers, " catalog")
			if reason, ok := strings.CutPrefix(markers, " norun:"); ok {
				norun[name] = strings.TrimSpace(reason)
			}
		}
	}
	return norun, catalog
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
	var numeric []bool
	for _, fd := range rows.FieldDescriptions() {
		columns = append(columns, fd.Name+"("+typeFamily(fd.DataTypeOID, geometryOID)+")")
		numeric = append(numeric, fd.DataTypeOID == 1700)
	}
	var out []string
	for rows.Next() {
		values := make([]string, 0, len(columns))
		for i, v := range rows.RawValues() {
			switch {
			case v == nil:
				values = append(values, "<NULL>")
			case numeric[i]:
				values = append(values, trimFraction(string(v)))
			default:
				values = append(values, string(v))
			}
		}
		out = append(out, strings.Join(values, "|"))
	}
	return columns, out, rows.Err()
}

// typeFamily names a column type so that the integer types compare equal:
// BigQuery has INT64 only, which pgway sends as bigint.
func typeFamily(oid, geometryOID uint32) string {
	switch oid {
	case 20, 21, 23:
		return "integer"
	case geometryOID:
		return "geometry"
	}
	return fmt.Sprint(oid)
}

var trailingZeros = regexp.MustCompile(`(\.\d*?)0+$`)

// trimFraction drops the trailing zeros of a numeric, since BigQuery's
// NUMERIC has scale 9 where PostgreSQL's numeric keeps the scale of its
// value.
func trimFraction(s string) string {
	s = trailingZeros.ReplaceAllString(s, "$1")
	return strings.TrimSuffix(s, ".")
}

// TestCorpusOnEmulator runs every corpus query that the BigQuery dialect
// translates through pgway on bigquery-emulator and on PostgreSQL with
// the same fixture, and compares the columns and rows.
func TestCorpusOnEmulator(t *testing.T) {
	e := bigquery.StartEmulator(t, "corpus.yaml")
	fixture, err := os.ReadFile(filepath.Join(corpusDir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	pg := corpusPostgres(t, string(fixture))
	gw := corpusGateway(t, e.URL())
	ctx := context.Background()
	var pgGeometry uint32
	if err := pg.QueryRow(ctx, "select oid from pg_type where typname = 'geometry'").Scan(&pgGeometry); err != nil {
		t.Fatal(err)
	}
	matched, differ := 0, 0
	for _, q := range readCorpus(t) {
		t.Run(q.name, func(t *testing.T) {
			wantColumns, wantRows, err := corpusRows(ctx, pg, q.sql, pgGeometry)
			if err != nil {
				t.Fatalf("PostgreSQL: %v\n%s", err, q.sql)
			}
			columns, rows, err := corpusRows(ctx, gw, q.sql, 90000)
			if q.catalog {
				wantColumns, columns = columnNames(wantColumns), columnNames(columns)
			}
			gap, isGap := emulatorGaps[q.name]
			same := err == nil && slices.Equal(wantColumns, columns)
			if same && !strings.Contains(strings.ToLower(q.sql), "order by") {
				slices.Sort(wantRows)
				slices.Sort(rows)
			}
			same = same && slices.Equal(wantRows, rows)
			switch {
			case same && isGap:
				t.Errorf("listed as an emulator gap (%s) but matches PostgreSQL: remove it from emulatorGaps", gap)
			case same:
				matched++
			case isGap:
				differ++
				t.Skipf("emulator gap: %s", gap)
			case err != nil:
				t.Errorf("pgway: %v\n%s", err, q.sql)
			default:
				t.Errorf("differs for %s\ncolumns PostgreSQL: %q\ncolumns pgway:      %q\nPostgreSQL:\n%s\npgway:\n%s", q.sql,
					wantColumns, columns, strings.Join(wantRows, "\n"), strings.Join(rows, "\n"))
			}
		})
	}
	t.Logf("%d corpus queries matched PostgreSQL through pgway on the emulator, %d are listed emulator gaps", matched, differ)
}

// columnNames strips the type families from columns, leaving their names.
func columnNames(columns []string) []string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c[:strings.LastIndex(c, "(")]
	}
	return names
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

// corpusGateway serves a BigQuery connection named corpus whose default
// dataset holds the fixture, and connects to it.
func corpusGateway(t *testing.T, endpoint string) *pgx.Conn {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "corpus", ProviderID: "bigquery", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "oauth", Credentials: map[string]string{
			"project_id": bigquery.EmulatorProject, "access_token": bigquery.TestToken,
			"endpoint": endpoint, "default_dataset": "corpus"}},
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
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
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
