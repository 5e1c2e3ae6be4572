package enginetest

import (
	"context"
	"testing"

	"pgway/internal/corpustest"
)

// These cases compare the SRIDs of geometries, their text and bytea, and
// geometry input with PostGIS. The results are compared without their
// column descriptions, since PostGIS's geometry type has an OID of its
// own in each database.

// geometrySRIDDatabase is the oracle's database for these cases, with
// PostGIS and a copy of the demo warehouse's cities of Andorra.
const geometrySRIDDatabase = "geometry_srids"

// geometrySRIDMatches return PostGIS's result, or its error, through
// pgway.
var geometrySRIDMatches = []string{
	// An SRID argument, or its absence, which is SRID 0.
	"select st_srid(st_geomfromtext('POINT(1 2)', 3857)), st_geomfromtext('POINT(1 2)', 3857)",
	"select st_srid(st_geomfromtext('POINT(1 2)')), st_geomfromtext('POINT(1 2)')",
	"select 'POINT(1 2)'::geometry, st_srid('POINT(1 2)'::geometry)",
	"select st_srid(st_makeenvelope(0, 0, 1, 1)), st_makeenvelope(0, 0, 1, 1, 3857)",
	"select st_srid(st_geomfromwkb(st_asbinary(geom))), st_srid(st_geomfromwkb(st_asbinary(geom), 3857)) from cities where country = 'AD' and name = 'Vila'",
	"select st_srid('SRID=3857;POINT(1 2)'::geometry), 'SRID=3857;POINT(1 2)'::geometry",
	"select st_srid(st_geomfromtext('SRID=3857;POINT(1 2)')), st_geomfromtext('SRID=3857;POINT(1 2)', 4326)",
	"select st_setsrid(geom, 3857), st_srid(st_setsrid(geom, 0)), st_srid(geom) from cities where country = 'AD' and name = 'Vila'",
	"select st_srid(st_setsrid(st_makeenvelope(0, 0, 1, 1), 3857)), st_setsrid('POINT(1 2)'::geometry, 4326)",
	"select st_srid(st_extent(geom)::geometry), st_astext(st_extent(geom)::geometry) from cities where country = 'AD'",
	// Statements that differ only in their constants, which share a
	// translation only where the constants do not decide the SRID.
	"select st_srid('POINT(3 4)'::geometry), st_srid(st_geomfromtext('POINT(3 4)', 4326))",
	"select st_srid('SRID=4326;POINT(3 4)'::geometry), st_srid(st_geomfromtext('POINT(3 4)', 3857))",
	"select st_srid('SRID=3857;POINT(3 4)'::geometry), st_srid(st_geomfromtext('POINT(3 4)', 0))",
	"select st_srid('SRID=2154;POINT(3 4)'::geometry), st_srid(st_geomfromtext('POINT(3 4)', 27700))",
	// ST_Transform from longitude and latitude to Web Mercator.
	"select name, st_transform(geom, 3857), st_astext(st_transform(geom, 3857)) from cities where country = 'AD' order by name",
	"select st_asbinary(st_transform(st_geomfromtext(format('POINT(%s %s)', x + 0.123456789, y + 0.987654321), 4326), 3857)) " +
		"from generate_series(-180, 179, 7) x, generate_series(-89, 88, 3) y order by x, y",
	"select st_astext(st_transform(st_geomfromtext('POLYGON((0 0,1 0,1 1,0 0))', 4326), 3857)), st_astext(st_transform(st_geomfromtext('POINT(200 10)', 4326), 3857))",
	"select st_astext(st_transform(st_geomfromtext('POINT(1 2)'), 3857))",
	// Geometries of different SRIDs fail as in PostGIS.
	"select st_intersects(st_geomfromtext('POINT(1 1)', 4326), st_geomfromtext('POINT(1 1)', 3857))",
	"select count(*) from cities where country = 'AD' and st_intersects(geom, st_makeenvelope(-10, 35, 5, 44))",
	"select count(*) from cities where country = 'AD' and st_intersects(geom, 'SRID=3857;POINT(1.56654 42.53176)'::geometry)",
	// Text and bytea of a geometry are its EWKB.
	"select geom::text from cities where country = 'AD' and name = 'Vila'",
	"select st_geomfromtext('POINT(1 2)')::text, concat(st_setsrid(geom, 3857), '!') from cities where country = 'AD' and name = 'Vila'",
	"select st_setsrid(geom, 3857)::bytea from cities where country = 'AD' and name = 'Vila'",
	"select st_asbinary(geom, 'XDR'), st_asewkb(geom, 'XDR'), st_asewkb(geom) from cities where country = 'AD' and name = 'Vila'",
	// Input that PostGIS reads, and its errors.
	"select st_astext(st_geomfromtext(' POINT ( 1   2 ) ')), st_astext(st_geomfromtext('MULTIPOINT(1 2,3 4)'))",
	"select st_astext(st_geomfromtext('POINT EMPTY')), geometrytype(st_geomfromtext('POINT EMPTY'))",
	"select st_astext('0101000000000000000000F03F0000000000000040'::geometry)",
	"select st_srid('0101000020110F0000000000000000F03F0000000000000040'::geometry)",
	"select st_astext(st_geomfromtext('MULTIPOINT(EMPTY,3 4)')), st_astext(st_geomfromtext('MULTILINESTRING((0 0,1 1),EMPTY)'))",
	"select st_astext(st_geomfromtext('POINT(1 2'))",
	"select st_astext(st_geomfromtext('POINT(+1 2)'))",
	"select st_astext(st_geomfromtext('LINESTRING(0 0)'))",
	"select st_astext(st_geomfromtext('POLYGON((0 0,1 0,1 1,0 1))'))",
}

// geometrySRIDUnsupported are statements that PostGIS runs and pgway
// fails with 0A000: input pgway cannot keep, and SRIDs that DuckDB would
// have to know before it runs the statement.
var geometrySRIDUnsupported = []string{
	"select st_astext(st_geomfromtext('POINT Z (1 2 3)'))",
	"select st_astext(st_geomfromtext('CIRCULARSTRING(0 0, 1 1, 2 0)'))",
	"select geom::bytea from cities where country = 'AD' and name = 'Vila'",
	"select st_astext(st_transform(st_geomfromtext('POINT(1 2)', 3857), 4326))",
	"select geom from cities where country = 'AD' and name = 'Vila' union all select st_makeenvelope(-10, 35, 5, 44)",
}

func TestGeometrySRIDsMatchPostGIS(t *testing.T) {
	ctx := context.Background()
	gwConn := connectDemo(t, startDemo(t))
	if err := oracle.Exec("postgres", "drop database if exists "+geometrySRIDDatabase); err != nil {
		t.Fatal(err)
	}
	pgConn := corpustest.LoadPostgres(t, oracle, geometrySRIDDatabase, wholeRowFixture, "")
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("matches", func(t *testing.T) {
		for _, sql := range geometrySRIDMatches {
			for _, extended := range []bool{false, true} {
				got, want := rowsText(biResult(ctx, gw, sql, nil, extended)), rowsText(biResult(ctx, pg, sql, nil, extended))
				if got != want {
					t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
				}
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		checkUnsupportedGaps(t, gwConn, pg, geometrySRIDUnsupported, "geometr", "SRID")
	})
}
