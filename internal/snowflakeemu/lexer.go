package snowflakeemu

import (
	"fmt"
	"strings"
	"unicode"
)

// tokenKind is the lexical class of a token of Snowflake SQL.
type tokenKind int

const (
	tokenSpace  tokenKind = iota // white space and comments
	tokenWord                    // an unquoted identifier or keyword
	tokenQuoted                  // a double-quoted identifier, text unescaped
	tokenString                  // a string literal, text unescaped
	tokenNumber                  // a numeric literal
	tokenParam                   // ? or :N
	tokenSymbol                  // an operator or punctuation
	tokenRaw                     // DuckDB SQL of a rewritten call, written as it is
)

type token struct {
	kind tokenKind
	text string
}

// lex splits Snowflake SQL into tokens. String literals follow
// Snowflake's rules: single quotes with ” and backslash escapes, or
// $$-delimited text without escapes.
func lex(sql string) ([]token, error) {
	var tokens []token
	for i := 0; i < len(sql); {
		c := sql[i]
		rest := sql[i:]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j := i
			for j < len(sql) && strings.IndexByte(" \t\n\r", sql[j]) >= 0 {
				j++
			}
			tokens = append(tokens, token{tokenSpace, " "})
			i = j
		case strings.HasPrefix(rest, "--") || strings.HasPrefix(rest, "//"):
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
			tokens = append(tokens, token{tokenSpace, " "})
			i += end
		case strings.HasPrefix(rest, "/*"):
			end := strings.Index(rest[2:], "*/")
			if end < 0 {
				return nil, syntaxError("unterminated comment")
			}
			tokens = append(tokens, token{tokenSpace, " "})
			i += end + 4
		case c == '\'':
			text, n, err := lexString(rest)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, token{tokenString, text})
			i += n
		case strings.HasPrefix(rest, "$$"):
			end := strings.Index(rest[2:], "$$")
			if end < 0 {
				return nil, syntaxError("unterminated $$ string")
			}
			tokens = append(tokens, token{tokenString, rest[2 : 2+end]})
			i += end + 4
		case c == '"':
			text, n, err := lexQuoted(rest)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, token{tokenQuoted, text})
			i += n
		case isWordStart(rune(c)) || c >= 0x80:
			j := i
			for j < len(sql) && (isWordPart(rune(sql[j])) || sql[j] >= 0x80) {
				j++
			}
			tokens = append(tokens, token{tokenWord, sql[i:j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(sql) && sql[i+1] >= '0' && sql[i+1] <= '9':
			j := i
			for j < len(sql) && (sql[j] >= '0' && sql[j] <= '9' || sql[j] == '.' ||
				sql[j] == 'e' || sql[j] == 'E' ||
				(sql[j] == '-' || sql[j] == '+') && (sql[j-1] == 'e' || sql[j-1] == 'E')) {
				j++
			}
			tokens = append(tokens, token{tokenNumber, sql[i:j]})
			i = j
		case c == '?':
			tokens = append(tokens, token{tokenParam, "?"})
			i++
		case c == ':' && i+1 < len(sql) && sql[i+1] >= '0' && sql[i+1] <= '9' && (i == 0 || sql[i-1] != ':'):
			j := i + 1
			for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
				j++
			}
			tokens = append(tokens, token{tokenParam, sql[i:j]})
			i = j
		default:
			n := 1
			for _, op := range []string{"::", "||", "<=", ">=", "<>", "!=", "=>", "->"} {
				if strings.HasPrefix(rest, op) {
					n = 2
					break
				}
			}
			tokens = append(tokens, token{tokenSymbol, rest[:n]})
			i += n
		}
	}
	return tokens, nil
}

func isWordStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isWordPart(r rune) bool {
	return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lexString reads a single-quoted literal at the start of s and returns
// its value and length.
func lexString(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return b.String(), i + 1, nil
		case '\\':
			if i+1 >= len(s) {
				return "", 0, syntaxError("unterminated string literal")
			}
			i++
			b.WriteString(unescape(s[i]))
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, syntaxError("unterminated string literal")
}

func unescape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case 'b':
		return "\b"
	case 'f':
		return "\f"
	case '0':
		return "\x00"
	}
	return string(c)
}

func lexQuoted(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] == '"' {
			if i+1 < len(s) && s[i+1] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			if b.Len() == 0 {
				return "", 0, syntaxError("empty quoted identifier")
			}
			return b.String(), i + 1, nil
		}
		b.WriteByte(s[i])
	}
	return "", 0, syntaxError("unterminated quoted identifier")
}

// escapeMark precedes each lower-case letter, and itself, in the DuckDB
// name of a Snowflake identifier.
const escapeMark = '~'

// encodeName returns the DuckDB name of the Snowflake identifier name,
// whose case is final (unquoted identifiers are already upper case).
// DuckDB compares names without regard to case, so each lower-case letter
// is marked: "abc", "ABC" and "Abc" become "~a~b~c", "ABC" and "A~b~c",
// which stay distinct in DuckDB.
func encodeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r == escapeMark || unicode.IsLower(r) {
			b.WriteRune(escapeMark)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// decodeName reverses encodeName.
func decodeName(name string) string {
	if !strings.ContainsRune(name, escapeMark) {
		return name
	}
	var b strings.Builder
	escaped := false
	for _, r := range name {
		if r == escapeMark && !escaped {
			escaped = true
			continue
		}
		escaped = false
		b.WriteRune(r)
	}
	return b.String()
}

// quoteDuck quotes a DuckDB identifier.
func quoteDuck(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteString quotes a DuckDB string literal, which has no backslash
// escapes.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// identifierName returns the Snowflake name of an identifier token:
// unquoted names fold to upper case, quoted names stay as written.
func identifierName(t token) string {
	if t.kind == tokenWord {
		return strings.ToUpper(t.text)
	}
	return t.text
}

func syntaxError(message string) error {
	return &Error{Code: "001003", SQLState: "42000",
		Message: fmt.Sprintf("SQL compilation error: syntax error: %s", message)}
}
