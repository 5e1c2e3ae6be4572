package jsonb

import (
	"encoding/json"
	"strconv"
)

// Field returns the value that jsonb's -> operator takes out of doc, a
// value as Decode returns it. With index set, key is an array subscript:
// from the start when it is zero or more and from the end when it is
// negative. A scalar doc is an array of one element, as PostgreSQL 15
// stores it, so subscripts 0 and -1 return it. Otherwise key is an object
// key. It returns false where -> returns NULL: a key or subscript that
// doc does not have, a subscript into an object or a key into an array
// or a scalar.
func Field(doc any, key string, index bool) (any, bool) {
	if index {
		i, err := strconv.Atoi(key)
		if err != nil {
			return nil, false
		}
		switch doc.(type) {
		case map[string]any, []any:
		default:
			doc = []any{doc}
		}
		return element(doc, i)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := obj[key]
	return v, ok
}

// Path returns the value that jsonb's #> operator takes out of doc by the
// path elements. An element is an object key on an object and an array
// subscript on an array, where one that is not an integer matches
// nothing. It returns false where #> returns NULL.
func Path(doc any, path []string) (any, bool) {
	v := doc
	for _, step := range path {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[step]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil {
				return nil, false
			}
			next, ok := element(x, i)
			if !ok {
				return nil, false
			}
			v = next
		default:
			return nil, false
		}
	}
	return v, true
}

func element(doc any, i int) (any, bool) {
	list, ok := doc.([]any)
	if !ok {
		return nil, false
	}
	if i < 0 {
		i += len(list)
	}
	if i < 0 || i >= len(list) {
		return nil, false
	}
	return list[i], true
}

// Text writes v as jsonb's ->> and #>> operators return it: a string
// without its quotes and escapes, a number as numeric prints it, and
// other values as jsonb text. It returns false for the JSON null, which
// the operators return as SQL NULL.
func Text(v any) (string, bool, error) {
	switch x := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return x, true, nil
	case json.Number:
		return PlainNumber(string(x)), true, nil
	}
	text, err := Format(v)
	return text, err == nil, err
}

// Canonical writes the JSON document text as jsonb text in which equal
// jsonb values have equal text: numbers lose trailing fractional zeros,
// so that 1.0 and 1.00 match as jsonb's numeric comparison finds them
// equal.
func Canonical(text string) (string, error) {
	doc, err := Decode(text)
	if err != nil {
		return "", err
	}
	return Format(canonicalNumbers(doc))
}

func canonicalNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		return json.Number(numberKey(x))
	case []any:
		for i, item := range x {
			x[i] = canonicalNumbers(item)
		}
	case map[string]any:
		for key, item := range x {
			x[key] = canonicalNumbers(item)
		}
	}
	return v
}
