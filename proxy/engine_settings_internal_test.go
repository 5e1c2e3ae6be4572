package proxy

import (
	"slices"
	"testing"
)

func TestSplitSearchPath(t *testing.T) {
	for _, c := range []struct {
		value string
		want  []string
	}{
		{`"$user", public`, []string{"$user", "public"}},
		{`sp_a,public`, []string{"sp_a", "public"}},
		{`"SP A", "x""y", b`, []string{"SP A", `x"y`, "b"}},
		{`""`, nil},
		{``, nil},
		{`a, , b`, []string{"a", "b"}},
		{"public,\t\" pg_temp\"", []string{"public", " pg_temp"}},
	} {
		if got := splitSearchPath(c.value); !slices.Equal(got, c.want) {
			t.Errorf("splitSearchPath(%q) = %q, want %q", c.value, got, c.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for value, want := range map[string]int{
		"on": 1, "OFF": 0, "t": 1, "fal": 0, "yes": 1, "n": 0, "1": 1, "0": 0,
		"o": -1, "": -1, "maybe": -1, "2": -1, " true ": 1,
	} {
		on, ok := parseBool(value)
		got := -1
		if ok && on {
			got = 1
		} else if ok {
			got = 0
		}
		if got != want {
			t.Errorf("parseBool(%q) = %t, %t; want %d", value, on, ok, want)
		}
	}
}
