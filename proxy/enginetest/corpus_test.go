package enginetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
	"pgway/internal/corpustest"
	"pgway/internal/pgtest"
)

// corpusDir holds translate's golden corpus and the fixture its queries
// read.
const corpusDir = "../../translate/testdata"

// corpusQuery is one query of the corpus and its expected translation,
// one line per statement.
type corpusQuery struct {
	name     string // file:line
	sql      string
	expected []string
	norun    bool
	// catalog is set for a query whose result types are PostgreSQL's only
	// when pgway has a catalog database.
	catalog bool
}

// readCorpusQueries returns the queries of the corpus files. The format
// is translate's: a line "query [catalog] [norun: reason]", the SQL, a
// line "----", one line of expected output per statement, and a blank
// line.
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
	var cur corpusQuery
	var sql []string
	state := "outside"
	flush := func() {
		if state == "expected" {
			cur.sql = strings.Join(sql, "\n")
			queries = append(queries, cur)
		}
		cur, sql, state = corpusQuery{}, nil, "outside"
	}
	for i, line := range strings.Split(data, "\n") {
		switch {
		case state == "outside" && strings.HasPrefix(line, "query"):
			markers, _, _ := strings.Cut(line, ":")
			cur = corpusQuery{name: fmt.Sprintf("%s:%d", file, i+1), norun: strings.Contains(markers, "norun"),
				catalog: slices.Contains(strings.Fields(markers), "catalog")}
			state = "sql"
		case state == "sql" && line == "----":
			state = "expected"
		case state == "sql":
			sql = append(sql, line)
		case state == "expected" && line == "":
			flush()
		case state == "expected":
			cur.expected = append(cur.expected, line)
		}
	}
	flush()
	return queries
}

// runnable reports whether a query runs as one warehouse statement that
// a plain query can read: not a COPY or DECLARE, not marked norun, and
// marked catalog only when pgway has a catalog database.
func (q corpusQuery) runnable(withCatalog bool) bool {
	if q.norun || q.catalog && !withCatalog || len(q.expected) != 1 || !strings.HasPrefix(q.expected[0], "duckdb: ") {
		return false
	}
	lower := strings.ToLower(strings.TrimSpace(q.sql))
	return !strings.HasPrefix(lower, "copy") && !strings.HasPrefix(lower, "declare")
}

// expectedSQLState returns the SQLSTATE that pgway must return for a
// query of one statement that the corpus expects to fail or to go to the
// catalog, which pgway without a catalog database rejects with 0A000.
func (q corpusQuery) expectedSQLState() (string, bool) {
	if len(q.expected) != 1 {
		return "", false
	}
	if q.expected[0] == "catalog" {
		return "0A000", true
	}
	code, ok := strings.CutPrefix(q.expected[0], "error ")
	if !ok || len(code) < 5 {
		return "", false
	}
	return code[:5], true
}

// corpusPostgres returns a connection to a new database of the oracle,
// named db, with PostGIS and the corpus fixture.
func corpusPostgres(t *testing.T, db, fixture string) *pgx.Conn {
	t.Helper()
	return corpustest.LoadPostgres(t, oracle, db, fixture, "")
}

