package duckdb

import (
	"context"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/config"
	"pgway/providers"
)

// queryInt64 runs sql on s and returns the first column of its one row.
func queryInt64(t *testing.T, s providers.Session, sql string) int64 {
	t.Helper()
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		t.Fatalf("prepare %q: %v", sql, err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		t.Fatalf("execute %q: %v", sql, err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%q returned no row: %v", sql, rows.Err())
	}
	n, ok := rows.Values()[0].(int64)
	if !ok {
		t.Fatalf("%q returned %T, want int64", sql, rows.Values()[0])
	}
	return n
}

func TestDemoTables(t *testing.T) {
	s, err := openDemo(context.Background(), &config.Connection{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checks := []struct {
		sql  string
		want int64
	}{
		{"select count(*) from cities", 171075},
		{"select count(*) from cities where admin1 is null", 100},
		{"select count(*) from cities where name = 'Madrid' and country = 'ES'", 1},
		{"select count(*) from countries", 177},
		{"select count(*) from countries where id = '724' and name = 'Spain'", 1},
	}
	for _, c := range checks {
		if got := queryInt64(t, s, c.sql); got != c.want {
			t.Errorf("%s = %d, want %d", c.sql, got, c.want)
		}
	}
}

func TestDemoLockedDown(t *testing.T) {
	s, err := openDemo(context.Background(), &config.Connection{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := demo.db.connector.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conn := c.(*duckdb.Conn)
	for _, sql := range []string{
		"select count(*) from read_csv('/etc/hostname')",
		"set enable_external_access = true",
		"set allowed_directories = ['/']",
	} {
		if _, err := conn.ExecContext(context.Background(), sql, nil); err == nil {
			t.Errorf("%s: succeeded on the demo warehouse", sql)
		}
	}
}
