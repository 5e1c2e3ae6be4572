package duckdb

import (
	"math/big"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

func TestDecimalText(t *testing.T) {
	for _, c := range []struct {
		value int64
		scale uint8
		want  string
	}{
		{150, 2, "1.50"}, {-5, 2, "-0.05"}, {0, 3, "0.000"}, {7, 0, "7"}, {-120, 1, "-12.0"},
	} {
		got := decimalText(duckdb.Decimal{Width: 10, Scale: c.scale, Value: big.NewInt(c.value)})
		if got != c.want {
			t.Errorf("decimalText(%d, scale %d) = %q, want %q", c.value, c.scale, got, c.want)
		}
	}
}

func TestWriteArrayText(t *testing.T) {
	for _, c := range []struct {
		list     []any
		duckType string
		want     string
	}{
		{[]any{int32(1), nil, int32(-3)}, "INTEGER[]", "{1,NULL,-3}"},
		{[]any{"a b", "", "null", `q"b\s`, "{x}", "plain"}, "VARCHAR[]", `{"a b","","null","q\"b\\s","{x}",plain}`},
		{[]any{[]any{int64(1), int64(2)}, []any{int64(3), nil}}, "BIGINT[][]", "{{1,2},{3,NULL}}"},
		{[]any{}, "INTEGER[]", "{}"},
		{[]any{true, false}, "BOOLEAN[3]", "{t,f}"},
		{[]any{[]byte{0, 255}}, "BLOB[]", `{"\\x00ff"}`},
	} {
		var b strings.Builder
		if err := writeText(&b, c.list, c.duckType, 1); err != nil || b.String() != c.want {
			t.Errorf("writeText(%v, %s) = %q, %v; want %q", c.list, c.duckType, b.String(), err, c.want)
		}
	}
}

func TestWriteRecordText(t *testing.T) {
	for _, c := range []struct {
		value    any
		duckType string
		want     string
	}{
		{map[string]any{"a": int32(1), "b": "x y"}, "STRUCT(a INTEGER, b VARCHAR)", `(1,"x y")`},
		{map[string]any{"a": nil, "b": ""}, "STRUCT(a INTEGER, b VARCHAR)", `(,"")`},
		{map[string]any{"q, r": `say "hi" \`, "n": map[string]any{"x": 1.5}}, `STRUCT("q, r" VARCHAR, n STRUCT(x DOUBLE))`,
			`("say ""hi"" \\","(1.5)")`},
		{map[string]any{`a"b`: []any{int32(1), int32(2)}}, `STRUCT("a""b" INTEGER[])`, `("{1,2}")`},
		{[]any{map[string]any{"a": int32(1), "b": "x"}, nil}, "STRUCT(a INTEGER, b VARCHAR)[]", `{"(1,x)",NULL}`},
	} {
		var b strings.Builder
		if err := writeText(&b, c.value, c.duckType, 1); err != nil || b.String() != c.want {
			t.Errorf("writeText(%v, %s) = %q, %v; want %q", c.value, c.duckType, b.String(), err, c.want)
		}
	}
}
