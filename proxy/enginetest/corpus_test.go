package enginetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/config"
)

// corpusDir holds translate's golden corpus and the fixture its queries
// read.
const corpusDir = "../../translate/testdata"

// corpusQuery is a query of the corpus that translates to one warehouse
// statement that returns rows.
type corpusQuery struct {
	name string // file:line
	sql  string
}

// readCorpusQueries returns the queries of the corpus files that translate
// to one warehouse statement and that the corpus does not mark norun. The
// format is translate's: a line "query [norun: reason]", the SQL, a line
// "----", one line of expected output per statement, and a blank line.
func readCorpusQueries(t *testing.T) []corpusQuery {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", corpusDir, err)
	}
	var queries []corpusQuery
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		queries = append(queries, corpusQueries(filepath.Base(path), string(data))...)
	}
	return queries
}

func corpusQueries(file, data string) []corpusQuery {
	var queries []corpusQuery
	var sql, expected []string
	start, norun, state := 0, false, "outside"
	flush := func() {
		if state == "expected" && !norun && runnable(strings.Join(sql, "\n"), expected) {
			queries = append(queries, corpusQuery{name: fmt.Sprintf("%s:%d", file, start), sql: strings.Join(sql, "\n")})
		}
		sql, expected, state = nil, nil, "outside"
	}
	for i, line := range strings.Split(data, "\n") {
		switch {
		case state == "outside" && strings.HasPrefix(line, "query"):
			start, norun, state = i+1, strings.Contains(line, "norun"), "sql"
		case state == "sql" && line == "----":
			state = "expected"
		case state == "sql":
			sql = append(sql, line)
		case state == "expected" && line == "":
			flush()
		case state == "expected":
			expected = append(expected, line)
		}
	}
	flush()
	return queries
}

// runnable reports whether a query runs as one warehouse statement that
// a plain query can read: not a COPY or DECLARE.
func runnable(sql string, expected []string) bool {
	if len(expected) != 1 || !strings.HasPrefix(expected[0], "duckdb: ") {
		return false
	}
	lower := strings.ToLower(strings.TrimSpace(sql))
	return !strings.HasPrefix(lower, "copy") && !strings.HasPrefix(lower, "declare")
}

// corpusResult is a query result as the client sees it in the text
// format, NULL as <NULL>.
type corpusResult struct {
	columns []string // name and type OID of each column
	rows    []string // the values of each row joined by |
}

// geometryOID returns the OID of the geometry type, which PostGIS gets
// when it is installed in a database and pgway fixes.
func geometryOID(t *testing.T, conn *pgx.Conn) uint32 {
	t.Helper()
	var oid uint32
	err := conn.QueryRow(context.Background(), "select oid from pg_type where typname = 'geometry'",
		pgx.QueryExecModeSimpleProtocol).Scan(&oid)
	if err != nil {
		t.Fatalf("look up the geometry type: %v", err)
	}
	return oid
}

// queryText runs sql and returns its result. A column of type
// geometryOID is named as of type "geometry".
func queryText(ctx context.Context, conn *pgx.Conn, sql string, geometryOID uint32) (corpusResult, error) {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return corpusResult{}, err
	}
	defer rows.Close()
	var res corpusResult
	for _, fd := range rows.FieldDescriptions() {
		if fd.DataTypeOID == geometryOID {
			res.columns = append(res.columns, fd.Name+"(geometry)")
			continue
		}
		res.columns = append(res.columns, fmt.Sprintf("%s(%d)", fd.Name, fd.DataTypeOID))
	}
	for rows.Next() {
		values := make([]string, 0, len(res.columns))
		for _, v := range rows.RawValues() {
			if v == nil {
				values = append(values, "<NULL>")
			} else {
				values = append(values, string(v))
			}
		}
		res.rows = append(res.rows, strings.Join(values, "|"))
	}
	return res, rows.Err()
}

// corpusPostgres returns a connection to a new database of the oracle
// with PostGIS and the corpus fixture.
func corpusPostgres(t *testing.T, fixture string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	err := oracle.Exec("postgres", "create database corpus template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'")
	if err != nil {
		t.Fatalf("create database: %v", err)
	}
	conn, err := pgx.Connect(ctx, oracle.AdminDSN("corpus")+" timezone=UTC")
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, "create extension postgis"); err != nil {
		t.Fatalf("create extension postgis: %v", err)
	}
	if _, err := conn.Exec(ctx, fixture); err != nil {
		t.Fatalf("load fixture into PostgreSQL: %v", err)
	}
	return conn
}

// corpusGateway returns a connection through pgway to a new DuckDB file
// into which pgway has loaded the corpus fixture, translating it.
func corpusGateway(t *testing.T, fixture string) *pgx.Conn {
	t.Helper()
	g := startDuckDBFile(t, "corpus", filepath.Join(t.TempDir(), "corpus.duckdb"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, "corpus", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, fixture, pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatalf("load fixture through pgway: %v", err)
	}
	return conn
}

// TestCorpusExecution runs every corpus query that translates to one
// warehouse statement on PostgreSQL as written and through pgway on DuckDB,
// and compares the column names, their type OIDs and the rows in the text
// format.
func TestCorpusExecution(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join(corpusDir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	pg := corpusPostgres(t, string(fixture))
	gw := corpusGateway(t, string(fixture))
	ctx := context.Background()
	pgGeometry, gwGeometry := geometryOID(t, pg), geometryOID(t, gw)
	queries := readCorpusQueries(t)
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			expected, err := queryText(ctx, pg, q.sql, pgGeometry)
			if err != nil {
				t.Fatalf("PostgreSQL: %v\n%s", err, q.sql)
			}
			actual, err := queryText(ctx, gw, q.sql, gwGeometry)
			if err != nil {
				t.Fatalf("pgway: %v\n%s", err, q.sql)
			}
			if !strings.Contains(strings.ToLower(q.sql), "order by") {
				slices.Sort(expected.rows)
				slices.Sort(actual.rows)
			}
			if !slices.Equal(expected.columns, actual.columns) {
				t.Errorf("columns differ for %s\nPostgreSQL: %q\npgway:      %q", q.sql, expected.columns, actual.columns)
			}
			if !slices.Equal(expected.rows, actual.rows) {
				t.Errorf("rows differ for %s\nPostgreSQL:\n%s\npgway:\n%s", q.sql,
					strings.Join(expected.rows, "\n"), strings.Join(actual.rows, "\n"))
			}
		})
	}
	t.Logf("ran %d corpus queries on PostgreSQL and through pgway", len(queries))
}
