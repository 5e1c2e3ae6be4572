package duckdb

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"pgway/providers"
	"pgway/translate"
)

// TestDescribeConstraintsAndDefaults checks the UNIQUE constraints,
// constant defaults, geometry types and row estimates that Describe
// reads from a table that the DuckDB dialect created.
func TestDescribeConstraintsAndDefaults(t *testing.T) {
	s, err := openFile(context.Background(), fileConnection(filepath.Join(t.TempDir(), "c.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	statements := []string{
		`create table ct (a int primary key, b text unique, c numeric(5,2) default 0, d varchar(4) default 'it''s',
			e timestamptz default now(), f int default -1, g boolean default true, k int, l int, unique (l, k))`,
		`create table gt (id int, geom geometry(Point), area geometry(MultiPolygon, 0), shape geometry)`,
		`insert into ct (a) values (1), (2)`,
	}
	dialect := translate.DuckDB(translate.DuckDBCapabilities{Spatial: true})
	for _, sql := range statements {
		stmts, err := translate.New(8).Translate(dialect, sql, &translate.Session{})
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Fatalf("translate %s: %v %v", sql, err, stmts)
		}
		if err := run(s, stmts[0].Rewritten); err != nil {
			t.Fatalf("%s: %v", stmts[0].Rewritten, err)
		}
	}

	snap, err := s.(providers.Introspector).Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ct := findTable(snap, "public", "ct")
	if ct == nil {
		t.Fatalf("public.ct missing from %+v", snap)
	}
	wantUnique := [][]string{{"b"}, {"l", "k"}}
	if !slices.EqualFunc(ct.UniqueKeys, wantUnique, slices.Equal[[]string]) {
		t.Errorf("ct has unique keys %v, want %v", ct.UniqueKeys, wantUnique)
	}
	// now() becomes a DuckDB expression whose PostgreSQL form is not
	// known, so e has no default.
	wantDefaults := map[string]string{"a": "", "b": "", "c": "0", "d": "'it''s'", "e": "", "f": "-1", "g": "true", "k": "", "l": ""}
	for _, column := range ct.Columns {
		if want := wantDefaults[column.Name]; column.Default != want {
			t.Errorf("ct.%s has default %q, want %q", column.Name, column.Default, want)
		}
	}
	if !ct.RowsEstimated || ct.EstimatedRows != 2 {
		t.Errorf("ct has estimated rows %v (estimated: %v), want 2", ct.EstimatedRows, ct.RowsEstimated)
	}

	gt := findTable(snap, "public", "gt")
	if gt == nil {
		t.Fatalf("public.gt missing from %+v", snap)
	}
	wantTypes := []string{"integer", "geometry(Point)", "geometry(MultiPolygon)", "geometry"}
	if len(gt.Columns) != len(wantTypes) {
		t.Fatalf("gt has columns %+v, want types %v", gt.Columns, wantTypes)
	}
	for i, column := range gt.Columns {
		if column.Type != wantTypes[i] {
			t.Errorf("gt.%s has type %q, want %q", column.Name, column.Type, wantTypes[i])
		}
	}
	if gt.RowsEstimated {
		t.Errorf("empty gt has estimated rows %v, want none", gt.EstimatedRows)
	}
}

func TestWithGeometryType(t *testing.T) {
	cases := []struct{ typ, geometryType, want string }{
		{"geometry", "Point", "geometry(Point)"},
		{"geometry(Geometry,4326)", "Polygon", "geometry(Polygon,4326)"},
		{"geometry", "", "geometry"},
		{"text", "Point", "text"},
	}
	for _, c := range cases {
		if got := withGeometryType(c.typ, c.geometryType); got != c.want {
			t.Errorf("withGeometryType(%q, %q) = %q, want %q", c.typ, c.geometryType, got, c.want)
		}
	}
}
