package translate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The parser is PostgreSQL 17's, which reads 0x1F, 0o17 and 0b101 as
// integers and 1_000 as 1000. PostgreSQL 15 has neither form: its lexer
// reads a number followed by letters, digits or underscores as one token
// and rejects it with "trailing junk after numeric literal".

// checkNumericLiterals returns PostgreSQL 15's 42601 error for the first
// numeric literal of sql that only a newer PostgreSQL reads, or nil.
func checkNumericLiterals(sql string) error {
	if !mayHaveNewNumericLiteral(sql) {
		return nil
	}
	scan, err := pg.Scan(sql)
	if err != nil {
		return nil // the parser reports the error
	}
	for _, token := range scan.Tokens {
		if token.Token != pg.Token_ICONST && token.Token != pg.Token_FCONST {
			continue
		}
		text := sql[token.Start:token.End]
		if !isNewNumericLiteral(text) {
			continue
		}
		junk := postgres15NumericToken(sql[token.Start:])
		return &Error{Code: CodeSyntaxError,
			Message:  fmt.Sprintf("trailing junk after numeric literal at or near %q", junk),
			Position: utf8.RuneCountInString(sql[:token.Start]) + 1}
	}
	return nil
}

// mayHaveNewNumericLiteral reports whether a digit in sql is followed by
// an underscore or a radix letter, which every literal that
// isNewNumericLiteral accepts contains. It spares most statements the scan.
func mayHaveNewNumericLiteral(sql string) bool {
	for i := 0; i+1 < len(sql); i++ {
		if isDigit(sql[i]) && strings.IndexByte("_xXoObB", sql[i+1]) >= 0 {
			return true
		}
	}
	return false
}

// isNewNumericLiteral reports whether the text of a numeric token has a
// radix prefix or an underscore.
func isNewNumericLiteral(text string) bool {
	if strings.Contains(text, "_") {
		return true
	}
	return len(text) > 1 && text[0] == '0' && strings.IndexByte("xXoObB", text[1]) >= 0
}

// postgres15NumericToken returns the token that PostgreSQL 15's lexer
// reads at the start of s, which starts with a digit or a point. The
// token is the longest of an integer, a decimal or a real, each
// optionally followed by an identifier, which makes it junk.
func postgres15NumericToken(s string) string {
	longest := 0
	for _, end := range numberEnds(s) {
		if end < len(s) && isIdentStart(s[end]) {
			end++
			for end < len(s) && isIdentCont(s[end]) {
				end++
			}
		}
		longest = max(longest, end)
	}
	return s[:longest]
}

// numberEnds returns the ends of the integer, decimal and real that
// PostgreSQL 15's lexer can match at the start of s.
func numberEnds(s string) []int {
	digits := func(i int) int {
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		return i
	}
	var ends []int
	whole := digits(0)
	if whole > 0 {
		ends = append(ends, whole)
	}
	if whole < len(s) && s[whole] == '.' {
		if fraction := digits(whole + 1); fraction > whole+1 || whole > 0 {
			ends = append(ends, fraction)
		}
	}
	for _, end := range ends {
		if end < len(s) && (s[end] == 'e' || s[end] == 'E') {
			i := end + 1
			if i < len(s) && (s[i] == '+' || s[i] == '-') {
				i++
			}
			if exponent := digits(i); exponent > i {
				ends = append(ends, exponent)
			}
		}
	}
	return ends
}
