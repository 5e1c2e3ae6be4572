package enginetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare ST_DWithin with a NaN or infinite distance, the
// SRIDs of geometries stored in columns, and geometries with Z or M
// coordinates, with PostGIS. pgway holds 2D
// geometries only, so every Z or M geometry must fail with 0A000 rather
// than lose or misread its extra coordinates.

// geometryMoreGapsDatabase is the oracle's database for these cases.
const geometryMoreGapsDatabase = "geometry_more_gaps"

// geometryMoreGapsFixture is run through pgway on a DuckDB file and on the
// oracle.
var geometryMoreGapsFixture = []string{
	"create table gm_points (id int, geom geometry)",
	"insert into gm_points values (1, 'POINT(0 0)'), (2, 'POINT(1 1)'), (3, 'POINT EMPTY')",
	"create table gm_srid (id int, geom geometry)",
	"create table gm_srid_other (id int, geom geometry)",
	"insert into gm_srid_other values (0, 'POINT(0 0)')",
}

// geometryColumnSRIDs store geometries in columns and read their SRIDs,
// in this order. A DuckDB column keeps one SRID for all its values: the
// database's default SRID, 0 for a file, or that of its type's CRS.
var geometryColumnSRIDs = []string{
	"insert into gm_srid values (1, st_geomfromtext('POINT(1 2)')), (2, 'POINT(3 4)'), (3, null)",
	"insert into gm_srid select id + 10, geom from gm_srid",
	"update gm_srid set geom = st_geomfromtext('POINT(5 6)', 0) where id = 1",
	"select id, st_srid(geom), st_astext(geom), geom from gm_srid order by id",
	"create table gm_crs as select 1 as id, st_geomfromtext('POINT(1 2)', 4326) as geom",
	"insert into gm_crs values (2, st_geomfromtext('POINT(5 6)', 4326)), (3, 'SRID=4326;POINT(7 8)')",
	"select id, st_srid(geom), geom from gm_crs order by id",
}

// geometryColumnSRIDsUnsupported store a geometry in a column that keeps
// another SRID, which PostGIS does and DuckDB cannot.
var geometryColumnSRIDsUnsupported = []string{
	"insert into gm_srid_other values (1, st_geomfromtext('POINT(1 2)', 4326))",
	"insert into gm_srid_other values (2, 'SRID=3857;POINT(1 2)')",
	"insert into gm_srid_other select 3, st_setsrid(geom, 4326) from gm_srid_other where id = 0",
	"update gm_srid_other set geom = st_setsrid(geom, 4326)",
	"insert into gm_crs values (4, 'POINT(5 6)')",
	"insert into gm_crs values (5, st_geomfromtext('POINT(5 6)', 3857))",
}

// geometryMoreGapsMatches give PostGIS's result through pgway.
var geometryMoreGapsMatches = []string{
	// PostGIS compares tolerance >= distance, which is false for NaN.
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(1 1)'::geometry, 'NaN'::float8)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(0 0)'::geometry, 'NaN'::float8)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT EMPTY'::geometry, 'NaN'::float8)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(1e300 1e300)'::geometry, 'Infinity'::float8)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(1 1)'::geometry, '-Infinity'::float8)",
	"select a.id, b.id from gm_points a join gm_points b on st_dwithin(a.geom, b.geom, 'NaN'::float8) order by 1, 2",
	"select a.id, b.id from gm_points a join gm_points b on st_dwithin(a.geom, b.geom, 'Infinity'::float8) order by 1, 2",
}

// geometryZMInput is Z and M geometries as hexadecimal WKB and EWKB,
// which PostGIS reads with all their coordinates. They are ISO POINT M
// (2001), EWKB POINT Z and POINT M (top bits), ISO LINESTRING M (2002),
// empty LINESTRING M in ISO and EWKB form, and ISO POINT Z (1001).
var geometryZMInput = []string{
	"01D1070000000000000000F03F00000000000000400000000000000840",
	"0101000080000000000000F03F00000000000000400000000000000840",
	"0101000040000000000000F03F00000000000000400000000000000840",
	"01D2070000020000000000000000000000000000000000F03F000000000000084000000000000000400000000000000040000000000000F03F",
	"01D207000000000000",
	"0102000040000000000000",
	"01E9030000000000000000F03F00000000000000400000000000000840",
}

