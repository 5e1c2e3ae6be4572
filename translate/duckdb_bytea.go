package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// rewriteByteaLiteral turns a string constant cast to bytea, which
// PostgreSQL reads in bytea's input format ('\x4142' in hex, or bytes
// with \\ and \ooo escapes), into the DuckDB BLOB literal of the same
// bytes, '\x41\x42'. DuckDB reads '\x4142' as the byte 0x41 and the text
// 42. Any other expression goes through pgway_bytea_in, which the DuckDB
// provider registers: it reads text as PostgreSQL does and passes bytea
// on. It reports whether the cast was a constant.
// NOTE: a parameter cast to bytea keeps DuckDB's cast, which reads a text
// value with backslashes differently.
func rewriteByteaLiteral(tc *pg.TypeCast) (bool, error) {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil {
		// DuckDB infers a parameter's type from the cast, but not through
		// a function with two overloads, so $1::bytea keeps the cast.
		if tc.Arg.GetParamRef() == nil && (c == nil || !c.Isnull) {
			tc.Arg = funcCall("pgway_bytea_in", tc.Location, tc.Arg)
		}
		return false, nil
	}
	data, err := DecodeByteaInput(c.GetSval().Sval)
	if err != nil {
		err.Position = int(c.Location) + 1
		return true, err
	}
	var b strings.Builder
	for _, x := range data {
		fmt.Fprintf(&b, `\x%02X`, x)
	}
	tc.Arg = pg.MakeAConstStrNode(b.String(), c.Location)
	return true, nil
}

// DecodeByteaInput decodes text as PostgreSQL's bytea input function
// does: in the hex format after a leading \x, else in the escape format.
func DecodeByteaInput(text string) ([]byte, *Error) {
	if hex, ok := strings.CutPrefix(text, `\x`); ok {
		return DecodeByteaHex(hex)
	}
	return DecodeByteaEscape(text)
}

// DecodeByteaEscape decodes bytea's escape format, as decode(text,
// 'escape') does: \\ is a backslash and \ooo an octal byte value, and
// every other byte is itself.
func DecodeByteaEscape(text string) ([]byte, *Error) {
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		if text[i] != '\\' {
			out = append(out, text[i])
			continue
		}
		switch {
		case i+1 < len(text) && text[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(text) && isOctalDigit(text[i+1], '3') && isOctalDigit(text[i+2], '7') && isOctalDigit(text[i+3], '7'):
			out = append(out, (text[i+1]-'0')<<6|(text[i+2]-'0')<<3|(text[i+3]-'0'))
			i += 3
		default:
			return nil, &Error{Code: "22P02", Message: "invalid input syntax for type bytea"}
		}
	}
	return out, nil
}

func isOctalDigit(c, highest byte) bool {
	return c >= '0' && c <= highest
}

// DecodeByteaHex decodes pairs of hex digits, which whitespace may
// separate, as decode(text, 'hex') and bytea's hex format after \x do.
func DecodeByteaHex(text string) ([]byte, *Error) {
	out := make([]byte, 0, len(text)/2)
	for i := 0; i < len(text); {
		if strings.IndexByte(" \t\n\r", text[i]) >= 0 {
			i++
			continue
		}
		high, ok := hexDigitValue(text[i])
		if !ok {
			return nil, invalidHexDigit(text[i:])
		}
		if i+1 >= len(text) {
			return nil, &Error{Code: "22023", Message: "invalid hexadecimal data: odd number of digits"}
		}
		low, ok := hexDigitValue(text[i+1])
		if !ok {
			return nil, invalidHexDigit(text[i+1:])
		}
		out = append(out, high<<4|low)
		i += 2
	}
	return out, nil
}

func hexDigitValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// invalidHexDigit returns the error for the character that rest starts
// with.
func invalidHexDigit(rest string) *Error {
	r := []rune(rest)[0]
	return &Error{Code: "22023", Message: fmt.Sprintf("invalid hexadecimal digit: %q", string(r))}
}
