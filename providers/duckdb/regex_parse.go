package duckdb

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// reParser reads a pattern as PostgreSQL 15's ARE syntax.
type reParser struct {
	pattern []rune
	pos     int
	opts    regexOptions
	depth   int
}

func (p *reParser) more() bool { return p.pos < len(p.pattern) }

func (p *reParser) peek(offset int) rune {
	if p.pos+offset < len(p.pattern) {
		return p.pattern[p.pos+offset]
	}
	return 0
}

// embeddedOptions reads the options in (?...) at the start of the
// pattern, which PostgreSQL reads as flags.
func (p *reParser) embeddedOptions() error {
	if p.peek(0) != '(' || p.peek(1) != '?' || !unicode.IsLetter(p.peek(2)) {
		return nil
	}
	p.pos += 2
	for p.more() && p.peek(0) != ')' {
		flag := p.peek(0)
		switch flag {
		case 'i':
			p.opts.icase = true
		case 'c':
			p.opts.icase = false
		case 'n', 'm':
			p.opts.newlineStop, p.opts.newlineAnchor = true, true
		case 'p':
			p.opts.newlineStop, p.opts.newlineAnchor = true, false
		case 'w':
			p.opts.newlineStop, p.opts.newlineAnchor = false, true
		case 's':
			p.opts.newlineStop, p.opts.newlineAnchor = false, false
		case 't':
		case 'q':
			p.opts.literal = true
		case 'x':
			p.opts.expanded = true
		case 'b', 'e':
			return unsupportedRegex("the embedded option %q", string(flag))
		default:
			return invalidRegex("invalid embedded option")
		}
		p.pos++
	}
	if !p.more() {
		return invalidRegex("invalid embedded option")
	}
	p.pos++
	if p.opts.literal {
		return unsupportedRegex("the embedded option q")
	}
	return nil
}

func (p *reParser) parse() (*reNode, error) {
	n, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.more() {
		// Only an unmatched ) stops the top level early.
		return nil, invalidRegex("parentheses () not balanced")
	}
	return n, nil
}

func (p *reParser) alternation() (*reNode, error) {
	var branches []*reNode
	for {
		branch, err := p.concatenation()
		if err != nil {
			return nil, err
		}
		branches = append(branches, branch)
		if p.peek(0) != '|' || !p.more() {
			break
		}
		p.pos++
	}
	if len(branches) == 1 {
		return branches[0], nil
	}
	return &reNode{kind: reAlternate, children: branches}, nil
}

func (p *reParser) concatenation() (*reNode, error) {
	concat := &reNode{kind: reConcat}
	for {
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if !p.more() || p.peek(0) == '|' || p.peek(0) == ')' {
			break
		}
		atom, err := p.atom()
		if err != nil {
			return nil, err
		}
		if atom, err = p.quantified(atom); err != nil {
			return nil, err
		}
		concat.children = append(concat.children, atom)
	}
	if p.peek(0) == ')' && p.depth == 0 && p.more() {
		return nil, invalidRegex("parentheses () not balanced")
	}
	return concat, nil
}

// skipSpace skips the white space and comments that expanded syntax
// ignores between tokens: ASCII white space, and # up to the next
// newline. It rejects other white space, which is white space for
// PostgreSQL only in some locales.
func (p *reParser) skipSpace() error {
	next, err := p.afterSpace(p.pos)
	p.pos = next
	return err
}

// afterSpace returns the position of the first token at or after pos,
// which is pos itself unless the syntax is expanded.
func (p *reParser) afterSpace(pos int) (int, error) {
	if !p.opts.expanded {
		return pos, nil
	}
	for pos < len(p.pattern) {
		c := p.pattern[pos]
		switch {
		case c == ' ' || c >= '\t' && c <= '\r':
			pos++
		case c == '#':
			for pos < len(p.pattern) && p.pattern[pos] != '\n' {
				pos++
			}
		case c > unicode.MaxASCII && (unicode.IsSpace(c) || unicode.In(c, unicode.Z)):
			return pos, unsupportedRegex("the non-ASCII white space %U with expanded syntax", c)
		default:
			return pos, nil
		}
	}
	return pos, nil
}

// startsQuantifier reports whether the pattern continues with a
// quantifier: *, +, ? or { followed by a digit.
func (p *reParser) startsQuantifier() (bool, error) {
	if err := p.skipSpace(); err != nil {
		return false, err
	}
	switch p.peek(0) {
	case '*', '+', '?':
		return p.more(), nil
	case '{':
		return p.startsBound()
	}
	return false, nil
}

