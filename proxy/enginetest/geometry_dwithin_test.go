package enginetest

import (
	"path/filepath"
	"testing"
)

// These cases compare ST_DWithin on geometry, which the DuckDB provider
// computes for two points, with PostGIS, alone and as a join condition,
// which the dialect prefilters with the tables' boxes widened by the
// distance.

// geometryDWithinDatabase is the oracle's database for these cases.
const geometryDWithinDatabase = "geometry_dwithin"

// geometryDWithinFixture is run through pgway on a DuckDB file and on the
// oracle. The first points lie just within, exactly at or just beyond 0.1
// or 0.5 of another point after rounding. (0.06 0.08) and (0.3 0.4) lie at
// 0.1 and 0.5 from (0 0). The rounded differences 1.2 - 1.1 and
// 10.4 - 10.3 are just below 0.1. (0.1000000000000001 0) lies just beyond
// 0.1 from (0 0).
var geometryDWithinFixture = []string{
	"create table dw_a (id int, geom geometry)",
	"create table dw_b (id int, geom geometry)",
	`insert into dw_a values
		(1, st_geomfromtext('POINT(0 0)')), (2, st_geomfromtext('POINT(1.1 2.2)')),
		(3, st_geomfromtext('POINT(10.3 0)')), (4, null), (5, st_geomfromtext('POINT EMPTY')),
		(6, st_geomfromtext('POINT(-170.05 -45.5)'))`,
	`insert into dw_b values
		(1, st_geomfromtext('POINT(0.1 0)')), (2, st_geomfromtext('POINT(0 -0.1)')),
		(3, st_geomfromtext('POINT(0.06 0.08)')), (4, st_geomfromtext('POINT(0.3 0.4)')),
		(5, st_geomfromtext('POINT(0.1000000000000001 0)')), (6, st_geomfromtext('POINT(1.2 2.2)')),
		(7, st_geomfromtext('POINT(10.4 0)')), (8, null), (9, st_geomfromtext('POINT EMPTY')),
		(10, st_geomfromtext('POINT(-170.15 -45.5)')), (11, st_geomfromtext('POINT(0 0)'))`,
	// Enough rows that DuckDB does not pick a nested loop for the
	// EXISTS join by its estimate of the rows on each side.
	"insert into dw_a select i, st_geomfromtext('POINT(' || i || ' 50)') from generate_series(20, 60) i",
	"insert into dw_b select i, st_geomfromtext('POINT(' || (i + 0.05) || ' 50.05)') from generate_series(20, 60) i",
}

// geometryDWithinMatches give PostGIS's rows.
var geometryDWithinMatches = []string{
	"select a.id, b.id from dw_a a join dw_b b on st_dwithin(a.geom, b.geom, 0.1) order by 1, 2",
	"select a.id, b.id from dw_a a join dw_b b on st_dwithin(b.geom, a.geom, 0.5) order by 1, 2",
	"select a.id, b.id from dw_a a, dw_b b where st_dwithin(a.geom, b.geom, 0) order by 1, 2",
	"select a.id, b.id from dw_a a, dw_b b where st_dwithin(a.geom, b.geom, '0.1'::float8) and a.id < 3 order by 1, 2",
	"select a.id, count(b.id) from dw_a a left join dw_b b on st_dwithin(a.geom, b.geom, 0.1) group by a.id order by 1",
	"select a.id from dw_a a where exists (select 1 from dw_b b where st_dwithin(a.geom, b.geom, 0.1)) order by 1",
	"select a.id, b.id, st_dwithin(a.geom, b.geom, 0.1) from dw_a a cross join dw_b b order by 1, 2",
	"select x.id, y.id from dw_b x join dw_b y on st_dwithin(x.geom, y.geom, 0.1) and x.id < y.id order by 1, 2",
	"select st_dwithin(st_geomfromtext('POINT(0 0)', 4326), st_geomfromtext('POINT(3 4)', 4326), 5)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(3 4)'::geometry, 4.999999999999999)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(1 1)'::geometry, null)",
	"select st_dwithin('POINT(0 0)'::geometry, 'POINT(1 1)'::geometry, -1)",
	"select st_dwithin(st_geomfromtext('POINT(0 0)', 4326), 'POINT(0 0)'::geometry, 1)",
}

// geometryDWithinUnsupported are calls that PostGIS computes and the
// provider does not: other types than points, and geography.
var geometryDWithinUnsupported = []string{
	"select st_dwithin('POINT(0 0)'::geometry, 'LINESTRING(1 0, 1 1)'::geometry, 1)",
	"select st_dwithin('POINT(0 0)'::geometry::geography, 'POINT(0 1)'::geometry::geography, 100000)",
}

// geometryDWithinPlans are joins whose DuckDB plan must be a range join
// on the boxes.
var geometryDWithinPlans = []string{
	"select count(*) from dw_a a join dw_b b on st_dwithin(a.geom, b.geom, 0.1)",
	"select count(*) from dw_a a where exists (select 1 from dw_b b where st_dwithin(a.geom, b.geom, 0.1))",
}

func TestGeometryDWithinMatchesPostGIS(t *testing.T) {
	gwConn, pgConn := loadSpatialPair(t, "dwithin", filepath.Join(t.TempDir(), "dwithin.duckdb"), geometryDWithinDatabase, geometryDWithinFixture)
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("matches", func(t *testing.T) {
		for _, sql := range geometryDWithinMatches {
			for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
				t.Error(diff)
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		checkUnsupportedGaps(t, gwConn, pg, geometryDWithinUnsupported, "ST_DWithin", "geography")
	})
	t.Run("plans", func(t *testing.T) {
		checkRangeJoinPlans(t, gwConn, geometryDWithinPlans)
	})
}
