package duckdb

import (
	"testing"

	bindings "github.com/duckdb/duckdb-go-bindings"
)

func TestWithNullParams(t *testing.T) {
	for _, c := range []struct {
		sql   string
		types []bindings.Type
		want  string
	}{
		{"SELECT * FROM generate_series(1, $1::int4) g", []bindings.Type{bindings.TypeInteger},
			"SELECT * FROM generate_series(1, NULL::int4) g"},
		{"SELECT '$1', $1 || $2, \"$2\" FROM t", []bindings.Type{bindings.TypeVarchar, bindings.TypeInvalid},
			"SELECT '$1', CAST(NULL AS VARCHAR) || NULL, \"$2\" FROM t"},
		{"SELECT $2 + $1", []bindings.Type{bindings.TypeDate, bindings.TypeInterval},
			"SELECT CAST(NULL AS INTERVAL) + CAST(NULL AS DATE)"},
	} {
		got, ok := withNullParams(c.sql, c.types, false)
		if !ok || got != c.want {
			t.Errorf("withNullParams(%q) = %q, %v; want %q", c.sql, got, ok, c.want)
		}
	}
	if _, ok := withNullParams("SELECT $3", []bindings.Type{bindings.TypeInteger}, false); ok {
		t.Error("a parameter past the types was written")
	}
	zeros, _ := withNullParams("SELECT $1::float8, $2::date, $3, $4", []bindings.Type{
		bindings.TypeInvalid, bindings.TypeInvalid, bindings.TypeBigInt, bindings.TypeVarchar}, true)
	if want := "SELECT 0::float8, NULL::date, CAST(0 AS BIGINT), CAST(NULL AS VARCHAR)"; zeros != want {
		t.Errorf("withNullParams with zeros = %q, want %q", zeros, want)
	}
}
