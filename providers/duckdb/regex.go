package duckdb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"pgway/providers"
)

// PostgreSQL's regular expressions (ARE, Henry Spencer's engine) run here
// on Go's regexp (RE2 syntax). The pattern is parsed as PostgreSQL 15
// parses it, so an invalid pattern fails with PostgreSQL's 2201B message,
// and rewritten in Go's syntax. A construct that Go cannot run with
// PostgreSQL's meaning fails with 0A000: back-references, lookaround,
// \m and \M, [[:<:]], collating elements, and the b and e flags.
//
// Functions that return the text of a match need more. PostgreSQL takes
// the longest match of a greedy pattern, and gives each subexpression in
// turn the longest text that leaves the rest a match. Go's Longest mode
// agrees on the whole match. It agrees on the subexpressions when no
// alternation can match two ways and every quantified part has a fixed
// width. So in those functions, patterns with capturing groups outside
// that subset fail with 0A000, and so do non-greedy quantifiers.

// regexUse is the part of a match that a caller reads.
type regexUse int

const (
	// regexTest reads only whether the text matches, as ~ does.
	regexTest regexUse = iota
	// regexBounds reads the bounds of the whole match.
	regexBounds
	// regexExtract reads the match's bounds and subexpressions.
	regexExtract
)

// pgRegex is a PostgreSQL regular expression compiled to Go's regexp.
type pgRegex struct {
	re *regexp.Regexp
	// groups is the number of capturing subexpressions.
	groups int
	// asciiInput is set when the pattern has character classes or word
	// boundaries, whose members outside ASCII depend on the database's
	// locale, so that input with other characters fails with 0A000.
	asciiInput bool
	// foldInput is set for a case-insensitive pattern, whose characters
	// are ASCII: input with a character that Go's folding matches to an
	// ASCII letter, as the Kelvin sign matches k, fails with 0A000.
	foldInput bool
	// leftContext is set when an assertion (^, \A, \y, \Y) reads the text
	// before the match, so a search cannot start in the middle.
	leftContext bool
	// minWidth is the fewest characters a match can have.
	minWidth int
}

// regexOptions are the flags of PostgreSQL's regexp functions that
// change how the pattern reads.
type regexOptions struct {
	icase bool
	// newlineStop keeps . and negated brackets from matching a newline.
	newlineStop bool
	// newlineAnchor makes ^ and $ match at newlines.
	newlineAnchor bool
	literal       bool
	// expanded ignores white space and #-comments outside brackets.
	expanded bool
}

func invalidRegex(reason string) error {
	return &providers.Error{Code: "2201B", Message: "invalid regular expression: " + reason}
}

func unsupportedRegex(format string, args ...any) error {
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf(format, args...) + " in a regular expression is not supported on DuckDB"}
}

// parseRegexFlags reads the flags argument of a regexp function, named
// fn in errors. It reports whether g is among them; the caller rejects g
// where PostgreSQL does.
func parseRegexFlags(flags string) (regexOptions, bool, error) {
	var opts regexOptions
	global := false
	for _, flag := range flags {
		switch flag {
		case 'g':
			global = true
		case 'i':
			opts.icase = true
		case 'c':
			opts.icase = false
		case 'n', 'm':
			opts.newlineStop, opts.newlineAnchor = true, true
		case 'p':
			opts.newlineStop, opts.newlineAnchor = true, false
		case 'w':
			opts.newlineStop, opts.newlineAnchor = false, true
		case 's':
			opts.newlineStop, opts.newlineAnchor = false, false
		case 'q':
			opts.literal = true
		case 't':
		case 'x':
			opts.expanded = true
		case 'b', 'e':
			return opts, false, &providers.Error{Code: "0A000",
				Message: fmt.Sprintf("the regular expression flag %q is not supported on DuckDB", string(flag))}
		default:
			return opts, false, &providers.Error{Code: "22023",
				Message: fmt.Sprintf("invalid regular expression option: %q", string(flag))}
		}
	}
	return opts, global, nil
}

type regexKey struct {
	pattern string
	opts    regexOptions
	use     regexUse
}

// regexCache keeps compiled patterns, since a statement runs its pattern
// on every row.
var regexCache sync.Map

// maxCachedRegexes bounds regexCache; past it, patterns are compiled at
// each call.
const maxCachedRegexes = 1000

var cachedRegexes struct {
	sync.Mutex
	count int
}

