package jsonb

import (
	"encoding/json"
	"strings"
)

// Contains reports whether doc contains tmpl as jsonb's @> operator
// decides it, both values as Decode returns them. An object contains an
// object whose every key it has with a contained value. An array
// contains an array each of whose elements is contained in some element
// of it, regardless of order and duplicates. Scalars are contained when
// they are equal, numbers by numeric value. Of the top-level values, an
// array contains a scalar that is one of its elements, as PostgreSQL
// stores a top-level scalar as a one-element array. Below the top level,
// a value contains only a value of its own kind.
func Contains(doc, tmpl any) bool {
	_, docObject := doc.(map[string]any)
	_, tmplObject := tmpl.(map[string]any)
	if docObject != tmplObject {
		return false
	}
	if docObject {
		return containsValue(doc, tmpl)
	}
	docItems, docScalar := topLevelItems(doc)
	tmplItems, tmplScalar := topLevelItems(tmpl)
	if docScalar && !tmplScalar {
		// A scalar does not contain an array, not even [itself].
		return false
	}
	return containsItems(docItems, tmplItems)
}

// topLevelItems returns a top-level array's elements, or a scalar as a
// one-element array and true.
func topLevelItems(v any) ([]any, bool) {
	if items, ok := v.([]any); ok {
		return items, false
	}
	return []any{v}, true
}

// containsValue is containment below the top level.
func containsValue(doc, tmpl any) bool {
	switch t := tmpl.(type) {
	case map[string]any:
		obj, ok := doc.(map[string]any)
		if !ok {
			return false
		}
		for key, want := range t {
			have, ok := obj[key]
			if !ok || !containsValue(have, want) {
				return false
			}
		}
		return true
	case []any:
		items, ok := doc.([]any)
		return ok && containsItems(items, t)
	}
	return scalarEqual(doc, tmpl)
}

// containsItems reports whether every element of tmpl is contained in
// some element of items: a scalar by an equal scalar, an object or an
// array by an element of the same kind that contains it.
func containsItems(items, tmpl []any) bool {
	for _, want := range tmpl {
		found := false
		for _, have := range items {
			if containsValue(have, want) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// scalarEqual compares two scalars as jsonb's equality does: strings by
// their bytes and numbers by numeric value. A container equals no scalar.
func scalarEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		return ok && numberKey(x) == numberKey(y)
	}
	return false
}

// numberKey writes a number in plain notation without trailing
// fractional zeros, so that numbers equal in value as numeric have equal
// keys: 1, 1.0, 1.00 and 1e0 all become 1.
func numberKey(n json.Number) string {
	plain := PlainNumber(string(n))
	if strings.Contains(plain, ".") {
		plain = strings.TrimSuffix(strings.TrimRight(plain, "0"), ".")
	}
	return plain
}

// Exists reports whether key is a top-level key of an object, or a
// string element of a top-level array, as jsonb's ? operator decides
// it. A top-level string counts as an array of itself.
func Exists(doc any, key string) bool {
	switch x := doc.(type) {
	case map[string]any:
		_, ok := x[key]
		return ok
	case []any:
		for _, item := range x {
			if s, ok := item.(string); ok && s == key {
				return true
			}
		}
		return false
	case string:
		return x == key
	}
	return false
}
