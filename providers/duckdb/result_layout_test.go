package duckdb

import (
	"context"
	"fmt"
	"testing"
)

// TestChangedElementTypeFails binds a BIGINT to a statement that DuckDB
// described with an INTEGER[] or SMALLINT[] result. DuckDB then returns
// BIGINT[], which decoding as the described type would read as other
// numbers, so the execution must fail as PostgreSQL fails when a prepared
// result's type changes. A VARCHAR, which DuckDB casts to the described
// element type, still reads.
func TestChangedElementTypeFails(t *testing.T) {
	s := openMemory(t)
	ctx := context.Background()
	for _, c := range []struct{ sql, want string }{
		{"SELECT [$1, 2::INTEGER]", "[3 2]"},
		{"SELECT [$1, 2::SMALLINT]", "[3 2]"},
		{"SELECT [2::INTEGER, $1, NULL]", "[2 3 <nil>]"},
	} {
		st, err := s.Prepare(ctx, c.sql)
		if err != nil {
			t.Fatalf("prepare %s: %v", c.sql, err)
		}
		defer st.Close()
		if rows, err := s.Execute(ctx, st, []any{int64(1)}); err == nil {
			var values []string
			for rows.Next() {
				values = append(values, fmt.Sprint(rows.Values()...))
			}
			rows.Close()
			t.Errorf("%s with a BIGINT returned %v, want SQLSTATE 0A000", c.sql, values)
		} else if code := sqlstate(err); code != "0A000" {
			t.Errorf("%s with a BIGINT failed with %s, want 0A000", c.sql, code)
		}

		rows, err := s.Execute(ctx, st, []any{"3"})
		if err != nil {
			t.Fatalf("%s with a VARCHAR: %v", c.sql, err)
		}
		if !rows.Next() {
			t.Fatalf("%s with a VARCHAR returned no row: %v", c.sql, rows.Err())
		}
		got := fmt.Sprint(rows.Values()...)
		rows.Close()
		if got != c.want {
			t.Errorf("%s with a VARCHAR = %s, want %s", c.sql, got, c.want)
		}
	}
}
