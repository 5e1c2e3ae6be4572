package compat

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
)

// demoDir holds the source files of the embedded demo warehouse, which
// the tests load into PostgreSQL too, so that both hold the same rows.
const demoDir = "../providers/duckdb/demo/"

// demoColumn is a column of a demo table with the PostgreSQL type that
// pgway reports for the DuckDB column.
type demoColumn struct {
	Name, Type string
}

// demoTables lists the demo tables' columns in order. The PostgreSQL copy
// is created with these types, so psql and the drivers must report the
// same types for both targets.
var demoTables = map[string][]demoColumn{
	"cities": {
		{"name", "text"}, {"country", "text"}, {"admin1", "text"}, {"admin2", "text"},
		{"lat", "double precision"}, {"lng", "double precision"},
		{"geom", "geometry(Geometry,4326)"},
	},
	"countries": {
		{"id", "text"}, {"name", "text"}, {"geom", "geometry(Geometry,4326)"},
	},
}

// loadDemo creates the demo tables in the current database of conn, which
// must be allowed to create the postgis extension. It fills them from the
// demo warehouse's source files as the DuckDB provider does: empty CSV
// fields become NULL, points are (lng lat), and every geometry has SRID
// 4326.
func loadDemo(ctx context.Context, conn *pgx.Conn, owner string) error {
	if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
		return fmt.Errorf("create extension postgis: %w", err)
	}
	for _, table := range []string{"cities", "countries"} {
		var defs []string
		for _, c := range demoTables[table] {
			defs = append(defs, c.Name+" "+c.Type)
		}
		sql := fmt.Sprintf("CREATE TABLE %s (%s); ALTER TABLE %[1]s OWNER TO %[3]s",
			table, strings.Join(defs, ", "), pgx.Identifier{owner}.Sanitize())
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("create table %s: %w", table, err)
		}
	}
	if err := loadCities(ctx, conn); err != nil {
		return fmt.Errorf("load cities: %w", err)
	}
	if err := loadCountries(ctx, conn); err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	_, err := conn.Exec(ctx, "ANALYZE cities; ANALYZE countries")
	return err
}

func loadCities(ctx context.Context, conn *pgx.Conn) error {
	f, err := os.Open(demoDir + "geonames-cities.csv.gz")
	if err != nil {
		return err
	}
	defer f.Close()
	csv, err := gzip.NewReader(f)
	if err != nil {
		return err
	}

	const staging = `CREATE TEMP TABLE cities_csv
		(name text, country text, admin1 text, admin2 text, lat float8, lng float8)`
	if _, err := conn.Exec(ctx, staging); err != nil {
		return err
	}
	// COPY's csv format reads an unquoted empty field as NULL, as
	// DuckDB's read_csv does.
	copySQL := "COPY cities_csv FROM STDIN (FORMAT csv, HEADER true)"
	if _, err := conn.PgConn().CopyFrom(ctx, csv, copySQL); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, `INSERT INTO cities
		SELECT name, country, admin1, admin2, lat, lng, ST_SetSRID(ST_MakePoint(lng, lat), 4326)
		FROM cities_csv;
		DROP TABLE cities_csv`)
	return err
}

func loadCountries(ctx context.Context, conn *pgx.Conn) error {
	f, err := os.Open(demoDir + "naturalearth-countries-110m.geojson.gz")
	if err != nil {
		return err
	}
	defer f.Close()
	text, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	var collection struct {
		Features []struct {
			// ID is nil where a feature has no id, which DuckDB reads
			// as NULL.
			ID         *string `json:"id"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.NewDecoder(text).Decode(&collection); err != nil {
		return fmt.Errorf("decode GeoJSON: %w", err)
	}

	batch := &pgx.Batch{}
	for _, f := range collection.Features {
		batch.Queue("INSERT INTO countries VALUES ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3::text), 4326))",
			f.ID, f.Properties.Name, string(f.Geometry))
	}
	return conn.SendBatch(ctx, batch).Close()
}
