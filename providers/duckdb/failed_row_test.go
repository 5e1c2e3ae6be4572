package duckdb

import (
	"context"
	"errors"
	"testing"

	"pgway/providers"
)

// TestFindFailedRow finds the first failing row of batches whose rows
// break a CHECK, a NOT NULL or a key, and leaves none of them inserted.
func TestFindFailedRow(t *testing.T) {
	ctx := context.Background()
	s := openInsertRows(t)
	if err := run(s, "insert into t (a) values (5000)"); err != nil {
		t.Fatal(err)
	}
	st, err := s.Prepare(ctx, insertRowsSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	finder := s.(providers.FailedRowFinder)
	// withRow returns 3,000 good rows with row i replaced by values.
	withRow := func(i int, values ...any) []any {
		args := insertRowsArgs(1, 3000)
		copy(args[i*8:], values)
		return args
	}
	for _, c := range []struct {
		args []any
		want int
		code string
	}{
		{insertRowsArgs(1, 3000), -1, ""},
		{withRow(0, int64(-1)), 0, "23514"},
		{withRow(2999, nil), 2999, "23502"},
		{withRow(1234, int64(5000)), 1234, "23505"},
		{withRow(2500, int64(7)), 2500, "23505"},
	} {
		got, err := finder.FindFailedRow(ctx, st, c.args)
		var pgErr *providers.Error
		code := ""
		if errors.As(err, &pgErr) {
			code = pgErr.Code
		}
		if got != c.want || code != c.code {
			t.Errorf("FindFailedRow = %d, %v, want %d with SQLSTATE %q", got, err, c.want, c.code)
		}
	}
	if n := queryInt64(t, s, "select count(*) from t"); n != 1 {
		t.Errorf("count(*) = %d after FindFailedRow, want 1", n)
	}
}