// startsBound reports whether the { just ahead starts a bound, which it
// does when a digit follows.
func (p *reParser) startsBound() (bool, error) {
	next, err := p.afterSpace(p.pos + 1)
	if err != nil {
		return false, err
	}
	return next < len(p.pattern) && p.pattern[next] >= '0' && p.pattern[next] <= '9', nil
}

func (p *reParser) quantified(atom *reNode) (*reNode, error) {
	if starts, err := p.startsQuantifier(); err != nil || !starts {
		return atom, err
	}
	if atom.kind == reAssert {
		return nil, invalidRegex("quantifier operand invalid")
	}
	repeat := &reNode{kind: reRepeat, children: []*reNode{atom}, greedy: true}
	switch p.peek(0) {
	case '*':
		repeat.min, repeat.max = 0, -1
		p.pos++
	case '+':
		repeat.min, repeat.max = 1, -1
		p.pos++
	case '?':
		repeat.min, repeat.max = 0, 1
		p.pos++
	case '{':
		if err := p.bound(repeat); err != nil {
			return nil, err
		}
	}
	if p.peek(0) == '?' && p.more() {
		repeat.greedy = false
		p.pos++
	}
	if starts, err := p.startsQuantifier(); err != nil {
		return nil, err
	} else if starts {
		return nil, invalidRegex("quantifier operand invalid")
	}
	return repeat, nil
}

// bound reads {m}, {m,} or {m,n}. Expanded syntax ignores white space
// between the digits too, as PostgreSQL does.
func (p *reParser) bound(repeat *reNode) error {
	p.pos++
	digits := func() (string, error) {
		var text []rune
		for {
			if err := p.skipSpace(); err != nil {
				return "", err
			}
			if !p.more() || p.peek(0) < '0' || p.peek(0) > '9' {
				return string(text), nil
			}
			text = append(text, p.peek(0))
			p.pos++
		}
	}
	text, err := digits()
	if err != nil {
		return err
	}
	repeat.min = atoiSmall(text)
	repeat.max = repeat.min
	if p.peek(0) == ',' && p.more() {
		p.pos++
		repeat.max = -1
		if text, err = digits(); err != nil {
			return err
		} else if text != "" {
			repeat.max = atoiSmall(text)
		}
	}
	if p.peek(0) != '}' || !p.more() {
		return invalidRegex("braces {} not balanced")
	}
	p.pos++
	if repeat.min > repeatMax || repeat.max > repeatMax || repeat.max >= 0 && repeat.min > repeat.max {
		return invalidRegex("invalid repetition count(s)")
	}
	return nil
}

func (p *reParser) atom() (*reNode, error) {
	c := p.peek(0)
	p.pos++
	switch c {
	case '(':
		return p.group()
	case '[':
		return p.bracket()
	case '.':
		if p.opts.newlineStop {
			return &reNode{kind: reClass, syntax: `[^\n]`}, nil
		}
		return &reNode{kind: reClass, syntax: `(?s:.)`}, nil
	case '^':
		if p.opts.newlineAnchor {
			return &reNode{kind: reAssert, syntax: `(?m:^)`, leftContext: true}, nil
		}
		return &reNode{kind: reAssert, syntax: `\A`, leftContext: true}, nil
	case '$':
		if p.opts.newlineAnchor {
			return &reNode{kind: reAssert, syntax: `(?m:$)`}, nil
		}
		return &reNode{kind: reAssert, syntax: `\z`}, nil
	case '\\':
		return p.escape()
	case '*', '+', '?':
		return nil, invalidRegex("quantifier operand invalid")
	case '{':
		p.pos--
		starts, err := p.startsBound()
		p.pos++
		if err != nil {
			return nil, err
		} else if starts {
			return nil, invalidRegex("quantifier operand invalid")
		}
	}
	return &reNode{kind: reLiteral, literal: c}, nil
}

