package translate

import (
	"strings"
	"testing"
)

// roundedScaleRelations has one table, t, with an integer id, a
// numeric(10,2), an integer and a bigint column.
var roundedScaleRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "t"}: {{"id", "integer"}, {"n", "numeric(10,2)"}, {"a", "integer"}, {"b", "bigint"}},
})

// TestRoundedScaleRows checks that round(), trunc() and div() beside a
// number of another scale keep their own scale in UNION ALL and
// coalesce, and that a quotient beside text in || is written by its
// text.
func TestRoundedScaleRows(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: roundedScaleRelations})
	cases := []struct{ sql, want string }{
		{"select div(7, 2) union all select 1.5", "pgway_to_numeric_result(pgway_div_trunc(7, 2)"},
		{"select round(n, 1) from t union all select 1.55", "pgway_to_numeric_result(round("},
		{"select trunc(a, 1) from t union all select 1.55", "pgway_to_numeric_result(a::int4::numeric(20, 1)"},
		{"select coalesce(round(n, 1), 0) from t", "pgway_pick_result(COALESCE(round("},
		{"select greatest(div(n, 2), 0.5) from t", "pgway_pick_result(GREATEST(pgway_div_trunc("},
		{"select round(avg(n), 1) || '%' from t", "pgway_numeric_out(pgway_round_result("},
		{"select 'x' || avg(n) from t", "'x' || pgway_numeric_out(pgway_avg_result("},
	}
	for _, c := range cases {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Errorf("%s: %v %v", c.sql, err, stmts)
			continue
		}
		if !strings.Contains(stmts[0].Rewritten, c.want) {
			t.Errorf("%s: rewritten to %s, want it to contain %s", c.sql, stmts[0].Rewritten, c.want)
		}
	}
}

// TestArrayConcatScales checks that || of a numeric array and a number
// or array of another scale fails with 0A000, and that arrays of one
// scale, or of integers, still concatenate.
func TestArrayConcatScales(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: roundedScaleRelations})
	rejected := []string{
		"select array_agg(n) || 1.5 from t",
		"select 1.5 || array_agg(n) from t",
		"select array_agg(n) || array[1.5] from t",
		"select array_agg(a) || array[1.5] from t",
		"select array[1.5] || array_agg(b) from t",
		"select array[1.5] || array[2.25]",
		"select array[1, 2] || 2.5",
		"select '{1.5}'::numeric(10,2)[] || 2.5",
	}
	for _, sql := range rejected {
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v %v", sql, err, stmts)
		}
		e := AsError(stmts[0].Err)
		if e == nil || e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, stmts[0].Err)
			continue
		}
		if !strings.Contains(e.Message, "numeric arrays or elements of different scales") {
			t.Errorf("%s: message %q does not name the construct", sql, e.Message)
		}
	}

	kept := []string{
		"select array_agg(a) || 1 from t",
		"select array_agg(b) || 7 from t",
		"select array_agg(a) || array[2] from t",
		"select array_agg(n) || 2.50 from t",
		"select array_agg(n) || n from t group by n",
		"select array_agg(n) || null from t",
		"select array_agg(n) || null::numeric from t",
		"select array_agg(n) || array_agg(n) from t",
		"select array_agg(n) || array[2.25, 3.50] from t",
		"select array[1.5, 2.5] || 3.5",
		"select array[1, 2] || 3",
		"select '{1.5}'::numeric(10,2)[] || 2.50",
		"select '{1}'::int[] || 2",
		"select array[1.5] || null",
		"select array[1.5] || 1.5::float8",
	}
	for _, sql := range kept {
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Errorf("%s: %v %v", sql, err, stmts)
		}
	}
}
