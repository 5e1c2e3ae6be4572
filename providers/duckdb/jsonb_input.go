package duckdb

import (
	"strings"

	"pgway/providers"
	"pgway/providers/jsonb"
)

// normalizeJSONB rewrites a jsonb document as PostgreSQL prints it. Text
// that DuckDB's JSON type accepts and PostgreSQL 15's jsonb input rejects
// fails with jsonb's SQLSTATE: 22P02 for invalid JSON, such as a trailing
// comma or NaN, and 22P05 for a NUL character, which jsonb cannot store.
func normalizeJSONB(text string) (string, error) {
	doc, err := jsonb.Decode(text)
	if err != nil {
		return "", &providers.Error{Code: "22P02", Message: "invalid input syntax for type json", Err: err}
	}
	if containsNUL(doc) {
		return "", &providers.Error{Code: "22P05", Message: "unsupported Unicode escape sequence",
			Detail: `\u0000 cannot be converted to text.`}
	}
	return jsonb.Format(doc)
}

// containsNUL reports whether a string or object key of the decoded
// document v contains U+0000.
func containsNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, 0)
	case []any:
		for _, item := range x {
			if containsNUL(item) {
				return true
			}
		}
	case map[string]any:
		for key, item := range x {
			if strings.ContainsRune(key, 0) || containsNUL(item) {
				return true
			}
		}
	}
	return false
}
