package snowflakeemu

import (
	"fmt"
	"strings"
)

// The Snowflake functions that DuckDB lacks, or has with other semantics,
// are rewritten call by call before the statement's names are mapped. Each
// call's arguments are rewritten first. Then the call becomes DuckDB SQL,
// raw tokens written as they are, around its arguments' tokens.

// call is one function call of a statement.
type call struct {
	name string // upper case
	args [][]token
	// within is the ORDER BY clause of WITHIN GROUP (...) after the call,
	// without the parentheses.
	within []token
	// over is set when OVER follows the call.
	over bool
}

type callRewrite func(c *call) ([]token, error)

// raw returns a token written to DuckDB as it is.
func raw(text string) token { return token{tokenRaw, text} }

// build joins strings, written as they are, and token lists.
func build(parts ...any) []token {
	var out []token
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			out = append(out, raw(v))
		case []token:
			out = append(out, v...)
		case token:
			out = append(out, v)
		}
	}
	return out
}

// parenthesized returns an argument in parentheses.
func parenthesized(arg []token) []token { return build("(", arg, ")") }

// join returns the arguments separated by commas.
func join(args [][]token) []token {
	var out []token
	for i, a := range args {
		if i > 0 {
			out = append(out, raw(", "))
		}
		out = append(out, a...)
	}
	return out
}

// literal returns the text of an argument that is one string literal or
// one word, such as 'day' or day.
func literal(arg []token) (string, bool) {
	if len(arg) == 1 && (arg[0].kind == tokenString || arg[0].kind == tokenWord) {
		return arg[0].text, true
	}
	return "", false
}

// intLiteral returns the value of an argument that is an integer
// constant, with an optional minus sign.
func intLiteral(arg []token) (int, bool) {
	var sign = 1
	if len(arg) == 2 && arg[0].kind == tokenSymbol && arg[0].text == "-" {
		sign, arg = -1, arg[1:]
	}
	if len(arg) != 1 || arg[0].kind != tokenNumber {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(arg[0].text, "%d", &n); err != nil || strings.ContainsAny(arg[0].text, ".eE") {
		return 0, false
	}
	return sign * n, true
}

// notEmulated is the error of a Snowflake feature that the emulator does
// not run.
func notEmulated(format string, args ...any) error {
	return &Error{Code: "002140", SQLState: "0A000",
		Message: "SQL compilation error:\nthe emulator does not run " + fmt.Sprintf(format, args...)}
}

func argumentCount(c *call, min, max int) error {
	if len(c.args) < min || len(c.args) > max {
		return &Error{Code: "001044", SQLState: "42P13",
			Message: fmt.Sprintf("SQL compilation error:\nInvalid argument types for function '%s': %d arguments", c.name, len(c.args))}
	}
	return nil
}

// rewriteCalls rewrites the calls of callRewrites in tokens, innermost
// first.
func rewriteCalls(tokens []token) ([]token, error) {
	var out []token
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		rewrite, ok := callRewrites[strings.ToUpper(t.text)]
		open := skipSpace(tokens, i+1)
		if replacement, end, err := rewriteOperator(tokens, i); err != nil {
			return nil, err
		} else if replacement != nil {
			out = append(out, replacement...)
			i = end
			continue
		}
		if t.kind != tokenWord || !ok || !isSymbolToken(tokens, open, "(") || isSymbolToken(tokens, prevNonSpace(tokens, i), ".") {
			out = append(out, t)
			continue
		}
		c := &call{name: strings.ToUpper(t.text)}
		end, err := c.readArgs(tokens, open)
		if err != nil {
			return nil, err
		}
		if end, err = c.readWithin(tokens, end); err != nil {
			return nil, err
		}
		c.over = isWordToken(tokens, skipSpace(tokens, end+1), "OVER")
		replacement, err := rewrite(c)
		if err != nil {
			return nil, err
		}
		if c.over {
			// A window function's call stays bare before OVER.
			out = append(out, replacement...)
		} else {
			out = append(out, raw("("))
			out = append(out, replacement...)
			out = append(out, raw(")"))
		}
		i = end
	}
	return out, nil
}

