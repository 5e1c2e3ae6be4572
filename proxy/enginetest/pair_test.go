package enginetest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// typedFilePair connects to pgway on a new DuckDB file and to the oracle,
// whose connection the test's cleanup closes.
func typedFilePair(t *testing.T) (gw, pg *pgx.Conn) {
	t.Helper()
	gw = connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	pg, err := pgx.Connect(context.Background(), oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	return gw, pg
}

// execOnBoth runs each statement on both connections and stops the test
// at the first that fails.
func execOnBoth(t *testing.T, gw, pg *pgx.Conn, statements []string) {
	t.Helper()
	for _, sql := range statements {
		for _, conn := range []*pgx.Conn{gw, pg} {
			if _, err := conn.Exec(context.Background(), sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
}

// compareExact runs each statement on both connections in every protocol
// mode, or in the simple protocol only for a string of several
// statements, and fails the test where the rows, types or errors differ
// (exactResult).
func compareExact(t *testing.T, gw, pg *pgx.Conn, statements []string) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range statements {
		modes := protocolModes
		if strings.Contains(sql, ";") {
			modes = modes[:1]
		}
		for _, mode := range modes {
			want, got := exactResult(ctx, pg, sql, []any{mode}), exactResult(ctx, gw, sql, []any{mode})
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}
