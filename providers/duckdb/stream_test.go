package duckdb

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"pgway/config"
	"pgway/providers"
)

// openTestFile opens a session on a new DuckDB file.
func openTestFile(t *testing.T) providers.Session {
	t.Helper()
	conn := &config.Connection{ProviderID: "duckdb", Config: config.ConnectionConfig{
		Type: "file", Credentials: map[string]string{"path": filepath.Join(t.TempDir(), "test.duckdb")},
	}}
	s, err := openFile(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func execute(t *testing.T, s providers.Session, sql string) providers.Rows {
	t.Helper()
	st, err := s.Prepare(context.Background(), sql)
	if err != nil {
		t.Fatalf("prepare %q: %v", sql, err)
	}
	t.Cleanup(func() { st.Close() })
	rows, err := s.Execute(context.Background(), st, nil)
	if err != nil {
		t.Fatalf("execute %q: %v", sql, err)
	}
	t.Cleanup(func() { rows.Close() })
	return rows
}

// TestStreamingFirstRowsOfHugeResult reads the first rows of a result of a
// billion rows, which would take minutes and tens of GB if DuckDB
// materialized it before the first row.
func TestStreamingFirstRowsOfHugeResult(t *testing.T) {
	s := openTestFile(t)
	start := time.Now()
	rows := execute(t, s, "select i, i::varchar as s from range(1000000000) t(i)")
	for i := range 5000 {
		if !rows.Next() {
			t.Fatalf("result ended after %d rows: %v", i, rows.Err())
		}
		if got := rows.Values()[0]; got != int64(i) {
			t.Fatalf("row %d: i = %v", i, got)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("first 5000 rows took %v, want under 10s", elapsed)
	}
}

// TestStreamingSecondResultWhileFirstOpen interleaves two open results,
// which run on two DuckDB connections, and then prepares a third
// statement while both are open.
func TestStreamingSecondResultWhileFirstOpen(t *testing.T) {
	s := openTestFile(t)
	first := execute(t, s, "select i from range(10000) t(i)")
	if !first.Next() {
		t.Fatal(first.Err())
	}
	second := execute(t, s, "select i from range(5000) t(i)")
	n := 0
	for second.Next() {
		n++
	}
	if err := second.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 5000 {
		t.Errorf("second result has %d rows, want 5000", n)
	}
	third := execute(t, s, "select 42")
	if !third.Next() || third.Values()[0] != int32(42) {
		t.Errorf("third result: %v %v", third.Values(), third.Err())
	}
	n = 1
	for first.Next() {
		n++
	}
	if err := first.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 10000 {
		t.Errorf("first result has %d rows, want 10000", n)
	}
	if tag := first.CommandTag(); tag != "SELECT 10000" {
		t.Errorf("tag = %q", tag)
	}
}

func TestStreamingCancelDuringFetch(t *testing.T) {
	s := openTestFile(t)
	rows := execute(t, s, "select count(*) over (order by hash(i)) from range(300000000) t(i)")
	time.AfterFunc(300*time.Millisecond, s.Cancel)
	for rows.Next() {
	}
	var provErr *providers.Error
	if !errors.As(rows.Err(), &provErr) || provErr.Code != "57014" {
		t.Fatalf("err = %v, want 57014", rows.Err())
	}
	after := execute(t, s, "select 1")
	if !after.Next() {
		t.Errorf("session unusable after cancel: %v", after.Err())
	}
}
