package duckdb

import (
	"errors"
	"reflect"
	"testing"

	"pgway/providers"
)

func TestMultiArrayFlattens(t *testing.T) {
	value := []any{[]any{[]any{int32(1), nil}}, []any{[]any{int32(3), int32(4)}}}
	got, err := multiArray(value, 3, identity)
	if err != nil {
		t.Fatal(err)
	}
	want := providers.MultiArray{Dims: []int{2, 1, 2}, Elements: []any{int32(1), nil, int32(3), int32(4)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("multiArray = %#v, want %#v", got, want)
	}
}

func TestMultiArrayRejectsRaggedLists(t *testing.T) {
	cases := []struct {
		name  string
		value []any
		depth int
		code  string
	}{
		{"inner lengths differ", []any{[]any{1}, []any{1, 2}}, 2, "2202E"},
		{"null inner list", []any{[]any{1}, nil}, 2, "22004"},
		{"first inner list empty", []any{[]any{}, []any{1}}, 2, "2202E"},
		{"later inner list empty", []any{[]any{1}, []any{}}, 2, "2202E"},
		{"innermost lengths differ", []any{[]any{[]any{1}}, []any{[]any{1, 2}}}, 3, "2202E"},
	}
	for _, c := range cases {
		_, err := multiArray(c.value, c.depth, identity)
		var pgErr *providers.Error
		if !errors.As(err, &pgErr) || pgErr.Code != c.code {
			t.Errorf("%s: error %v, want SQLSTATE %s", c.name, err, c.code)
		}
	}
}
