package compat

import (
	"encoding/json"
	"reflect"
	"testing"
)

// decodeJSON decodes the JSON document that a client program printed.
func decodeJSON(t *testing.T, client, out string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%s printed invalid JSON: %v\n%s", client, err, tail(out, 40))
	}
	return doc
}

// compareJSON reports each top-level key whose value differs between got
// and want.
func compareJSON(t *testing.T, client string, got, want map[string]any) {
	t.Helper()
	for key, w := range want {
		if g := got[key]; !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %s is\n\t%s\nPostgreSQL returns\n\t%s", client, key, marshal(g), marshal(w))
		}
	}
	for key, g := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("%s: unexpected %s: %s", client, key, marshal(g))
		}
	}
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
