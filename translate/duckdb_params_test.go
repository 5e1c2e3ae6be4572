package translate

import (
	"strings"
	"testing"
)

func TestParamTypes(t *testing.T) {
	cases := []struct {
		sql  string
		oids []uint32
		want string
	}{
		// PostgreSQL's int4 for $1 makes 1 + $1 one operator on DuckDB.
		{"select 1 + $1", []uint32{23}, `SELECT 1 + $1::int4 AS "?column?"`},
		{"select qty - $1 from t limit $2", []uint32{23, 20}, `SELECT qty - $1::int4 AS "?column?" FROM t LIMIT $2::int8`},
		// The client's own cast stays.
		{"select $1::int8 + 1", []uint32{20}, `SELECT $1::int8 + 1`},
		// A type that keeps DuckDB's inference, and a parameter without
		// a type, which is text alone in the select list.
		{"select $1, $2", []uint32{114, 0}, `SELECT $1 AS "?column?", $2::text AS "?column?"`},
		{"select $1, $2 + 1", nil, `SELECT $1::text AS "?column?", $2::int4 + 1 AS "?column?"`},
		{"select $1, $1 || 'a'", nil, `SELECT $1::text AS "?column?", $1::text || 'a' AS "?column?"`},
		// In a set operation it takes the type of the column's other values.
		{"select $1 union all select 1", nil, `SELECT $1::int4 AS "?column?" UNION ALL SELECT 1`},
		// The client's cast applies to the parameter's own type.
		{"select $1::timestamp", []uint32{1184}, `$1::timestamptz::timestamp`},
		{"select $1::float8", []uint32{700}, `$1::float4::float8`},
		{"select $1::int4[]", []uint32{1007}, `pgway_text_array($1::"varchar")::int4[]`},
		// Numeric values that INSERT and UPDATE assign take the column's
		// type on DuckDB.
		{"insert into t (n) values ($1)", []uint32{1700}, `VALUES ($1)`},
		{"update t set n = $1 where id = $2", []uint32{1700, 23}, `SET n = $1 WHERE id = $2::int4`},
		// Numerics keep the scale of the value.
		{"select $1", []uint32{1700}, `pgway_to_numeric_result($1::"varchar", 'VARCHAR')`},
		{"select $1::numeric", []uint32{1700}, `pgway_to_numeric_result($1::"varchar", 'VARCHAR')`},
		{"select $1::numeric(10,2)", []uint32{1700}, `$1::numeric(10, 2)`},
		// Arrays come in PostgreSQL's text form.
		{"select 1 = any($1)", []uint32{1007}, `pgway_text_array($1::"varchar")::int4[]`},
		{"select $1::text[]", []uint32{1009}, `pgway_text_array($1::"varchar")::text[]`},
	}
	for _, c := range cases {
		d := WithParamTypes(DuckDB(DuckDBCapabilities{}), c.oids)
		stmts, err := New(4).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := stmts[0].Rewritten; stmts[0].Err != nil || !strings.Contains(got, c.want) {
			t.Errorf("%s with %v = %s, %v; want it to contain %s", c.sql, c.oids, got, stmts[0].Err, c.want)
		}
	}
}

func TestWithParamTypesName(t *testing.T) {
	base := DuckDB(DuckDBCapabilities{})
	if d := WithParamTypes(base, []uint32{0, 0}); d != base {
		t.Errorf("no declared type: got dialect %s, want %s itself", d.Name(), base.Name())
	}
	a, b := WithParamTypes(base, []uint32{23}), WithParamTypes(base, []uint32{20})
	if a.Name() == b.Name() || a.Name() == base.Name() {
		t.Errorf("names %q, %q and %q must differ: the cache keys rewrites by them", a.Name(), b.Name(), base.Name())
	}
	if again := WithParamTypes(a, []uint32{23}); again.Name() != a.Name() {
		t.Errorf("same types again: %q, want %q", again.Name(), a.Name())
	}
	if back := WithParamTypes(a, nil); back.Name() != base.Name() {
		t.Errorf("without types: %q, want %q", back.Name(), base.Name())
	}
	sf := Snowflake()
	if d := WithParamTypes(sf, []uint32{23}); d != sf {
		t.Errorf("Snowflake dialect changed to %s", d.Name())
	}
}
