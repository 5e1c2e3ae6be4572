package duckdb

import (
	"database/sql/driver"
	"encoding/base64"
	"fmt"
	"strings"

	"pgway/providers"
)

// PostgreSQL's encode(bytea, format) and decode(text, format) for the
// formats hex, base64 and escape, after PostgreSQL 15's encode.c.
// DuckDB has functions of these names that convert between VARCHAR and
// BLOB without a format.

// base64LineLength is the length of the lines that PostgreSQL's base64
// encoding breaks its output into.
const base64LineLength = 76

func invalidParameter(format string, args ...any) error {
	return &providers.Error{Code: "22023", Message: fmt.Sprintf(format, args...)}
}

func unknownEncoding(name string) error {
	return invalidParameter("unrecognized encoding: %q", name)
}

func encodeBytea(args []driver.Value) (any, error) {
	data, format := args[0].([]byte), args[1].(string)
	switch strings.ToLower(format) {
	case "hex":
		return fmt.Sprintf("%x", data), nil
	case "base64":
		text := base64.StdEncoding.EncodeToString(data)
		// PostgreSQL ends every full line with a newline, the last one
		// too.
		var b strings.Builder
		for len(text) >= base64LineLength {
			b.WriteString(text[:base64LineLength])
			b.WriteByte('\n')
			text = text[base64LineLength:]
		}
		b.WriteString(text)
		return b.String(), nil
	case "escape":
		var b strings.Builder
		for _, c := range data {
			switch {
			case c == '\\':
				b.WriteString(`\\`)
			case c == 0 || c >= 0x80:
				fmt.Fprintf(&b, `\%03o`, c)
			default:
				b.WriteByte(c)
			}
		}
		return b.String(), nil
	}
	return nil, unknownEncoding(format)
}

func decodeBytea(args []driver.Value) (any, error) {
	text, format := args[0].(string), args[1].(string)
	switch strings.ToLower(format) {
	case "hex":
		return decodeHex(text)
	case "base64":
		return decodeBase64(text)
	case "escape":
		return decodeEscape(text)
	}
	return nil, unknownEncoding(format)
}

// byteaInput reads text as PostgreSQL's bytea input function does: in
// the hex format after a leading \x, else in the escape format.
func byteaInput(text string) ([]byte, error) {
	if hex, ok := strings.CutPrefix(text, `\x`); ok {
		return decodeHex(hex)
	}
	return decodeEscape(text)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// decodeHex reads pairs of hex digits, skipping whitespace between pairs.
func decodeHex(text string) ([]byte, error) {
	out := make([]byte, 0, len(text)/2)
	for i := 0; i < len(text); {
		if isSpace(text[i]) {
			i++
			continue
		}
		high, ok := hexValue(text[i])
		if !ok {
			return nil, invalidParameter("invalid hexadecimal digit: %q", firstRune(text[i:]))
		}
		if i+1 >= len(text) {
			return nil, invalidParameter("invalid hexadecimal data: odd number of digits")
		}
		low, ok := hexValue(text[i+1])
		if !ok {
			return nil, invalidParameter("invalid hexadecimal digit: %q", firstRune(text[i+1:]))
		}
		out = append(out, high<<4|low)
		i += 2
	}
	return out, nil
}

func hexValue(c byte) (byte, bool) {
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

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// decodeBase64 reads base64 text as PostgreSQL does: whitespace anywhere
// is skipped, "=" may only pad the third or fourth character of a group,
// and after padding each group adds only the bytes the padding leaves.
func decodeBase64(text string) ([]byte, error) {
	out := make([]byte, 0, len(text)*3/4)
	var buf uint32
	position, end := 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if isSpace(c) {
			continue
		}
		var value uint32
		if c == '=' {
			if end == 0 {
				switch position {
				case 2:
					end = 1
				case 3:
					end = 2
				default:
					return nil, invalidParameter(`unexpected "=" while decoding base64 sequence`)
				}
			}
		} else {
			index := strings.IndexByte(base64Alphabet, c)
			if index < 0 {
				return nil, invalidParameter("invalid symbol %q found while decoding base64 sequence", firstRune(text[i:]))
			}
			value = uint32(index)
		}
		buf = buf<<6 | value
		position++
		if position < 4 {
			continue
		}
		out = append(out, byte(buf>>16))
		if end == 0 || end > 1 {
			out = append(out, byte(buf>>8))
		}
		if end == 0 || end > 2 {
			out = append(out, byte(buf))
		}
		buf, position = 0, 0
	}
	if position != 0 {
		return nil, &providers.Error{Code: "22023", Message: "invalid base64 end sequence",
			Hint: "Input data is missing padding, is truncated, or is otherwise corrupted."}
	}
	return out, nil
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// decodeEscape reads the escape format: \\ is a backslash and \ooo an
// octal byte value; every other byte stands for itself.
func decodeEscape(text string) ([]byte, error) {
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
		case i+3 < len(text) && isOctal(text[i+1], '3') && isOctal(text[i+2], '7') && isOctal(text[i+3], '7'):
			out = append(out, (text[i+1]-'0')<<6|(text[i+2]-'0')<<3|(text[i+3]-'0'))
			i += 3
		default:
			return nil, &providers.Error{Code: "22P02", Message: "invalid input syntax for type bytea"}
		}
	}
	return out, nil
}

func isOctal(c, highest byte) bool {
	return c >= '0' && c <= highest
}
