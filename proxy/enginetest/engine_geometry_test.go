package enginetest

import (
	"context"
	"encoding/hex"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/providers/geometry"
)

func TestEngineGeometryColumns(t *testing.T) {
	pg := frontend(t, startDemo(t))
	for _, format := range []int16{0, 1} {
		result := pg.ExecParams(context.Background(),
			"select geom from cities where name = 'Madrid' and country = 'ES'", nil, nil, nil, []int16{format}).Read()
		if result.Err != nil {
			t.Fatal(result.Err)
		}
		if oid := result.FieldDescriptions[0].DataTypeOID; oid != geometry.OID {
			t.Errorf("format %d: type OID = %d, want %d", format, oid, geometry.OID)
		}
		value := result.Rows[0][0]
		if format == 0 {
			if value, _ = hex.DecodeString(string(value)); strings.ToUpper(string(result.Rows[0][0])) != string(result.Rows[0][0]) {
				t.Errorf("text EWKB %q is not upper-case hex", result.Rows[0][0])
			}
		}
		// Little-endian point with the SRID flag, SRID 4326, then X and Y.
		if len(value) != 25 || hex.EncodeToString(value[:9]) != "0101000020e6100000" {
			t.Errorf("format %d: EWKB = %x, want a point with SRID 4326", format, value)
		}
	}
	got := transcript(t, pg, &pgproto3.Query{String: "select oid from pg_type where typname = 'geometry'"})
	want := []string{"RowDescription oid:26:4:0", `DataRow "90000"`, "CommandComplete SELECT 1", "ReadyForQuery I"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("geometry OID query:\n got %v\nwant %v", got, want)
	}
}

func TestEngineGeometryPsql(t *testing.T) {
	psql, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Skip(err)
	}
	g := startDemo(t)
	dsn := g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	out, err := exec.Command(psql, dsn, "-X", "-A", "-t", "-c",
		"select name, st_astext(geom) from cities where country = 'ES' order by name limit 5").CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 5 {
		t.Fatalf("psql printed %d lines, want 5:\n%s", len(lines), out)
	}
	for _, line := range lines {
		if !strings.Contains(line, "|POINT(") {
			t.Errorf("line %q has no POINT", line)
		}
	}
}

// TestEngineGeometryFunctions runs the PostGIS functions pgway provides on
// the demo tables.
func TestEngineGeometryFunctions(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	ctx := context.Background()
	var n int64
	err := conn.QueryRow(ctx, `select count(*) from cities c join countries k
		on st_intersects(c.geom, k.geom) where k.name = 'Spain'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	var spanish int64
	if err := conn.QueryRow(ctx, "select count(*) from cities where country = 'ES'").Scan(&spanish); err != nil {
		t.Fatal(err)
	}
	// The 1:110m outline leaves out some coastal and island cities.
	if n < spanish*8/10 || n > spanish*11/10 {
		t.Errorf("%d cities intersect Spain's outline, want about the %d Spanish cities", n, spanish)
	}
	var x, y float64
	var srid int32
	var wkt string
	err = conn.QueryRow(ctx, `select st_x(geom), st_y(geom), st_srid(geom), st_astext(geom)
		from cities where name = 'Madrid' and country = 'ES'`).Scan(&x, &y, &srid, &wkt)
	if err != nil {
		t.Fatal(err)
	}
	if x > -3.6 || x < -3.8 || y < 40.3 || y > 40.5 || srid != 4326 {
		t.Errorf("Madrid = %v %v SRID %d", x, y, srid)
	}
	if !strings.HasPrefix(wkt, "POINT(-3.") {
		t.Errorf("st_astext = %q", wkt)
	}
	var inBox int64
	err = conn.QueryRow(ctx, `select count(*) from countries
		where st_intersects(geom, st_makeenvelope(-10, 35, 5, 44, 4326))`).Scan(&inBox)
	if err != nil {
		t.Fatal(err)
	}
	if inBox != 5 {
		t.Errorf("%d countries intersect the box around Iberia, want 5: Algeria, France, Morocco, Portugal, Spain", inBox)
	}
}