// rewriteOperator rewrites the operators that DuckDB lacks or reads
// otherwise at token i: RLIKE and REGEXP, which match the whole subject as
// DuckDB's SIMILAR TO does, and a string literal cast to VARIANT, which
// Snowflake keeps as a string where DuckDB's cast to JSON parses it.
// SIMILAR TO, which Snowflake lacks, fails. It returns nil when token i is
// none of them, else the replacement and the index of its last token.
func rewriteOperator(tokens []token, i int) ([]token, int, error) {
	t := tokens[i]
	switch {
	case t.kind == tokenWord && !isSymbolToken(tokens, skipSpace(tokens, i+1), "("):
		switch strings.ToUpper(t.text) {
		case "RLIKE", "REGEXP":
			return []token{raw("SIMILAR TO")}, i, nil
		case "SIMILAR":
			if isWordToken(tokens, skipSpace(tokens, i+1), "TO") {
				return nil, 0, syntaxError("unexpected 'SIMILAR'")
			}
		}
	case t.kind == tokenString:
		cast := skipSpace(tokens, i+1)
		typ := skipSpace(tokens, cast+1)
		if isSymbolToken(tokens, cast, "::") && isWordToken(tokens, typ, "VARIANT") {
			return []token{raw("to_json(" + quoteString(t.text) + ")")}, typ, nil
		}
	}
	return nil, 0, nil
}

// readArgs reads the arguments of the call whose parenthesis is at open,
// rewritten, and returns the index of the closing parenthesis.
func (c *call) readArgs(tokens []token, open int) (int, error) {
	depth, start := 0, open+1
	for j := open; j < len(tokens); j++ {
		if tokens[j].kind != tokenSymbol {
			continue
		}
		switch tokens[j].text {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
			if depth == 0 {
				if err := c.addArg(tokens[start:j]); err != nil {
					return 0, err
				}
				return j, nil
			}
		case ",":
			if depth == 1 {
				if err := c.addArg(tokens[start:j]); err != nil {
					return 0, err
				}
				start = j + 1
			}
		}
	}
	return 0, syntaxError("unbalanced parentheses in a call of " + c.name)
}

func (c *call) addArg(tokens []token) error {
	tokens = trimSpace(tokens)
	if len(tokens) == 0 {
		if len(c.args) == 0 {
			return nil
		}
		return syntaxError("an argument of " + c.name + " is missing")
	}
	arg, err := rewriteCalls(tokens)
	if err != nil {
		return err
	}
	c.args = append(c.args, arg)
	return nil
}

// readWithin reads WITHIN GROUP (ORDER BY ...) after the closing
// parenthesis at end, and returns the index of the last token read.
func (c *call) readWithin(tokens []token, end int) (int, error) {
	w := skipSpace(tokens, end+1)
	g := skipSpace(tokens, w+1)
	open := skipSpace(tokens, g+1)
	if !isWordToken(tokens, w, "WITHIN") || !isWordToken(tokens, g, "GROUP") || !isSymbolToken(tokens, open, "(") {
		return end, nil
	}
	inner := &call{name: "WITHIN GROUP"}
	closing, err := inner.readArgs(tokens, open)
	if err != nil {
		return 0, err
	}
	c.within = trimSpace(tokens[open+1 : closing])
	c.within, err = rewriteCalls(c.within)
	return closing, err
}

func skipSpace(tokens []token, i int) int {
	for i < len(tokens) && tokens[i].kind == tokenSpace {
		i++
	}
	return i
}

func prevNonSpace(tokens []token, i int) int {
	for i--; i >= 0 && tokens[i].kind == tokenSpace; i-- {
	}
	return i
}

func trimSpace(tokens []token) []token {
	for len(tokens) > 0 && tokens[0].kind == tokenSpace {
		tokens = tokens[1:]
	}
	for len(tokens) > 0 && tokens[len(tokens)-1].kind == tokenSpace {
		tokens = tokens[:len(tokens)-1]
	}
	return tokens
}

func isSymbolToken(tokens []token, i int, s string) bool {
	return i >= 0 && i < len(tokens) && tokens[i].kind == tokenSymbol && tokens[i].text == s
}

func isWordToken(tokens []token, i int, w string) bool {
	return i >= 0 && i < len(tokens) && tokens[i].kind == tokenWord && strings.EqualFold(tokens[i].text, w)
}
