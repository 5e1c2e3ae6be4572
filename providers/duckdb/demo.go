package duckdb

import (
	"context"
	"embed"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/config"
	"pgway/providers"
)

// demoData holds the demo warehouse's source files. demo/NOTICE gives
// their sources and licences.
//
//go:embed demo/geonames-cities.csv.gz demo/naturalearth-countries-110m.geojson.gz
var demoData embed.FS

const (
	citiesFile    = "geonames-cities.csv.gz"
	countriesFile = "naturalearth-countries-110m.geojson.gz"
)

// demoSchema creates and fills the demo tables from the source files in
// the directory that replaces {dir}. DuckDB reads the gzip files itself.
//
// cities: world populated places from GeoNames.
//
//	name     VARCHAR  place name
//	country  VARCHAR  ISO 3166-1 alpha-2 country code
//	admin1   VARCHAR  first-level administrative division code, NULL if none
//	admin2   VARCHAR  second-level administrative division code, NULL if none
//	lat, lng DOUBLE   WGS 84 coordinates in degrees
//	geom     GEOMETRY('EPSG:4326')  the point (lng lat)
//
// countries: country outlines from Natural Earth at 1:110m.
//
//	id    VARCHAR  ISO 3166-1 numeric code, with leading zeros
//	name  VARCHAR  country name
//	geom  GEOMETRY('EPSG:4326')  the outline, a POLYGON or MULTIPOLYGON
const demoSchema = `
CREATE TABLE cities AS
SELECT name, country, admin1, admin2, lat, lng,
	ST_SetCRS(('POINT(' || lng || ' ' || lat || ')')::GEOMETRY, 'EPSG:4326') AS geom
FROM read_csv('{dir}/` + citiesFile + `', header = true, quote = '"',
	columns = {'name': 'VARCHAR', 'country': 'VARCHAR', 'admin1': 'VARCHAR',
		'admin2': 'VARCHAR', 'lat': 'DOUBLE', 'lng': 'DOUBLE'});

CREATE TABLE countries AS
SELECT feature->>'id' AS id, feature->'properties'->>'name' AS name,
	ST_SetCRS(ST_GeomFromGeoJSON(feature->'geometry'), 'EPSG:4326') AS geom
FROM (SELECT unnest(json_extract(json, '$.features[*]')) AS feature
	FROM read_json_objects('{dir}/` + countriesFile + `'));`

var demo struct {
	once sync.Once
	db   *database
	err  error
}

func init() {
	providers.RegisterWarmUp("carto_dw", func(*config.Connection) { loadDemoOnce() })
}

// openDemo opens a session on the demo warehouse, loading it on first use
// unless a warm-up has already loaded it. The database lives until the
// process ends and is shared by every session.
func openDemo(ctx context.Context, _ *config.Connection) (providers.Session, error) {
	if err := loadDemoOnce(); err != nil {
		return nil, err
	}
	return newSession(ctx, demo.db, true)
}

// loadDemoOnce loads the demo warehouse on its first call. Later calls
// wait for that load and return its error.
func loadDemoOnce() error {
	demo.once.Do(func() {
		demo.db, demo.err = loadDemo(context.Background())
	})
	return demo.err
}

// loadDemo creates the demo database in a new temporary directory and
// loads the embedded source files into it. The directory is removed once
// DuckDB has the database file open. DuckDB creates the directory again
// only when a query spills intermediate results to disk, and then leaves
// it behind when pgway exits.
func loadDemo(ctx context.Context) (*database, error) {
	dir, err := os.MkdirTemp("", "pgway-carto_dw-")
	if err != nil {
		return nil, fmt.Errorf("load demo data: %w", err)
	}
	path := filepath.Join(dir, "carto_dw.duckdb")
	// carto_dw's geometries are WGS 84 longitude and latitude.
	db, err := acquireDatabase(ctx, path, url.Values{"temp_directory": {dir}}, 4326, false)
	if err != nil {
		return nil, convertError(fmt.Errorf("open demo database: %w", err))
	}
	if err := fillDemo(ctx, db.connector, dir); err != nil {
		db.release()
		return nil, convertError(fmt.Errorf("load demo data: %w", err))
	}
	if err := os.RemoveAll(dir); err != nil {
		db.release()
		return nil, fmt.Errorf("load demo data: %w", err)
	}
	return db, nil
}

// fillDemo writes the embedded source files to dir, loads them, writes
// the tables to the database file and then locks the database down, since
// loading needs file access.
func fillDemo(ctx context.Context, connector *duckdb.Connector, dir string) error {
	for _, name := range []string{citiesFile, countriesFile} {
		data, err := demoData.ReadFile("demo/" + name)
		if err != nil {
			return err
		}
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, data, 0o600); err != nil {
			return err
		}
		defer os.Remove(file)
	}

	c, err := connector.Connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	conn := c.(*duckdb.Conn)
	schema := strings.ReplaceAll(demoSchema, "{dir}", sqlPath(dir))
	if _, err := conn.ExecContext(ctx, schema+"CHECKPOINT;", nil); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, lockDownSQL, nil)
	return err
}

// sqlPath returns path with its single quotes doubled, for use inside a
// SQL string literal.
func sqlPath(path string) string {
	return strings.ReplaceAll(filepath.ToSlash(path), "'", "''")
}