func (p *reParser) group() (*reNode, error) {
	capture := true
	if p.peek(0) == '?' {
		switch {
		case p.peek(1) == ':':
			capture = false
			p.pos += 2
		case p.peek(1) == '=' || p.peek(1) == '!' || p.peek(1) == '<' && (p.peek(2) == '=' || p.peek(2) == '!'):
			return nil, unsupportedRegex("a lookahead or lookbehind constraint")
		default:
			return nil, invalidRegex("quantifier operand invalid")
		}
	}
	p.depth++
	inner, err := p.alternation()
	p.depth--
	if err != nil {
		return nil, err
	}
	if p.peek(0) != ')' || !p.more() {
		return nil, invalidRegex("parentheses () not balanced")
	}
	p.pos++
	return &reNode{kind: reGroup, capture: capture, children: []*reNode{inner}}, nil
}

// classEscapes are PostgreSQL's class-shorthand escapes in Go's syntax,
// as members of a bracket expression. PostgreSQL's \s includes the
// vertical tab, which Go's \s leaves out.
var classEscapes = map[rune]string{
	'd': `0-9`, 'w': `0-9A-Za-z_`, 's': `\t\n\v\f\r `,
	'D': `\D`, 'W': `\W`, 'S': `[:^space:]`,
}

// escape reads an escape outside a bracket expression.
func (p *reParser) escape() (*reNode, error) {
	if !p.more() {
		return nil, invalidRegex("invalid escape \\ sequence")
	}
	c := p.peek(0)
	p.pos++
	switch c {
	case 'd', 's', 'w':
		return &reNode{kind: reClass, syntax: "[" + classEscapes[c] + "]", locale: true}, nil
	case 'D', 'S', 'W':
		if p.opts.newlineStop {
			return nil, unsupportedRegex("\\%c with newline-sensitive matching", c)
		}
		syntax := map[rune]string{'D': `[^0-9]`, 'S': `[[:^space:]]`, 'W': `[^0-9A-Za-z_]`}[c]
		return &reNode{kind: reClass, syntax: syntax, locale: true}, nil
	case 'A':
		return &reNode{kind: reAssert, syntax: `\A`, leftContext: true}, nil
	case 'Z':
		return &reNode{kind: reAssert, syntax: `\z`}, nil
	case 'y':
		return &reNode{kind: reAssert, syntax: `\b`, leftContext: true, locale: true}, nil
	case 'Y':
		return &reNode{kind: reAssert, syntax: `\B`, leftContext: true, locale: true}, nil
	case 'm', 'M':
		return nil, unsupportedRegex("the word boundary \\%c", c)
	}
	r, err := p.characterEscape(c)
	if err != nil {
		return nil, err
	}
	return &reNode{kind: reLiteral, literal: r}, nil
}

// characterEscape reads the escape of one character whose letter c was
// just read: \n, \t, \x41, \u0041 and the others of ARE, or a character
// that is not alphanumeric standing for itself.
func (p *reParser) characterEscape(c rune) (rune, error) {
	simple := map[rune]rune{'a': 7, 'b': 8, 'B': '\\', 'e': 27, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}
	if r, ok := simple[c]; ok {
		return r, nil
	}
	switch {
	case c == 'c':
		if !p.more() {
			return 0, invalidRegex("invalid escape \\ sequence")
		}
		p.pos++
		return p.peek(-1) & 0x1F, nil
	case c == 'x':
		return p.hexEscape(1, 8)
	case c == 'u':
		return p.hexEscape(4, 4)
	case c == 'U':
		return p.hexEscape(8, 8)
	case c >= '0' && c <= '9':
		return 0, unsupportedRegex("a back-reference or octal escape")
	case unicode.IsLetter(c) || unicode.IsDigit(c):
		return 0, invalidRegex("invalid escape \\ sequence")
	}
	return c, nil
}

// hexEscape reads from minDigits to maxDigits hexadecimal digits.
func (p *reParser) hexEscape(minDigits, maxDigits int) (rune, error) {
	start := p.pos
	for p.pos-start < maxDigits && p.more() && strings.ContainsRune("0123456789abcdefABCDEF", p.peek(0)) {
		p.pos++
	}
	if p.pos-start < minDigits {
		return 0, invalidRegex("invalid escape \\ sequence")
	}
	value, err := strconv.ParseUint(string(p.pattern[start:p.pos]), 16, 32)
	if err != nil || value > unicode.MaxRune || value == 0 {
		return 0, invalidRegex("invalid escape \\ sequence")
	}
	return rune(value), nil
}

