package translate

import "testing"

func TestExplainOptions(t *testing.T) {
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), []rewriteCase{
		{"explain select 1", "EXPLAIN SELECT 1"},
		{"explain (analyze, costs off, verbose, buffers) select 1", "EXPLAIN (ANALYZE) SELECT 1"},
		{"explain (analyze false, format text, timing false) select 1", "EXPLAIN SELECT 1"},
	})
	checkErrorCases(t, []errorCase{
		{"explain (format json) select 1", CodeFeatureNotSupported, "EXPLAIN (FORMAT JSON) is not supported on this warehouse"},
		{"explain (timing) select 1", "22023", "EXPLAIN option TIMING requires ANALYZE"},
		{"explain (wal) select 1", "22023", "EXPLAIN option WAL requires ANALYZE"},
		{"explain (foo) select 1", CodeSyntaxError, `unrecognized EXPLAIN option "foo"`},
	})
}
