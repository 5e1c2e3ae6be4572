package translate

import (
	"strings"
	"testing"
)

// TestRenameAnalyze checks where renames and ANALYZE run: on DuckDB, with
// PostgreSQL's command tags, and nowhere else.
func TestRenameAnalyze(t *testing.T) {
	for _, c := range []struct {
		sql, tag, rewritten string
		dialect             Dialect
	}{
		{"alter table s.t__tmp rename to t", "ALTER TABLE", "ALTER TABLE s.t__tmp RENAME TO t", DuckDB(DuckDBCapabilities{})},
		{"alter view s.v rename to w", "ALTER VIEW", "ALTER VIEW s.v RENAME TO w", DuckDB(DuckDBCapabilities{})},
		{"alter table t rename column a to b", "ALTER TABLE", "ALTER TABLE t RENAME COLUMN a TO b", DuckDB(DuckDBCapabilities{})},
		{"analyze t", "ANALYZE", "ANALYZE t", DuckDB(DuckDBCapabilities{})},
		{"analyze", "ANALYZE", "ANALYZE", DuckDB(DuckDBCapabilities{})},
		{"alter table t rename to u", "", "0A000", Snowflake()},
		{"analyze t", "", "0A000", BigQuery(BigQueryOptions{})},
		{"alter table if exists t rename to u", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter table only t rename to u", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter view v rename column a to b", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter index i rename to j", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter schema s rename to r", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter sequence q rename to r", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter table pg_catalog.pg_class rename to x", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"alter table information_schema.tables rename column table_name to x", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"analyze pg_class", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"vacuum t", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"analyze verbose t", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"analyze t (a)", "", "0A000", DuckDB(DuckDBCapabilities{})},
		{"analyze t, u", "", "0A000", DuckDB(DuckDBCapabilities{})},
	} {
		statements, err := New(16).Translate(c.dialect, c.sql, &Session{})
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		st := statements[0]
		if c.rewritten == "0A000" {
			if e := AsError(st.Err); e == nil || e.Code != CodeFeatureNotSupported {
				t.Errorf("%s on %s: %v, want 0A000", c.sql, c.dialect.Name(), st.Err)
			}
			continue
		}
		if st.Err != nil || st.Tag != c.tag || !strings.Contains(st.Rewritten, c.rewritten) {
			t.Errorf("%s: tag %q, %q, %v; want tag %q, %q", c.sql, st.Tag, st.Rewritten, st.Err, c.tag, c.rewritten)
		}
	}
}
