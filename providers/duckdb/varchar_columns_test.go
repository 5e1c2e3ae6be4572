package duckdb

import (
	"context"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"testing"

	"pgway/providers"
	"pgway/translate"
)

// TestDescribeVarcharColumns checks that the varchar(n) columns of a
// table that the DuckDB dialect created are described with n, and that
// a plain VARCHAR column stays text.
func TestDescribeVarcharColumns(t *testing.T) {
	s, err := openFile(context.Background(), fileConnection(filepath.Join(t.TempDir(), "v.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const create = `create table vt (id int, "Code X" varchar(3), name varchar(12), note varchar, body text)`
	stmts, err := translate.New(8).Translate(translate.DuckDB(translate.DuckDBCapabilities{}), create, &translate.Session{})
	if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
		t.Fatalf("translate %s: %v %v", create, err, stmts)
	}
	if err := run(s, stmts[0].Rewritten); err != nil {
		t.Fatalf("%s: %v", stmts[0].Rewritten, err)
	}

	snap, err := s.(providers.Introspector).Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	table := findTable(snap, "public", "vt")
	if table == nil {
		t.Fatalf("public.vt missing from %+v", snap)
	}

	want := []string{"integer", "character varying(3)", "character varying(12)", "text", "text"}
	if len(table.Columns) != len(want) {
		t.Fatalf("vt has columns %+v, want types %v", table.Columns, want)
	}
	for i, column := range table.Columns {
		if column.Type != want[i] {
			t.Errorf("column %s has type %q, want %q", column.Name, column.Type, want[i])
		}
	}
}

func TestVarcharAssign(t *testing.T) {
	cases := []struct {
		value string
		limit int32
		want  string
	}{
		{"abc", 3, "abc"},
		{"ab", 3, "ab"},
		{"abc   ", 3, "abc"},
		{"éçà  ", 3, "éçà"},
		{"a  ", 1, "a"},
		{"", 1, ""},
	}
	for _, c := range cases {
		got, err := varcharAssign([]driver.Value{c.value, c.limit})
		if err != nil || got != c.want {
			t.Errorf("assign %q to varchar(%d) = %q, %v, want %q", c.value, c.limit, got, err, c.want)
		}
	}
	for _, value := range []string{"abcd", "ab c", "abc\t", "éçàè"} {
		_, err := varcharAssign([]driver.Value{value, int32(3)})
		var pgErr *providers.Error
		if !errors.As(err, &pgErr) || pgErr.Code != "22001" ||
			pgErr.Message != "value too long for type character varying(3)" {
			t.Errorf("assign %q to varchar(3): %v, want 22001 value too long for type character varying(3)", value, err)
		}
	}
}
