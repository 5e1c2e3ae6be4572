package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// strictFunctions returns pgway_reverse, pgway_chr and
// pgway_regexp_replace_at for registerBuiltinFunctions. DuckDB's reverse
// reverses grapheme clusters, so a letter and its combining mark stay in
// order, where PostgreSQL reverses code points. DuckDB's chr returns a
// NUL character for 0, and fails with an internal error for negative
// numbers, where PostgreSQL raises 54000 and 22023. DuckDB has no
// regexp_replace with a start position.
func strictFunctions() map[string][]duckdb.ScalarFunc {
	integer := typeInfo(duckdb.TYPE_INTEGER)
	return map[string][]duckdb.ScalarFunc{
		"pgway_regexp_replace_at": {udfSpec{
			params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, integer, integer, varcharInfo, typeInfo(duckdb.TYPE_BOOLEAN)},
			result: varcharInfo, run: regexpReplaceAt}},
		"pgway_reverse": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) {
				return reverseCodePoints(args[0].(string)), nil
			}}},
		"pgway_chr": {udfSpec{params: []duckdb.TypeInfo{typeInfo(duckdb.TYPE_INTEGER)}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) {
				return character(args[0].(int32))
			}}},
	}
}

// reverseCodePoints reverses s by code point, as PostgreSQL's reverse()
// does in a UTF-8 database.
func reverseCodePoints(s string) string {
	runes := []rune(s)
	for i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {
		runes[i], runes[j] = runes[j], runes[i]
	}
	return string(runes)
}

// character returns PostgreSQL 15's chr(code) in a UTF-8 database, with
// its errors.
func character(code int32) (string, error) {
	switch {
	case code < 0:
		return "", &providers.Error{Code: "22023", Message: "character number must be positive"}
	case code == 0:
		return "", &providers.Error{Code: "54000", Message: "null character not permitted"}
	case code > utf8.MaxRune:
		return "", &providers.Error{Code: "54000",
			Message: fmt.Sprintf("requested character too large for encoding: %d", code)}
	case !utf8.ValidRune(rune(code)):
		// The surrogates, U+D800 to U+DFFF.
		return "", &providers.Error{Code: "54000",
			Message: fmt.Sprintf("requested character not valid for encoding: %d", code)}
	}
	return string(rune(code)), nil
}

// regexpReplaceAt is PostgreSQL 15's regexp_replace(source, pattern,
// replacement, start [, n [, flags]]) with its arguments source,
// pattern, replacement, start, n, flags and whether the call gave n. It
// replaces the nth match at or after the character position start, or
// every one for n = 0. Without n, the g flag replaces every match, and
// the first one is replaced otherwise.
func regexpReplaceAt(args []driver.Value) (any, error) {
	start, n := args[3].(int32), args[4].(int32)
	if start <= 0 {
		return nil, invalidRegexParameter("start", start)
	}
	if n < 0 {
		return nil, invalidRegexParameter("n", n)
	}

	text, pattern, replacement, flags := args[0].(string), args[1].(string), args[2].(string), args[5].(string)
	opts, global, err := parseRegexFlags(flags)
	if err != nil {
		return nil, err
	}
	if !args[6].(bool) {
		n = 1
		if global {
			n = 0
		}
	}

	use := regexBounds
	if referencesGroups(replacement) {
		use = regexExtract
	}
	re, err := compileRegex(pattern, opts, use)
	if err != nil {
		return nil, err
	}
	if err := re.checkInput(text); err != nil {
		return nil, err
	}

	offset := byteOffset(text, int(start)-1)
	if offset > len(text) {
		return text, nil
	}
	if offset > 0 && re.leftContext {
		return nil, &providers.Error{Code: "0A000",
			Message: "regexp_replace() with a start position and a pattern with ^, \\A or a word boundary is not supported on DuckDB"}
	}
	matches, err := re.allMatches(text[offset:], n != 1, false)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		if int(n) > len(matches) {
			return text, nil
		}
		matches = matches[n-1 : n]
	}

	var b strings.Builder
	b.WriteString(text[:offset])
	rest := text[offset:]
	end := 0
	for _, m := range matches {
		b.WriteString(rest[end:m[0]])
		writeReplacement(&b, replacement, rest, m)
		end = m[1]
	}
	b.WriteString(rest[end:])
	return b.String(), nil
}
