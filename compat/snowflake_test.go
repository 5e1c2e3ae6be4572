package compat

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"pgway/config"
	"pgway/internal/snowflakeemu"
	_ "pgway/providers/snowflake"
)

// The snowflake target runs against the Snowflake emulator, a test double
// of the service, with the demo tables loaded under Snowflake's types.
// Snowflake has no row address, so QGIS reads the features only of
// tables with a primary key.
func init() {
	targets = append(targets, &target{Name: "snowflake", setUp: snowflakeConnection})
	qgisKeyedTables["snowflake"] = createSnowflakeSites
	qgisWithoutRowAddress["snowflake"] = true
}

// snowflakeEmulator is the emulator that the snowflake target runs on.
var snowflakeEmulator *snowflakeemu.Emulator

// createSnowflakeSites creates the QGIS test's keyed table in the
// emulator, with a declared primary key, which Snowflake does not enforce
// but reports in SHOW PRIMARY KEYS.
func createSnowflakeSites(sites []site) (func() error, error) {
	var values []string
	for _, s := range sites {
		values = append(values, fmt.Sprintf("(%d, %s, TO_GEOGRAPHY('POINT(%v %v)'))", s.id, sfString(s.name), s.lng, s.lat))
	}
	err := snowflakeEmulator.Exec("CREATE TABLE SITES (ID NUMBER(18,0) PRIMARY KEY, NAME TEXT, GEOM GEOGRAPHY);" +
		"INSERT INTO SITES VALUES " + strings.Join(values, ", "))
	if err != nil {
		return nil, err
	}
	return func() error { return snowflakeEmulator.Exec("DROP TABLE SITES") }, nil
}

// snowflakeConnection starts the Snowflake emulator, loads the demo
// tables into it and returns a connection to it.
func snowflakeConnection() (config.Connection, error) {
	emu, err := snowflakeemu.Start(snowflakeemu.Options{})
	if err != nil {
		return config.Connection{}, fmt.Errorf("start the Snowflake emulator: %w", err)
	}
	cleanups = append(cleanups, emu.Close)
	snowflakeEmulator = emu
	if err := loadSnowflakeDemo(emu); err != nil {
		return config.Connection{}, err
	}
	credentials := map[string]string{
		"account": "emulator", "username": emu.User(), "password": emu.Password(),
		"database": emu.Database(), "warehouse": "WH", "host": emu.Host(),
		"port": strconv.Itoa(emu.Port()), "protocol": "http",
	}
	return config.Connection{Name: "warehouse_snowflake", ProviderID: "snowflake", Owner: alice,
		Privacy: config.PrivacyOrganization,
		Config:  config.ConnectionConfig{Type: "snowflake_account", Credentials: credentials}}, nil
}

// loadSnowflakeDemo creates the demo tables in the emulator with
// Snowflake's types. The emulator runs SQL on DuckDB, so the cities come
// from the CSV file through DuckDB's read_csv. It reads empty fields as
// NULL, and each point is built from the same text as in the demo
// warehouse.
func loadSnowflakeDemo(emu *snowflakeemu.Emulator) error {
	citiesFile, err := filepath.Abs(demoDir + "geonames-cities.csv.gz")
	if err != nil {
		return err
	}
	err = emu.Exec(`CREATE TABLE CITIES (NAME TEXT, COUNTRY TEXT, ADMIN1 TEXT, ADMIN2 TEXT,
			LAT FLOAT, LNG FLOAT, GEOM GEOGRAPHY);
		CREATE TABLE COUNTRIES (ID TEXT, NAME TEXT, GEOM GEOGRAPHY);
		INSERT INTO CITIES
			SELECT name, country, admin1, admin2, CAST(lat AS DOUBLE), CAST(lng AS DOUBLE),
				TO_GEOGRAPHY('POINT(' || CAST(lng AS DOUBLE) || ' ' || CAST(lat AS DOUBLE) || ')')
			FROM read_csv(` + sfString(citiesFile) + `, header = true, all_varchar = true)`)
	if err != nil {
		return fmt.Errorf("load the demo tables into the Snowflake emulator: %w", err)
	}
	return loadSnowflakeCountries(emu)
}

// loadSnowflakeCountries inserts the countries with their outlines as
// WKT, which the emulator's TO_GEOGRAPHY reads.
func loadSnowflakeCountries(emu *snowflakeemu.Emulator) error {
	f, err := os.Open(demoDir + "naturalearth-countries-110m.geojson.gz")
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	var collection struct {
		Features []struct {
			ID         *string `json:"id"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.NewDecoder(gz).Decode(&collection); err != nil {
		return fmt.Errorf("decode GeoJSON: %w", err)
	}
	var values []string
	for _, feature := range collection.Features {
		id := "NULL"
		if feature.ID != nil {
			id = sfString(*feature.ID)
		}
		text, err := polygonWKT(feature.Geometry.Type, feature.Geometry.Coordinates)
		if err != nil {
			return fmt.Errorf("country %s: %w", feature.Properties.Name, err)
		}
		values = append(values, fmt.Sprintf("(%s, %s, TO_GEOGRAPHY('%s'))", id, sfString(feature.Properties.Name), text))
	}
	if err := emu.Exec("INSERT INTO COUNTRIES VALUES " + strings.Join(values, ", ")); err != nil {
		// The emulator's error starts with the whole statement, outlines
		// and all, so only its start is kept.
		return fmt.Errorf("insert into COUNTRIES: %.300s", err.Error())
	}
	return nil
}

// sfString quotes s as a Snowflake string literal.
func sfString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// polygonWKT writes a GeoJSON Polygon or MultiPolygon as WKT. Coordinates
// are written in the shortest form that parses back to the same float64.
func polygonWKT(kind string, coordinates json.RawMessage) (string, error) {
	ring := func(points [][2]float64) string {
		var b strings.Builder
		for i, p := range points {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatFloat(p[0], 'g', -1, 64) + " " + strconv.FormatFloat(p[1], 'g', -1, 64))
		}
		return "(" + b.String() + ")"
	}
	polygon := func(rings [][][2]float64) string {
		var parts []string
		for _, r := range rings {
			parts = append(parts, ring(r))
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	switch kind {
	case "Polygon":
		var rings [][][2]float64
		if err := json.Unmarshal(coordinates, &rings); err != nil {
			return "", err
		}
		return "POLYGON" + polygon(rings), nil
	case "MultiPolygon":
		var polygons [][][][2]float64
		if err := json.Unmarshal(coordinates, &polygons); err != nil {
			return "", err
		}
		var parts []string
		for _, p := range polygons {
			parts = append(parts, polygon(p))
		}
		return "MULTIPOLYGON(" + strings.Join(parts, ", ") + ")", nil
	}
	return "", fmt.Errorf("unexpected geometry type %s", kind)
}
