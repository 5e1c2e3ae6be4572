package enginetest

import (
	"context"
	"path/filepath"
	"testing"

	"pgway/internal/corpustest"
)

// These cases compare ST_Contains and ST_Within of a polygon and a point,
// which the DuckDB provider computes as PostGIS 3.3's point-in-polygon
// test does, with PostGIS.

// geometryContainsDatabase is the oracle's database for these cases.
const geometryContainsDatabase = "geometry_contains"

// geometryContainsSquare is a square with a square hole.
const geometryContainsSquare = "st_geomfromtext('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 3 1, 3 3, 1 3, 1 1))')"

// geometryContainsMatches return PostGIS's result, or its error, through
// pgway.
var geometryContainsMatches = []string{
	// Inside, in the hole, on an outer or inner edge or vertex, outside.
	"select p, st_contains(" + geometryContainsSquare + ", st_geomfromtext(p)) from (values ('POINT(0.5 0.5)'), ('POINT(2 2)'), " +
		"('POINT(0 2)'), ('POINT(4 4)'), ('POINT(1 2)'), ('POINT(3 3)'), ('POINT(5 1)'), ('POINT(4.000000000000001 2)'), " +
		"('POINT(0.5 3.9999999999999996)')) v(p) order by 1",
	"select st_contains(" + geometryContainsSquare + ", 'POINT(0.5 0.5)'::geometry), st_within('POINT(0.5 0.5)'::geometry, " + geometryContainsSquare + ")",
	"select st_within('POINT(2 2)'::geometry, " + geometryContainsSquare + "), st_within('POINT(0 0)'::geometry, " + geometryContainsSquare + ")",
	// A point on a slanted edge, and next to it by one unit in the last place.
	"select st_contains('POLYGON((0 0, 3 1, 0 2, 0 0))'::geometry, 'POINT(1.5 0.5)'::geometry), " +
		"st_contains('POLYGON((0 0, 3 1, 0 2, 0 0))'::geometry, 'POINT(1.5 0.5000000000000001)'::geometry), " +
		"st_contains('POLYGON((0 0, 0.3 0.1, 0 0.2, 0 0))'::geometry, 'POINT(0.15 0.05)'::geometry)",
	// A multipolygon, its second part, and a point between the parts.
	"select st_contains('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))'::geometry, p) " +
		"from (values ('POINT(5.9 5.5)'::geometry), ('POINT(3 3)'::geometry), ('POINT(6 5.5)'::geometry)) v(p)",
	// Empty and NULL geometries.
	"select st_contains('POLYGON EMPTY'::geometry, 'POINT(1 1)'::geometry), st_contains(" + geometryContainsSquare + ", 'POINT EMPTY'::geometry), " +
		"st_contains('LINESTRING EMPTY'::geometry, 'POINT(1 1)'::geometry), st_within(null::geometry, " + geometryContainsSquare + ")",
	// Geometries of two SRIDs fail as in PostGIS, whose ST_Within calls
	// its ST_Contains with the arguments swapped.
	"select st_contains(st_geomfromtext('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326), 'POINT(0.5 0.2)'::geometry)",
	"select st_within('POINT(0.5 0.2)'::geometry, st_geomfromtext('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326))",
}

// geometryContainsUnsupported are calls that PostGIS passes to GEOS,
// which fail with 0A000 through pgway.
var geometryContainsUnsupported = []string{
	"select st_contains(" + geometryContainsSquare + ", 'MULTIPOINT((0.5 0.5), (2 2))'::geometry)",
	"select st_contains(" + geometryContainsSquare + ", 'LINESTRING(0.5 0.5, 0.6 0.6)'::geometry)",
	"select st_within(" + geometryContainsSquare + ", 'POINT(0.5 0.5)'::geometry)",
	"select st_contains('POINT(1 1)'::geometry, 'POINT(1 1)'::geometry)",
}

func TestGeometryContainsMatchPostGIS(t *testing.T) {
	ctx := context.Background()
	gwConn := startDuckDBFile(t, "contains", filepath.Join(t.TempDir(), "contains.duckdb")).
		connect(t, "demo", "demo", "contains", "disable")
	if err := oracle.Exec("postgres", "drop database if exists "+geometryContainsDatabase); err != nil {
		t.Fatal(err)
	}
	pgConn := corpustest.LoadPostgres(t, oracle, geometryContainsDatabase, "select 1", "")
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("matches", func(t *testing.T) {
		for _, sql := range geometryContainsMatches {
			for _, extended := range []bool{false, true} {
				got, want := rowsText(biResult(ctx, gw, sql, nil, extended)), rowsText(biResult(ctx, pg, sql, nil, extended))
				if got != want {
					t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
				}
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		checkUnsupportedGaps(t, gwConn, pg, geometryContainsUnsupported, "ST_Contains")
	})
}
