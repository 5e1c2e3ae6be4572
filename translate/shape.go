package translate

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// literalClass is the part of a literal that its shape keeps: the parse
// node PostgreSQL makes of it and, for a decimal, its scale, which the
// DuckDB rewriter reads. Literals of one class differ only in value.
type literalClass struct {
	// kind is 's' for a string, 'i' for an integer that fits int4 (an
	// Integer node), 'b' for one that fits int8 (a Float node), 'd' for a
	// decimal with digits on both sides of the point (a Float node).
	kind  byte
	scale int
}

// literal is a literal of a query string that the shape replaces by its
// class. start and end are its byte offsets, with the E of E'...'.
type literal struct {
	start, end int
	class      literalClass
}

// output returns the literal's text as the deparser writes it: a string
// without a backslash in standard quoting, a number unchanged.
func (l literal) output(sql string) string {
	if c := sql[l.start]; c == 'e' || c == 'E' {
		return sql[l.start+1 : l.end]
	}
	return sql[l.start:l.end]
}

// shape is a query string with each literal that the scanner can classify
// replaced by its class. Two query strings with the same key differ only
// in the values of those literals.
type shape struct {
	key      string
	literals []literal
}

// scanShape lexes sql as PostgreSQL 17 does, as far as literals go. It
// skips comments, quoted identifiers, dollar-quoted strings and
// parameters. It leaves verbatim in the key the literals whose text is
// not their value or whose prefix changes their type: E'...' with a
// backslash, a standard string with a backslash (which the deparser
// writes as E'...'), B'...', X'...', N'...', U&'...', the string after
// UESCAPE, strings continued on a new line, keyedStrings, strings that
// start with a brace, the integer 0,
// and numbers with a leading zero, an underscore, an exponent, a leading
// or trailing point, or trailing letters. It returns false for sql that contains a
// NUL byte, which the parser's C code would read as the end of the
// statement.
func scanShape(sql string) (shape, bool) {
	if strings.IndexByte(sql, 0) >= 0 {
		return shape{}, false
	}
	s := shapeScanner{sql: sql}
	s.scan()
	if len(s.literals) == 0 {
		return shape{}, true
	}
	s.key.WriteString(sql[s.last:])
	return shape{key: s.key.String(), literals: s.literals}, true
}

type shapeScanner struct {
	sql      string
	pos      int
	last     int // end of the text already written to key
	key      strings.Builder
	literals []literal
	// afterUescape is set when the last token was the word UESCAPE.
	afterUescape bool
}

func (s *shapeScanner) scan() {
	sql := s.sql
	for s.pos < len(sql) {
		c := sql[s.pos]
		next := byte(0)
		if s.pos+1 < len(sql) {
			next = sql[s.pos+1]
		}
		switch {
		case c == '-' && next == '-':
			s.pos = skipComments(sql, s.pos)
			continue
		case c == '/' && next == '*':
			s.pos = skipComments(sql, s.pos)
			continue
		case isSpace(c):
			s.pos++
			continue
		case c == '\'':
			s.stringLiteral(s.pos, false, s.afterUescape)
		case c == '"':
			if s.pos = quotedEnd(sql, s.pos, '"', false); s.pos < 0 {
				s.pos = len(sql)
			}
		case c == '$':
			s.pos = dollarEnd(sql, s.pos)
		case isIdentStart(c):
			s.word()
			continue
		case isDigit(c) || c == '.' && isDigit(next):
			s.number()
		default:
			s.pos++
		}
		s.afterUescape = false
	}
}

// word scans an identifier or keyword and the string it prefixes, if any.
func (s *shapeScanner) word() {
	start := s.pos
	for s.pos < len(s.sql) && isIdentCont(s.sql[s.pos]) {
		s.pos++
	}
	word := s.sql[start:s.pos]
	rest := s.sql[s.pos:]
	switch {
	case strings.HasPrefix(rest, "'") && strings.EqualFold(word, "e"):
		s.stringLiteral(start, true, false)
	case strings.HasPrefix(rest, "'"):
		// B'', X'', N'' and typed literals written without a space.
		s.stringLiteral(s.pos, false, true)
	case strings.HasPrefix(rest, "&'") && strings.EqualFold(word, "u"):
		s.stringLiteral(s.pos+1, false, true)
	default:
		s.afterUescape = strings.EqualFold(word, "uescape")
		return
	}
	s.afterUescape = false
}

// keyedStrings are the string values that a DuckDB rewrite reads while it
// passes every other value, and so the sentinels, through unchanged: the
// date_trunc units of a century and a millennium. They stay in the key.
// NOTE: the unit c, which is also a common string, is not among them, so
// date_trunc('c', x) may share the template of date_trunc('day', x).
var keyedStrings = map[string]bool{
	"cent": true, "centuries": true, "century": true,
	"mil": true, "mils": true, "millennia": true, "millennium": true,
}

