package duckdb

import "testing"

// BenchmarkNumericScales measures, over a million rows, the _result forms
// that keep each value's scale against DuckDB's DECIMAL. The queries are
// a GROUP BY of a quotient with and without any_value of the _result
// form, a UNION ALL of a DECIMAL(12,2) column with a constant of another
// scale, and lag() with such a default. Each query returns a count, so
// that the rows are computed but not sent.
func BenchmarkNumericScales(b *testing.B) {
	s := openMemory(b)
	runQuery(b, s, "create table numbers as select i::int as n, (i / 100)::decimal(12,2) as d from range(1, 1000001) t(i)")
	mul := "pgway_mul(d, 2, typeof(d), typeof(2))"
	queries := []struct{ name, sql string }{
		{"group/nested", "select count(q) from (select " + mul + " as q from numbers group by " + mul + ")"},
		{"group/any_value", "select count(q) from (select any_value(pgway_mul_result(d, 2, typeof(d), typeof(2))) as q from numbers group by " + mul + ")"},
		{"union/duckdb", "select count(x) from (select d as x from numbers union all select 1.5)"},
		{"union/result", "select count(x) from (select pgway_to_numeric_result(d, typeof(d)) as x from numbers " +
			"union all select pgway_numeric_result('1.5'))"},
		{"lag/duckdb", "select count(x) from (select lag(d::decimal(13,3), 1, 0.001) over (order by n) as x from numbers)"},
		{"lag/result", "select count(x) from (select pgway_numeric_result(lag(d::text, 1, (0.001)::text) over (order by n)) as x from numbers)"},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				runQuery(b, s, q.sql)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/row")
		})
	}
}
