package duckdb

import (
	"database/sql/driver"
	"fmt"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL 15's regexp_count, regexp_instr and regexp_substr. The
// DuckDB dialect passes every argument, with PostgreSQL's defaults for
// those left out: start 1, N 1, endoption 0, flags '' and subexpr 0.

// regexPositionFunctions returns the functions of this file for
// regexFunctions.
func regexPositionFunctions() map[string][]duckdb.ScalarFunc {
	text, integer := varcharInfo, typeInfo(duckdb.TYPE_INTEGER)
	return map[string][]duckdb.ScalarFunc{
		"pgway_regexp_count": {udfSpec{params: []duckdb.TypeInfo{text, text, integer, text},
			result: integer, run: regexpCount}},
		"pgway_regexp_instr": {udfSpec{params: []duckdb.TypeInfo{text, text, integer, integer, integer, text, integer},
			result: integer, run: regexpInstr}},
		"pgway_regexp_substr": {udfSpec{params: []duckdb.TypeInfo{text, text, integer, integer, text, integer},
			result: text, run: regexpSubstr}},
	}
}

func invalidRegexParameter(name string, value int32) error {
	return &providers.Error{Code: "22023", Message: fmt.Sprintf("invalid value for parameter %q: %d", name, value)}
}

// matchesFrom returns the matches of regexp_matches with the g flag in
// text from the 1-based character position start, for function fn.
func matchesFrom(fn string, text, pattern string, start int32, flags string, use regexUse) ([][]int, *pgRegex, error) {
	if start <= 0 {
		return nil, nil, invalidRegexParameter("start", start)
	}
	opts, global, err := parseRegexFlags(flags)
	if err != nil {
		return nil, nil, err
	}
	if global {
		return nil, nil, &providers.Error{Code: "22023",
			Message: fmt.Sprintf("%s() does not support the \"global\" option", fn)}
	}
	re, err := compileRegex(pattern, opts, use)
	if err != nil {
		return nil, nil, err
	}
	if err := re.checkInput(text); err != nil {
		return nil, nil, err
	}

	offset := byteOffset(text, int(start)-1)
	if offset > 0 && re.leftContext {
		return nil, nil, &providers.Error{Code: "0A000",
			Message: fmt.Sprintf("%s() with a start position and a pattern with ^, \\A or a word boundary is not supported on DuckDB", fn)}
	}
	if offset > len(text) {
		return nil, re, nil
	}

	matches, err := re.allMatches(text[offset:], true, false)
	for _, m := range matches {
		for i := range m {
			if m[i] >= 0 {
				m[i] += offset
			}
		}
	}
	return matches, re, err
}

// byteOffset returns the byte offset of the character at index chars, or
// past the end.
func byteOffset(text string, chars int) int {
	offset := 0
	for ; chars > 0; chars-- {
		if offset >= len(text) {
			return len(text) + 1
		}
		_, size := utf8.DecodeRuneInString(text[offset:])
		offset += size
	}
	return offset
}

func regexpCount(args []driver.Value) (any, error) {
	matches, _, err := matchesFrom("regexp_count", args[0].(string), args[1].(string), args[2].(int32), args[3].(string), regexBounds)
	if err != nil {
		return nil, err
	}
	return int32(len(matches)), nil
}

// nthMatch returns the bounds of subexpression subexpr, 0 for the whole
// match, of the nth match, or false when there is none.
func nthMatch(fn string, args []driver.Value, n, subexpr int32, flags string) (string, int, int, bool, error) {
	if n <= 0 {
		return "", 0, 0, false, invalidRegexParameter("n", n)
	}
	if subexpr < 0 {
		return "", 0, 0, false, invalidRegexParameter("subexpr", subexpr)
	}
	use := regexBounds
	if subexpr > 0 {
		use = regexExtract
	}
	text := args[0].(string)
	matches, re, err := matchesFrom(fn, text, args[1].(string), args[2].(int32), flags, use)
	if err != nil || int(n) > len(matches) || int(subexpr) > re.groups {
		return text, 0, 0, false, err
	}
	m := matches[n-1]
	if m[2*subexpr] < 0 {
		return text, 0, 0, false, nil
	}
	return text, m[2*subexpr], m[2*subexpr+1], true, nil
}

func regexpInstr(args []driver.Value) (any, error) {
	endOption := args[4].(int32)
	if endOption != 0 && endOption != 1 {
		return nil, invalidRegexParameter("endoption", endOption)
	}
	text, start, end, ok, err := nthMatch("regexp_instr", args, args[3].(int32), args[6].(int32), args[5].(string))
	if err != nil || !ok {
		return int32(0), err
	}
	if endOption == 1 {
		return int32(utf8.RuneCountInString(text[:end]) + 1), nil
	}
	return int32(utf8.RuneCountInString(text[:start]) + 1), nil
}

func regexpSubstr(args []driver.Value) (any, error) {
	text, start, end, ok, err := nthMatch("regexp_substr", args, args[3].(int32), args[5].(int32), args[4].(string))
	if err != nil || !ok {
		return nil, err
	}
	return text[start:end], nil
}
