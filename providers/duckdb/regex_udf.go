package duckdb

import (
	"database/sql/driver"
	"fmt"
	"maps"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL's regular expression operators and functions on the
// patterns of regex.go. The DuckDB dialect calls them for ~, ~*, !~, !~*,
// substring(s FROM pattern), regexp_match, regexp_matches,
// regexp_replace and regexp_split_to_array (translate/duckdb_regex.go),
// always with a flags argument, empty for none.

// regexFunctions returns the functions of this file for
// registerBuiltinFunctions.
func regexFunctions() map[string][]duckdb.ScalarFunc {
	textList := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	text3 := []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo}
	functions := map[string][]duckdb.ScalarFunc{
		"pgway_regex_test": {udfSpec{params: text3, result: typeInfo(duckdb.TYPE_BOOLEAN), run: regexTestUDF}},
		"pgway_substring_regex": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo},
			result: varcharInfo, run: substringRegex}},
		"pgway_regexp_match":   {udfSpec{params: text3, result: textList, run: regexpMatch}},
		"pgway_regexp_matches": {udfSpec{params: text3, result: mustTypeInfo(duckdb.NewListInfo(textList)), run: regexpMatches}},
		"pgway_regexp_split":   {udfSpec{params: text3, result: textList, run: regexpSplit("regexp_split_to_array")}},
		"pgway_regexp_split_table": {udfSpec{params: text3, result: textList,
			run: regexpSplit("regexp_split_to_table")}},
		"pgway_regexp_replace": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, varcharInfo},
			result: varcharInfo, run: regexpReplace}},
	}
	maps.Copy(functions, regexPositionFunctions())
	return functions
}

// regexArguments compiles the pattern of args[1] with the flags of
// args[flagsAt] and checks the text of args[0] against it.
func regexArguments(args []driver.Value, flagsAt int, use regexUse) (string, *pgRegex, bool, error) {
	text, pattern := args[0].(string), args[1].(string)
	opts, global, err := parseRegexFlags(args[flagsAt].(string))
	if err != nil {
		return "", nil, false, err
	}
	re, err := compileRegex(pattern, opts, use)
	if err != nil {
		return "", nil, false, err
	}
	return text, re, global, re.checkInput(text)
}

func regexTestUDF(args []driver.Value) (any, error) {
	text, re, global, err := regexArguments(args, 2, regexTest)
	if err != nil {
		return nil, err
	}
	if global {
		return nil, &providers.Error{Code: "22023",
			Message: "regexp_like() does not support the \"global\" option"}
	}
	return re.re.MatchString(text), nil
}

// substringRegex is substring(text FROM pattern): the text of the first
// parenthesized subexpression of the first match, or the whole match for
// a pattern without one.
func substringRegex(args []driver.Value) (any, error) {
	text, re, _, err := regexArguments([]driver.Value{args[0], args[1], ""}, 2, regexExtract)
	if err != nil {
		return nil, err
	}
	m := re.re.FindStringSubmatchIndex(text)
	switch {
	case m == nil:
		return nil, nil
	case re.groups == 0:
		return text[m[0]:m[1]], nil
	case m[2] < 0:
		return nil, nil
	}
	return text[m[2]:m[3]], nil
}

// matchArray returns the subexpressions of a match as regexp_match's
// array, with NULL for those that took no part, or the whole match for a
// pattern without subexpressions.
func matchArray(text string, re *pgRegex, m []int) []any {
	if re.groups == 0 {
		return []any{text[m[0]:m[1]]}
	}
	out := make([]any, re.groups)
	for i := range out {
		if start := m[2+2*i]; start >= 0 {
			out[i] = text[start:m[3+2*i]]
		}
	}
	return out
}

func regexpMatch(args []driver.Value) (any, error) {
	text, re, global, err := regexArguments(args, 2, regexExtract)
	if err != nil {
		return nil, err
	}
	if global {
		return nil, &providers.Error{Code: "22023",
			Message: "regexp_match() does not support the \"global\" option",
			Hint:    "Use the regexp_matches function instead."}
	}
	m := re.re.FindStringSubmatchIndex(text)
	if m == nil {
		return nil, nil
	}
	return matchArray(text, re, m), nil
}

// regexpMatches returns the rows of regexp_matches as a list, which the
// dialect unnests: the first match, or every match with the g flag.
func regexpMatches(args []driver.Value) (any, error) {
	text, re, global, err := regexArguments(args, 2, regexExtract)
	if err != nil {
		return nil, err
	}
	matches, err := re.allMatches(text, global, false)
	if err != nil {
		return nil, err
	}
	rows := make([]any, len(matches))
	for i, m := range matches {
		rows[i] = matchArray(text, re, m)
	}
	return rows, nil
}

