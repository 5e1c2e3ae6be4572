package snowflakeemu

import (
	"fmt"
	"strings"
)

// postgresTypes are the Snowflake types that LoadPostgres gives the
// PostgreSQL types of a fixture, as pgway's Snowflake dialect maps them.
// The integer types become the NUMBER that holds their range, json and
// jsonb VARIANT, and the PostGIS types GEOGRAPHY.
var postgresTypes = map[string]string{
	"SMALLINT": "NUMBER(5,0)", "INT2": "NUMBER(5,0)",
	"INT": "NUMBER(10,0)", "INTEGER": "NUMBER(10,0)", "INT4": "NUMBER(10,0)",
	"BIGINT": "NUMBER(18,0)", "INT8": "NUMBER(18,0)",
	"FLOAT8": "FLOAT", "FLOAT4": "FLOAT", "REAL": "FLOAT", "DOUBLE": "FLOAT",
	"NUMERIC": "NUMBER", "DECIMAL": "NUMBER",
	"TEXT": "TEXT", "VARCHAR": "VARCHAR", "BOOLEAN": "BOOLEAN", "BOOL": "BOOLEAN",
	"DATE": "DATE", "TIME": "TIME", "TIMESTAMP": "TIMESTAMP_NTZ", "TIMESTAMPTZ": "TIMESTAMP_LTZ",
	"BYTEA": "BINARY", "JSON": "VARIANT", "JSONB": "VARIANT",
	"GEOMETRY": "GEOGRAPHY", "GEOGRAPHY": "GEOGRAPHY",
}

// LoadPostgres runs a fixture written for PostgreSQL: CREATE TABLE and
// INSERT statements separated by semicolons, such as pgway's corpus
// fixture. Names follow Snowflake's rules, as in Exec. Column types become
// the Snowflake types of postgresTypes, a type followed by [] becomes
// ARRAY, and the array constructors ARRAY[...] become Snowflake's array
// constants. Casts (::type) are dropped, since each value goes into a
// column of the cast's type. A fixture with a backslash is rejected,
// because PostgreSQL reads it as a character and Snowflake's strings as an
// escape.
func (e *Emulator) LoadPostgres(script string) error {
	if i := strings.IndexByte(script, '\\'); i >= 0 {
		return fmt.Errorf("invalid fixture: a backslash at byte %d, which Snowflake's strings would read as an escape", i)
	}
	tokens, err := lex(script)
	if err != nil {
		return err
	}
	converted, err := postgresToSnowflake(tokens)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, t := range converted {
		b.WriteString(tokenText(t))
	}
	return e.Exec(b.String())
}

// isTypeEnd reports whether token i can follow a type name in a column
// definition.
func isTypeEnd(tokens []token, i int) bool {
	return i < len(tokens) && tokens[i].kind == tokenSymbol && strings.Contains(",()[", tokens[i].text)
}

// postgresToSnowflake rewrites the tokens of a PostgreSQL fixture.
func postgresToSnowflake(tokens []token) ([]token, error) {
	var out []token
	word := func(i int, w string) bool {
		return i < len(tokens) && tokens[i].kind == tokenWord && strings.EqualFold(tokens[i].text, w)
	}
	symbol := func(i int, s string) bool {
		return i >= 0 && i < len(tokens) && tokens[i].kind == tokenSymbol && tokens[i].text == s
	}
	next := func(i int) int {
		for i < len(tokens) && tokens[i].kind == tokenSpace {
			i++
		}
		return i
	}
	prev := func(i int) int {
		for i--; i >= 0 && tokens[i].kind == tokenSpace; i-- {
		}
		return i
	}
	inCreate, depth := false, 0
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		switch {
		case word(i, "CREATE"):
			inCreate, depth = true, 0
		case symbol(i, ";"):
			inCreate = false
		case symbol(i, "("):
			depth++
		case symbol(i, ")"):
			depth--
		}
		switch {
		case inCreate && depth == 1 && t.kind == tokenWord && isTypeEnd(tokens, next(i+1)) && postgresTypes[strings.ToUpper(t.text)] != "":
			// A column's type: the word before the next comma or the
			// closing parenthesis, possibly with arguments or [].
			j := next(i + 1)
			if symbol(j, "[") && symbol(next(j+1), "]") {
				out = append(out, token{tokenWord, "ARRAY"})
				i = next(j + 1)
				continue
			}
			out = append(out, token{tokenWord, postgresTypes[strings.ToUpper(t.text)]})
		case inCreate && depth == 1 && t.kind == tokenWord && (symbol(prev(i), "(") || symbol(prev(i), ",")):
			// A column name, quoted in upper case as Snowflake folds it,
			// since some, such as AT, are reserved words in Snowflake.
			out = append(out, token{tokenQuoted, strings.ToUpper(t.text)})
		case word(i, "DOUBLE") && word(next(i+1), "PRECISION"):
			out = append(out, token{tokenWord, "FLOAT"})
			i = next(i + 1)
		case word(i, "ARRAY") && symbol(next(i+1), "["):
			// ARRAY[a, b] is written [a, b], Snowflake's array constant.
			i = next(i+1) - 1
		case symbol(i, "::"):
			// Skip the cast's type and its [].
			j := next(i + 1)
			for j < len(tokens) && (tokens[j].kind == tokenWord || symbol(j, "[") || symbol(j, "]")) {
				j = next(j + 1)
			}
			i = j - 1
		default:
			out = append(out, t)
		}
	}
	return out, nil
}
