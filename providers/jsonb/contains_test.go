package jsonb

import (
	"context"
	"testing"
)

// containsCases are a @> b with the result PostgreSQL 15.18 returns for
// a::jsonb @> b::jsonb. TestContainsCasesMatchPostgres checks them
// against the test server.
var containsCases = []struct {
	doc, tmpl string
	want      bool
}{
	{`{"a":1}`, `{"a":1}`, true},
	{`{"a":1,"b":2}`, `{"a":1}`, true},
	{`{"a":1}`, `{"a":1,"b":2}`, false},
	{`{"a":1}`, `{}`, true},
	{`{}`, `{}`, true},
	{`{}`, `{"a":1}`, false},
	{`[]`, `[]`, true},
	{`[1,2]`, `[]`, true},
	{`[]`, `[1]`, false},
	{`[1,2,3]`, `[3,1]`, true},
	{`[1,2,3]`, `[1,1,1]`, true},
	{`[1,1]`, `[1,2]`, false},
	{`[1]`, `1`, true},
	{`[1]`, `"1"`, false},
	{`["a",1]`, `"a"`, true},
	{`"a"`, `"a"`, true},
	{`"a"`, `["a"]`, false},
	{`1`, `[1]`, false},
	{`1`, `1`, true},
	{`1`, `1.0`, true},
	{`1.0`, `1`, true},
	{`1`, `1e0`, true},
	{`1e0`, `1.00`, true},
	{`100`, `1e2`, true},
	{`0`, `-0`, true},
	{`0.10`, `0.1`, true},
	{`1`, `2`, false},
	{`"1"`, `1`, false},
	{`true`, `true`, true},
	{`true`, `false`, false},
	{`null`, `null`, true},
	{`[null]`, `null`, true},
	{`[null]`, `[null]`, true},
	{`{"a":null}`, `{"a":null}`, true},
	{`{"a":null}`, `{"a":false}`, false},
	{`{"a":["b"]}`, `{"a":"b"}`, false},
	{`{"a":["b","c"]}`, `{"a":["c"]}`, true},
	{`{"a":{"b":{"c":1,"d":2}}}`, `{"a":{"b":{"c":1.0}}}`, true},
	{`{"a":{"b":{"c":1}}}`, `{"a":{"b":{"c":1,"d":2}}}`, false},
	{`{"a":{"b":1}}`, `{"a":{}}`, true},
	{`{"a":{"b":1}}`, `{"a":[]}`, false},
	{`{"a":[]}`, `{"a":{}}`, false},
	{`[[1,2],[3]]`, `[[1]]`, true},
	{`[[1,2],[3]]`, `[[1,3]]`, false},
	{`[[1,2],[3]]`, `[[2],[3]]`, true},
	{`[["a"]]`, `["a"]`, false},
	{`[["a"]]`, `[["a"]]`, true},
	{`[{"a":1,"b":2}]`, `[{"a":1}]`, true},
	{`[{"a":1}]`, `[{"a":1,"b":2}]`, false},
	{`[{"a":1},{"b":2}]`, `[{"a":1,"b":2}]`, false},
	{`[{"a":1}]`, `{"a":1}`, false},
	{`{"a":1}`, `[{"a":1}]`, false},
	{`[]`, `{}`, false},
	{`{}`, `[]`, false},
	{`[1,[2,[3]]]`, `[[[3]]]`, true},
	{`[1,[2,[3]]]`, `[[3]]`, false},
	{`["a","b"]`, `["b","a","a"]`, true},
	{`{"a":1,"a":2}`, `{"a":1}`, false},
	{`{"a":1,"a":2}`, `{"a":2}`, true},
	{`[1,"1"]`, `["1"]`, true},
	{`["é"]`, `"é"`, true},
	{`[1.5e1]`, `[15.00]`, true},
	{`{"a":[1,2]}`, `{"a":[2,2,1]}`, true},
	{`[true,false]`, `[false]`, true},
	{`{"a":[{"b":[1]}]}`, `{"a":[{"b":[]}]}`, true},
}

func TestContains(t *testing.T) {
	for _, c := range containsCases {
		doc, err := Decode(c.doc)
		if err != nil {
			t.Fatalf("Decode(%s): %v", c.doc, err)
		}
		tmpl, err := Decode(c.tmpl)
		if err != nil {
			t.Fatalf("Decode(%s): %v", c.tmpl, err)
		}
		if got := Contains(doc, tmpl); got != c.want {
			t.Errorf("%s @> %s = %v, PostgreSQL returns %v", c.doc, c.tmpl, got, c.want)
		}
	}
}

func TestContainsCasesMatchPostgres(t *testing.T) {
	conn := connect(t)
	for _, c := range containsCases {
		var got bool
		err := conn.QueryRow(context.Background(), "SELECT $1::jsonb @> $2::jsonb", c.doc, c.tmpl).Scan(&got)
		if err != nil {
			t.Fatalf("%s @> %s: %v", c.doc, c.tmpl, err)
		}
		if got != c.want {
			t.Errorf("PostgreSQL returns %v for %s @> %s, the table says %v", got, c.doc, c.tmpl, c.want)
		}
	}
}

// existsCases are doc ? key with PostgreSQL 15.18's result.
var existsCases = []struct {
	doc, key string
	want     bool
}{
	{`{"a":1,"b":2}`, "a", true},
	{`{"a":1}`, "b", false},
	{`{"a":{"b":1}}`, "b", false},
	{`["a",1]`, "a", true},
	{`[1]`, "1", false},
	{`"a"`, "a", true},
	{`"ab"`, "a", false},
	{`1`, "1", false},
	{`[["a"]]`, "a", false},
	{`{"":1}`, "", true},
	{`null`, "null", false},
	{`[true]`, "true", false},
	{`{"é":1}`, "é", true},
}

func TestExists(t *testing.T) {
	for _, c := range existsCases {
		doc, err := Decode(c.doc)
		if err != nil {
			t.Fatalf("Decode(%s): %v", c.doc, err)
		}
		if got := Exists(doc, c.key); got != c.want {
			t.Errorf("%s ? %q = %v, PostgreSQL returns %v", c.doc, c.key, got, c.want)
		}
	}
}

func TestExistsCasesMatchPostgres(t *testing.T) {
	conn := connect(t)
	for _, c := range existsCases {
		var got bool
		err := conn.QueryRow(context.Background(), "SELECT $1::jsonb ? $2::text", c.doc, c.key).Scan(&got)
		if err != nil {
			t.Fatalf("%s ? %q: %v", c.doc, c.key, err)
		}
		if got != c.want {
			t.Errorf("PostgreSQL returns %v for %s ? %q, the table says %v", got, c.doc, c.key, c.want)
		}
	}
}
