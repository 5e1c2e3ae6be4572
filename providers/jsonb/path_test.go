package jsonb

import "testing"

func TestFieldAndPath(t *testing.T) {
	doc, err := Decode(`{"a": {"b": [1.50, 2e1, null]}, "1": "one"}`)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		got  func() (any, bool)
		want string // jsonb text, or "" for NULL
	}{
		{"key", func() (any, bool) { return Field(doc, "a", false) }, `{"b": [1.50, 20, null]}`},
		{"missing key", func() (any, bool) { return Field(doc, "x", false) }, ""},
		{"subscript of an object", func() (any, bool) { return Field(doc, "1", true) }, ""},
		{"numeric key of an object", func() (any, bool) { return Field(doc, "1", false) }, `"one"`},
		{"path", func() (any, bool) { return Path(doc, []string{"a", "b", "0"}) }, `1.50`},
		{"path from the end", func() (any, bool) { return Path(doc, []string{"a", "b", "-2"}) }, `20`},
		{"path past the end", func() (any, bool) { return Path(doc, []string{"a", "b", "3"}) }, ""},
		{"path with a key into an array", func() (any, bool) { return Path(doc, []string{"a", "b", "x"}) }, ""},
		{"path into a scalar", func() (any, bool) { return Path(doc, []string{"1", "x"}) }, ""},
		{"empty path", func() (any, bool) { return Path(doc, nil) }, `{"1": "one", "a": {"b": [1.50, 20, null]}}`},
		{"JSON null", func() (any, bool) { return Path(doc, []string{"a", "b", "2"}) }, `null`},
	}
	for _, c := range cases {
		v, ok := c.got()
		if !ok {
			if c.want != "" {
				t.Errorf("%s: NULL, want %s", c.name, c.want)
			}
			continue
		}
		text, err := Format(v)
		if err != nil || text != c.want {
			t.Errorf("%s: %s (%v), want %s", c.name, text, err, c.want)
		}
	}
}

func TestText(t *testing.T) {
	cases := []struct {
		doc  string
		want string
		ok   bool
	}{
		{`"a\"b"`, `a"b`, true},
		{`1.50`, `1.50`, true},
		{`1e2`, `100`, true},
		{`null`, ``, false},
		{`[1.0, {"b": true}]`, `[1.0, {"b": true}]`, true},
	}
	for _, c := range cases {
		doc, err := Decode(c.doc)
		if err != nil {
			t.Fatal(err)
		}
		text, ok, err := Text(doc)
		if err != nil || ok != c.ok || text != c.want {
			t.Errorf("Text(%s) = %q, %v, %v; want %q, %v", c.doc, text, ok, err, c.want, c.ok)
		}
	}
}

func TestCanonical(t *testing.T) {
	cases := [][2]string{
		{`{"b": 1.0, "a": [1.50, -0.0, 100]}`, `{"a": [1.5, 0, 100], "b": 1}`},
		{`{"a":1, "a":2}`, `{"a": 2}`},
		{`1e2`, `100`},
		{`"1.0"`, `"1.0"`},
	}
	for _, c := range cases {
		got, err := Canonical(c[0])
		if err != nil || got != c[1] {
			t.Errorf("Canonical(%s) = %s, %v; want %s", c[0], got, err, c[1])
		}
	}
}
