package audit

import (
	"bytes"
	"strconv"
)

// Fingerprint returns a hash of the SQL text sql that is the same for
// statements that differ only in their constants, comments, spacing or the
// case of keywords and unquoted identifiers. It decodes nothing and never
// fails: text that is not valid SQL still gets a fingerprint.
//
// The text is normalized token by token and hashed with 64-bit FNV-1a.
// String literals (standard, E”, U&” and dollar-quoted), numbers and
// parameters ($1) become "?", and a comma-separated list of them becomes
// one "?". Comments are dropped, runs of spacing become one space, and
// unquoted words are lower-cased. Quoted identifiers keep their text.
// This is pgway's own normalization, not pg_query's fingerprint, so the
// values match neither pg_stat_statements' queryid nor pg_query_go's.
func Fingerprint(sql []byte) uint64 {
	f := fingerprinter{hash: fnvOffset}
	f.scan(sql)
	f.finish()
	return f.hash
}

// FormatFingerprint formats a fingerprint as 16 hexadecimal digits, or ""
// for 0, the fingerprint of no statement text.
func FormatFingerprint(fp uint64) string {
	if fp == 0 {
		return ""
	}
	s := strconv.FormatUint(fp, 16)
	for len(s) < 16 {
		s = "0" + s
	}
	return s
}

// placeholder is the text that replaces constants and parameters.
var placeholder = []byte("?")

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fingerprinter hashes the normalized token stream of one statement.
type fingerprinter struct {
	hash uint64
	// space is set when spacing or a comment came before the next token.
	space bool
	// lastPlaceholder is set when the last token hashed was a "?".
	lastPlaceholder bool
	// A comma after a "?" is held back until the next token shows whether
	// it continues a list of placeholders, which hashes as one "?".
	commaHeld, commaSpace bool
}

func (f *fingerprinter) writeByte(b byte) {
	f.hash ^= uint64(b)
	f.hash *= fnvPrime
}

func (f *fingerprinter) emit(text []byte, spaceBefore, lower bool) {
	if spaceBefore {
		f.writeByte(' ')
	}
	for _, b := range text {
		if lower && 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		f.writeByte(b)
	}
}

// token hashes one token. placeholder marks a constant or parameter, which
// text already replaces with "?".
func (f *fingerprinter) token(text []byte, placeholder, lower bool) {
	if f.commaHeld {
		f.commaHeld = false
		if placeholder {
			// "?, ?" continues a list: drop the comma and this "?".
			f.space = false
			return
		}
		f.emit([]byte(","), f.commaSpace, false)
	}
	if len(text) == 1 && text[0] == ',' && f.lastPlaceholder {
		f.commaHeld, f.commaSpace, f.space = true, f.space, false
		return
	}
	f.emit(text, f.space, lower)
	f.space = false
	f.lastPlaceholder = placeholder
}

// finish hashes a comma still held back at the end of the text.
func (f *fingerprinter) finish() {
	if f.commaHeld {
		f.emit([]byte(","), f.commaSpace, false)
	}
}

func (f *fingerprinter) scan(sql []byte) {
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case isSpace(c):
			f.space = true
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			i = skipLineComment(sql, i)
			f.space = true
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			i = skipBlockComment(sql, i)
			f.space = true
		case c == '\'':
			i = skipQuoted(sql, i, '\'')
			f.token(placeholder, true, false)
		case (c == 'E' || c == 'e' || c == 'B' || c == 'b' || c == 'X' || c == 'x') &&
			i+1 < len(sql) && sql[i+1] == '\'':
			i = skipQuoted(sql, i+1, '\'')
			f.token(placeholder, true, false)
		case (c == 'U' || c == 'u') && i+2 < len(sql) && sql[i+1] == '&' && sql[i+2] == '\'':
			i = skipQuoted(sql, i+2, '\'')
			f.token(placeholder, true, false)
		case c == '"':
			end := skipQuoted(sql, i, '"')
			f.token(sql[i:end], false, false)
			i = end
		case c == '$' && i+1 < len(sql) && isDigit(sql[i+1]):
			i = skipDigits(sql, i+1)
			f.token(placeholder, true, false)
		case c == '$':
			end, ok := skipDollarQuoted(sql, i)
			if ok {
				f.token(placeholder, true, false)
			} else {
				f.token(sql[i:end], false, false)
			}
			i = end
		case isDigit(c) || (c == '.' && i+1 < len(sql) && isDigit(sql[i+1])):
			i = skipNumber(sql, i)
			f.token(placeholder, true, false)
		case isWordByte(c):
			end := i
			for end < len(sql) && (isWordByte(sql[end]) || isDigit(sql[end]) || sql[end] == '$') {
				end++
			}
			f.token(sql[i:end], false, true)
			i = end
		default:
			f.token(sql[i:i+1], false, false)
			i++
		}
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByte reports whether c can start an unquoted identifier or
// keyword. Bytes of multi-byte UTF-8 characters count as letters, as in
// PostgreSQL's scanner.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}

func skipLineComment(sql []byte, i int) int {
	for i < len(sql) && sql[i] != '\n' {
		i++
	}
	return i
}

// skipBlockComment skips a /* */ comment, which nests in PostgreSQL.
func skipBlockComment(sql []byte, i int) int {
	depth := 0
	for i < len(sql) {
		switch {
		case sql[i] == '/' && i+1 < len(sql) && sql[i+1] == '*':
			depth++
			i += 2
		case sql[i] == '*' && i+1 < len(sql) && sql[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return i
}

// skipQuoted skips a quoted string or identifier that starts at sql[i] ==
// quote. A doubled quote stands for one quote character. Backslashes are
// skipped with the next byte, which is right for E” strings and harmless
// for the others, because only the position of the end matters.
func skipQuoted(sql []byte, i int, quote byte) int {
	for i++; i < len(sql); i++ {
		switch sql[i] {
		case '\\':
			if quote == '\'' {
				i++
			}
		case quote:
			if i+1 < len(sql) && sql[i+1] == quote {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(sql)
}

// skipDollarQuoted skips a dollar-quoted string $tag$...$tag$ that starts
// at sql[i]. It returns false, and the end of the "$" or "$word" it read,
// when the text there opens no dollar quote.
func skipDollarQuoted(sql []byte, i int) (int, bool) {
	end := i + 1
	for end < len(sql) && (isWordByte(sql[end]) || isDigit(sql[end])) {
		end++
	}
	if end >= len(sql) || sql[end] != '$' {
		return end, false
	}
	tag := sql[i : end+1]
	for j := end + 1; j+len(tag) <= len(sql); j++ {
		if bytes.Equal(sql[j:j+len(tag)], tag) {
			return j + len(tag), true
		}
	}
	return len(sql), true
}

func skipDigits(sql []byte, i int) int {
	for i < len(sql) && isDigit(sql[i]) {
		i++
	}
	return i
}

// skipNumber skips a numeric constant: digits, a fraction, an exponent,
// hexadecimal, octal and binary forms, and underscores between digits.
func skipNumber(sql []byte, i int) int {
	for i < len(sql) {
		c := sql[i]
		switch {
		case isDigit(c), c == '.', c == '_':
			i++
		case c == 'e' || c == 'E':
			i++
			if i < len(sql) && (sql[i] == '+' || sql[i] == '-') {
				i++
			}
		case c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == 'b' || c == 'B',
			'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			i++
		default:
			return i
		}
	}
	return i
}
