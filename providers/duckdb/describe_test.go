package duckdb

import (
	"context"
	"path/filepath"
	"testing"

	"pgway/providers"
)

func findTable(snap *providers.Snapshot, schema, table string) *providers.Table {
	for i := range snap.Schemas {
		if snap.Schemas[i].Name != schema {
			continue
		}
		for j := range snap.Schemas[i].Tables {
			if snap.Schemas[i].Tables[j].Name == table {
				return &snap.Schemas[i].Tables[j]
			}
		}
	}
	return nil
}

func TestDescribeFile(t *testing.T) {
	s, err := openFile(context.Background(), fileConnection(filepath.Join(t.TempDir(), "d.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, sql := range []string{
		`create table items (id bigint not null, price decimal(10,2), tags varchar[], attrs struct(a int),
			seen timestamptz, shape geometry('OGC:CRS84'), flat geometry)`,
		`comment on table items is 'things for sale'`,
		`comment on column items.price is 'in euros'`,
		`create schema sales`,
		`create view sales.cheap as select id, price from items where price < 10`,
	} {
		if err := run(s, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	snap, err := s.(providers.Introspector).Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	items := findTable(snap, "public", "items")
	if items == nil {
		t.Fatalf("public.items missing from %+v", snap)
	}
	if items.View || items.Comment != "things for sale" {
		t.Errorf("items: view %v comment %q, want a table with its comment", items.View, items.Comment)
	}
	want := []providers.TableColumn{
		{Name: "id", Type: "bigint", NotNull: true},
		{Name: "price", Type: "numeric(10,2)", Comment: "in euros"},
		{Name: "tags", Type: "text[]"},
		{Name: "attrs", Type: "jsonb"},
		{Name: "seen", Type: "timestamp with time zone"},
		{Name: "shape", Type: "geometry(Geometry,4326)"},
		{Name: "flat", Type: "geometry"},
	}
	if len(items.Columns) != len(want) {
		t.Fatalf("items columns = %+v, want %+v", items.Columns, want)
	}
	for i, w := range want {
		if items.Columns[i] != w {
			t.Errorf("column %d = %+v, want %+v", i, items.Columns[i], w)
		}
	}
	cheap := findTable(snap, "sales", "cheap")
	if cheap == nil || !cheap.View {
		t.Fatalf("sales.cheap = %+v, want a view", cheap)
	}
	if len(cheap.Columns) != 2 || cheap.Columns[1].Type != "numeric(10,2)" {
		t.Errorf("sales.cheap columns = %+v", cheap.Columns)
	}
}

func TestDescribeDemo(t *testing.T) {
	s, err := openDemo(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap, err := s.(providers.Introspector).Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cities := findTable(snap, "public", "cities")
	if cities == nil {
		t.Fatalf("public.cities missing from %+v", snap)
	}
	types := map[string]string{}
	for _, c := range cities.Columns {
		types[c.Name] = c.Type
	}
	for name, typ := range map[string]string{"name": "text", "lat": "double precision", "geom": "geometry(Geometry,4326)"} {
		if types[name] != typ {
			t.Errorf("cities.%s has type %q, want %q", name, types[name], typ)
		}
	}
}
