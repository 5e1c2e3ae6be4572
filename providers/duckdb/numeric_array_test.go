package duckdb

import (
	"database/sql/driver"
	"errors"
	"testing"

	"pgway/providers"
)

func TestNumericArrayKeepsScales(t *testing.T) {
	out, err := numericArray([]driver.Value{[]any{"1.50", nil, " 2 ", "-0.125"}})
	if err != nil {
		t.Fatal(err)
	}
	list := out.([]any)
	want := []any{"1.50", nil, "2", "-0.125"}
	if len(list) != len(want) {
		t.Fatalf("got %d elements, want %d", len(list), len(want))
	}
	for i, w := range want {
		if w == nil {
			if list[i] != nil {
				t.Errorf("element %d: got %v, want NULL", i, list[i])
			}
			continue
		}
		if text := list[i].(map[string]any)[numericTextField]; text != w {
			t.Errorf("element %d: got %v, want %s", i, text, w)
		}
	}
}

func TestNumericArrayErrors(t *testing.T) {
	for element, code := range map[string]string{"abc": "22P02", "NaN": "0A000", "-Infinity": "0A000"} {
		_, err := numericArray([]driver.Value{[]any{"1", element}})
		var pe *providers.Error
		if !errors.As(err, &pe) || pe.Code != code {
			t.Errorf("%s: got %v, want SQLSTATE %s", element, err, code)
		}
	}
}
