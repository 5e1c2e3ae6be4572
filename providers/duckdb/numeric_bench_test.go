package duckdb

import (
	"context"
	"testing"

	"pgway/providers"
)

// BenchmarkDivision compares DuckDB's own / with pgway_div over a
// million rows of integers and of DECIMAL(10,2) values, and DuckDB's avg
// with pgway_avg. Each iteration sums the quotients, so that one row
// comes back.
func BenchmarkDivision(b *testing.B) {
	s := openMemory(b)
	runQuery(b, s, "create table numbers as select i::int as n, (i / 100)::decimal(10,2) as d from range(1, 1000001) t(i)")
	queries := []struct{ name, sql string }{
		{"int/duckdb", "select sum(n // 7) from numbers"},
		{"int/pgway_div", "select sum(pgway_div(n, 7, typeof(n), typeof(7))) from numbers"},
		{"decimal/duckdb", "select sum(d / 7) from numbers"},
		{"decimal/pgway_div", "select sum(pgway_div(d, 7, typeof(d), typeof(7))) from numbers"},
		{"avg/duckdb", "select avg(d) from numbers"},
		{"avg/pgway_avg", "select pgway_avg_result(sum(d), count(d), typeof(sum(d))) from numbers"},
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

func runQuery(b *testing.B, s providers.Session, sql string) {
	b.Helper()
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		b.Fatalf("prepare %s: %v", sql, err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		b.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		b.Fatalf("%s: %v", sql, err)
	}
}
