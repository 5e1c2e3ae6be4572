package enginetest

import (
	"path/filepath"
	"testing"
)

// These cases compare joins on && and ST_Intersects, which the DuckDB
// dialect writes as comparisons of bounding boxes (boxSpatialJoins), with
// PostGIS.

// spatialJoinDatabase is the oracle's database for these cases.
const spatialJoinDatabase = "spatial_joins"

// spatialJoinFixture is run through pgway on a DuckDB file and on the
// oracle. Point 3 lies 1e-8 right of area 1, and point 12 0.005 right of
// area 6: PostGIS's && is true for both, since it compares boxes rounded
// outward to single-precision floats, and ST_Intersects is false. Point 4
// lies past the next float. Point 7 lies in the hole of area 2, point 8 on
// the hole's edge. NULL and empty geometries match nothing.
var spatialJoinFixture = []string{
	"create table sj_points (id int, geom geometry)",
	"create table sj_areas (id int, geom geometry)",
	`insert into sj_points values
		(1, st_geomfromtext('POINT(0.5 0.5)')), (2, st_geomfromtext('POINT(1 0)')),
		(3, st_geomfromtext('POINT(1.00000001 0)')), (4, st_geomfromtext('POINT(1.0000002 0.5)')),
		(5, null), (6, st_geomfromtext('POINT EMPTY')), (7, st_geomfromtext('POINT(4.5 4.5)')),
		(8, st_geomfromtext('POINT(5 5)')), (9, st_geomfromtext('POINT(3 3)')),
		(10, st_geomfromtext('MULTIPOINT((9 9), (0.25 0.75))')), (11, st_geomfromtext('LINESTRING(-1 -1, 0 0)')),
		(12, st_geomfromtext('POINT(100000.01 0)'))`,
	`insert into sj_areas values
		(1, st_geomfromtext('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))')),
		(2, st_geomfromtext('POLYGON((2 2, 6 2, 6 6, 2 6, 2 2), (4 4, 5 4, 5 5, 4 5, 4 4))')),
		(3, null), (4, st_geomfromtext('POLYGON EMPTY')),
		(5, st_geomfromtext('MULTIPOLYGON(((8 8, 10 8, 10 10, 8 10, 8 8)), ((-2 -2, -1 -2, -1 -1, -2 -1, -2 -2)))')),
		(6, st_geomfromtext('POLYGON((100000 -1, 100000.005 -1, 100000.005 1, 100000 1, 100000 -1))')),
		(7, st_geomfromtext('GEOMETRYCOLLECTION EMPTY'))`,
}

// spatialJoinMatches are joins that the dialect rewrites, which give
// PostGIS's rows.
var spatialJoinMatches = []string{
	"select p.id, a.id from sj_points p join sj_areas a on p.geom && a.geom order by 1, 2",
	"select p.id, a.id from sj_points p join sj_areas a on st_intersects(a.geom, p.geom) order by 1, 2",
	"select p.id, a.id from sj_points p, sj_areas a where a.geom && p.geom and st_intersects(p.geom, a.geom) and p.id < 10 order by 1, 2",
	"select p.id from sj_points p where exists (select 1 from sj_areas a where a.geom && p.geom and st_intersects(a.geom, p.geom)) order by 1",
	"select p.id from sj_points p where not exists (select * from sj_areas a where p.geom && a.geom) order by 1",
	"select a.id, count(p.id) from sj_areas a left join sj_points p on a.geom && p.geom and st_intersects(p.geom, a.geom) group by a.id order by 1",
	"select p.id, a.id from sj_areas a right join sj_points p on st_intersects(p.geom, a.geom) order by 1, 2",
	// The same predicates inside OR stay as they are.
	"select p.id, a.id from sj_points p join sj_areas a on st_intersects(p.geom, a.geom) or p.id = a.id order by 1, 2",
	// && outside a join condition is the provider's, which compares the
	// same boxes as PostGIS.
	"select p.id, a.id from sj_points p join sj_areas a on p.geom && a.geom or p.id = a.id order by 1, 2",
	"select p.id, a.id, p.geom && a.geom, st_intersects(p.geom, a.geom) from sj_points p cross join sj_areas a order by 1, 2",
	"select id from sj_points where geom && st_makeenvelope(-1, -1, 1, 0.5) order by 1",
	"select id, geom && 'POINT(1 0)'::geometry, 'POINT(100000.006 0)'::geometry && geom from sj_areas order by 1",
	"select 'POINT(1 0)'::geometry && 'POINT(1.00000001 0)'::geometry, 'POINT(1 0)'::geometry && 'POINT(1.0000002 0)'::geometry",
	"select 'POINT EMPTY'::geometry && 'POINT(1 0)'::geometry, null::geometry && 'POINT(1 0)'::geometry, 'POINT(1 0)'::geometry && 'SRID=3857;POINT(1 0)'::geometry",
	// ST_Contains and ST_Within of a polygon and a point, which the
	// provider computes for points only (ids 1 to 9 and 12).
	"select p.id, a.id from sj_points p join sj_areas a on st_contains(a.geom, p.geom) where p.id not in (10, 11) order by 1, 2",
	"select p.id, a.id from sj_points p, sj_areas a where st_within(p.geom, a.geom) and p.id not in (10, 11) order by 1, 2",
	"select p.id, count(a.id) from sj_points p left join sj_areas a on st_within(p.geom, a.geom) where p.id not in (10, 11) group by p.id order by 1",
	"select p.id, a.id, st_contains(a.geom, p.geom), st_within(p.geom, a.geom) from sj_points p cross join sj_areas a where p.id not in (10, 11) order by 1, 2",
}

// spatialJoinPlans are joins whose DuckDB plan must be a range join on the
// boxes, not a nested loop over every pair of rows.
var spatialJoinPlans = []string{
	"select count(*) from sj_points p join sj_areas a on p.geom && a.geom",
	"select count(*) from sj_points p join sj_areas a on st_intersects(a.geom, p.geom)",
	"select count(*) from sj_points p where exists (select 1 from sj_areas a where a.geom && p.geom and st_intersects(a.geom, p.geom))",
	"select count(*) from sj_points p join sj_areas a on st_contains(a.geom, p.geom)",
	"select count(*) from sj_points p join sj_areas a on st_within(p.geom, a.geom)",
}

func TestSpatialJoinsMatchPostGIS(t *testing.T) {
	gwConn, pgConn := loadSpatialPair(t, "spatial", filepath.Join(t.TempDir(), "spatial.duckdb"), spatialJoinDatabase, spatialJoinFixture)
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("matches", func(t *testing.T) {
		for _, sql := range spatialJoinMatches {
			for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
				t.Error(diff)
			}
		}
	})
	t.Run("plans", func(t *testing.T) {
		checkRangeJoinPlans(t, gwConn, spatialJoinPlans)
	})
}
