package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/translate"
)

// PostgreSQL's format(), quote_ident(), quote_literal() and
// quote_nullable(). The DuckDB dialect passes every argument as text, as
// PostgreSQL's output functions write it (translate/duckdb_format.go).

// formatFunctions returns the functions of this file for
// registerBuiltinFunctions.
func formatFunctions() map[string][]duckdb.ScalarFunc {
	text1 := []duckdb.TypeInfo{varcharInfo}
	return map[string][]duckdb.ScalarFunc{
		"pgway_format": {udfSpec{params: text1, variadic: varcharInfo, result: varcharInfo, run: formatText, nulls: true}},
		"pgway_quote_ident": {udfSpec{params: text1, result: varcharInfo, run: func(args []driver.Value) (any, error) {
			return translate.QuoteIdentifier(args[0].(string)), nil
		}}},
		"pgway_quote_literal": {udfSpec{params: text1, result: varcharInfo, run: func(args []driver.Value) (any, error) {
			return quoteLiteral(args[0].(string)), nil
		}}},
		"pgway_quote_nullable": {udfSpec{params: text1, result: varcharInfo, nulls: true, run: func(args []driver.Value) (any, error) {
			if args[0] == nil {
				return "NULL", nil
			}
			return quoteLiteral(args[0].(string)), nil
		}}},
	}
}

// quoteLiteral quotes text as PostgreSQL's quote_literal does: quotes and
// backslashes doubled, and E before a literal with a backslash.
func quoteLiteral(text string) string {
	var b strings.Builder
	if strings.Contains(text, `\`) {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for _, r := range text {
		if r == '\'' || r == '\\' {
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

func formatError(message string) error {
	return &providers.Error{Code: "22023", Message: message, Hint: `For a single "%" use "%%".`}
}

// formatText is format(formatstr, args...) of PostgreSQL 15, with each
// argument's text, NULL for a null.
func formatText(args []driver.Value) (any, error) {
	if args[0] == nil {
		return nil, nil
	}
	spec, values := args[0].(string), args[1:]
	var b strings.Builder
	next := 0
	for i := 0; i < len(spec); i++ {
		if spec[i] != '%' {
			b.WriteByte(spec[i])
			continue
		}
		i++
		if i >= len(spec) {
			return nil, formatError("unterminated format() type specifier")
		}
		if spec[i] == '%' {
			b.WriteByte('%')
			continue
		}
		f, end, err := parseFormatSpecifier(spec, i)
		if err != nil {
			return nil, err
		}
		i = end
		if err := f.write(&b, values, &next); err != nil {
			return nil, err
		}
	}
	return b.String(), nil
}

// formatSpecifier is one %[position][flags][width]type of format().
type formatSpecifier struct {
	position  int // 1-based, 0 for the next argument
	leftAlign bool
	width     int
	// starWidth is set for * widths, and widthPosition names their
	// argument, 0 for the next one.
	starWidth     bool
	widthPosition int
	kind          byte
}

// parseFormatSpecifier reads a specifier that starts at spec[i], after
// the %, and returns it with the index of its type letter.
func parseFormatSpecifier(spec string, i int) (formatSpecifier, int, error) {
	var f formatSpecifier
	unterminated := formatError("unterminated format() type specifier")
	number := func() (int, bool, error) {
		start := i
		for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
			i++
		}
		if i == start {
			return 0, false, nil
		}
		n, err := strconv.ParseInt(spec[start:i], 10, 32)
		if err != nil {
			return 0, false, &providers.Error{Code: "22003", Message: "number is out of range"}
		}
		return int(n), true, nil
	}
	n, ok, err := number()
	if err != nil {
		return f, 0, err
	}
	if ok {
		if i < len(spec) && spec[i] == '$' {
			if n == 0 {
				return f, 0, &providers.Error{Code: "22023", Message: "format specifies argument 0, but arguments are numbered from 1"}
			}
			f.position = n
			i++
		} else {
			f.width = n
			goto kind
		}
	}
	for i < len(spec) && spec[i] == '-' {
		f.leftAlign = true
		i++
	}
	if i < len(spec) && spec[i] == '*' {
		f.starWidth = true
		i++
		if n, ok, err := number(); err != nil {
			return f, 0, err
		} else if ok {
			if i >= len(spec) || spec[i] != '$' {
				return f, 0, unterminated
			}
			if n == 0 {
				return f, 0, &providers.Error{Code: "22023", Message: "format specifies argument 0, but arguments are numbered from 1"}
			}
			f.widthPosition = n
			i++
		}
	} else if n, _, err := number(); err != nil {
		return f, 0, err
	} else {
		f.width = n
	}
kind:
	if i >= len(spec) {
		return f, 0, unterminated
	}
	f.kind = spec[i]
	if f.kind != 's' && f.kind != 'I' && f.kind != 'L' {
		r, _ := utf8.DecodeRuneInString(spec[i:])
		return f, 0, formatError(fmt.Sprintf("unrecognized format() type specifier %q", string(r)))
	}
	return f, i, nil
}

// argument returns the value at a 1-based position, or the next one, and
// moves next past it.
func formatArgument(values []driver.Value, position int, next *int) (driver.Value, error) {
	at := *next
	if position > 0 {
		at = position - 1
	}
	if at >= len(values) {
		return nil, &providers.Error{Code: "22023", Message: "too few arguments for format()"}
	}
	*next = at + 1
	return values[at], nil
}

func (f formatSpecifier) write(b *strings.Builder, values []driver.Value, next *int) error {
	width, leftAlign := f.width, f.leftAlign
	if f.starWidth {
		v, err := formatArgument(values, f.widthPosition, next)
		if err != nil {
			return err
		}
		if v != nil {
			n, err := strconv.ParseInt(strings.TrimSpace(v.(string)), 10, 32)
			if err != nil {
				return &providers.Error{Code: "22P02",
					Message: fmt.Sprintf("invalid input syntax for type integer: %q", v)}
			}
			width = int(n)
			if width < 0 {
				leftAlign, width = true, -width
			}
		}
	}
	v, err := formatArgument(values, f.position, next)
	if err != nil {
		return err
	}
	var text string
	switch {
	case v == nil && f.kind == 'I':
		return &providers.Error{Code: "22004", Message: "null values cannot be formatted as an SQL identifier"}
	case v == nil && f.kind == 'L':
		text = "NULL"
	case v == nil:
	case f.kind == 'I':
		text = translate.QuoteIdentifier(v.(string))
	case f.kind == 'L':
		text = quoteLiteral(v.(string))
	default:
		text = v.(string)
	}
	pad := strings.Repeat(" ", max(width-utf8.RuneCountInString(text), 0))
	if leftAlign {
		b.WriteString(text + pad)
	} else {
		b.WriteString(pad + text)
	}
	return nil
}
