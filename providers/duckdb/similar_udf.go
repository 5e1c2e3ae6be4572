package duckdb

import (
	"database/sql/driver"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// substring(s SIMILAR pattern ESCAPE e), which PostgreSQL 15 runs as the
// regular expression ^(?:A){1,1}?(B){1,1}(?:C)$ made of the pattern's
// three parts between escape-double-quote separators: A as short as
// possible, then B as long as possible, with the whole text matching. The
// parts are matched here each as a whole regular expression, so Go's
// choice among matches plays no part.

func similarFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_substring_similar": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo},
			result: varcharInfo, run: substringSimilar}},
	}
}

// similarRegex joins the parts of a SIMILAR pattern as PostgreSQL 15's
// similar_escape does.
func similarRegex(parts []string) string {
	if len(parts) == 3 {
		return "^(?:" + parts[0] + "){1,1}?(" + parts[1] + "){1,1}(?:" + parts[2] + ")$"
	}
	return "^(?:" + strings.Join(parts, "){1,1}?(") + ")$"
}

// maxSimilarText bounds the text that substringSimilar searches, since
// the search takes time quadratic in the length of the text.
const maxSimilarText = 4000

func substringSimilar(args []driver.Value) (any, error) {
	text, pattern, escape := args[0].(string), args[1].(string), args[2].(string)
	if utf8.RuneCountInString(escape) > 1 {
		return nil, &providers.Error{Code: "22025", Message: "invalid escape string",
			Hint: "Escape string must be empty or one character."}
	}
	parts, balanced, err := similarParts(pattern, escape)
	if err != nil {
		return nil, err
	}

	// The whole expression reports PostgreSQL's syntax errors.
	if _, err := compileRegex(similarRegex(parts), regexOptions{}, regexTest); err != nil {
		return nil, err
	}

	if !balanced {
		return nil, &providers.Error{Code: "0A000",
			Message: "a SIMILAR pattern with parentheses around an escape-double-quote separator is not supported on DuckDB"}
	}
	compiled := make([]*pgRegex, len(parts))
	for i, part := range parts {
		re, err := compileRegex("^(?:"+part+")$", regexOptions{}, regexTest)
		if err != nil {
			return nil, err
		}
		if err := re.checkInput(text); err != nil {
			return nil, err
		}
		compiled[i] = re
	}

	if len(parts) == 1 {
		if compiled[0].re.MatchString(text) {
			return text, nil
		}
		return nil, nil
	}
	if len(text) > maxSimilarText {
		return nil, &providers.Error{Code: "0A000",
			Message: "substring() with a SIMILAR pattern on text of more than 4000 bytes is not supported on DuckDB"}
	}
	var rest *pgRegex
	if len(parts) == 3 {
		if rest, err = compileRegex("^(?:"+parts[1]+")(?:"+parts[2]+")$", regexOptions{}, regexTest); err != nil {
			return nil, err
		}
	}
	return splitSimilar(text, compiled, rest), nil
}

// splitSimilar returns the middle part of the split that PostgreSQL
// chooses: the shortest first part that leaves the rest a match, then the
// longest middle part.
// The rest matches the middle and last parts together, so that a first
// part is tested with one match.
func splitSimilar(text string, parts []*pgRegex, rest *pgRegex) any {
	bounds := runeBounds(text)
	for _, i := range bounds {
		if !parts[0].re.MatchString(text[:i]) {
			continue
		}
		if len(parts) == 2 {
			if parts[1].re.MatchString(text[i:]) {
				return text[i:]
			}
			continue
		}
		if !rest.re.MatchString(text[i:]) {
			continue
		}
		for k := len(bounds) - 1; bounds[k] >= i; k-- {
			j := bounds[k]
			if parts[1].re.MatchString(text[i:j]) && parts[2].re.MatchString(text[j:]) {
				return text[i:j]
			}
		}
	}
	return nil
}

// runeBounds returns the byte offsets of the character boundaries of
// text, from 0 to len(text).
func runeBounds(text string) []int {
	bounds := make([]int, 0, len(text)+1)
	for i := range text {
		bounds = append(bounds, i)
	}
	return append(bounds, len(text))
}

// similarParts converts a SIMILAR pattern to regular expressions as
// PostgreSQL 15's similar_escape does, one for each part between
// escape-double-quote separators. It reports whether each part closes
// the parentheses it opens, without closing others.
func similarParts(pattern, escape string) ([]string, bool, error) {
	var escapeRune rune = -1
	if escape != "" {
		escapeRune, _ = utf8.DecodeRuneInString(escape)
	}
	parts := []string{""}
	var b strings.Builder
	afterEscape, balanced := false, true
	classDepth, classStart, depth := 0, 0, 0
	for _, c := range pattern {
		switch {
		case afterEscape:
			afterEscape = false
			if c == '"' && classDepth < 1 {
				if len(parts) == 3 {
					return nil, false, &providers.Error{Code: "2200C",
						Message: "SQL regular expression may not contain more than two escape-double-quote separators"}
				}
				parts[len(parts)-1] = b.String()
				b.Reset()
				parts = append(parts, "")
				balanced = balanced && depth == 0
				continue
			}
			b.WriteRune('\\')
			b.WriteRune(c)
		case c == escapeRune:
			afterEscape = true
		case classDepth > 0:
			if c == '\\' {
				b.WriteRune('\\')
			}
			b.WriteRune(c)
			if c == ']' && classStart > 2 {
				classDepth--
			} else if c == '[' {
				classDepth++
			}
			if c == '^' {
				classStart++
			} else {
				classStart = 3
			}
		case c == '[':
			b.WriteRune(c)
			classDepth, classStart = 1, 1
		case c == '%':
			b.WriteString(".*")
		case c == '_':
			b.WriteByte('.')
		case c == '(':
			b.WriteString("(?:")
			depth++
		case c == ')':
			b.WriteRune(c)
			depth--
			balanced = balanced && depth >= 0
		case c == '\\' || c == '.' || c == '^' || c == '$':
			b.WriteRune('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	parts[len(parts)-1] = b.String()
	return parts, balanced && depth == 0, nil
}
