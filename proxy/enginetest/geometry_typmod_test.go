package enginetest

import (
	"context"
	"path/filepath"
	"testing"
)

// These cases compare geometry columns with a type modifier,
// geometry(Point), with PostGIS: the DuckDB dialect keeps the type in a
// CHECK constraint, which raises PostGIS's error for a geometry of
// another type on every statement that stores one.

// geometryTypmodDatabase is the oracle's database for these cases.
const geometryTypmodDatabase = "geometry_typmods"

// geometryTypmodFixture is run through pgway on a DuckDB file and on the
// oracle.
var geometryTypmodFixture = []string{
	"create table tm_points (id int, geom geometry(Point))",
	"create table tm_areas (id int, geom geometry(MultiPolygon, 0))",
	"create table tm_any (id int, geom geometry(Geometry), shape geometry(linestring, -1))",
}

// geometryTypmodSteps run in order in one session of each server, which
// must give the same rows or the same error at every step.
var geometryTypmodSteps = []string{
	"insert into tm_points values (1, 'POINT(1 2)'), (2, 'POINT EMPTY'), (3, null)",
	"insert into tm_points values (4, 'LINESTRING(1 2, 3 4)')",
	"insert into tm_points select 5, st_geomfromtext('POLYGON((0 0, 1 0, 1 1, 0 0))')",
	"insert into tm_points values (6, st_makeenvelope(0, 0, 1, 1))",
	"update tm_points set geom = st_geomfromtext('MULTIPOINT(1 2)') where id = 1",
	"update tm_points set geom = 'POINT(5 6)' where id = 1",
	"insert into tm_areas values (1, 'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))')",
	"insert into tm_areas values (2, 'POLYGON((0 0, 1 0, 1 1, 0 0))')",
	"insert into tm_areas values (3, 'GEOMETRYCOLLECTION(MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))))')",
	"insert into tm_points select id + 10, geom from tm_areas",
	"insert into tm_points select id + 10, geom from tm_areas where false",
	"insert into tm_any values (1, 'LINESTRING(0 0, 1 1)', 'LINESTRING(0 0, 1 1)'), (2, 'POINT(0 0)', null)",
	"insert into tm_any values (3, 'POINT(0 0)', 'POINT(0 0)')",
	"select id, st_astext(geom), st_srid(geom) from tm_points order by id",
	"select id, st_astext(geom) from tm_areas order by id",
	"select id, st_astext(geom), st_astext(shape) from tm_any order by id",
	// PostGIS's errors for modifiers it does not know.
	"create table tm_unknown (geom geometry(Foo))",
	"create table tm_number (geom geometry(4326))",
}

// geometryTypmodUnsupported are statements that PostGIS runs and pgway
// fails with 0A000: columns whose SRID or coordinates DuckDB cannot keep,
// and MULTIPOINT EMPTY, which PostGIS stores in a Point column as POINT
// EMPTY.
var geometryTypmodUnsupported = []string{
	"create table tm_srid (id int, geom geometry(Point, 4326))",
	"create table tm_srid_any (id int, geom geometry(Geometry, 3857))",
	"create table tm_z (id int, geom geometry(PointZ))",
	"create table tm_curve (id int, geom geometry(CircularString))",
	"insert into tm_points values (20, 'MULTIPOINT EMPTY')",
}

func TestGeometryTypmodsMatchPostGIS(t *testing.T) {
	ctx := context.Background()
	gwConn, pgConn := loadSpatialPair(t, "typmods", filepath.Join(t.TempDir(), "typmods.duckdb"), geometryTypmodDatabase, geometryTypmodFixture)
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("steps", func(t *testing.T) {
		for _, sql := range geometryTypmodSteps {
			got, want := rowsText(biResult(ctx, gw, sql, nil, false)), rowsText(biResult(ctx, pg, sql, nil, false))
			if got != want {
				t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		checkUnsupportedGaps(t, gwConn, pg, geometryTypmodUnsupported, "geometry", "MULTIPOINT")
	})
}
