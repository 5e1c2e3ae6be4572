package geometry

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/internal/pgtest"
)

var postgis *pgx.Conn

// TestMain connects to a PostgreSQL with PostGIS, whose results are the
// expected ones. Without PostGIS the comparisons are skipped.
func TestMain(m *testing.M) {
	code := m.Run()
	if postgis != nil {
		postgis.Close(context.Background())
	}
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

func connectPostGIS(t *testing.T) *pgx.Conn {
	t.Helper()
	if postgis != nil {
		return postgis
	}
	server, err := pgtest.Shared()
	if err != nil {
		t.Skipf("no PostgreSQL server: %v", err)
	}
	if err := server.Exec("postgres", "create extension if not exists postgis"); err != nil {
		t.Skipf("PostGIS is not installed (apt-get install postgresql-15-postgis-3): %v", err)
	}
	conn, err := pgx.Connect(context.Background(), server.AdminDSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	postgis = conn
	return conn
}

var wktCases = []string{
	"POINT(1 2)",
	"POINT (-3.70379 40.41678)",
	"POINT(178.12438124381248 -17.505557252327606)",
	"POINT(0.1 0.30000000000000004)",
	"POINT(1e-7 123456789.123456789)",
	"POINT(0.0000000000000001 -0)",
	"POINT(12345678901234.5 1e20)",
	"POINT(1e-8 1.5e-8)",
	"POINT(9.99e-9 -1e-10)",
	"POINT(1e15 999999999999999.9)",
	"POINT(1.2345678901234567e16 1e-300)",
	"LINESTRING(0 0,1 1,2 0.5)",
	"POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 3,3 3,2 2))",
	"MULTIPOINT((1 2),(3 4))",
	"MULTILINESTRING((0 0,1 1),(2 2,3 3))",
	"MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))",
	"GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))",
	"LINESTRING EMPTY",
	"POLYGON EMPTY",
}

func TestTextMatchesPostGIS(t *testing.T) {
	conn := connectPostGIS(t)
	for _, input := range wktCases {
		g, _, err := FromText(input)
		if err != nil {
			t.Errorf("FromText(%q): %v", input, err)
			continue
		}
		var want string
		if err := conn.QueryRow(context.Background(), "select st_astext(st_geomfromtext($1))", input).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got := Text(g); got != want {
			t.Errorf("Text(%q) = %q, want %q", input, got, want)
		}
	}
}

func TestWKBMatchesPostGIS(t *testing.T) {
	conn := connectPostGIS(t)
	for _, input := range wktCases {
		g, _, err := FromText(input)
		if err != nil {
			t.Fatal(err)
		}
		wkb, err := ToWKB(g)
		if err != nil {
			t.Fatal(err)
		}
		var want, wantEWKB []byte
		err = conn.QueryRow(context.Background(),
			"select st_asbinary(g), st_asewkb(st_setsrid(g, 4326)) from st_geomfromtext($1) g", input).Scan(&want, &wantEWKB)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(wkb) != hex.EncodeToString(want) {
			t.Errorf("ToWKB(%q) = %x, want %x", input, wkb, want)
		}
		ewkb, err := ToEWKB(wkb, 4326)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(ewkb) != hex.EncodeToString(wantEWKB) {
			t.Errorf("ToEWKB(%q) = %x, want %x", input, ewkb, wantEWKB)
		}
		back, srid, err := FromWKB(ewkb)
		if err != nil || srid != 4326 || Text(back) != Text(g) {
			t.Errorf("FromWKB(ToEWKB(%q)) = %v, SRID %d, %v", input, back, srid, err)
		}
	}
}

func TestEnvelopeMatchesPostGIS(t *testing.T) {
	conn := connectPostGIS(t)
	var want string
	err := conn.QueryRow(context.Background(), "select st_astext(st_makeenvelope(-10, 35.5, 5, 44, 4326))").Scan(&want)
	if err != nil {
		t.Fatal(err)
	}
	if got := Text(Envelope(-10, 35.5, 5, 44)); got != want {
		t.Errorf("Envelope = %q, want %q", got, want)
	}
}

var intersectCases = [][2]string{
	{"POINT(1 1)", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"POINT(2 1)", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"POINT(3 1)", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"POINT(5 5)", "POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"},
	{"POINT(4 5)", "POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"},
	{"POLYGON((0 0,2 0,2 2,0 2,0 0))", "POLYGON((1 1,3 1,3 3,1 3,1 1))"},
	{"POLYGON((0 0,2 0,2 2,0 2,0 0))", "POLYGON((2 0,4 0,4 2,2 2,2 0))"},
	{"POLYGON((0 0,2 0,2 2,0 2,0 0))", "POLYGON((3 0,4 0,4 2,3 2,3 0))"},
	{"POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((4 4,6 4,6 6,4 6,4 4))"},
	{"POLYGON((0 0,10 0,10 10,0 10,0 0),(3 3,7 3,7 7,3 7,3 3))", "POLYGON((4 4,6 4,6 6,4 6,4 4))"},
	{"LINESTRING(0 0,2 2)", "LINESTRING(0 2,2 0)"},
	{"LINESTRING(0 0,1 1)", "LINESTRING(2 2,3 3)"},
	{"LINESTRING(-1 1,3 1)", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"LINESTRING(0.5 0.5,1 1)", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"POINT(1 1)", "LINESTRING(0 0,2 2)"},
	{"POINT(1 1)", "POINT(1 1)"},
	{"MULTIPOINT((9 9),(1 1))", "MULTIPOLYGON(((0 0,2 0,2 2,0 0)),((5 5,6 5,6 6,5 5)))"},
	{"POINT(0.5 1.5)", "MULTIPOLYGON(((0 0,2 0,2 2,0 0)),((5 5,6 5,6 6,5 5)))"},
	// Points on or next to an edge, a hole and a second polygon, which
	// intersectsPoints locates as PostGIS's point-in-polygon test does.
	{"POINT(0.1 0.30000000000000004)", "POLYGON((0 0,1 3,1 0,0 0))"},
	{"POINT(0.1 0.3)", "POLYGON((0 0,1 3,1 0,0 0))"},
	{"POINT(0.30000000000000004 0.1)", "POLYGON((0 0,3 1,3 0,0 0))"},
	{"POINT(4 4)", "POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"},
	{"POINT(5.5 5.5)", "MULTIPOLYGON(((0 0,2 0,2 2,0 0)),((5 5,6 5,6 6,5 5)))"},
	{"POINT(6 5.5)", "MULTIPOLYGON(((0 0,2 0,2 2,0 0)),((5 5,6 5,6 6,5 5)))"},
	{"MULTIPOINT((9 9),(2 1))", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"MULTIPOINT((9 9),(3 1))", "POLYGON((0 0,2 0,2 2,0 2,0 0))"},
	{"POINT(1 1)", "POLYGON((0 0,2 0,2 0,2 2,0 2,0 0))"},
}

func TestIntersectsMatchesPostGIS(t *testing.T) {
	conn := connectPostGIS(t)
	for _, c := range intersectCases {
		a, _, err := FromText(c[0])
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := FromText(c[1])
		if err != nil {
			t.Fatal(err)
		}
		var want bool
		err = conn.QueryRow(context.Background(), "select st_intersects(st_geomfromtext($1), st_geomfromtext($2))", c[0], c[1]).Scan(&want)
		if err != nil {
			t.Fatal(err)
		}
		if got := Intersects(a, b); got != want {
			t.Errorf("Intersects(%s, %s) = %v, want %v", c[0], c[1], got, want)
		}
		if got := Intersects(b, a); got != want {
			t.Errorf("Intersects(%s, %s) = %v, want %v", c[1], c[0], got, want)
		}
	}
}
