package translate

import "strings"

// parserErrorCodes are the SQLSTATEs other than 42601 that PostgreSQL
// 15's scanner and grammar raise, by the start of their messages. The
// parser's errors carry no SQLSTATE of their own.
var parserErrorCodes = []struct {
	prefix, code string
}{
	{"invalid byte sequence for encoding", "22021"},
	{"frame start cannot be", "42P20"},
	{"frame end cannot be", "42P20"},
	{"frame starting from current row cannot have preceding rows", "42P20"},
	{"frame starting from following row cannot have preceding rows", "42P20"},
}

// parserErrorCode returns the SQLSTATE of a parser error's message.
func parserErrorCode(message string) string {
	for _, c := range parserErrorCodes {
		if strings.HasPrefix(message, c.prefix) {
			return c.code
		}
	}
	return CodeSyntaxError
}
