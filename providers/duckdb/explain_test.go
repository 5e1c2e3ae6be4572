package duckdb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"pgway/providers"
)

// TestExplainPlanLines checks that EXPLAIN is described and returned as
// PostgreSQL returns a plan: one text column, QUERY PLAN, with a row per
// line.
func TestExplainPlanLines(t *testing.T) {
	ctx := context.Background()
	s, err := openFile(ctx, fileConnection(filepath.Join(t.TempDir(), "db.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := run(s, "create table t (x integer)"); err != nil {
		t.Fatal(err)
	}

	st, err := s.Prepare(ctx, "explain select count(*) from t where x > 1")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := st.Columns(); len(got) != 1 || got[0] != planColumns[0] {
		t.Errorf("statement columns = %+v, want %+v", got, planColumns)
	}
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if got := rows.(providers.ResultColumns).ResultColumns(); len(got) != 1 || got[0] != planColumns[0] {
		t.Errorf("result columns = %+v, want %+v", got, planColumns)
	}
	var lines []string
	for rows.Next() {
		line, ok := rows.Values()[0].(string)
		if !ok || strings.Contains(line, "\n") {
			t.Errorf("row %q is not one line of text", rows.Values()[0])
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if plan := strings.Join(lines, "\n"); len(lines) < 3 || !strings.Contains(plan, "Aggregate") {
		t.Errorf("plan = %q, want DuckDB's plan in several lines", plan)
	}
	if tag := rows.CommandTag(); tag != "EXPLAIN" {
		t.Errorf("tag = %q, want EXPLAIN", tag)
	}
}

// TestExplainAnalyzeRuns checks that EXPLAIN ANALYZE runs the statement,
// as in PostgreSQL.
func TestExplainAnalyzeRuns(t *testing.T) {
	s, err := openFile(context.Background(), fileConnection(filepath.Join(t.TempDir(), "db.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, sql := range []string{"create table t (x integer)", "explain analyze insert into t select * from range(5)"} {
		if err := run(s, sql); err != nil {
			t.Fatal(err)
		}
	}
	if got := queryValue(t, s, "select count(*) from t"); got != int64(5) {
		t.Errorf("count = %v, want 5", got)
	}
}

// queryValue returns the first value of the first row of sql.
func queryValue(t *testing.T, s providers.Session, sql string) any {
	t.Helper()
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s returned no row: %v", sql, rows.Err())
	}
	return rows.Values()[0]
}
