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
		got, ok := withNullParams(c.sql, c.types)
		if !ok || got != c.want {
			t.Errorf("withNullParams(%q) = %q, %v; want %q", c.sql, got, ok, c.want)
		}
	}
	if _, ok := withNullParams("SELECT $3", []bindings.Type{bindings.TypeInteger}); ok {
		t.Error("a parameter past the types was written")
	}
}
