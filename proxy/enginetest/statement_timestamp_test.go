package enginetest

import (
	"context"
	"testing"
)

// TestStatementTimestampMatches compares statement_timestamp() with now()
// in and out of a transaction block in each protocol mode. PostgreSQL
// starts a statement's time at its Query or Bind message, so only the
// first statement of a simple Query outside a block gets the
// transaction's start.
func TestStatementTimestampMatches(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	steps := []string{
		"select statement_timestamp() = now(), statement_timestamp() >= transaction_timestamp()",
		"begin",
		"select statement_timestamp() = now(), statement_timestamp() > now()",
		"select statement_timestamp() = now(), statement_timestamp() > current_timestamp",
		"commit",
		"select statement_timestamp() = now(), statement_timestamp() > now()",
	}
	for _, mode := range protocolModes {
		for _, sql := range steps {
			args := []any{mode}
			if got, want := exactResult(ctx, gw, sql, args), exactResult(ctx, pg, sql, args); got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}