// corpusGateway returns a connection through pgway to a new DuckDB file
// into which pgway has loaded the corpus fixture, translating it. With a
// catalog cluster, pgway mirrors the file's tables there.
func corpusGateway(t *testing.T, fixture string, catalogCluster *pgtest.Server) *pgx.Conn {
	t.Helper()
	cfg := config.Default()
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "corpus", ProviderID: "duckdb", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "file",
			Credentials: map[string]string{"path": filepath.Join(t.TempDir(), "corpus.duckdb")}},
	})
	if catalogCluster != nil {
		cfg.Catalog.DSN = fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable",
			adminRole, adminPassword, catalogCluster.Port)
	}
	g := serve(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
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
// format. pgway runs without a catalog database, so queries marked
// catalog do not run.
func TestCorpusExecution(t *testing.T) {
	testCorpusExecution(t, "corpus", nil)
}

// TestCorpusExecutionWithCatalog runs the corpus queries as
// TestCorpusExecution does, through pgway with a catalog database, whose
// result types pgway then sends: the queries marked catalog run too.
func TestCorpusExecutionWithCatalog(t *testing.T) {
	testCorpusExecution(t, "corpus_catalog", catalogCluster(t))
}

func testCorpusExecution(t *testing.T, db string, catalogCluster *pgtest.Server) {
	fixture, err := os.ReadFile(filepath.Join(corpusDir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	pg := corpusPostgres(t, db, string(fixture))
	gw := corpusGateway(t, string(fixture), catalogCluster)
	ctx := context.Background()
	pgFormat := corpustest.Format{TypeName: corpustest.GeometryTypeName(corpustest.GeometryOID(t, pg))}
	gwFormat := corpustest.Format{TypeName: corpustest.GeometryTypeName(corpustest.GeometryOID(t, gw))}
	var queries []corpusQuery
	catalogQueries := 0
	for _, q := range readCorpusQueries(t) {
		if q.runnable(catalogCluster != nil) {
			queries = append(queries, q)
			if q.catalog {
				catalogQueries++
			}
		}
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			expected, err := pgFormat.Run(ctx, pg, q.sql)
			if err != nil {
				t.Fatalf("PostgreSQL: %v\n%s", err, q.sql)
			}
			actual, err := gwFormat.Run(ctx, gw, q.sql)
			if err != nil {
				t.Fatalf("pgway: %v\n%s", err, q.sql)
			}
			if !strings.Contains(strings.ToLower(q.sql), "order by") {
				slices.Sort(expected.Rows)
				slices.Sort(actual.Rows)
			}
			if !slices.Equal(expected.Columns, actual.Columns) {
				t.Errorf("columns differ for %s\nPostgreSQL: %q\npgway:      %q", q.sql, expected.Columns, actual.Columns)
			}
			if !slices.Equal(expected.Rows, actual.Rows) {
				t.Errorf("rows differ for %s\nPostgreSQL:\n%s\npgway:\n%s", q.sql,
					strings.Join(expected.Rows, "\n"), strings.Join(actual.Rows, "\n"))
			}
		})
	}
	t.Logf("ran %d corpus queries on PostgreSQL and through pgway, %d of them marked catalog",
		len(queries), catalogQueries)
}

// TestCorpusRejections sends every corpus query of one statement that the
// corpus expects to fail, or to go to the catalog, through pgway, and
// checks the SQLSTATE. Catalog queries must fail with 0A000 and a hint
// that names catalog.dsn, because these tests run pgway without a catalog
// database, and must run on PostgreSQL, which shows that they are the
// catalog queries the corpus says they are.
func TestCorpusRejections(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join(corpusDir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	pg := corpusPostgres(t, "corpus_rejections", string(fixture))
	gw := corpusGateway(t, string(fixture), nil)
	ctx := context.Background()
	checked := 0
	for _, q := range readCorpusQueries(t) {
		code, ok := q.expectedSQLState()
		if !ok {
			continue
		}
		checked++
		t.Run(q.name, func(t *testing.T) {
			_, err := gw.Exec(ctx, q.sql, pgx.QueryExecModeSimpleProtocol)
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) {
				t.Fatalf("pgway returned %v, expected SQLSTATE %s\n%s", err, code, q.sql)
			}
			if pgErr.Code != code {
				t.Errorf("pgway returned SQLSTATE %s (%s), expected %s\n%s", pgErr.Code, pgErr.Message, code, q.sql)
			}
			if q.expected[0] != "catalog" {
				return
			}
			if !strings.Contains(pgErr.Hint, "catalog.dsn") {
				t.Errorf("hint %q does not name catalog.dsn", pgErr.Hint)
			}
			if _, err := pg.Exec(ctx, q.sql, pgx.QueryExecModeSimpleProtocol); err != nil {
				t.Errorf("PostgreSQL: %v\n%s", err, q.sql)
			}
		})
	}
	t.Logf("checked %d corpus queries that pgway rejects", checked)
}
