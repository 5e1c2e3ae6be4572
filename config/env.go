package config

import (
	"os"
	"strings"
)

// expandEnv replaces each ${NAME} in s with the value of the environment
// variable NAME. "$${" writes a literal "${", and any other "$" stays as it
// is, so "pa$$word" and "$5" are unchanged. It returns one message per unset
// variable or malformed reference. The messages name variables but never
// contain a value or any other part of s, which may be a secret.
func expandEnv(s string) (string, []string) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var out strings.Builder
	var messages []string
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			out.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				messages = append(messages, "unterminated ${ reference (write $${ for a literal ${)")
				out.WriteString(s[i:])
				return out.String(), messages
			}
			name := s[i+2 : i+2+end]
			out.WriteString(lookupEnv(name, &messages))
			i += end + 3
		default:
			out.WriteByte(s[i])
			i++
		}
	}
	return out.String(), messages
}

// lookupEnv returns the value of the variable name, or appends a message to
// messages and returns "" when name is invalid or unset.
func lookupEnv(name string, messages *[]string) string {
	if !isEnvName(name) {
		*messages = append(*messages, "invalid ${...} reference: a variable name has only "+
			"letters, digits and underscores and does not start with a digit "+
			"(write $${ for a literal ${)")
		return ""
	}
	value, ok := os.LookupEnv(name)
	if !ok {
		*messages = append(*messages, "environment variable "+name+" is not set")
	}
	return value
}

func isEnvName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		digit := '0' <= r && r <= '9'
		if !letter && !(digit && i > 0) {
			return false
		}
	}
	return true
}
