package duckdb

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql/driver"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
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

// demoSchema creates the demo tables.
//
// cities: world populated places from GeoNames.
//
//	name     VARCHAR  place name
//	country  VARCHAR  ISO 3166-1 alpha-2 country code
//	admin1   VARCHAR  first-level administrative division code
//	admin2   VARCHAR  second-level administrative division code
//	lat, lng DOUBLE   WGS 84 coordinates in degrees
//	geom     VARCHAR  the point as WKT, POINT(lng lat)
//
// countries: country outlines from Natural Earth at 1:110m.
//
//	id    VARCHAR  ISO 3166-1 numeric code, with leading zeros
//	name  VARCHAR  country name
//	geom  VARCHAR  the outline as WKT POLYGON or MULTIPOLYGON
//
// TODO: geom is WKT text until pgway has a geometry type to send it as.
const demoSchema = `
CREATE TABLE cities (name VARCHAR, country VARCHAR, admin1 VARCHAR, admin2 VARCHAR,
	lat DOUBLE, lng DOUBLE, geom VARCHAR);
CREATE TABLE countries (id VARCHAR, name VARCHAR, geom VARCHAR);`

// demoLockdown stops demo users from reading or writing files on the pgway
// host and from changing the settings back.
const demoLockdown = `SET enable_external_access = false; SET lock_configuration = true;`

var demo struct {
	once      sync.Once
	connector *duckdb.Connector
	err       error
}

// openDemo opens a session on the demo warehouse, loading it into an
// in-memory database on first use. The database lives until the process
// ends and is shared by every session.
func openDemo(ctx context.Context, _ *config.Connection) (providers.Session, error) {
	demo.once.Do(func() {
		demo.connector, demo.err = loadDemo(context.WithoutCancel(ctx))
	})
	if demo.err != nil {
		return nil, demo.err
	}
	return newSession(ctx, demo.connector, true)
}

func loadDemo(ctx context.Context) (*duckdb.Connector, error) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, convertError(fmt.Errorf("open demo database: %w", err))
	}
	if err := fillDemo(ctx, connector); err != nil {
		connector.Close()
		return nil, convertError(fmt.Errorf("load demo data: %w", err))
	}
	return connector, nil
}

func fillDemo(ctx context.Context, connector *duckdb.Connector) error {
	c, err := connector.Connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	conn := c.(*duckdb.Conn)
	if _, err := conn.ExecContext(ctx, demoSchema, nil); err != nil {
		return err
	}
	if err := appendRows(conn, "cities", readCities); err != nil {
		return err
	}
	if err := appendRows(conn, "countries", readCountries); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, demoLockdown, nil)
	return err
}

// appendRows fills table with the rows that read passes to its callback.
func appendRows(conn *duckdb.Conn, table string, read func(add func(...driver.Value) error) error) error {
	appender, err := duckdb.NewAppenderFromConn(conn, "", table)
	if err != nil {
		return err
	}
	if err := read(appender.AppendRow); err != nil {
		appender.Close()
		return fmt.Errorf("%s: %w", table, err)
	}
	return appender.Close()
}

func openGzip(name string) (io.Reader, error) {
	data, err := demoData.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return gzip.NewReader(bytes.NewReader(data))
}

func readCities(add func(...driver.Value) error) error {
	file, err := openGzip("demo/geonames-cities.csv.gz")
	if err != nil {
		return err
	}
	r := csv.NewReader(file)
	r.FieldsPerRecord = 6
	if _, err := r.Read(); err != nil { // header: name,country,admin1,admin2,lat,lng
		return err
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		lat, err := strconv.ParseFloat(rec[4], 64)
		if err != nil {
			return err
		}
		lng, err := strconv.ParseFloat(rec[5], 64)
		if err != nil {
			return err
		}
		point := "POINT(" + formatCoordinate(lng) + " " + formatCoordinate(lat) + ")"
		if err := add(rec[0], rec[1], nullIfEmpty(rec[2]), nullIfEmpty(rec[3]), lat, lng, point); err != nil {
			return err
		}
	}
}

func nullIfEmpty(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// featureCollection is the part of the Natural Earth GeoJSON that is loaded.
type featureCollection struct {
	Features []struct {
		ID         string `json:"id"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func readCountries(add func(...driver.Value) error) error {
	file, err := openGzip("demo/naturalearth-countries-110m.geojson.gz")
	if err != nil {
		return err
	}
	var fc featureCollection
	if err := json.NewDecoder(file).Decode(&fc); err != nil {
		return err
	}
	for _, f := range fc.Features {
		wkt, err := polygonWKT(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			return fmt.Errorf("country %s: %w", f.ID, err)
		}
		if err := add(f.ID, f.Properties.Name, wkt); err != nil {
			return err
		}
	}
	return nil
}

// polygonWKT converts GeoJSON Polygon or MultiPolygon coordinates to WKT.
func polygonWKT(geometryType string, coordinates json.RawMessage) (string, error) {
	var b strings.Builder
	switch geometryType {
	case "Polygon":
		var rings [][][2]float64
		if err := json.Unmarshal(coordinates, &rings); err != nil {
			return "", err
		}
		b.WriteString("POLYGON")
		writeRings(&b, rings)
	case "MultiPolygon":
		var polygons [][][][2]float64
		if err := json.Unmarshal(coordinates, &polygons); err != nil {
			return "", err
		}
		b.WriteString("MULTIPOLYGON(")
		for i, rings := range polygons {
			if i > 0 {
				b.WriteByte(',')
			}
			writeRings(&b, rings)
		}
		b.WriteByte(')')
	default:
		return "", fmt.Errorf("unsupported geometry type %q", geometryType)
	}
	return b.String(), nil
}

func writeRings(b *strings.Builder, rings [][][2]float64) {
	b.WriteByte('(')
	for i, ring := range rings {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j, p := range ring {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(formatCoordinate(p[0]) + " " + formatCoordinate(p[1]))
		}
		b.WriteByte(')')
	}
	b.WriteByte(')')
}

func formatCoordinate(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
