package translate

import "testing"

// TestNumericSeriesRewrites checks the forms of generate_series of
// numerics in FROM and in the select list.
func TestNumericSeriesRewrites(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: scaleRelations})
	checkExactRewrites(t, d, []struct{ sql, want string }{
		{"select generate_series(1.5, 3.25, 0.5)",
			"SELECT unnest(pgway_numeric_series('1.5', '3.25', '0.5')::numeric(38, 1)[]) AS generate_series"},
		{"select g, o from s, generate_series(amt, 10) with ordinality g",
			`SELECT g, o FROM s, unnest(pgway_numeric_series(amt::"numeric"(12, 2)::"varchar", '10', '1')::numeric(38, 2)[]) ` +
				"WITH ORDINALITY g(g, ordinality)"},
		{"select generate_series(amt * 2, qty - 1) from s",
			`SELECT unnest(pgway_numeric_series((amt::"numeric"(12, 2) * 2)::"varchar", (qty::int4 - 1)::"varchar", '1')::numeric(38, 2)[]) ` +
				"AS generate_series FROM s"},
		{"select * from generate_series(-1.25, 1)",
			"SELECT * FROM unnest(pgway_numeric_series('-1.25', '1', '1')::numeric(38, 2)[]) generate_series(generate_series)"},
	})
}

// TestNumericSeriesRejections checks that generate_series of numerics
// fails with 0A000 where pgway cannot give the values PostgreSQL's
// scales.
func TestNumericSeriesRejections(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: scaleRelations})
	for _, sql := range []string{
		"select generate_series(1, 2, 0.5)",
		"select * from generate_series(0, 1, 0.1)",
		"select generate_series(amt / 2, 10) from s",
		"select generate_series(1.5 % qty, 3) from s",
	} {
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v %v", sql, err, stmts)
		}
		e, ok := stmts[0].Err.(*Error)
		if !ok || e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, stmts[0].Err)
		}
	}
}

// TestBooleanCastRejections checks PostgreSQL's 42846 for the casts
// between boolean and the numeric types other than integer, and its
// position at the cast.
func TestBooleanCastRejections(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: scaleRelations})
	cases := []struct {
		sql, message string
		position     int
	}{
		{"select 1::int8::bool", "cannot cast type bigint to boolean", 15},
		{"select true::int2", "cannot cast type boolean to smallint", 12},
		{"select amt::boolean from s", "cannot cast type numeric to boolean", 11},
		{"select cast(3000000000 as bool)", "cannot cast type bigint to boolean", 8},
	}
	for _, c := range cases {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v %v", c.sql, err, stmts)
		}
		e, ok := stmts[0].Err.(*Error)
		if !ok || e.Code != "42846" {
			t.Errorf("%s: error %v, want SQLSTATE 42846", c.sql, stmts[0].Err)
			continue
		}
		if e.Message != c.message {
			t.Errorf("%s: message %q, want %q", c.sql, e.Message, c.message)
		}
		if e.Position != c.position {
			t.Errorf("%s: position %d, want %d", c.sql, e.Position, c.position)
		}
	}
}
