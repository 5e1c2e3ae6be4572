package catalog

import (
	"slices"
	"strings"
	"testing"
)

// TestPlanRenamesColumn checks that a column renamed on the warehouse is
// renamed in the mirror, where it keeps its number, and that a column of
// another type in its place is a new column.
func TestPlanRenamesColumn(t *testing.T) {
	key := relationKey{"public", "t"}
	current := newState()
	current.schemas["public"] = ""
	current.relations[key] = table(column{name: "a", typ: "integer"}, column{name: "b", typ: "text"}, column{name: "c", typ: "date"})
	desired := newState()
	desired.schemas["public"] = ""
	desired.relations[key] = table(column{name: "a", typ: "integer"}, column{name: "bb", typ: "text"}, column{name: "d", typ: "integer"})
	plan := planChanges(current, desired)
	want := []string{
		`ALTER TABLE "public"."t" RENAME COLUMN "b" TO "bb"`,
		`ALTER TABLE "public"."t" DROP COLUMN "c"`,
		`ALTER TABLE "public"."t" ADD COLUMN "d" integer`,
	}
	if !slices.Equal(plan, want) {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
}
