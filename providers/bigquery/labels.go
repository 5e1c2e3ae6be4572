package bigquery

import "strings"

// maxLabelLength is BigQuery's limit on the length of a label value.
const maxLabelLength = 63

// jobLabels returns the labels set on every job of a session, naming the
// pgway user and connection.
func jobLabels(user, connection string) map[string]string {
	return map[string]string{
		"pgway_user":       labelValue(user),
		"pgway_connection": labelValue(connection),
	}
}

// labelValue turns s into a valid BigQuery label value: lower case, at
// most 63 characters of ASCII letters, digits, underscores and dashes.
// Every other character becomes an underscore.
func labelValue(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if b.Len() == maxLabelLength {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
