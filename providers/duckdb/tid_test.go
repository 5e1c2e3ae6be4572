package duckdb

import "testing"

// TestParseTID checks tid input against PostgreSQL 15.18's tidin.
func TestParseTID(t *testing.T) {
	valid := map[string][2]uint64{
		"(0,1)": {0, 1}, " (0,1)": {0, 1}, "(0, 1)": {0, 1}, "(0,1) ": {0, 1}, "(0,0)": {0, 0},
		"(-1,1)": {4294967295, 1}, "(4294967295,65535)": {4294967295, 65535}, "(+1,2)": {1, 2},
		"x(3,4)": {3, 4}, "5,0,1)": {0, 1}, "(,1)": {0, 1},
	}
	for text, want := range valid {
		block, offset, ok := parseTID(text)
		if !ok || uint64(block) != want[0] || uint64(offset) != want[1] {
			t.Errorf("parseTID(%q) = %d, %d, %v, want %d, %d", text, block, offset, ok, want[0], want[1])
		}
	}
	for _, text := range []string{"( 0,1 )", "(4294967296,1)", "(0,65536)", "0,1", "(0,1,2)", "(1.5,2)", "(0,-1)", "", "( ,1)", "(+,1)", "(0,1"} {
		if block, offset, ok := parseTID(text); ok {
			t.Errorf("parseTID(%q) = %d, %d, want an error", text, block, offset)
		}
	}
}
