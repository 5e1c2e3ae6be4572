package compat

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// keyedTable is a small point table with a primary key, which the QGIS
// test creates for its run. QGIS identifies a feature by the table's
// primary key, and by ctid, the row's address, in a table without one,
// as the demo tables are. A warehouse without row addresses, such as
// Snowflake, can serve QGIS only tables with a primary key.
const keyedTable = "sites"

// site is a row of keyedTable.
type site struct {
	id       int64
	name     string
	lng, lat float64
}

// keyedSites returns the rows of keyedTable: 60 points on a grid, six of
// them in iberia. No point lies on the box's edges, where PostGIS's
// single-precision bounding boxes could decide otherwise.
func keyedSites() []site {
	sites := make([]site, 60)
	for i := range sites {
		sites[i] = site{id: int64(i + 1), name: fmt.Sprintf("site %02d", i+1),
			lng: -24.5 + float64(i%10)*5, lat: 30.25 + float64(i/10)*4}
	}
	return sites
}

// qgisKeyedTables creates keyedTable in a target's warehouse, by target
// name, and returns the function that drops it again. The postgres target
// relays to the oracle database, which has the table during the test.
// carto_dw, the read-only demo warehouse, cannot have it.
var qgisKeyedTables = map[string]func(sites []site) (drop func() error, err error){}

// qgisWithoutRowAddress names the targets whose warehouse has no row
// address. QGIS reads the features of a table without a primary key
// there, such as the demo tables, with ctid, which pgway rejects with
// 0A000, so QGIS loads the layer and counts its features but reads none.
var qgisWithoutRowAddress = map[string]bool{}

// TestQGISLayers loads tables as QGIS postgres layers, counts their
// features and reads the features in a bounding box. The counts must
// match PostGIS's, and every other property what QGIS reports on
// PostgreSQL. Each target serves the demo tables, and keyedTable where it
// can have it.
func TestQGISLayers(t *testing.T) {
	python := systemPython()
	check := exec.Command(python, "-c", "import qgis.core")
	if out, err := check.CombinedOutput(); err != nil {
		requireClient(t, "QGIS", errors.New(python+" cannot import qgis.core: "+strings.TrimSpace(string(out))))
	}
	sites := keyedSites()
	createOracleSites(t, sites)
	var bbox []string
	for _, v := range iberia {
		bbox = append(bbox, fmt.Sprint(v))
	}
	// QGIS keeps its settings under HOME and Qt its runtime files under
	// XDG_RUNTIME_DIR, so both point into the test's directory.
	home := t.TempDir()
	runtime := filepath.Join(home, "runtime")
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{"QT_QPA_PLATFORM=offscreen", "HOME=" + home, "XDG_RUNTIME_DIR=" + runtime}
	run := func(t *testing.T, e endpoint, tables []string) (map[string]any, string) {
		t.Helper()
		args := append([]string{"testdata/qgis/qgis_check.py"}, bbox...)
		stdout, stderr := runClientStderr(t, e, env, python, append(args, tables...)...)
		return decodeJSON(t, "QGIS", stdout), stderr
	}

	all := []string{"cities", "countries", keyedTable}
	want, _ := run(t, oracle(), all)
	for _, table := range all {
		layer, _ := want[table].(map[string]any)
		count := oracleCount(t, "SELECT count(*) FROM "+table)
		inRect := oracleCount(t, "SELECT count(*) FROM "+table+" WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)",
			iberia[0], iberia[1], iberia[2], iberia[3])
		if layer["feature_count"] != float64(count) || layer["in_rect"] != float64(inRect) || inRect == 0 {
			t.Fatalf("QGIS on PostgreSQL: layer %s is %v, want %d features and %d in %v",
				table, layer, count, inRect, iberia)
		}
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		tg.skipGap(t, "QGIS")
		tables := []string{"cities", "countries"}
		if create, ok := qgisKeyedTables[tg.Name]; ok {
			createTargetSites(t, tg, create, sites)
			tables = append(tables, keyedTable)
		} else if tg.Relay {
			tables = append(tables, keyedTable)
		}
		got, stderr := run(t, tg.gateway(), tables)
		for _, table := range tables {
			layer, _ := got[table].(map[string]any)
			if qgisWithoutRowAddress[tg.Name] && table != keyedTable {
				checkLayerWithoutKey(t, table, layer, want[table].(map[string]any), stderr)
				continue
			}
			compareJSON(t, "QGIS", map[string]any{table: layer}, map[string]any{table: want[table]})
		}
		if t.Failed() {
			t.Logf("QGIS's message log:\n%s", strings.TrimSpace(stderr))
		}
	})
}

// checkLayerWithoutKey checks what QGIS makes of a table without a
// primary key on a warehouse without row addresses. The layer loads with
// PostgreSQL's feature count. Reading its features fails with pgway's
// error for ctid, which QGIS logs, instead of returning features with
// made-up ids.
func checkLayerWithoutKey(t *testing.T, table string, layer, want map[string]any, stderr string) {
	t.Helper()
	if layer["valid"] != true || layer["feature_count"] != want["feature_count"] {
		t.Errorf("QGIS: layer %s is %s, want a valid layer of %v features", table, marshal(layer), want["feature_count"])
	}
	if layer["in_rect"] != float64(0) {
		t.Errorf("QGIS read %v features of %s, which has no primary key, want none", layer["in_rect"], table)
	}
	failed := slices.ContainsFunc(strings.Split(stderr, "\n"), func(line string) bool {
		return strings.Contains(line, `"public"."`+table+`"`) && strings.Contains(line, "system column ctid is not supported")
	})
	if !failed || !strings.Contains(stderr, "PRIMARY KEY") {
		t.Errorf("QGIS logged no ctid error with a primary key hint for %s", table)
	}
}

// createOracleSites creates keyedTable in the oracle database for the
// test's run.
func createOracleSites(t *testing.T, sites []site) {
	t.Helper()
	var values []string
	for _, s := range sites {
		values = append(values, fmt.Sprintf("(%d, '%s', ST_GeomFromText('POINT(%v %v)', 4326))", s.id, s.name, s.lng, s.lat))
	}
	create := fmt.Sprintf(`CREATE TABLE %[1]s (id bigint PRIMARY KEY, name text, geom geometry(Geometry,4326));
		ALTER TABLE %[1]s OWNER TO %[2]s;
		INSERT INTO %[1]s VALUES %[3]s;
		ANALYZE %[1]s`, keyedTable, pgx.Identifier{warehouseRole}.Sanitize(), strings.Join(values, ", "))
	execOracle(t, create)
	t.Cleanup(func() { execOracle(t, "DROP TABLE "+keyedTable) })
}

func execOracle(t *testing.T, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, upstream.AdminDSN(warehouseDB))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%.100s: %v", sql, err)
	}
}

// createTargetSites creates keyedTable in tg's warehouse with create and
// refreshes tg's catalog mirror, and drops the table and refreshes the
// mirror again when the test ends.
func createTargetSites(t *testing.T, tg *target, create func([]site) (func() error, error), sites []site) {
	t.Helper()
	drop, err := create(sites)
	if err != nil {
		t.Fatalf("create %s on %s: %v", keyedTable, tg.Name, err)
	}
	queryRows(t, tg.gateway(), "SELECT pgway_refresh_catalog()")
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop %s on %s: %v", keyedTable, tg.Name, err)
		}
		queryRows(t, tg.gateway(), "SELECT pgway_refresh_catalog()")
	})
}
