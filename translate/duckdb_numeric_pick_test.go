package translate

import (
	"strings"
	"testing"
)

// TestQuotientScaleForms checks where the DuckDB dialect gives a quotient
// inside coalesce, CASE, greatest, nullif, abs, %, a scalar subquery,
// UNION ALL and VALUES the _result form, which keeps PostgreSQL's scale,
// and where it leaves the nested form.
func TestQuotientScaleForms(t *testing.T) {
	const q = "pgway_div(amount, 7::int4, typeof(amount), typeof(7::int4))"
	const qr = "pgway_div_result(amount, 7::int4, typeof(amount), typeof(7::int4))"
	cases := []struct{ sql, want string }{
		{"select coalesce(amount / 7, 0) from events",
			"SELECT pgway_pick_result(COALESCE(" + q + ", 0), COALESCE(pgway_pick_text(" + qr + "), 0::text)) AS \"coalesce\" FROM events"},
		// Outside result columns the mark is dropped.
		{"select 1 from events where coalesce(amount / 7, 0) > 1 and abs(amount / 7) < 2",
			"SELECT 1 AS \"?column?\" FROM events WHERE COALESCE(" + q + ", 0) > 1 AND abs(" + q + ") < 2"},
		{"select greatest(amount / 7, 1.5) from events",
			"SELECT pgway_pick_result(GREATEST(" + q + ", 1.5), pgway_pick_text(" + qr + "), (1.5)::text) AS \"greatest\" FROM events"},
		{"select nullif(amount / 7, 0), abs(amount / 7) from events",
			"SELECT pgway_pick_result(NULLIF(" + q + ", 0), pgway_pick_text(" + qr + ")) AS \"nullif\", pgway_pick_result(abs(" + q + "), ltrim(pgway_pick_text(" + qr + "), '-')) AS abs FROM events"},
		{"select case when id > 1 then amount / 7 else 0 end * 2 from events",
			"SELECT pgway_mul_result(pgway_pick_result(CASE WHEN id > 1 THEN " + q + " ELSE 0 END, CASE WHEN id > 1 THEN pgway_pick_text(" + qr + ") ELSE 0::text END), 2, '', typeof(2)) AS \"?column?\" FROM events"},
		{"select amount / 7 % 2 from events",
			"SELECT pgway_mod_result(" + qr + ", 2, '', typeof(2)) AS \"?column?\" FROM events"},
		{"select (select amount / 7 from events limit 1)",
			"SELECT (SELECT " + qr + " AS \"?column?\" FROM events LIMIT 1) AS \"?column?\""},
		{"select amount / 7 from events union all select 1.50 union all select null",
			"(SELECT " + qr + ` AS "?column?" FROM events UNION ALL SELECT pgway_numeric_result('1.50')) UNION ALL SELECT NULL`},
		// A row of unknown type, or UNION without ALL, keeps the nested
		// form, which raises 0A000 for a numeric.
		{"select amount / 7 from events union all select id from events",
			"SELECT " + guarded(q, "UNION ALL") + ` AS "?column?" FROM events UNION ALL SELECT id FROM events`},
		{"select amount / 7 from events union select 1",
			"SELECT " + guarded(q, "UNION without ALL") + ` AS "?column?" FROM events UNION SELECT 1`},
		{"values (1.0 / 3, 'a'), (-2, 'b')",
			"SELECT * FROM (VALUES (pgway_div_result(1.0, 3::int4, typeof(1.0), typeof(3::int4)), 'a'), (pgway_numeric_result('-2'), 'b')) \"*VALUES*\"(column1, column2)"},
		{"select coalesce(amount, 0) from events",
			"SELECT COALESCE(amount, 0) AS \"coalesce\" FROM events"},
		{"select round(amount / 7, 25), trunc(amount / 7) from events",
			"SELECT pgway_round_result(" + qr + ", 25, '') AS round, trunc(" + q + ") AS trunc FROM events"},
		{"select sum(amount / 7) from events",
			"SELECT pgway_sum_result(sum(" + q + "), max(pgway_numeric_scale(" + qr + "))) AS sum FROM events"},
		{"select avg(amount / 7) filter (where id > 1) from events",
			"SELECT pgway_div_result(pgway_sum_result(sum(" + q + ") FILTER (WHERE id > 1), max(pgway_numeric_scale(" + qr + ")) FILTER (WHERE id > 1)), " +
				"count(" + q + ") FILTER (WHERE id > 1), '', typeof(count(" + q + ") FILTER (WHERE id > 1))) AS avg FROM events"},
		{"select array[amount / 7, 1], max(amount / 7) from events group by amount",
			"SELECT ARRAY[" + qr + ", pgway_numeric_result('1')] AS \"array\", max(" + qr + ") AS max FROM events GROUP BY amount"},
		// A WITH query's quotient column takes the _result form, and the
		// comparison its nested form.
		{"with t as (select kind, amount / 7 as q from events) select kind, q * 2 from t where q > 1",
			"WITH t AS (SELECT kind, " + qr + " AS q FROM events) SELECT kind, pgway_mul_result(q, 2, typeof(q), typeof(2)) AS \"?column?\" FROM t WHERE pgway_nested(q) > 1"},
		// In GROUP BY it keeps the nested form.
		{"select q, count(*) from (select amount / 7 as q from events) s group by q",
			"SELECT q, count(*) AS count FROM (SELECT " + q + " AS q FROM events) s GROUP BY q"},
	}
	tr := New(10)
	for _, c := range cases {
		stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), c.sql, nil)
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Fatalf("%s: %v %v", c.sql, err, stmts)
		}
		if got := strings.TrimSpace(stmts[0].Rewritten); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.sql, got, c.want)
		}
	}
}

// guarded returns the guard of guardSetOperationTree around the
// nested quotient q in a column of operation.
func guarded(q, operation string) string {
	return "CASE WHEN typeof(" + q + ") = 'DECIMAL(38,20)' THEN error('a numeric quotient as a column of " + operation +
		" is not supported on DuckDB (SQLSTATE 0A000)') ELSE " + q + " END"
}