// geometryZMStored are Z and M geometries that DuckDB itself stores in a
// table of the file, which pgway reads as WKB.
var geometryZMStored = []string{
	"POINT M (1 2 3)", "POINT Z (1 2 3)", "LINESTRING M (1 2 3, 4 5 6)",
	"MULTIPOINT M ((1 2 3))", "LINESTRING M EMPTY",
}

func TestGeometryMoreGapsMatchPostGIS(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "more_gaps.duckdb")
	writeStoredZM(t, path)
	gwConn, pgConn := loadSpatialPair(t, "more_gaps", path, geometryMoreGapsDatabase, geometryMoreGapsFixture)
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("matches", func(t *testing.T) {
		for _, sql := range geometryMoreGapsMatches {
			for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
				t.Error(diff)
			}
		}
	})
	t.Run("column srids", func(t *testing.T) {
		// The rows are compared without their column descriptions, since
		// pgway has no catalog database here to give geometry PostGIS's
		// type OID.
		for _, sql := range geometryColumnSRIDs {
			for _, extended := range []bool{false, true} {
				got := rowsText(biResult(ctx, gw, sql, nil, extended))
				want := rowsText(biResult(ctx, pg, sql, nil, extended))
				if got != want {
					t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
				}
			}
		}
		// A parameter of the database's default SRID, 0 for a file.
		param := biCase{sql: "insert into gm_srid values (30, $1)", args: []string{"0101000000000000000000F03F0000000000000040"}}
		for _, diff := range biDifferences(t, gw, pg, param) {
			t.Error(diff)
		}
		param = biCase{sql: "select id, st_srid(geom), st_astext(geom) from gm_srid where id = 30"}
		for _, diff := range biDifferences(t, gw, pg, param) {
			t.Error(diff)
		}
		for _, args := range [][]string{{"SRID=4326;POINT(1 2)"}, {"0101000020E6100000000000000000F03F0000000000000040"}} {
			sql := "insert into gm_srid_other values (31, $1)"
			if _, err := pg.ExecParams(ctx, sql, [][]byte{[]byte(args[0])}, nil, nil, nil).Close(); err != nil {
				t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
			}
			_, err := gw.ExecParams(ctx, sql, [][]byte{[]byte(args[0])}, nil, nil, nil).Close()
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
				t.Errorf("%s with %s: error %v, want SQLSTATE 0A000", sql, args[0], err)
			}
		}
		checkUnsupportedGaps(t, gwConn, pg, geometryColumnSRIDsUnsupported, "SRID")
	})
	t.Run("zm input", func(t *testing.T) {
		var queries []string
		for _, hex := range geometryZMInput {
			queries = append(queries,
				"select st_astext('"+hex+"'::geometry)",
				"select '"+hex+"'::geometry",
				"select st_astext(st_geomfromwkb(decode('"+hex+"', 'hex')))",
				"select st_asbinary(st_geomfromwkb(decode('"+hex+"', 'hex')))")
		}
		for _, sql := range queries {
			if _, err := pg.Exec(ctx, sql).ReadAll(); err != nil {
				t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
			}
			checkZMUnsupported(t, queryError(ctx, gwConn, sql), sql)
		}
	})
	t.Run("zm stored", func(t *testing.T) {
		for _, sql := range []string{
			"select st_astext(geom) from gm_stored",
			"select geom from gm_stored",
			"select st_asbinary(geom) from gm_stored",
			"select st_x(geom) from gm_stored",
		} {
			for id := range geometryZMStored {
				query := fmt.Sprintf("%s where id = %d", sql, id)
				checkZMUnsupported(t, queryError(ctx, gwConn, query), query)
			}
		}
	})
}

// checkZMUnsupported fails the test unless err is 0A000 naming Z or M
// coordinates.
func checkZMUnsupported(t *testing.T, pgErr *pgconn.PgError, sql string) {
	t.Helper()
	if pgErr == nil || pgErr.Code != "0A000" {
		t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, pgErr)
		return
	}
	if !strings.Contains(pgErr.Message, "Z or M") {
		t.Errorf("%s: message %q does not name Z or M coordinates", sql, pgErr.Message)
	}
}

// writeStoredZM creates the DuckDB file path with the table gm_stored,
// whose rows are geometryZMStored as DuckDB reads them.
func writeStoredZM(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("create table gm_stored (id int, geom geometry)"); err != nil {
		t.Fatal(err)
	}
	for id, text := range geometryZMStored {
		if _, err := db.Exec("insert into gm_stored values (?, ?::geometry)", id, text); err != nil {
			t.Fatal(err)
		}
	}
}