// compileRegex compiles a PostgreSQL pattern with options for use.
func compileRegex(pattern string, opts regexOptions, use regexUse) (*pgRegex, error) {
	key := regexKey{pattern, opts, use}
	if cached, ok := regexCache.Load(key); ok {
		return cached.(*pgRegex), nil
	}
	compiled, err := translateRegex(pattern, opts, use)
	if err != nil {
		return nil, err
	}
	cachedRegexes.Lock()
	if cachedRegexes.count < maxCachedRegexes {
		cachedRegexes.count++
		regexCache.Store(key, compiled)
	}
	cachedRegexes.Unlock()
	return compiled, nil
}

// translateRegex parses pattern as PostgreSQL's ARE and compiles its Go
// equivalent.
func translateRegex(pattern string, opts regexOptions, use regexUse) (*pgRegex, error) {
	if opts.literal && (opts.expanded || opts.newlineStop || opts.newlineAnchor) {
		// PostgreSQL rejects the q flag beside x, n, p or w when it
		// compiles the pattern.
		return nil, invalidRegex("invalid argument to regex function")
	}
	if rest, ok := strings.CutPrefix(pattern, "***="); ok {
		pattern, opts.literal = rest, true
	} else if rest, ok := strings.CutPrefix(pattern, "***:"); ok {
		pattern = rest
	}
	var tree *reNode
	if opts.literal {
		tree = &reNode{kind: reConcat}
		for _, r := range pattern {
			tree.children = append(tree.children, &reNode{kind: reLiteral, literal: r})
		}
	} else {
		p := &reParser{pattern: []rune(pattern), opts: opts}
		if err := p.embeddedOptions(); err != nil {
			return nil, err
		}
		parsed, err := p.parse()
		if err != nil {
			return nil, err
		}
		tree, opts = parsed, p.opts
	}
	if opts.icase && !isASCII(pattern) {
		// Whether PostgreSQL folds the case of other letters depends on
		// the database's locale: under C it does not.
		return nil, unsupportedRegex("a non-ASCII character with case-insensitive matching")
	}

	compiled := &pgRegex{minWidth: tree.minWidth(), foldInput: opts.icase}
	var syntax strings.Builder
	if opts.icase {
		syntax.WriteString("(?i)")
	}
	w := reWriter{out: &syntax, opts: opts, compiled: compiled}
	if err := w.write(tree); err != nil {
		return nil, err
	}

	if use != regexTest {
		captures := use == regexExtract && compiled.groups > 0
		if err := checkExtractable(tree, captures, opts.icase); err != nil {
			return nil, err
		}
	}

	re, err := regexp.Compile(syntax.String())
	if err != nil {
		return nil, &providers.Error{Code: "0A000",
			Message: "this regular expression is not supported on DuckDB: " + err.Error()}
	}
	re.Longest()
	compiled.re = re
	return compiled, nil
}

// checkInput rejects text whose match could differ from PostgreSQL's, by
// the asciiInput and foldInput flags of r.
func (r *pgRegex) checkInput(text string) error {
	if !r.asciiInput && !r.foldInput {
		return nil
	}
	for i := 0; i < len(text); i++ {
		if text[i] < utf8.RuneSelf {
			continue
		}
		if r.asciiInput {
			return &providers.Error{Code: "0A000",
				Message: "a regular expression with character classes or word boundaries on text with non-ASCII characters is not supported on DuckDB",
				Hint:    "Their members outside ASCII depend on the database's locale; list the characters in brackets instead."}
		}
		if c, _ := utf8.DecodeRuneInString(text[i:]); c == '\u212a' || c == '\u017f' {
			return &providers.Error{Code: "0A000",
				Message: fmt.Sprintf("a case-insensitive regular expression on text with %q is not supported on DuckDB", c)}
		}
	}
	return nil
}

// reKind is the kind of a node of a parsed pattern.
type reKind int

const (
	reLiteral reKind = iota
	// reClass is one character of a set: ., a bracket expression or a
	// class escape, already in Go's syntax.
	reClass
	// reAssert is a zero-width assertion in Go's syntax.
	reAssert
	reGroup
	reConcat
	reAlternate
	reRepeat
)

type reNode struct {
	kind     reKind
	literal  rune
	syntax   string
	children []*reNode
	capture  bool
	// min and max bound a repetition; max is -1 for no bound.
	min, max int
	greedy   bool
	// leftContext marks an assertion that reads the text before it.
	leftContext bool
	// locale marks a class whose non-ASCII members depend on the locale.
	locale bool
}

