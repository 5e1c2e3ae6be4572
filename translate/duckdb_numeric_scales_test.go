package translate

import (
	"strings"
	"testing"
)

// scaleRelations has numeric columns of two scales, an integer and a
// double precision column.
var scaleRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "s"}: {{"amt", "numeric(12,2)"}, {"a4", "numeric(10,4)"}, {"qty", "integer"}, {"f", "double precision"}},
})

// checkExactRewrites translates each case's SQL with d and compares the
// whole rewrite.
func checkExactRewrites(t *testing.T, d Dialect, cases []struct{ sql, want string }) {
	t.Helper()
	for _, c := range cases {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Fatalf("%s: %v %v", c.sql, err, stmts)
		}
		if got := strings.TrimSpace(stmts[0].Rewritten); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.sql, got, c.want)
		}
	}
}

// TestUnionAllColumnScales checks that the outermost UNION ALL converts
// typed columns to the _result form only where the rows' scales differ.
func TestUnionAllColumnScales(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"select amt from s union all select 1.5 order by 1",
			"SELECT pgway_to_numeric_result(amt, typeof(amt)) AS amt FROM s UNION ALL SELECT pgway_numeric_result('1.5') ORDER BY 1"},
		{"select amt from s union all select a4 from s",
			"SELECT pgway_to_numeric_result(amt, typeof(amt)) AS amt FROM s UNION ALL SELECT pgway_to_numeric_result(a4, typeof(a4)) FROM s"},
		{"select qty as q from s union all select 0.5",
			"SELECT pgway_to_numeric_result(qty, typeof(qty)) AS q FROM s UNION ALL SELECT pgway_numeric_result('0.5')"},
		{"select amt from s union all select (amt + 1)::numeric(10,4) from s",
			"SELECT pgway_to_numeric_result(amt, typeof(amt)) AS amt FROM s UNION ALL " +
				"SELECT pgway_to_numeric_result((amt::\"numeric\"(12, 2) + 1)::numeric(10, 4), typeof((amt::\"numeric\"(12, 2) + 1)::numeric(10, 4))) FROM s"},
		// One scale, integers only or a double keep DuckDB's types.
		{"select amt from s union all select 1.25 union all select null",
			"(SELECT amt FROM s UNION ALL SELECT 1.25) UNION ALL SELECT NULL"},
		{"select qty from s union all select 7", "SELECT qty FROM s UNION ALL SELECT 7"},
		{"select f from s union all select 1.5", "SELECT f FROM s UNION ALL SELECT 1.5"},
		// A derived table's column of UNION ALL keeps its DECIMAL.
		{"select * from (select amt from s union all select 1.5) u",
			"SELECT * FROM (SELECT amt FROM s UNION ALL SELECT 1.5) u"},
	}
	checkExactRewrites(t, DuckDB(DuckDBCapabilities{Relations: scaleRelations}), cases)
}

// TestDerivedConstantScales checks that a derived table's constants of
// different scales take the _result form only where the reading query
// passes them on unchanged.
func TestDerivedConstantScales(t *testing.T) {
	const promoted = "(VALUES (pgway_numeric_result('1.50')), (pgway_numeric_result('2'))) v(x)"
	cases := []struct{ sql, want string }{
		{"select array_agg(x) from (values (1.50), (2)) v(x)", "SELECT array_agg(x) AS array_agg FROM " + promoted},
		{"select x from (values (1.50), (2)) v(x) order by x", "SELECT x FROM " + promoted + " ORDER BY x"},
		{"select * from (values (1.50), (2)) v(x)", "SELECT * FROM " + promoted},
		{"select array_agg(x order by x) from (values (1.50), (2)) v(x)", "SELECT array_agg(x ORDER BY x) AS array_agg FROM " + promoted},
		// GROUP BY groups by the order key and shows the first value.
		{"select x, count(*) from (values (1.50), (2)) v(x) group by x order by x",
			"SELECT any_value(x) AS x, count(*) AS count FROM " + promoted +
				" GROUP BY struct_extract(x, 'pgway_numeric_key') ORDER BY any_value(x)"},
		{"select x, count(*) from (values (7.0 / 2), (3.50)) v(x) group by x",
			"SELECT any_value(x) AS x, count(*) AS count FROM (VALUES (pgway_div_result(7.0, 2::int4, typeof(7.0), typeof(2::int4))), " +
				"(pgway_numeric_result('3.50'))) v(x) GROUP BY struct_extract(x, 'pgway_numeric_key')"},
		// Other uses of mixed scales fail (TestMixedScaleUses); one scale
		// keeps the DECIMAL form.
		{"select x from (values (1.5), (2.5)) v(x)", "SELECT x FROM (VALUES (1.5), (2.5)) v(x)"},
	}
	checkExactRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

// TestGroupedQuotientScale checks that a result column that is a GROUP BY
// quotient shows its first row's value in the _result form.
func TestGroupedQuotientScale(t *testing.T) {
	const q = "pgway_div(amt::\"numeric\"(12, 2), qty::int4, typeof(amt::\"numeric\"(12, 2)), typeof(qty::int4))"
	const qr = "pgway_div_result(amt::\"numeric\"(12, 2), qty::int4, typeof(amt::\"numeric\"(12, 2)), typeof(qty::int4))"
	cases := []struct{ sql, want string }{
		{"select amt / qty, count(*) from s group by amt / qty order by 1",
			"SELECT any_value(" + qr + ") AS \"?column?\", count(*) AS count FROM s GROUP BY " + q + " ORDER BY 1"},
		{"select round(amt / qty, 2) from s group by round(amt / qty, 2)",
			"SELECT any_value(pgway_round_result(" + qr + ", 2, '')) AS round FROM s GROUP BY pgway_round(" + qr + ", 2, '')"},
		// ROLLUP's subtotal rows show NULL for the expression.
		{"select amt / qty from s group by rollup(amt / qty)",
			"SELECT " + q + " AS \"?column?\" FROM s GROUP BY ROLLUP (" + q + ")"},
	}
	checkExactRewrites(t, DuckDB(DuckDBCapabilities{Relations: scaleRelations}), cases)
}

// TestNumericArrayParamScale checks that a numeric[] parameter's result
// column keeps each element's scale, and other uses DuckDB's cast.
func TestNumericArrayParamScale(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"select $1::numeric[]", `SELECT pgway_numeric_array_result(pgway_text_array($1::"varchar")) AS "numeric"`},
		{"select $1", `SELECT pgway_numeric_array_result(pgway_text_array($1::"varchar")) AS "?column?"`},
		{"select 1 = any($1::numeric[])", `SELECT CASE WHEN pgway_text_array($1::"varchar")::numeric(38, 10)[] IS NOT NULL ` +
			`THEN 1 = ANY(pgway_text_array($1::"varchar")::numeric(38, 10)[]) END AS "?column?"`},
		{"select $1::numeric(10,2)[]", `SELECT pgway_text_array($1::"varchar")::numeric(10, 2)[] AS "numeric"`},
	}
	checkExactRewrites(t, WithParamTypes(DuckDB(DuckDBCapabilities{}), []uint32{1231}), cases)
}
