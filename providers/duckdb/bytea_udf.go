package duckdb

import (
	"database/sql/driver"
	"encoding/base64"
	"fmt"
	"strings"

	"pgway/providers"
	"pgway/translate"
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
		return byteaResult(translate.DecodeByteaHex(text))
	case "base64":
		return decodeBase64(text)
	case "escape":
		return byteaResult(translate.DecodeByteaEscape(text))
	}
	return nil, unknownEncoding(format)
}

// byteaInput reads text as PostgreSQL's bytea input function does, for
// pgway_bytea_in.
func byteaInput(text string) (any, error) {
	return byteaResult(translate.DecodeByteaInput(text))
}

// byteaResult returns data, or err converted to the providers.Error that
// this provider's functions return.
func byteaResult(data []byte, err *translate.Error) (any, error) {
	if err != nil {
		return nil, &providers.Error{Code: err.Code, Message: err.Message, Hint: err.Hint}
	}
	return data, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
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
