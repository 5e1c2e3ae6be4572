package main

import (
	"strings"
	"testing"
)

func TestReadPassword(t *testing.T) {
	cases := []struct{ in, want string }{
		{"secret\n", "secret"},
		{"secret", "secret"},
		{"secret\r\n", "secret"},
		{" spaced out \n", " spaced out "},
		{"first\nsecond\n", "first"},
	}
	for _, tc := range cases {
		got, err := readPassword(strings.NewReader(tc.in))
		if err != nil {
			t.Errorf("readPassword(%q): %v", tc.in, err)
		} else if got != tc.want {
			t.Errorf("readPassword(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := readPassword(strings.NewReader("")); err == nil {
		t.Error("readPassword of empty input returned no error")
	}
}
