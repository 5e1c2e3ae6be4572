package compat

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// iberia is a bounding box (min lng, min lat, max lng, max lat) around
// Spain and Portugal for spatial filters.
var iberia = [4]float64{-10, 36, 4, 44}

// ogrLayer is what ogrinfo -so prints about a layer.
type ogrLayer struct {
	Name, Geometry, FeatureCount, Extent string
}

var (
	ogrLayerName    = regexp.MustCompile(`(?m)^Layer name: (.+)$`)
	ogrGeometry     = regexp.MustCompile(`(?m)^Geometry: (.+)$`)
	ogrFeatureCount = regexp.MustCompile(`(?m)^Feature Count: (.+)$`)
	ogrExtent       = regexp.MustCompile(`(?m)^Extent: (.+)$`)
)

// parseOgrinfo splits the output of ogrinfo -so into layers.
func parseOgrinfo(out string) []ogrLayer {
	var layers []ogrLayer
	starts := ogrLayerName.FindAllStringIndex(out, -1)
	for i, start := range starts {
		end := len(out)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		part := out[start[0]:end]
		field := func(re *regexp.Regexp) string {
			if m := re.FindStringSubmatch(part); m != nil {
				return strings.TrimSpace(m[1])
			}
			return ""
		}
		layers = append(layers, ogrLayer{field(ogrLayerName), field(ogrGeometry), field(ogrFeatureCount), field(ogrExtent)})
	}
	slices.SortFunc(layers, func(a, b ogrLayer) int { return strings.Compare(a.Name, b.Name) })
	return layers
}

// ogrinfo runs ogrinfo read-only with summaries only on the PostgreSQL
// data source of e, which takes host, user and password from the libpq
// variables.
func ogrinfo(t *testing.T, e endpoint, args ...string) []ogrLayer {
	t.Helper()
	program := requireProgram(t, "GDAL", "ogrinfo")
	args = append([]string{"-ro", "-so", "-al", "PG:dbname=" + e.Database}, args...)
	stdout, stderr := runClientStderr(t, e, nil, program, args...)
	layers := parseOgrinfo(stdout)
	// ogrinfo exits with 0 after many errors of the server, and prints
	// them on standard error.
	if strings.Contains(stderr, "ERROR") {
		t.Logf("ogrinfo %q against %s reported errors:\n%s", args, e, strings.TrimSpace(stderr))
	}
	return layers
}

// oracleCount counts the rows of a query on the oracle database.
func oracleCount(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, upstream.AdminDSN(warehouseDB))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int64
	if err := conn.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestGDALLayers checks that ogrinfo lists the demo layers with the
// geometry type, feature count and extent that PostgreSQL gives.
func TestGDALLayers(t *testing.T) {
	want := ogrinfo(t, oracle())
	for _, table := range []string{"cities", "countries"} {
		i := slices.IndexFunc(want, func(l ogrLayer) bool { return l.Name == table })
		if i < 0 {
			t.Fatalf("ogrinfo on PostgreSQL lists no layer %s: %+v", table, want)
		}
		count := fmt.Sprint(oracleCount(t, "SELECT count(*) FROM "+table))
		if want[i].FeatureCount != count || want[i].Extent == "" {
			t.Fatalf("ogrinfo on PostgreSQL: %+v, want %s features and an extent", want[i], count)
		}
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		got := ogrinfo(t, tg.gateway())
		if !slices.Equal(got, want) {
			t.Errorf("ogrinfo lists layers\n\t%+v\nPostgreSQL gives\n\t%+v", got, want)
		}
	})
}

// TestGDALSpatialFilter checks the feature counts of ogrinfo -spat with
// a bounding box, which GDAL sends as a && filter, against the count that
// PostGIS computes.
func TestGDALSpatialFilter(t *testing.T) {
	var spat []string
	for _, v := range iberia {
		spat = append(spat, fmt.Sprint(v))
	}
	want := map[string]string{}
	for _, table := range []string{"cities", "countries"} {
		n := oracleCount(t, "SELECT count(*) FROM "+table+" WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)",
			iberia[0], iberia[1], iberia[2], iberia[3])
		if n == 0 {
			t.Fatalf("no %s in %v on PostgreSQL", table, iberia)
		}
		want[table] = fmt.Sprint(n)
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		for table, count := range want {
			args := append([]string{"-spat"}, spat...)
			layers := ogrinfo(t, tg.gateway(), append(args, table)...)
			if len(layers) != 1 || layers[0].FeatureCount != count {
				t.Errorf("ogrinfo -spat %v %s: %+v, want Feature Count %s", iberia, table, layers, count)
			}
		}
	})
}

// TestGDALExportGeoPackage exports the demo layers with ogr2ogr to a
// GeoPackage and counts the features back with ogrinfo.
func TestGDALExportGeoPackage(t *testing.T) {
	ogr2ogr := requireProgram(t, "GDAL", "ogr2ogr")
	ogrinfoPath := requireProgram(t, "GDAL", "ogrinfo")
	want := map[string]string{}
	for _, table := range []string{"cities", "countries"} {
		want[table] = fmt.Sprint(oracleCount(t, "SELECT count(*) FROM "+table))
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		e := tg.gateway()
		path := filepath.Join(t.TempDir(), "demo.gpkg")
		runClient(t, e, nil, ogr2ogr, "-f", "GPKG", path, "PG:dbname="+e.Database, "cities", "countries")
		layers := parseOgrinfo(runClient(t, e, nil, ogrinfoPath, "-ro", "-so", "-al", path))
		got := map[string]string{}
		for _, l := range layers {
			got[l.Name] = l.FeatureCount
		}
		for table, count := range want {
			if got[table] != count {
				t.Errorf("GeoPackage layer %s has %q features, want %s", table, got[table], count)
			}
		}
	})
}

// TestGDALExportSQL exports the result of a query with ogr2ogr -sql, which
// GDAL reads through a cursor that it rewinds (MOVE BACKWARD ALL) after
// reading the first feature for the layer's schema. The GeoJSON must be
// PostgreSQL's, and ogr2ogr must report no error.
func TestGDALExportSQL(t *testing.T) {
	ogr2ogr := requireProgram(t, "GDAL", "ogr2ogr")
	args := func(e endpoint) []string {
		return []string{"-f", "GeoJSON", "/vsistdout/", "PG:dbname=" + e.Database,
			"-sql", "select name, admin1, geom from cities where country = 'AD' order by name, admin1"}
	}
	export := func(t *testing.T, e endpoint) map[string]any {
		stdout, stderr := runClientStderr(t, e, nil, ogr2ogr, args(e)...)
		if strings.Contains(stderr, "ERROR") {
			t.Fatalf("ogr2ogr -sql against %s reported errors:\n%s", e, stderr)
		}
		return decodeJSON(t, "ogr2ogr", stdout)
	}
	want := export(t, oracle())
	if features, _ := want["features"].([]any); len(features) == 0 {
		t.Fatalf("ogr2ogr -sql on PostgreSQL returned no features: %v", want)
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		compareJSON(t, "ogr2ogr -sql", export(t, tg.gateway()), want)
	})
}
