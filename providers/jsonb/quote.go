package jsonb

import "strings"

// Quote returns s as a JSON string with the escapes of PostgreSQL's
// escape_json, which json and jsonb share.
func Quote(s string) string {
	var b strings.Builder
	writeString(&b, s)
	return b.String()
}