// regexpSplit returns regexp_split_to_array, or the list of the rows of
// regexp_split_to_table, named fn in errors. Both return the text between
// the matches. As in PostgreSQL, they leave out the empty matches at the
// start and the end of the text and right after another match, and
// reject the g flag.
func regexpSplit(fn string) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		return splitByRegex(fn, args)
	}
}

func splitByRegex(fn string, args []driver.Value) (any, error) {
	text, re, global, err := regexArguments(args, 2, regexBounds)
	if err != nil {
		return nil, err
	}
	if global {
		return nil, &providers.Error{Code: "22023",
			Message: fmt.Sprintf("%s() does not support the \"global\" option", fn)}
	}
	matches, err := re.allMatches(text, true, true)
	if err != nil {
		return nil, err
	}
	var pieces []any
	start := 0
	for _, m := range matches {
		pieces = append(pieces, text[start:m[0]])
		start = m[1]
	}
	return append(pieces, text[start:]), nil
}

// regexpReplace is regexp_replace(text, pattern, replacement, flags): the
// first match, or every one with the g flag, replaced. In the
// replacement, \1 to \9 stand for subexpressions, \& for the whole match
// and \\ for a backslash.
func regexpReplace(args []driver.Value) (any, error) {
	replacement := args[2].(string)
	use := regexBounds
	if referencesGroups(replacement) {
		use = regexExtract
	}
	text, re, global, err := regexArguments([]driver.Value{args[0], args[1], args[3]}, 2, use)
	if err != nil {
		return nil, err
	}
	matches, err := re.allMatches(text, global, false)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	start := 0
	for _, m := range matches {
		b.WriteString(text[start:m[0]])
		writeReplacement(&b, replacement, text, m)
		start = m[1]
	}
	b.WriteString(text[start:])
	return b.String(), nil
}

// referencesGroups reports whether a replacement has \1 to \9.
func referencesGroups(replacement string) bool {
	for i := 0; i+1 < len(replacement); i++ {
		if replacement[i] == '\\' {
			if next := replacement[i+1]; next >= '1' && next <= '9' {
				return true
			}
			i++
		}
	}
	return false
}

func writeReplacement(b *strings.Builder, replacement, text string, m []int) {
	for i := 0; i < len(replacement); i++ {
		c := replacement[i]
		if c != '\\' || i+1 == len(replacement) {
			b.WriteByte(c)
			continue
		}
		next := replacement[i+1]
		switch {
		case next >= '1' && next <= '9':
			if group := int(next - '0'); 2*group+1 < len(m) && m[2*group] >= 0 {
				b.WriteString(text[m[2*group]:m[2*group+1]])
			}
			i++
		case next == '&':
			b.WriteString(text[m[0]:m[1]])
			i++
		case next == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte('\\')
		}
	}
}

// allMatches returns the matches that PostgreSQL's search loop finds: the
// first one, or with all every one, each search starting at the end of
// the previous match, or a character further after an empty one. For
// splitting, empty matches at the ends of the text or right after
// another match are left out. Go's FindAll leaves out every empty match
// right after another, so the loop runs here, on the text after the
// previous match. That loses the text before the match, which ^, \A and
// word boundaries read. Such a pattern runs on Go's loop, which agrees
// when the pattern cannot match empty text, and fails otherwise.
func (r *pgRegex) allMatches(text string, all, split bool) ([][]int, error) {
	if !all {
		if m := r.re.FindStringSubmatchIndex(text); m != nil {
			return [][]int{m}, nil
		}
		return nil, nil
	}
	if r.leftContext {
		if r.minWidth == 0 {
			return nil, &providers.Error{Code: "0A000",
				Message: "a regular expression that starts with ^, \\A or a word boundary and can match empty text " +
					"is not supported on DuckDB with the g flag or in regexp_split"}
		}
		return r.re.FindAllStringSubmatchIndex(text, -1), nil
	}
	var matches [][]int
	previousEnd := 0
	for start := 0; start <= len(text); {
		m := r.re.FindStringSubmatchIndex(text[start:])
		if m == nil {
			break
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += start
			}
		}
		degenerate := m[0] == m[1] && (m[0] == 0 || m[0] == len(text) || m[1] <= previousEnd)
		if !split || !degenerate {
			matches = append(matches, m)
			previousEnd = m[1]
		}
		start = m[1]
		if m[0] == m[1] {
			if start == len(text) {
				break
			}
			_, size := utf8.DecodeRuneInString(text[start:])
			start += size
		}
	}
	return matches, nil
}
