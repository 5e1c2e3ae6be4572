package translate

import (
	"strings"
	"testing"
)

// TestInferParamTypes checks the types that untyped parameters take from
// the column or value beside them.
func TestInferParamTypes(t *testing.T) {
	rel := NewRelations(map[[2]string][]RelationColumn{
		{"public", "c"}: {{Name: "name", Type: "text"}, {Name: "lat", Type: "double precision"},
			{Name: "n", Type: "numeric(10,2)"}, {Name: "tags", Type: "text[]"}},
	})
	d := WithRelations(DuckDB(DuckDBCapabilities{}), rel)
	cases := []struct{ sql, want string }{
		{"select count(*) from c where name like $1 || '%'", `$1::text || '%'`},
		{"select lat + $1 from c", `lat::float8 + $1::float8`},
		{"select * from c where n > $1", `pgway_to_numeric($1::"varchar", 'VARCHAR')`},
		{"select * from c where name = any($1)", `ANY(pgway_text_array($1::"varchar")::text[])`},
		{"select * from c where $1 = lat", `$1::float8 = lat`},
		{"select * from c limit $1 offset $2", `LIMIT $1::int8 OFFSET $2::int8`},
		// A date beside + takes no type: PostgreSQL's choice depends on
		// the other operand's operators.
		{"select current_date + $1", `+ $1`},
	}
	for _, c := range cases {
		stmts, err := New(4).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := stmts[0].Rewritten; stmts[0].Err != nil || !strings.Contains(got, c.want) {
			t.Errorf("%s = %s, %v; want it to contain %s", c.sql, got, stmts[0].Err, c.want)
		}
	}
}
