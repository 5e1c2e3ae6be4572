package catalog

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/internal/pgtest"
)

// TestPlanConstraintsOnPostgres applies a plan with unique constraints,
// defaults of each kind that defaultFits accepts and an owner on a real
// PostgreSQL server, then changes them: each plan must reach the desired
// state and leave no change for the next refresh.
func TestPlanConstraintsOnPostgres(t *testing.T) {
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
	if _, err := conn.Exec(ctx, "CREATE ROLE mirror_owner NOLOGIN"); err != nil {
		t.Fatal(err)
	}

	key := relationKey{"public", "t"}
	columns := func(defaults ...string) []column {
		types := []string{"integer", "numeric(5,2)", "character varying(4)", "double precision", "boolean", "text", "bigint"}
		out := make([]column, len(types))
		for i, typ := range types {
			out[i] = column{name: "c" + string(rune('0'+i)), typ: typ, def: defaults[i]}
		}
		return out
	}
	states := []struct {
		name     string
		columns  []column
		unique   [][]string
		estimate float64
	}{
		{"created", columns("-1", "0", "'x'", "1.5", "true", "'it''s'", "9223372036854775807"),
			[][]string{{"c1"}, {"c2", "c0"}}, -1},
		{"defaults changed", columns("2", "-2.5", "''", "-1000.25", "false", "'a''b'", ""),
			[][]string{{"c2", "c0"}}, 3},
		{"defaults dropped", columns("", "", "", "", "", "", "7"), nil, 3},
	}
	for _, state := range states {
		desired := newState()
		desired.schemas["public"] = ""
		desired.owner = "mirror_owner"
		rel := table(state.columns...)
		rel.estimatedRows = state.estimate
		setUniqueKeys(rel, state.unique, func(c []string) { t.Fatalf("invalid unique key %v", c) })
		desired.relations[key] = rel

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
		if err := applyRowEstimates(ctx, tx, desired); err != nil {
			t.Fatalf("%s: %v", state.name, err)
		}
		after, err := readMirror(ctx, tx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}

		if plan := append(planChanges(after, desired), planRowEstimates(after, desired)...); len(plan) != 0 {
			t.Errorf("%s: a second refresh would run:\n%s", state.name, strings.Join(plan, "\n"))
		}
		got := after.relations[key]
		if len(got.uniqueKeys) != len(state.unique) {
			t.Errorf("%s: unique keys %v, want %v", state.name, got.uniqueKeys, state.unique)
		}
		if got.owner != "mirror_owner" {
			t.Errorf("%s: owner %q, want mirror_owner", state.name, got.owner)
		}
		if !got.referencesGranted {
			t.Errorf("%s: PUBLIC lacks REFERENCES", state.name)
		}
		if got.estimatedRows != state.estimate {
			t.Errorf("%s: reltuples %v, want %v", state.name, got.estimatedRows, state.estimate)
		}
	}
}
