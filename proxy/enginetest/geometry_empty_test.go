package enginetest

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare empty points with PostGIS byte for byte. WKB has no
// empty point, so PostGIS writes POINT EMPTY as a point whose coordinates
// are NaN, with the bits of C's NAN.

// geometryEmptyDatabase is the oracle's database for these cases.
const geometryEmptyDatabase = "geometry_empties"

// geometryEmptyFixture is run through pgway on a DuckDB file and on the
// oracle.
var geometryEmptyFixture = []string{
	"create table ge_shapes (id int, geom geometry)",
	`insert into ge_shapes values (1, st_geomfromtext('POINT EMPTY')), (2, 'POINT EMPTY'),
		(3, st_geomfromtext('POINT(1 2)')), (4, st_geomfromwkb(st_asbinary(st_geomfromtext('POINT EMPTY'))))`,
}

// geometryEmptyQueries return empty points as geometry, WKB, EWKB and
// text.
var geometryEmptyQueries = []string{
	"select st_geomfromtext('POINT EMPTY')",
	"select st_asbinary(st_geomfromtext('POINT EMPTY'))",
	"select st_asbinary(st_geomfromtext('POINT EMPTY'), 'XDR')",
	"select st_asewkb(st_geomfromtext('POINT EMPTY'))",
	"select st_asewkb(st_geomfromtext('POINT EMPTY', 4326))",
	"select st_asewkb(st_geomfromtext('POINT EMPTY'), 'XDR')",
	"select st_geomfromtext('POINT EMPTY')::text",
	"select st_geomfromtext('POINT EMPTY', 4326)",
	"select 'POINT EMPTY'::geometry, 'SRID=4326;POINT EMPTY'::geometry",
	"select st_astext(st_geomfromtext('POINT EMPTY')), st_x(st_geomfromtext('POINT EMPTY'))",
	"select st_geomfromwkb(st_asbinary(st_geomfromtext('POINT EMPTY')))",
	"select id, geom, st_asbinary(geom), st_asewkb(geom), st_astext(geom) from ge_shapes order by id",
	"select id, st_setsrid(geom, 0)::text from ge_shapes order by id",
}

func TestGeometryEmptyPointsMatchPostGIS(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "empties.duckdb")
	writeOldEmptyPoint(t, path)
	gwConn, pgConn := loadSpatialPair(t, "empties", path, geometryEmptyDatabase, geometryEmptyFixture)
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("text", func(t *testing.T) {
		for _, sql := range geometryEmptyQueries {
			for _, extended := range []bool{false, true} {
				got := rowsText(biResult(ctx, gw, sql, nil, extended))
				want := rowsText(biResult(ctx, pg, sql, nil, extended))
				if got != want {
					t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
				}
			}
		}
	})
	// A point that pgway stored before it wrote PostGIS's NaN, read as
	// it is and as WKB.
	t.Run("stored", func(t *testing.T) {
		gwSQL := "select geom, st_asbinary(geom), st_asewkb(geom) from ge_old"
		pgSQL := "select st_geomfromtext('POINT EMPTY'), st_asbinary('POINT EMPTY'::geometry), st_asewkb('POINT EMPTY'::geometry)"
		if got, want := binaryValues(ctx, gw, gwSQL), binaryValues(ctx, pg, pgSQL); got != want {
			t.Errorf("%s in binary format\n pgway:      %s\n PostgreSQL: %s", gwSQL, got, want)
		}
		got := rowsText(biResult(ctx, gw, gwSQL, nil, false))
		want := rowsText(biResult(ctx, pg, pgSQL, nil, false))
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", gwSQL, got, want)
		}
	})
	t.Run("binary", func(t *testing.T) {
		for _, sql := range geometryEmptyQueries {
			got, want := binaryValues(ctx, gw, sql), binaryValues(ctx, pg, sql)
			if got != want {
				t.Errorf("%s in binary format\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
			}
		}
	})
}

// binaryValues runs sql with every result column in the binary format and
// returns the bytes of each value. Unlike binaryResult it leaves out the
// type OIDs, since pgway sends geometry under an OID of its own when it
// has no catalog database.
func binaryValues(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	result := conn.ExecParams(ctx, sql, nil, nil, nil, []int16{1}).Read()
	if result.Err != nil {
		return errorCode(result.Err)
	}
	var out strings.Builder
	for _, row := range result.Rows {
		for _, value := range row {
			fmt.Fprintf(&out, "%x ", value)
		}
		out.WriteString("| ")
	}
	return out.String()
}

// writeOldEmptyPoint creates the DuckDB file path with the table ge_old,
// whose one row is POINT EMPTY with the NaN bits of Go's math.NaN(), as
// pgway wrote it before it wrote PostGIS's.
func writeOldEmptyPoint(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec("create table ge_old as select from_hex('0101000000010000000000f87f010000000000f87f')::blob::geometry as geom")
	if err != nil {
		t.Fatal(err)
	}
}
