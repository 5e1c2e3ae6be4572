package proxy

import "strings"

// splitStatements splits a Query string at the semicolons that end
// statements, skipping those inside quoted strings, quoted identifiers,
// dollar-quoted strings and comments. It drops statements that are empty
// or contain only comments.
//
// It follows PostgreSQL's lexical rules with standard_conforming_strings
// on, except that it does not track BEGIN ... END blocks of SQL-standard
// function bodies.
func splitStatements(sql string) []string {
	var statements []string
	start := 0
	for i := 0; i < len(sql); {
		switch c := sql[i]; {
		case c == ';':
			statements = appendStatement(statements, sql[start:i])
			i++
			start = i
		case c == '\'' || c == '"':
			i = skipQuoted(sql, i, c)
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			i = skipLineComment(sql, i)
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			i = skipBlockComment(sql, i)
		case c == '$':
			i = skipDollarQuoted(sql, i)
		default:
			i++
		}
	}
	return appendStatement(statements, sql[start:])
}

func appendStatement(statements []string, sql string) []string {
	if isEmptyQuery(sql) {
		return statements
	}
	return append(statements, strings.TrimSpace(sql))
}

// isEmptyQuery reports whether sql has nothing but whitespace, comments
// and semicolons.
func isEmptyQuery(sql string) bool {
	for i := 0; i < len(sql); {
		switch c := sql[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ';':
			i++
		case strings.HasPrefix(sql[i:], "--"):
			i = skipLineComment(sql, i)
		case strings.HasPrefix(sql[i:], "/*"):
			i = skipBlockComment(sql, i)
		default:
			return false
		}
	}
	return true
}

// skipQuoted returns the index after the string or identifier opened by
// quote at i. A doubled quote stands for itself. E'...' strings also allow
// backslash escapes.
func skipQuoted(sql string, i int, quote byte) int {
	escapes := quote == '\'' && i > 0 && (sql[i-1] == 'E' || sql[i-1] == 'e')
	for j := i + 1; j < len(sql); j++ {
		switch {
		case escapes && sql[j] == '\\':
			j++
		case sql[j] == quote && j+1 < len(sql) && sql[j+1] == quote:
			j++
		case sql[j] == quote:
			return j + 1
		}
	}
	return len(sql)
}

func skipLineComment(sql string, i int) int {
	if end := strings.IndexByte(sql[i:], '\n'); end >= 0 {
		return i + end + 1
	}
	return len(sql)
}

// skipBlockComment skips a /* */ comment, which nests in PostgreSQL.
func skipBlockComment(sql string, i int) int {
	depth := 0
	for j := i; j < len(sql)-1; j++ {
		switch {
		case sql[j] == '/' && sql[j+1] == '*':
			depth++
			j++
		case sql[j] == '*' && sql[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(sql)
}

// skipDollarQuoted skips a $tag$...$tag$ string starting at i. A $ that
// does not open one, such as the $1 of a parameter, is skipped alone.
func skipDollarQuoted(sql string, i int) int {
	j := i + 1
	for j < len(sql) && isTagByte(sql[j], j == i+1) {
		j++
	}
	if j >= len(sql) || sql[j] != '$' {
		return i + 1
	}
	// An identifier character before $ makes it part of the identifier.
	if i > 0 && isTagByte(sql[i-1], false) {
		return i + 1
	}
	tag := sql[i : j+1]
	if end := strings.Index(sql[j+1:], tag); end >= 0 {
		return j + 1 + end + len(tag)
	}
	return len(sql)
}

func isTagByte(c byte, first bool) bool {
	letter := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	return letter || !first && c >= '0' && c <= '9'
}
