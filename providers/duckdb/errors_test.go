package duckdb

import (
	"testing"

	"pgway/providers"
)

func TestConvertErrorUsesPostgresMessages(t *testing.T) {
	cases := []struct {
		duck, code, message string
	}{
		{"Invalid Input Error: Division by zero in expression (10 // 0). Use TRY(...) to ignore it",
			"22012", "division by zero"},
		{"Catalog Error: Table with name nosuch does not exist!\nDid you mean \"pg_sequences\"?",
			"42P01", `relation "nosuch" does not exist`},
		{"Binder Error: Referenced column \"foo\" not found in FROM clause!\nCandidate bindings: \"geom\"",
			"42703", `column "foo" does not exist`},
		{"Conversion Error: Could not convert string 'x' to INT32", "22P02",
			"Conversion Error: Could not convert string 'x' to INT32"},
	}
	for _, c := range cases {
		err := convertError(newError(c.duck))
		pgErr, ok := err.(*providers.Error)
		if !ok {
			t.Fatalf("convertError(%q) = %T", c.duck, err)
		}
		if pgErr.Code != c.code || pgErr.Message != c.message {
			t.Errorf("convertError(%q) = %s %q, want %s %q", c.duck, pgErr.Code, pgErr.Message, c.code, c.message)
		}
	}
}
