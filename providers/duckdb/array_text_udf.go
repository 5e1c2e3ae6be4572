package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// The casts of text to a one-dimensional array read the text as
// PostgreSQL 15's array_in does, and each element with the element
// type's input function. So pgway_text_int4_array('{1, 2}') is [1, 2],
// and pgway_text_int4_array('{1.5}') fails as '1.5'::integer does.

// textArrayFunctions returns the functions of this file by name, for
// castFunctions.
func textArrayFunctions() map[string][]duckdb.ScalarFunc {
	list := func(t duckdb.Type) duckdb.TypeInfo { return mustTypeInfo(duckdb.NewListInfo(typeInfo(t))) }
	spec := func(result duckdb.TypeInfo, element func(string) (any, error)) []duckdb.ScalarFunc {
		return []duckdb.ScalarFunc{udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: result, run: arrayOf(element)}}
	}
	return map[string][]duckdb.ScalarFunc{
		"pgway_text_int2_array": spec(list(duckdb.TYPE_SMALLINT), func(s string) (any, error) {
			n, err := parseInteger(s, math.MinInt16, math.MaxInt16, "smallint")
			return int16(n), err
		}),
		"pgway_text_int4_array": spec(list(duckdb.TYPE_INTEGER), func(s string) (any, error) {
			n, err := parseInteger(s, math.MinInt32, math.MaxInt32, "integer")
			return int32(n), err
		}),
		"pgway_text_int8_array": spec(list(duckdb.TYPE_BIGINT), func(s string) (any, error) {
			return parseInteger(s, math.MinInt64, math.MaxInt64, "bigint")
		}),
		"pgway_text_bool_array": spec(list(duckdb.TYPE_BOOLEAN), func(s string) (any, error) {
			return textToBool([]driver.Value{s})
		}),
	}
}

// arrayOf returns a function that splits array text into its elements
// with parseArrayText and reads each one that is not NULL with element.
func arrayOf(element func(string) (any, error)) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		elements, err := parseArrayText(args[0].(string))
		if err != nil {
			return nil, err
		}
		out := make([]any, len(elements))
		for i, e := range elements {
			if e == nil {
				continue
			}
			if out[i], err = element(*e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}

// parseArrayText splits the text of a one-dimensional array, such as
// { a , "b c",NULL}, into its elements as PostgreSQL 15's array_in does.
// It drops white space around an element unless quoted or escaped with a
// backslash, and reads an unquoted NULL in any case as null. Text
// that array_in rejects fails with 22P02. An array of more than one
// dimension or with explicit bounds, which a DuckDB list cannot hold,
// fails with 0A000.
func parseArrayText(text string) ([]*string, error) {
	malformed := &providers.Error{Code: "22P02", Message: fmt.Sprintf("malformed array literal: \"%s\"", text)}
	i := skipSpaces(text, 0)
	if i < len(text) && text[i] == '[' {
		return nil, arrayShapeError(text, malformed)
	}
	if i >= len(text) || text[i] != '{' {
		return nil, malformed
	}
	i = skipSpaces(text, i+1)
	var elements []*string
	if i < len(text) && text[i] == '}' {
		if skipSpaces(text, i+1) != len(text) {
			return nil, malformed
		}
		return []*string{}, nil
	}
	for {
		element, next, err := readArrayElement(text, i)
		if err == errArrayShape {
			return nil, arrayShapeError(text, malformed)
		}
		if next < 0 {
			return nil, malformed
		}
		elements = append(elements, element)
		i = next
		if text[i] == '}' {
			break
		}
		i = skipSpaces(text, i+1) // after the comma
	}
	if skipSpaces(text, i+1) != len(text) {
		return nil, malformed
	}
	return elements, nil
}

// arrayShapeError returns errArrayShape for array text of more than one
// dimension or with explicit bounds that PostgreSQL reads, and malformed
// for other text, such as {1,{2}}.
func arrayShapeError(text string, malformed error) error {
	types := arrayTypes.Get().(*pgtype.Map)
	defer arrayTypes.Put(types)
	var array pgtype.Array[*string]
	err := types.Scan(pgtype.TextArrayOID, pgtype.TextFormatCode, []byte(text), &array)
	// pgtype reads {1,{2}} as {1,2}, which has one dimension.
	if err == nil && (len(array.Dims) > 1 || strings.HasPrefix(strings.TrimSpace(text), "[")) {
		return errArrayShape
	}
	return malformed
}

// errArrayShape is the error for array text of more than one dimension
// or with explicit bounds.
var errArrayShape = &providers.Error{Code: "0A000",
	Message: "arrays of more than one dimension or with explicit bounds are not supported on DuckDB"}

// readArrayElement reads the element of array text that starts at i,
// after any white space, and returns it, nil for NULL, with the index of
// the comma or closing brace after it. The index is -1 when the text is
// malformed there.
func readArrayElement(text string, i int) (*string, int, error) {
	var b strings.Builder
	quoted, sawQuote, escaped := false, false, false
	// keep is the length of b up to its last character that is not
	// trailing white space of an unquoted part.
	keep := 0
	for ; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\':
			if i+1 >= len(text) || sawQuote && !quoted {
				return nil, -1, nil
			}
			i++
			b.WriteByte(text[i])
			keep, escaped = b.Len(), true
		case c == '"':
			if !quoted && (sawQuote || b.Len() > 0) {
				// A quote after other characters of the element.
				return nil, -1, nil
			}
			quoted, sawQuote = !quoted, true
			keep = b.Len()
		case quoted:
			b.WriteByte(c)
			keep = b.Len()
		case c == '{':
			return nil, 0, errArrayShape
		case c == ',' || c == '}':
			value := b.String()[:keep]
			if !sawQuote && value == "" {
				return nil, -1, nil
			}
			if !sawQuote && !escaped && strings.EqualFold(value, "NULL") {
				return nil, i, nil
			}
			return &value, i, nil
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			if b.Len() > 0 || sawQuote {
				b.WriteByte(c)
			}
		default:
			if sawQuote {
				// Characters after a quoted part.
				return nil, -1, nil
			}
			b.WriteByte(c)
			keep = b.Len()
		}
	}
	return nil, -1, nil
}
