package translate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5"

	"pgway/internal/pgtest"
)

// fixture creates the tables that the corpus queries read, in PostgreSQL
// as written and in DuckDB through the translator.
const fixture = `
create table cities (id int, name text, country text, population bigint,
	lat float8, lng float8, founded date, area numeric(10,2), capital boolean);
insert into cities values
	(1, 'Lisbon', 'PT', 545923, 38.7223, -9.1393, '1147-10-25', 100.05, true),
	(2, 'Porto', 'PT', 231800, 41.1579, -8.6291, null, 41.42, false),
	(3, 'Braga', 'PT', 193333, 41.5454, -8.4265, '0016-01-01', 183.4, false),
	(4, 'Madrid', 'ES', 3223334, 40.4168, -3.7038, '0865-01-01', 604.3, true),
	(5, 'Sevilla', 'ES', 684234, 37.3891, -5.9845, null, 140.8, false),
	(6, 'Paris', 'FR', 2165423, 48.8566, 2.3522, null, 105.4, true),
	(7, null, 'FR', null, null, null, null, null, null);
create table events (id int, city_id int, kind text, at timestamp, amount int, tags text[], payload jsonb);
insert into events values
	(1, 1, 'concert', '2024-03-01 20:00:00', 120, array['music','live'], '{"seats": 300, "artist": {"name": "A"}}'),
	(2, 1, 'fair', '2024-03-02 10:30:00', 15, array['market'], '{"seats": 0}'),
	(3, 2, 'concert', '2024-04-10 21:15:00', 80, array['music'], '{"seats": 120, "artist": {"name": "B"}}'),
	(4, 4, 'match', '2024-05-05 18:00:00', 60, array['sport','live'], null),
	(5, 6, 'fair', '2024-05-06 09:00:00', -7, array[]::text[], '{"seats": 50}');
`

// resultsSetup returns a PostgreSQL connection and a DuckDB database that
// both hold the fixture, or skips when PostgreSQL cannot start.
func resultsSetup(t *testing.T) (*pgx.Conn, *sql.DB) {
	t.Helper()
	server, err := pgtest.Shared()
	if err != nil {
		t.Fatalf("start PostgreSQL: %v", err)
	}
	ctx := context.Background()
	if err := server.Exec("postgres", "create database translate_results template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	conn, err := pgx.Connect(ctx, server.AdminDSN("translate_results")+" timezone=UTC")
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, fixture); err != nil {
		t.Fatalf("load fixture into PostgreSQL: %v", err)
	}
	return conn, openDuckDB(t)
}

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	setup := append([]string{"SET TimeZone = 'UTC'"}, DuckDBSessionSetup...)
	for _, s := range setup {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	stmts, err := New(10).Translate(DuckDB(DuckDBCapabilities{}), fixture, corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stmts {
		if st.Err != nil {
			t.Fatalf("translate fixture %q: %v", st.SQL, st.Err)
		}
		if _, err := db.Exec(st.Rewritten); err != nil {
			t.Fatalf("load fixture into DuckDB: %s: %v", st.Rewritten, err)
		}
	}
	return db
}

// TestResults runs every corpus query that translates to one warehouse
// statement on PostgreSQL as written and on DuckDB as translated, and
// compares the column names and the rows as PostgreSQL's text output.
func TestResults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL")
	}
	pgConn, duck := resultsSetup(t)
	tr := New(100)
	ran := 0
	for _, path := range corpusFiles(t) {
		for _, c := range readCorpus(t, path) {
			if c.norun != "" {
				continue
			}
			stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), c.sql, corpusSession)
			if err != nil || len(stmts) != 1 || stmts[0].Err != nil || stmts[0].Kind != KindWarehouse || stmts[0].Copy != nil {
				continue
			}
			name := fmt.Sprintf("%s:%d", c.file, c.line)
			t.Run(name, func(t *testing.T) {
				expected := queryPostgres(t, pgConn, c.sql)
				actual := queryDuckDB(t, duck, stmts[0].Rewritten)
				if !strings.Contains(strings.ToLower(c.sql), "order by") {
					sortRows(expected.rows)
					sortRows(actual.rows)
				}
				compareResults(t, c.sql, stmts[0].Rewritten, expected, actual)
			})
			ran++
		}
	}
	t.Logf("ran %d corpus queries on PostgreSQL and DuckDB", ran)
}

// result is a query result in PostgreSQL's text format, NULL as nullText.
type result struct {
	columns []string
	rows    [][]string
}

const nullText = "<NULL>"

func queryPostgres(t *testing.T, conn *pgx.Conn, query string) result {
	t.Helper()
	rows, err := conn.Query(context.Background(), query, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	defer rows.Close()
	var res result
	for _, fd := range rows.FieldDescriptions() {
		res.columns = append(res.columns, fd.Name)
	}
	for rows.Next() {
		var row []string
		for _, v := range rows.RawValues() {
			if v == nil {
				row = append(row, nullText)
			} else {
				row = append(row, string(v))
			}
		}
		res.rows = append(res.rows, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	return res
}

func queryDuckDB(t *testing.T, db *sql.DB, query string) result {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("DuckDB: %v\n%s", err, query)
	}
	defer rows.Close()
	var res result
	res.columns, _ = rows.Columns()
	types, _ := rows.ColumnTypes()
	for rows.Next() {
		values := make([]any, len(res.columns))
		ptrs := make([]any, len(values))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("DuckDB scan: %v", err)
		}
		row := make([]string, len(values))
		for i, v := range values {
			row[i] = pgText(v, types[i].DatabaseTypeName())
		}
		res.rows = append(res.rows, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("DuckDB: %v\n%s", err, query)
	}
	return res
}

func compareResults(t *testing.T, input, rewritten string, expected, actual result) {
	t.Helper()
	if strings.Join(expected.columns, "|") != strings.Join(actual.columns, "|") {
		t.Errorf("columns differ for %s\nrewritten: %s\nPostgreSQL: %q\nDuckDB:     %q", input, rewritten, expected.columns, actual.columns)
	}
	if formatRows(expected.rows) != formatRows(actual.rows) {
		t.Errorf("rows differ for %s\nrewritten: %s\nPostgreSQL:\n%s\nDuckDB:\n%s", input, rewritten, formatRows(expected.rows), formatRows(actual.rows))
	}
}

// sortRows orders the rows of a query without ORDER BY, whose order
// PostgreSQL and DuckDB need not agree on.
func sortRows(rows [][]string) {
	slices.SortFunc(rows, func(a, b []string) int {
		return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00"))
	})
}

func formatRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}
