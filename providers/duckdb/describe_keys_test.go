package duckdb

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"pgway/providers"
)

func TestDescribePrimaryKeys(t *testing.T) {
	s, err := openFile(context.Background(), fileConnection(filepath.Join(t.TempDir(), "k.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, sql := range []string{
		`create table sites (region varchar, id integer, name varchar, primary key (id, region))`,
		`create table plain (id integer)`,
		`create view site_names as select id, name from sites`,
	} {
		if err := run(s, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	snap, err := s.(providers.Introspector).Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"sites": {"id", "region"}, "plain": nil, "site_names": nil}
	for name, key := range want {
		table := findTable(snap, "public", name)
		if table == nil {
			t.Fatalf("public.%s missing from %+v", name, snap)
		}
		if !slices.Equal(table.PrimaryKey, key) {
			t.Errorf("primary key of %s = %v, want %v", name, table.PrimaryKey, key)
		}
	}
}
