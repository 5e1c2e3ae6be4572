// Package corpustest runs translate's golden corpus on PostgreSQL and
// through pgway, for the tests that compare the two. It reads the queries
// that a dialect's golden file translates, loads the corpus fixture into
// PostgreSQL and serves a warehouse connection through pgway. It then
// compares each query's column names, column types and rows. Queries
// listed as known gaps are skipped, and a listed query that matches fails.
package corpustest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Query is one corpus query that a dialect translates to one statement.
type Query struct {
	Name string // file:line of the query in the corpus
	SQL  string
	// Catalog is set for a query marked catalog: its result types are
	// PostgreSQL's only when pgway has a catalog database.
	Catalog bool
}

// ReadFixture returns the SQL of the fixture that the corpus queries read.
func ReadFixture(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// ReadDialect returns the corpus queries that the golden file
// dialects/<dialect>.txt in dir translates to one statement. It leaves out
// COPY and DECLARE, and the queries that the corpus marks norun for a
// reason that does not name DuckDB.
func ReadDialect(t *testing.T, dir, dialect string) []Query {
	t.Helper()
	norun, catalog := readMarkers(t, dir)
	data, err := os.ReadFile(filepath.Join(dir, "dialects", dialect+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	var queries []Query
	for _, block := range strings.Split(string(data), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if len(lines) < 4 || !strings.HasPrefix(lines[0], "# ") || strings.Contains(lines[0], "rewrites") {
			continue
		}
		sep := slices.Index(lines, "----")
		if sep < 0 || len(lines) != sep+2 || !strings.HasPrefix(lines[sep+1], dialect+": ") {
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
		queries = append(queries, Query{Name: name, SQL: sql, Catalog: catalog[name]})
	}
	if len(queries) == 0 {
		t.Fatalf("no corpus queries for %s found in %s", dialect, dir)
	}
	return queries
}

// readMarkers reads the markers of the corpus queries, which the query
// line carries as query [catalog] [norun: reason]. It returns the reason
// of each query marked norun and the queries marked catalog, by
// file:line.
func readMarkers(t *testing.T, dir string) (norun map[string]string, catalog map[string]bool) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
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
