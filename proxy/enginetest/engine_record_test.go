package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestRecordMatchesPostgreSQL sends ROW constructors, which DuckDB makes
// unnamed STRUCTs, as PostgreSQL's record: the type, the quoting of each
// field in text and the fields in binary.
func TestRecordMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	queries := []string{
		"select row(1, 'a b', null, 1.5::float8, '', 'x\"y\\z', 'p(q)', true)",
		"select (1, 2.5), row(timestamptz '2024-01-01 00:00+00', date '2024-02-29', interval '1 day')",
		"select row(x, y) from (values ('Madrid', 3223334), ('New York', null)) v(x, y) order by x",
		"select row(array[1, 2], row('in', 2))",
		"select row(), row(null, null)",
	}
	for _, sql := range queries {
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec} {
			if got, want := rawResult(ctx, gw, sql, []any{mode}), rawResult(ctx, pg, sql, []any{mode}); got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
		binary := pgx.QueryExecModeCacheDescribe
		if got, want := textResult(ctx, gw, sql, []any{binary}, true), textResult(ctx, pg, sql, []any{binary}, true); got != want {
			t.Errorf("%s (binary)\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
