package compat

import (
	"errors"
	"os"
	"testing"
)

const nodeDir = "testdata/node"

// TestNodePostgres runs a parameterized query and reads a cursor in
// batches with node-postgres and pg-cursor, and compares the results with
// PostgreSQL's.
func TestNodePostgres(t *testing.T) {
	node := requireProgram(t, "node-postgres", "node")
	if _, err := os.Stat(nodeDir + "/node_modules/pg-cursor"); err != nil {
		requireClient(t, "node-postgres", errors.New("run npm ci in compat/testdata/node"))
	}
	script := nodeDir + "/check.js"
	want := decodeJSON(t, "node-postgres", runClient(t, oracle(), nil, node, script))
	cursor, _ := want["cursor"].(map[string]any)
	if batches, _ := cursor["batches"].(float64); batches < 2 {
		t.Fatalf("the cursor on PostgreSQL returned %v, want more than one batch", cursor)
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		tg.skipGap(t, "node-postgres")
		got := decodeJSON(t, "node-postgres", runClient(t, tg.gateway(), nil, node, script))
		compareJSON(t, "node-postgres", got, want)
	})
}
