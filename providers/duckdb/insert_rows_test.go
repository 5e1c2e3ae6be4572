package duckdb

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"pgway/providers"
)

func TestReplaceParams(t *testing.T) {
	for _, c := range []struct {
		values string
		want   string
		ok     bool
	}{
		{"$1::int4, $2", "pgway_copy_rows.p1::int4, pgway_copy_rows.p2", true},
		{"f($2, '$1'), \"a$1\"", "f(pgway_copy_rows.p2, '$1'), \"a$1\"", true},
		{"'it''s $1', $1", "'it''s $1', pgway_copy_rows.p1", true},
		{"coalesce($1, ($2))", "coalesce(pgway_copy_rows.p1, (pgway_copy_rows.p2))", true},
		{"$1), ($2", "", false},
		{"$3", "", false},
		{"$", "", false},
		{"'open", "", false},
		{"E'\\'', $1", "", false},
		{"(($1)", "", false},
	} {
		got, ok := replaceParams(c.values, 2)
		if ok != c.ok || got != c.want {
			t.Errorf("replaceParams(%q) = %q, %v, want %q, %v", c.values, got, ok, c.want, c.ok)
		}
	}
}

// openInsertRows opens a session on a new DuckDB file with a table t of
// a NOT NULL and CHECK column, columns of each type InsertRows appends,
// and a column with a default.
func openInsertRows(t *testing.T) providers.Session {
	t.Helper()
	s, err := openFile(context.Background(), fileConnection(filepath.Join(t.TempDir(), "db.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	err = run(s, "create table t (a integer not null primary key check (a > 0), b varchar, c decimal(5,2), "+
		"d date, e timestamptz, f blob, g boolean, h double, k integer default 7)")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// insertRowsArgs returns n rows of values for the 8 parameters of
// insertRowsSQL, with NULLs in every column but a, and a's values from
// first.
func insertRowsArgs(first, n int) []any {
	var args []any
	day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	for i := first; i < first+n; i++ {
		if i%10 == 0 {
			args = append(args, int64(i), nil, nil, nil, nil, nil, nil, nil)
			continue
		}
		args = append(args, int64(i), fmt.Sprintf("row %d", i), fmt.Sprintf("%d.%02d", i%1000, i%100),
			day.AddDate(0, 0, i), day.Add(time.Duration(i)*time.Second), []byte{byte(i)}, i%2 == 0, float64(i)/4)
	}
	return args
}

const insertRowsSQL = "INSERT INTO t (a, b, c, d, e, f, g, h) VALUES ($1::INTEGER, $2, $3, $4, $5, $6, $7, $8)"

func TestInsertRowsMatchesExecute(t *testing.T) {
	ctx := context.Background()
	s := openInsertRows(t)
	st, err := s.Prepare(ctx, insertRowsSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inserter := s.(providers.RowInserter)
	// More rows than one DuckDB vector holds, so the rows take several
	// chunks.
	if err := inserter.InsertRows(ctx, st, insertRowsArgs(1, 5000)); err != nil {
		t.Fatal(err)
	}
	args := insertRowsArgs(5001, 3)
	for i := 0; i < len(args); i += 8 {
		rows, err := s.Execute(ctx, st, args[i:i+8])
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	for _, i := range []int{1, 2, 2049, 4999, 5002} {
		if n := queryInt64(t, s, "select count(*) from t where "+insertedRow(i)); n != 1 {
			t.Errorf("row %d differs from %s", i, insertedRow(i))
		}
	}
	if n := queryInt64(t, s, "select count(*) from t where k = 7"); n != 5003 {
		t.Errorf("%d rows with the default k = 7, want 5003", n)
	}
	nulls := "select count(*) from t where b is null and c is null and d is null and e is null and f is null and g is null and h is null"
	if n := queryInt64(t, s, nulls); n != 500 {
		t.Errorf("%d rows of NULLs, want 500", n)
	}
}

// insertedRow returns the condition that matches row i of insertRowsArgs.
func insertedRow(i int) string {
	day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("a = %d and b = 'row %d' and c = %d.%02d and d = date '%s' and e = timestamptz '%s' "+
		"and f = '\\x%02X'::blob and g = %t and h = %g and k = 7",
		i, i, i%1000, i%100, day.AddDate(0, 0, i).Format(time.DateOnly),
		day.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05+00"), byte(i), i%2 == 0, float64(i)/4)
}

func TestInsertRowsConstraints(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		args []any
		code string
	}{
		{"not null", append(insertRowsArgs(1, 3), nil, "x", nil, nil, nil, nil, nil, nil), "23502"},
		{"check", append(insertRowsArgs(1, 3), int64(-1), "x", nil, nil, nil, nil, nil, nil), "23514"},
		{"primary key", append(insertRowsArgs(1, 3), int64(2), "x", nil, nil, nil, nil, nil, nil), "23505"},
		{"numeric overflow", append(insertRowsArgs(1, 3), int64(4), "x", "12345", nil, nil, nil, nil, nil), "22003"},
	} {
		s := openInsertRows(t)
		st, err := s.Prepare(ctx, insertRowsSQL)
		if err != nil {
			t.Fatal(err)
		}
		err = s.(providers.RowInserter).InsertRows(ctx, st, c.args)
		var pgErr *providers.Error
		if !errors.As(err, &pgErr) || pgErr.Code != c.code {
			t.Errorf("%s: %v, want SQLSTATE %s", c.name, err, c.code)
		}
		st.Close()
		if n := queryInt64(t, s, "select count(*) from t"); n != 0 {
			t.Errorf("%s: %d rows after the failed insert, want 0", c.name, n)
		}
	}
}

func TestInsertRowsRollback(t *testing.T) {
	ctx := context.Background()
	s := openInsertRows(t)
	tx := s.(providers.Transactor)
	st, err := s.Prepare(ctx, insertRowsSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := tx.Begin(ctx, providers.TxOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.(providers.RowInserter).InsertRows(ctx, st, insertRowsArgs(1, 100)); err != nil {
		t.Fatal(err)
	}
	if n := queryInt64(t, s, "select count(*) from t"); n != 100 {
		t.Errorf("%d rows in the transaction, want 100", n)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if n := queryInt64(t, s, "select count(*) from t"); n != 0 {
		t.Errorf("%d rows after ROLLBACK, want 0", n)
	}
}

func TestInsertRowsRejectsOtherStatements(t *testing.T) {
	ctx := context.Background()
	s := openInsertRows(t)
	for _, c := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE t SET b = $1", []any{"x"}},
		{"INSERT INTO t (a) VALUES ($1::INTEGER) RETURNING a", []any{int64(1)}},
		{"INSERT INTO t (a) VALUES ($1::INTEGER), ($2::INTEGER)", []any{int64(1), int64(2)}},
		{"INSERT INTO t (a, b) VALUES ($1::INTEGER, $2)", []any{int64(1), "x", "y", "z"}},
		{"INSERT INTO t (a, b) VALUES ($1::INTEGER, $2)", []any{int64(1), "x", int64(2), int64(3)}},
	} {
		st, err := s.Prepare(ctx, c.sql)
		if err != nil {
			t.Fatal(err)
		}
		err = s.(providers.RowInserter).InsertRows(ctx, st, c.args)
		st.Close()
		if !errors.Is(err, providers.ErrRowsNotInsertable) {
			t.Errorf("%s with %v: %v, want ErrRowsNotInsertable", c.sql, c.args, err)
		}
	}
	if n := queryInt64(t, s, "select count(*) from t"); n != 0 {
		t.Errorf("%d rows, want 0", n)
	}
}
