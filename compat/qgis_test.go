package compat

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQGISLayers loads the demo tables as QGIS postgres layers, counts
// their features and reads the features in a bounding box. The counts
// must match PostGIS's, and every other property what QGIS reports on
// PostgreSQL.
func TestQGISLayers(t *testing.T) {
	python := systemPython()
	check := exec.Command(python, "-c", "import qgis.core")
	if out, err := check.CombinedOutput(); err != nil {
		requireClient(t, "QGIS", errors.New(python+" cannot import qgis.core: "+strings.TrimSpace(string(out))))
	}
	args := []string{"testdata/qgis/qgis_check.py"}
	for _, v := range iberia {
		args = append(args, fmt.Sprint(v))
	}
	// QGIS keeps its settings under HOME and Qt its runtime files under
	// XDG_RUNTIME_DIR, so both point into the test's directory.
	home := t.TempDir()
	runtime := filepath.Join(home, "runtime")
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{"QT_QPA_PLATFORM=offscreen", "HOME=" + home, "XDG_RUNTIME_DIR=" + runtime}
	want := decodeJSON(t, "QGIS", runClient(t, oracle(), env, python, args...))
	for _, table := range []string{"cities", "countries"} {
		layer, _ := want[table].(map[string]any)
		count := oracleCount(t, "SELECT count(*) FROM "+table)
		inRect := oracleCount(t, "SELECT count(*) FROM "+table+" WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)",
			iberia[0], iberia[1], iberia[2], iberia[3])
		if layer["feature_count"] != float64(count) || layer["in_rect"] != float64(inRect) {
			t.Fatalf("QGIS on PostgreSQL: layer %s is %v, want %d features and %d in %v",
				table, layer, count, inRect, iberia)
		}
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		tg.skipGap(t, "QGIS")
		stdout, stderr := runClientStderr(t, tg.gateway(), env, python, args...)
		got := decodeJSON(t, "QGIS", stdout)
		compareJSON(t, "QGIS", got, want)
		if t.Failed() {
			t.Logf("QGIS's message log:\n%s", strings.TrimSpace(stderr))
		}
	})
}