// width returns the fewest and most characters that n matches; most is
// -1 for no bound.
func (n *reNode) width() (int, int) {
	switch n.kind {
	case reLiteral, reClass:
		return 1, 1
	case reAssert:
		return 0, 0
	case reGroup:
		return n.children[0].width()
	case reConcat:
		low, high := 0, 0
		for _, c := range n.children {
			l, h := c.width()
			low += l
			if high >= 0 && h >= 0 {
				high += h
			} else {
				high = -1
			}
		}
		return low, high
	case reAlternate:
		low, high := -1, 0
		for _, c := range n.children {
			l, h := c.width()
			if low < 0 || l < low {
				low = l
			}
			if high >= 0 && (h < 0 || h > high) {
				high = h
			}
		}
		return max(low, 0), high
	case reRepeat:
		l, h := n.children[0].width()
		if n.max < 0 || h < 0 {
			return l * n.min, -1
		}
		return l * n.min, h * n.max
	}
	return 0, 0
}

func (n *reNode) minWidth() int {
	low, _ := n.width()
	return low
}

// literalText returns the text of a node made only of literal
// characters.
func (n *reNode) literalText() (string, bool) {
	switch n.kind {
	case reLiteral:
		return string(n.literal), true
	case reConcat:
		var b strings.Builder
		for _, c := range n.children {
			text, ok := c.literalText()
			if !ok {
				return "", false
			}
			b.WriteString(text)
		}
		return b.String(), true
	}
	return "", false
}

// checkExtractable rejects the patterns whose matched text Go could
// choose otherwise than PostgreSQL (see the top of this file).
func checkExtractable(n *reNode, captures, icase bool) error {
	if n.kind == reRepeat && !n.greedy {
		return unsupportedRegex("a non-greedy quantifier in a function that returns the matched text")
	}
	if captures {
		switch n.kind {
		case reAlternate:
			if !distinctLiterals(n.children, icase) {
				return unsupportedRegex("alternatives other than plain strings, none the start of another, " +
					"with capturing parentheses in a function that returns the matched text")
			}
		case reRepeat:
			if low, high := n.children[0].width(); low != high || low == 0 {
				return unsupportedRegex("a quantifier on a part of variable width, with capturing parentheses " +
					"in a function that returns the matched text")
			}
		}
	}
	for _, c := range n.children {
		if err := checkExtractable(c, captures, icase); err != nil {
			return err
		}
	}
	return nil
}

// distinctLiterals reports whether the alternatives are plain strings of
// which none starts another, so that at most one matches at a place.
func distinctLiterals(alternatives []*reNode, icase bool) bool {
	texts := make([]string, len(alternatives))
	for i, a := range alternatives {
		text, ok := a.literalText()
		if !ok || text == "" || icase && !isASCII(text) {
			return false
		}
		if icase {
			text = strings.ToLower(text)
		}
		texts[i] = text
	}
	for i, a := range texts {
		for j, b := range texts {
			if i != j && strings.HasPrefix(b, a) {
				return false
			}
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// reWriter writes a parsed pattern in Go's syntax.
type reWriter struct {
	out      *strings.Builder
	opts     regexOptions
	compiled *pgRegex
}

func (w reWriter) write(n *reNode) error {
	switch n.kind {
	case reLiteral:
		w.out.WriteString(regexp.QuoteMeta(string(n.literal)))
	case reClass, reAssert:
		w.out.WriteString(n.syntax)
		if n.locale {
			w.compiled.asciiInput = true
		}
		if n.leftContext {
			w.compiled.leftContext = true
		}
	case reGroup:
		if n.capture {
			w.compiled.groups++
			w.out.WriteString("(")
		} else {
			w.out.WriteString("(?:")
		}
		if err := w.write(n.children[0]); err != nil {
			return err
		}
		w.out.WriteString(")")
	case reConcat:
		for _, c := range n.children {
			if err := w.write(c); err != nil {
				return err
			}
		}
	case reAlternate:
		w.out.WriteString("(?:")
		for i, c := range n.children {
			if i > 0 {
				w.out.WriteString("|")
			}
			if err := w.write(c); err != nil {
				return err
			}
		}
		w.out.WriteString(")")
	case reRepeat:
		w.out.WriteString("(?:")
		if err := w.write(n.children[0]); err != nil {
			return err
		}
		w.out.WriteString(")")
		switch {
		case n.max < 0:
			fmt.Fprintf(w.out, "{%d,}", n.min)
		case n.min == n.max:
			fmt.Fprintf(w.out, "{%d}", n.min)
		default:
			fmt.Fprintf(w.out, "{%d,%d}", n.min, n.max)
		}
		if !n.greedy {
			w.out.WriteString("?")
		}
	}
	return nil
}

// repeatMax is PostgreSQL's largest repetition count (DUPMAX).
const repeatMax = 255

func atoiSmall(digits string) int {
	n, err := strconv.Atoi(digits)
	if err != nil {
		return repeatMax + 1
	}
	return n
}