// posixClasses are the classes of bracket expressions that PostgreSQL 15
// and Go both have.
var posixClasses = map[string]bool{
	"alnum": true, "alpha": true, "blank": true, "cntrl": true, "digit": true, "graph": true,
	"lower": true, "print": true, "punct": true, "space": true, "upper": true, "xdigit": true,
}

// bracket reads a bracket expression after its [. As in PostgreSQL, a -
// delimits a range unless it comes first or just before the closing ],
// so a range may start only at a single character: [a-c-e], [\d-z] and
// [[:digit:]-z] are invalid ranges.
func (p *reParser) bracket() (*reNode, error) {
	var set strings.Builder
	negated := p.peek(0) == '^' && p.more()
	if negated {
		p.pos++
	}
	locale := false
	first := true
	for {
		if !p.more() {
			return nil, invalidRegex("brackets [] not balanced")
		}
		c := p.peek(0)
		if c == ']' && !first {
			p.pos++
			break
		}
		if c == '-' && !first && p.peek(1) != ']' {
			return nil, invalidRegex("invalid character range")
		}
		first = false
		if c == '[' && (p.peek(1) == ':' || p.peek(1) == '.' || p.peek(1) == '=') {
			name, err := p.bracketClass()
			if err != nil {
				return nil, err
			}
			set.WriteString("[:" + name + ":]")
			locale = true
			continue
		}
		low, isClass, err := p.bracketMember()
		if err != nil {
			return nil, err
		}
		if isClass != "" {
			set.WriteString(isClass)
			locale = true
			continue
		}
		if p.peek(0) == '-' && p.pos+1 == len(p.pattern) {
			return nil, invalidRegex("brackets [] not balanced")
		}
		if p.peek(0) == '-' && p.peek(1) != ']' {
			p.pos++
			if p.peek(0) == '[' && (p.peek(1) == ':' || p.peek(1) == '=') {
				return nil, invalidRegex("invalid character range")
			}
			if p.peek(0) == '[' && p.peek(1) == '.' {
				return nil, unsupportedRegex("a collating element")
			}
			high, highClass, err := p.bracketMember()
			if err != nil {
				return nil, err
			}
			if highClass != "" || high < low {
				return nil, invalidRegex("invalid character range")
			}
			fmt.Fprintf(&set, `\x{%x}-\x{%x}`, low, high)
			continue
		}
		fmt.Fprintf(&set, `\x{%x}`, low)
	}
	if negated && p.opts.newlineStop {
		set.WriteString(`\n`)
	}
	syntax := "[" + set.String() + "]"
	if negated {
		syntax = "[^" + set.String() + "]"
	}
	return &reNode{kind: reClass, syntax: syntax, locale: locale}, nil
}

// bracketClass reads [:name:] inside a bracket expression and rejects
// collating elements and equivalence classes.
func (p *reParser) bracketClass() (string, error) {
	kind := p.peek(1)
	p.pos += 2
	start := p.pos
	for p.more() && !(p.peek(0) == kind && p.peek(1) == ']') {
		p.pos++
	}
	if !p.more() {
		return "", invalidRegex("brackets [] not balanced")
	}
	name := string(p.pattern[start:p.pos])
	p.pos += 2
	switch {
	case kind == '=' && p.peek(0) == '-' && p.peek(1) != ']':
		// An equivalence class cannot start a range.
		return "", invalidRegex("invalid character range")
	case kind != ':':
		return "", unsupportedRegex("a collating element or equivalence class")
	case name == "<" || name == ">":
		return "", unsupportedRegex("the word boundary [[:%s:]]", name)
	case !posixClasses[name]:
		return "", invalidRegex("invalid character class")
	}
	return name, nil
}

// bracketMember reads one character of a bracket expression, or a class
// escape, which it returns in Go's syntax.
func (p *reParser) bracketMember() (rune, string, error) {
	c := p.peek(0)
	p.pos++
	if c != '\\' {
		return c, "", nil
	}
	if !p.more() {
		return 0, "", invalidRegex("brackets [] not balanced")
	}
	c = p.peek(0)
	p.pos++
	if class, ok := classEscapes[c]; ok {
		if unicode.IsUpper(c) && p.opts.newlineStop {
			return 0, "", unsupportedRegex("\\%c with newline-sensitive matching", c)
		}
		return 0, class, nil
	}
	if strings.ContainsRune("AZmMyY", c) {
		return 0, "", invalidRegex("invalid escape \\ sequence")
	}
	r, err := p.characterEscape(c)
	return r, "", err
}
