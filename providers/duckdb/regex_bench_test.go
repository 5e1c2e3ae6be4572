package duckdb

import "testing"

// BenchmarkRegex compares DuckDB's own regular expression functions,
// which use RE2 and read patterns with RE2's syntax, with pgway's, which
// read them as PostgreSQL does and match with Go's regexp package, over
// a million short strings. Each iteration counts or sums over all rows,
// so that one row comes back.
func BenchmarkRegex(b *testing.B) {
	s := openMemory(b)
	runQuery(b, s, "create table words as select 'San ' || i::varchar || ' de la Sierra' as w from range(1, 1000001) t(i)")
	queries := []struct{ name, sql string }{
		{"match/duckdb", "select count(*) from words where regexp_matches(w, '^San [0-9]+7 ')"},
		{"match/pgway", "select count(*) from words where pgway_regex_test(w, '^San [0-9]+7 ', '')"},
		{"imatch/duckdb", "select count(*) from words where regexp_matches(w, 'sierra$', 'i')"},
		{"imatch/pgway", "select count(*) from words where pgway_regex_test(w, 'sierra$', 'i')"},
		{"replace/duckdb", "select sum(length(regexp_replace(w, '[aeiou]', '_', 'g'))) from words"},
		{"replace/pgway", "select sum(length(pgway_regexp_replace(w, '[aeiou]', '_', 'g'))) from words"},
		{"substring/duckdb", "select sum(length(regexp_extract(w, '([0-9]+)', 1))) from words"},
		{"substring/pgway", "select sum(length(pgway_substring_regex(w, '([0-9]+)'))) from words"},
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
