package catalog

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/internal/pgtest"
)

// TestPlanPrimaryKeysOnPostgres applies plans that add, change and drop a
// primary key on a real PostgreSQL server and reads the mirror back: each
// plan must reach the desired state, leave no change for the next
// refresh, and keep the table's OID.
func TestPlanPrimaryKeysOnPostgres(t *testing.T) {
	if _, err := pgtest.RequireBinary("initdb"); err != nil {
		t.Skipf("no PostgreSQL server: %v", err)
	}
	server, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Stop() })
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.AdminDSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	tableKey := relationKey{"public", "t"}
	states := []struct {
		name string
		key  []string
		// other is a second table, named like the first one's key index.
		other bool
	}{
		{"created with a key", []string{"id"}, false},
		{"key over two columns", []string{"name", "id"}, false},
		{"a table takes the index's name", []string{"name", "id"}, true},
		{"key dropped", nil, true},
		{"key again", []string{"id"}, true},
	}
	var oid uint32
	for i, state := range states {
		desired := newState()
		desired.schemas["public"] = ""
		rel := table(column{name: "id", typ: "bigint"}, column{name: "name", typ: "text"})
		if state.key != nil {
			setPrimaryKey(rel, state.key, func() { t.Fatalf("invalid key %v", state.key) })
		}
		desired.relations[tableKey] = rel
		if state.other {
			desired.relations[relationKey{"public", "t_pkey"}] = table(column{name: "a", typ: "text"})
		}

		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		current, err := readMirror(ctx, tx)
		if err != nil {
			t.Fatalf("%s: read the mirror: %v", state.name, err)
		}
		for _, sql := range planChanges(current, desired) {
			if _, err := tx.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %s: %v", state.name, sql, err)
			}
		}
		after, err := readMirror(ctx, tx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}

		if plan := planChanges(after, desired); len(plan) != 0 {
			t.Errorf("%s: a second refresh would run:\n%s", state.name, strings.Join(plan, "\n"))
		}
		if got := after.relations[tableKey].primaryKey; !slices.Equal(got, state.key) {
			t.Errorf("%s: primary key %v, want %v", state.name, got, state.key)
		}
		var currentOID uint32
		if err := conn.QueryRow(ctx, "SELECT 'public.t'::regclass::oid").Scan(&currentOID); err != nil {
			t.Fatal(err)
		}
		if i > 0 && currentOID != oid {
			t.Errorf("%s: table OID changed from %d to %d", state.name, oid, currentOID)
		}
		oid = currentOID
	}
}
