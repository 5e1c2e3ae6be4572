// Package compat drives pgway with the clients that users connect with:
// psql, pgjdbc, psycopg2 with SQLAlchemy, node-postgres, GDAL and QGIS.
// Each client runs against every target (a pgway connection of one
// provider) and against PostgreSQL with PostGIS holding the same data, and
// the tests compare what the client saw. The client programs are under
// testdata. A missing client skips its tests, unless PGWAY_REQUIRE_CLIENTS=1
// makes it a failure, as in CI.
package compat