// stringLiteral scans the string that starts at start, at the E of
// E'...' when escapes is set, and the strings that continue it. It
// records the string as a literal unless verbatim is set or the string
// has a backslash or invalid UTF-8.
func (s *shapeScanner) stringLiteral(start int, escapes, verbatim bool) {
	quote := start
	if escapes {
		quote++
	}
	end := quotedEnd(s.sql, quote, '\'', escapes)
	if end < 0 {
		s.pos = len(s.sql) // unterminated, a syntax error
		return
	}
	s.pos = end
	for {
		next := skipComments(s.sql, s.pos)
		if next >= len(s.sql) || s.sql[next] != '\'' {
			break
		}
		// 'a' newline 'b' is one literal 'ab'.
		verbatim = true
		if s.pos = quotedEnd(s.sql, next, '\'', escapes); s.pos < 0 {
			s.pos = len(s.sql)
			return
		}
	}
	body := s.sql[quote+1 : end-1]
	if verbatim || strings.IndexByte(body, '\\') >= 0 || !utf8.ValidString(body) || keyedStrings[strings.ToLower(body)] {
		return
	}
	if strings.HasPrefix(strings.TrimLeft(body, " \t\n\r\v\f"), "{") {
		// The Snowflake rewrite rejects array syntax, such as '{a,b}',
		// beside an operand of unknown type, and passes other strings,
		// and so the sentinels, through unchanged.
		return
	}
	s.add(literal{start: start, end: end, class: literalClass{kind: 's'}})
}

// number scans a numeric token, classifying the plain ones.
func (s *shapeScanner) number() {
	start := s.pos
	for s.pos < len(s.sql) {
		c := s.sql[s.pos]
		if isIdentCont(c) || c == '.' {
			s.pos++
			continue
		}
		prev := s.sql[s.pos-1]
		if (c == '+' || c == '-') && (prev == 'e' || prev == 'E') &&
			s.pos+1 < len(s.sql) && isDigit(s.sql[s.pos+1]) {
			s.pos++ // the sign of an exponent
			continue
		}
		break
	}
	if class, ok := numberClass(s.sql[start:s.pos]); ok {
		s.add(literal{start: start, end: s.pos, class: class})
	}
}

func numberClass(text string) (literalClass, bool) {
	whole, fraction, isDecimal := strings.Cut(text, ".")
	if !plainDigits(whole) || whole != "0" && whole[0] == '0' {
		return literalClass{}, false
	}
	if isDecimal {
		if !plainDigits(fraction) {
			return literalClass{}, false
		}
		if len(whole) > maxSharedWholeDigits || len(whole)+len(fraction) > duckDBDecimalDigits {
			// The DuckDB rewrite reads such a decimal's width: it rejects
			// one beyond DECIMAL's digits (checkWideConstants) and sizes
			// casts by it (literalDecimal), which a short sentinel hides.
			return literalClass{}, false
		}
		return literalClass{kind: 'd', scale: len(fraction)}, true
	}
	v, err := strconv.ParseInt(whole, 10, 64)
	switch {
	case err != nil || v == 0:
		// The parser folds -0 to 0 but keeps the sign of -5, so zero is
		// part of the key.
		return literalClass{}, false
	case v <= 1<<31-1:
		return literalClass{kind: 'i'}, true
	}
	return literalClass{kind: 'b'}, true
}

// maxSharedWholeDigits is the most digits before the point of a decimal
// that shares a template: literalDecimal sizes a wider one's DECIMAL by
// its digits.
const maxSharedWholeDigits = 18

func plainDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func (s *shapeScanner) add(l literal) {
	s.key.WriteString(s.sql[s.last:l.start])
	s.key.WriteByte(0)
	s.key.WriteByte(l.class.kind)
	if l.class.kind == 'd' {
		s.key.WriteString(strconv.Itoa(l.class.scale))
		s.key.WriteByte(';')
	}
	s.last = l.end
	s.literals = append(s.literals, l)
}

// skipComments returns the offset of the first byte at or after pos that
// is neither white space nor inside a comment. Block comments nest.
func skipComments(sql string, pos int) int {
	for pos < len(sql) {
		switch {
		case isSpace(sql[pos]):
			pos++
		case strings.HasPrefix(sql[pos:], "--"):
			end := strings.IndexByte(sql[pos:], '\n')
			if end < 0 {
				return len(sql)
			}
			pos += end + 1
		case strings.HasPrefix(sql[pos:], "/*"):
			depth := 0
			for pos < len(sql) {
				if strings.HasPrefix(sql[pos:], "/*") {
					depth++
					pos += 2
				} else if strings.HasPrefix(sql[pos:], "*/") {
					depth--
					pos += 2
					if depth == 0 {
						break
					}
				} else {
					pos++
				}
			}
		default:
			return pos
		}
	}
	return pos
}

// quotedEnd returns the offset after the quote that closes the quoted
// text opening at pos, where a doubled quote and, with escapes, a
// backslash escape stay inside, or -1 when the text is unterminated.
func quotedEnd(sql string, pos int, quote byte, escapes bool) int {
	for i := pos + 1; i < len(sql); i++ {
		switch sql[i] {
		case '\\':
			if escapes {
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
	return -1
}

// dollarEnd returns the offset after a parameter such as $1 or a
// dollar-quoted string starting at pos, or pos+1 for a lone $.
func dollarEnd(sql string, pos int) int {
	i := pos + 1
	if i < len(sql) && isDigit(sql[i]) {
		for i < len(sql) && isIdentCont(sql[i]) {
			i++
		}
		return i
	}
	for i < len(sql) && isIdentCont(sql[i]) && sql[i] != '$' {
		i++
	}
	if i >= len(sql) || sql[i] != '$' {
		return pos + 1
	}
	tag := sql[pos : i+1]
	end := strings.Index(sql[i+1:], tag)
	if end < 0 {
		return len(sql)
	}
	return i + 1 + end + len(tag)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool {
	return c >= '0' && c <= '9'
}

func isIdentStart(c byte) bool {
	return isLetter(c) || c == '_' || c >= 0x80
}

func isIdentCont(c byte) bool {
	return isIdentStart(c) || isDigit(c) || c == '$'
}
