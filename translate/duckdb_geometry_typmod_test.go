package translate

import (
	"strings"
	"testing"
)

func TestGeometryTypmodChecks(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	cases := []struct {
		sql, rewritten string
	}{
		{"create table g (id int, geom geometry(Point))",
			"CREATE TABLE g (id int, geom geometry CHECK (pgway_geometry_typmod(geom, 'Point')))"},
		{"create table g (\"Geo m\" geometry(multipolygon, 0), shape geometry(Geometry), plain geometry)",
			`CREATE TABLE g ("Geo m" geometry CHECK (pgway_geometry_typmod("Geo m", 'MultiPolygon')), shape geometry, plain geometry)`},
		{"create table g (geom geometry('LineString', -1))",
			"CREATE TABLE g (geom geometry CHECK (pgway_geometry_typmod(geom, 'LineString')))"},
	}
	for _, c := range cases {
		st, err := New(1).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if st[0].Err != nil {
			t.Errorf("%s: %v", c.sql, st[0].Err)
			continue
		}
		if st[0].Rewritten != c.rewritten {
			t.Errorf("%s:\n got  %s\n want %s", c.sql, st[0].Rewritten, c.rewritten)
		}
	}
}

func TestGeometryTypmodErrors(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	cases := []struct {
		sql, code, message string
	}{
		{"create table g (geom geometry(Point, 4326))", "0A000", "SRID 4326"},
		{"create table g (geom geometry(PointZ))", "0A000", "geometry(PointZ)"},
		{"create table g (geom geometry(CircularString))", "0A000", "geometry(CircularString)"},
		{"create table g (geom geometry(Point, 0, 2))", "0A000", "3 type modifiers"},
		{"create table g (geom geometry(Foo))", "22023", "Invalid geometry type modifier: foo"},
		{"create table g (geom geometry(4326))", "22023", "Invalid geometry type modifier: 4326"},
		{"select * from generate_series(1, 2) as t(a geometry(Point))", "0A000", "geometry type modifier"},
	}
	for _, c := range cases {
		st, err := New(1).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		e, ok := st[0].Err.(*Error)
		if !ok {
			t.Errorf("%s: error %v, want SQLSTATE %s", c.sql, st[0].Err, c.code)
			continue
		}
		if e.Code != c.code {
			t.Errorf("%s: SQLSTATE %s, want %s", c.sql, e.Code, c.code)
		}
		if !strings.Contains(e.Message, c.message) {
			t.Errorf("%s: message %q does not contain %q", c.sql, e.Message, c.message)
		}
	}
}
