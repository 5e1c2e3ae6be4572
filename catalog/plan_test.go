package catalog

import (
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"pgway/providers"
)

// table returns a table with the given columns, as current or desired
// state. PUBLIC has REFERENCES on it, as on every table the plans make.
func table(cols ...column) *relation { return &relation{columns: cols, referencesGranted: true} }

func TestPlanCreatesMissing(t *testing.T) {
	current := newState()
	current.schemas["public"] = "standard public schema"
	desired := newState()
	desired.schemas["public"] = ""
	desired.schemas["sales"] = "sales data"
	desired.relations[relationKey{"sales", "orders"}] = &relation{comment: "one row per order",
		columns: []column{{name: "id", typ: "bigint", notNull: true}, {name: "total", typ: "numeric(10,2)", comment: "EUR"}}}
	desired.relations[relationKey{"public", "v"}] = &relation{view: true,
		columns: []column{{name: "g", typ: "geometry(Geometry,4326)"}}}
	plan := planChanges(current, desired)
	want := []string{
		`COMMENT ON SCHEMA "public" IS NULL`,
		`CREATE SCHEMA "sales"`,
		`GRANT USAGE ON SCHEMA "sales" TO PUBLIC`,
		`COMMENT ON SCHEMA "sales" IS 'sales data'`,
		`CREATE VIEW "public"."v" AS SELECT NULL::geometry(Geometry,4326) AS "g" WHERE false`,
		`GRANT SELECT ON "public"."v" TO PUBLIC`,
		`CREATE TABLE "sales"."orders" ("id" bigint NOT NULL, "total" numeric(10,2))`,
		`GRANT SELECT, REFERENCES ON "sales"."orders" TO PUBLIC`,
		`COMMENT ON TABLE "sales"."orders" IS 'one row per order'`,
		`COMMENT ON COLUMN "sales"."orders"."total" IS 'EUR'`,
	}
	if !slices.Equal(plan, want) {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanAltersInPlace(t *testing.T) {
	key := relationKey{"public", "t"}
	current := newState()
	current.schemas["public"] = ""
	current.schemas["old"] = ""
	current.relations[key] = table(column{name: "a", typ: "integer"}, column{name: "b", typ: "text"})
	current.relations[relationKey{"public", "gone"}] = table()
	desired := newState()
	desired.schemas["public"] = ""
	desired.relations[key] = table(column{name: "a", typ: "bigint", notNull: true}, column{name: "c", typ: "date"})
	plan := planChanges(current, desired)
	want := []string{
		`DROP SCHEMA "old" CASCADE`,
		`DROP TABLE "public"."gone" CASCADE`,
		`ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE bigint USING NULL`,
		`ALTER TABLE "public"."t" ALTER COLUMN "a" SET NOT NULL`,
		`ALTER TABLE "public"."t" DROP COLUMN "b"`,
		`ALTER TABLE "public"."t" ADD COLUMN "c" date`,
	}
	if !slices.Equal(plan, want) {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanRecreatesReorderedTable(t *testing.T) {
	key := relationKey{"public", "t"}
	current := newState()
	current.schemas["public"] = ""
	current.relations[key] = table(column{name: "a", typ: "integer"}, column{name: "b", typ: "text"})
	desired := newState()
	desired.schemas["public"] = ""
	desired.relations[key] = table(column{name: "b", typ: "text"}, column{name: "a", typ: "integer"})
	plan := planChanges(current, desired)
	if len(plan) < 2 || plan[0] != `DROP TABLE "public"."t" CASCADE` || !strings.HasPrefix(plan[1], `CREATE TABLE "public"."t" ("b" text, "a" integer)`) {
		t.Errorf("plan = %q, want the table dropped and made anew", plan)
	}
}

func TestPlanUnchangedIsEmpty(t *testing.T) {
	build := func() *mirrorState {
		s := newState()
		s.schemas["public"] = "x"
		s.relations[relationKey{"public", "t"}] = &relation{comment: "c", referencesGranted: true,
			columns:    []column{{name: "a", typ: "integer", comment: "d", def: "1"}},
			uniqueKeys: []uniqueKey{{name: "t_a_key", columns: []string{"a"}}}}
		s.relations[relationKey{"public", "v"}] = &relation{view: true, columns: []column{{name: "a", typ: "text"}}}
		return s
	}
	if plan := planChanges(build(), build()); len(plan) != 0 {
		t.Errorf("plan = %q, want none", plan)
	}
}

func TestDesiredMirrorSkipsBadNames(t *testing.T) {
	snap := &providers.Snapshot{Schemas: []providers.Schema{
		{Name: "pg_temp_x"},
		{Name: "public", Tables: []providers.Table{
			{Name: "spatial_ref_sys"},
			{Name: "t", Columns: []providers.TableColumn{
				{Name: "ok", Type: "timestamp with time zone"},
				{Name: "evil", Type: "int); DROP TABLE x; --"},
				{Name: strings.Repeat("x", 64), Type: "text"},
			}},
		}},
	}}
	state := desiredMirror(snap, slog.New(slog.NewTextHandler(io.Discard, nil)), "c")
	if _, ok := state.schemas["pg_temp_x"]; ok {
		t.Errorf("schema pg_temp_x kept")
	}
	if _, ok := state.relations[relationKey{"public", "spatial_ref_sys"}]; ok {
		t.Errorf("table spatial_ref_sys kept")
	}
	got := state.relations[relationKey{"public", "t"}].columns
	want := []column{{name: "ok", typ: "timestamp with time zone"}, {name: "evil", typ: "text"}}
	if !slices.Equal(got, want) {
		t.Errorf("columns = %+v, want %+v", got, want)
	}
}

// keyed returns a table of an id and a name column with the primary key
// keyColumns, as the mirror database reads it back: key columns NOT NULL
// and the constraint named as PostgreSQL names it.
func keyed(keyColumns ...string) *relation {
	rel := table(column{name: "id", typ: "bigint"}, column{name: "name", typ: "text"})
	if len(keyColumns) > 0 {
		setPrimaryKey(rel, keyColumns, func() { panic("invalid key") })
		rel.primaryKeyName = "t_pkey"
	}
	return rel
}

func TestPlanPrimaryKeys(t *testing.T) {
	key := relationKey{"public", "t"}
	cases := []struct {
		name          string
		current, want *relation
		plan          []string
	}{
		{"created", nil, keyed("id"), []string{
			`CREATE TABLE "public"."t" ("id" bigint NOT NULL, "name" text)`,
			`GRANT SELECT, REFERENCES ON "public"."t" TO PUBLIC`,
			`ALTER TABLE "public"."t" ADD PRIMARY KEY ("id")`,
		}},
		{"unchanged", keyed("id"), keyed("id"), nil},
		{"appears", keyed(), keyed("name", "id"), []string{
			`ALTER TABLE "public"."t" ALTER COLUMN "id" SET NOT NULL`,
			`ALTER TABLE "public"."t" ALTER COLUMN "name" SET NOT NULL`,
			`ALTER TABLE "public"."t" ADD PRIMARY KEY ("name", "id")`,
		}},
		{"changes", keyed("id"), keyed("name"), []string{
			`ALTER TABLE "public"."t" DROP CONSTRAINT "t_pkey"`,
			`ALTER TABLE "public"."t" ALTER COLUMN "id" DROP NOT NULL`,
			`ALTER TABLE "public"."t" ALTER COLUMN "name" SET NOT NULL`,
			`ALTER TABLE "public"."t" ADD PRIMARY KEY ("name")`,
		}},
		{"disappears", keyed("id"), keyed(), []string{
			`ALTER TABLE "public"."t" DROP CONSTRAINT "t_pkey"`,
			`ALTER TABLE "public"."t" ALTER COLUMN "id" DROP NOT NULL`,
		}},
	}
	for _, c := range cases {
		current := newState()
		current.schemas["public"] = ""
		if c.current != nil {
			current.relations[key] = c.current
		}
		desired := newState()
		desired.schemas["public"] = ""
		desired.relations[key] = c.want
		if plan := planChanges(current, desired); !slices.Equal(plan, c.plan) {
			t.Errorf("key %s: plan:\n%s\nwant:\n%s", c.name, strings.Join(plan, "\n"), strings.Join(c.plan, "\n"))
		}
	}
}

func TestPlanFreesIndexName(t *testing.T) {
	current := newState()
	current.schemas["public"] = ""
	current.relations[relationKey{"public", "t"}] = keyed("id")
	desired := newState()
	desired.schemas["public"] = ""
	desired.relations[relationKey{"public", "t"}] = keyed("id")
	desired.relations[relationKey{"public", "t_pkey"}] = table(column{name: "a", typ: "text"})
	plan := planChanges(current, desired)
	want := []string{
		`ALTER TABLE "public"."t" DROP CONSTRAINT "t_pkey"`,
		`CREATE TABLE "public"."t_pkey" ("a" text)`,
		`GRANT SELECT, REFERENCES ON "public"."t_pkey" TO PUBLIC`,
		`ALTER TABLE "public"."t" ADD PRIMARY KEY ("id")`,
	}
	if !slices.Equal(plan, want) {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
}

func TestDesiredMirrorPrimaryKey(t *testing.T) {
	snap := &providers.Snapshot{Schemas: []providers.Schema{{Name: "public", Tables: []providers.Table{
		{Name: "sites", PrimaryKey: []string{"id"}, Columns: []providers.TableColumn{{Name: "id", Type: "bigint"}, {Name: "name", Type: "text"}}},
		{Name: "bad", PrimaryKey: []string{"missing"}, Columns: []providers.TableColumn{{Name: "id", Type: "bigint"}}},
		{Name: "v", View: true, PrimaryKey: []string{"id"}, Columns: []providers.TableColumn{{Name: "id", Type: "bigint"}}},
	}}}}
	state := desiredMirror(snap, slog.New(slog.NewTextHandler(io.Discard, nil)), "c")
	sites := state.relations[relationKey{"public", "sites"}]
	if !slices.Equal(sites.primaryKey, []string{"id"}) || !sites.columns[0].notNull || sites.columns[1].notNull {
		t.Errorf("sites = %+v, want the key (id) with id NOT NULL", sites)
	}
	if bad := state.relations[relationKey{"public", "bad"}]; len(bad.primaryKey) != 0 {
		t.Errorf("bad has the key %v of a column it lacks", bad.primaryKey)
	}
	if v := state.relations[relationKey{"public", "v"}]; len(v.primaryKey) != 0 {
		t.Errorf("view v has the key %v", v.primaryKey)
	}
}
