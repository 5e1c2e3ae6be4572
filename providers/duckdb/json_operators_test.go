package duckdb

import (
	"context"
	"database/sql/driver"
	"errors"
	"testing"

	"pgway/providers"
)

// The expected values below are PostgreSQL 15's; providers/jsonb tests
// containment itself against PostgreSQL.

func TestJSONBContainsFunction(t *testing.T) {
	cases := []struct {
		doc, tmpl string
		want      bool
	}{
		{`{"a": 1, "b": [1, 2]}`, `{"b": [2]}`, true},
		{`{"a": 1}`, `{"a": 1.0}`, true},
		{`["a", 1]`, `"a"`, true},
		{`{"a": ["b"]}`, `{"a": "b"}`, false},
		{`[]`, `{}`, false},
	}
	for _, c := range cases {
		got, err := jsonbContains([]driver.Value{c.doc, c.tmpl})
		if err != nil {
			t.Errorf("%s @> %s: %v", c.doc, c.tmpl, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s @> %s = %v, PostgreSQL returns %v", c.doc, c.tmpl, got, c.want)
		}
	}
}

func TestJSONBContainsInvalidJSON(t *testing.T) {
	_, err := jsonbContains([]driver.Value{`{"a": 1}`, `x`})
	var perr *providers.Error
	if !errors.As(err, &perr) || perr.Code != "22P02" {
		t.Fatalf("@> 'x': error %v, want SQLSTATE 22P02", err)
	}
	if perr.Message != "invalid input syntax for type json" {
		t.Errorf("@> 'x': message %q", perr.Message)
	}
}

func TestJSONBExistsKeysSkipsNulls(t *testing.T) {
	cases := []struct {
		doc  string
		keys []any
		all  bool
		want bool
	}{
		{`{"a": 1}`, []any{"b", "a"}, false, true},
		{`{"a": 1}`, []any{"b", "a"}, true, false},
		{`{"a": 1}`, []any{"a", nil}, true, true},
		{`{"a": 1}`, []any{nil}, false, false},
		{`{}`, []any{}, true, true},
		{`{}`, []any{}, false, false},
		{`["a", "b"]`, []any{"b", "a"}, true, true},
	}
	for _, c := range cases {
		got, err := jsonbExistsKeys([]driver.Value{c.doc, c.keys}, c.all)
		if err != nil {
			t.Errorf("%s %v (all %v): %v", c.doc, c.keys, c.all, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s %v (all %v) = %v, PostgreSQL returns %v", c.doc, c.keys, c.all, got, c.want)
		}
	}
}

func TestJSONBOperandRejectsOtherTypes(t *testing.T) {
	got, err := jsonbOperand([]driver.Value{`{"a": 1}`, "JSON", "operator does not exist: {} ? unknown"})
	if err != nil || got != `{"a": 1}` {
		t.Errorf("JSON operand: %v, %v; want its text", got, err)
	}
	cases := map[string]string{
		"VARCHAR":   "operator does not exist: text ? unknown",
		"INTEGER[]": "operator does not exist: integer[] ? unknown",
	}
	for duckType, message := range cases {
		_, err := jsonbOperand([]driver.Value{"x", duckType, "operator does not exist: {} ? unknown"})
		var perr *providers.Error
		if !errors.As(err, &perr) || perr.Code != "42883" {
			t.Errorf("%s operand: error %v, want SQLSTATE 42883", duckType, err)
			continue
		}
		if perr.Message != message {
			t.Errorf("%s operand: message %q, want %q", duckType, perr.Message, message)
		}
	}
}

// TestJSONBOperatorFunctionsAreStrict runs the registered functions on
// DuckDB, where a NULL argument gives NULL as PostgreSQL's operators do.
func TestJSONBOperatorFunctionsAreStrict(t *testing.T) {
	s := openMemory(t)
	ctx := context.Background()
	sql := `select pgway_jsonb_contains(NULL, '{}') IS NULL, pgway_jsonb_exists('{}', NULL) IS NULL,
		pgway_jsonb_exists_any('{}', NULL) IS NULL, pgway_jsonb_exists_all('{"a": 1}', ['a', NULL])`
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	for i, v := range rows.Values() {
		if v != true {
			t.Errorf("column %d of %s = %v, want true", i+1, sql, v)
		}
	}
}
