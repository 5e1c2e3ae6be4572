package snowflakeemu

import (
	"context"
	"fmt"
	"strings"
)

// sessionCommand runs the statements that the emulator implements itself
// instead of DuckDB: ALTER SESSION, USE, CREATE DATABASE, DESCRIBE RESULT
// and SHOW PRIMARY KEYS. It reports whether the statement was one of them.
func (e *Emulator) sessionCommand(ctx context.Context, s *session, tokens []token, words []string) (*result, bool, error) {
	significant := make([]token, 0, len(tokens))
	for _, t := range tokens {
		if t.kind != tokenSpace {
			significant = append(significant, t)
		}
	}
	switch {
	case len(words) >= 3 && words[0] == "ALTER" && words[1] == "SESSION" && words[2] == "SET":
		return alterSession(s, significant[3:])
	case len(words) >= 3 && words[0] == "ALTER" && words[1] == "SESSION" && words[2] == "UNSET":
		for _, t := range significant[3:] {
			if t.kind == tokenWord {
				delete(s.params, strings.ToUpper(t.text))
			}
		}
		return statusResult("Statement executed successfully.", statementOther), true, nil
	case words[0] == "USE":
		return e.use(ctx, s, significant[1:])
	case len(words) >= 3 && words[0] == "CREATE" && (words[1] == "DATABASE" || words[1] == "OR" && words[3] == "DATABASE"):
		name := significant[len(significant)-1]
		if name.kind != tokenWord && name.kind != tokenQuoted {
			return nil, true, syntaxError("a database name is missing")
		}
		database := identifierName(name)
		if err := e.createDatabase(ctx, s.conn, database, words[1] == "OR"); err != nil {
			return nil, true, convertError(err)
		}
		return statusResult("Database "+database+" successfully created.", statementDDL), true, nil
	case len(words) == 3 && words[0] == "DESCRIBE" && words[1] == "RESULT" && significant[2].kind == tokenString:
		r, err := e.describeResult(significant[2].text)
		return r, true, err
	case words[0] == "SHOW":
		rest := significant[1:]
		if len(words) > 1 && words[1] == "TERSE" {
			rest = rest[1:]
		}
		if len(rest) >= 2 && isWordToken(rest, 0, "PRIMARY") && isWordToken(rest, 1, "KEYS") {
			r, err := e.showPrimaryKeys(ctx, s, rest[2:])
			return r, true, err
		}
	}
	return nil, false, nil
}

// alterSession sets session parameters: ALTER SESSION SET a = v, b = w.
func alterSession(s *session, tokens []token) (*result, bool, error) {
	for i := 0; i < len(tokens); {
		if i+2 >= len(tokens) || tokens[i].kind != tokenWord || tokens[i+1].text != "=" {
			return nil, true, syntaxError("expected name = value in ALTER SESSION SET")
		}
		name, value := strings.ToUpper(tokens[i].text), tokens[i+2].text
		if name == "TIMEZONE" {
			// TIMESTAMP_LTZ values show in the session's time zone.
			if _, err := s.conn.ExecContext(context.Background(), "SET TimeZone = "+quoteString(value)); err != nil {
				return nil, true, &Error{Code: "002029", SQLState: "22023",
					Message: fmt.Sprintf("Invalid value '%s' for parameter TIMEZONE", value)}
			}
		}
		s.params[name] = value
		i += 3
		if i < len(tokens) && tokens[i].text == "," {
			i++
		}
	}
	return statusResult("Statement executed successfully.", statementOther), true, nil
}

// use runs USE [DATABASE | SCHEMA | WAREHOUSE | ROLE] name.
func (e *Emulator) use(ctx context.Context, s *session, tokens []token) (*result, bool, error) {
	kind := "SCHEMA"
	if len(tokens) > 0 && tokens[0].kind == tokenWord {
		switch k := strings.ToUpper(tokens[0].text); k {
		case "DATABASE", "SCHEMA", "WAREHOUSE", "ROLE", "SECONDARY":
			kind, tokens = k, tokens[1:]
		}
	}
	var parts []string
	for _, t := range tokens {
		switch t.kind {
		case tokenWord, tokenQuoted:
			parts = append(parts, identifierName(t))
		case tokenSymbol:
			if t.text != "." {
				return nil, true, syntaxError("unexpected " + t.text)
			}
		}
	}
	if len(parts) == 0 {
		return nil, true, syntaxError("a name is missing after USE")
	}
	database, schema := s.database, s.schema
	switch {
	case kind == "WAREHOUSE":
		s.warehouse = parts[0]
		return statusResult("Statement executed successfully.", statementOther), true, nil
	case kind == "ROLE" || kind == "SECONDARY":
		s.role = parts[0]
		return statusResult("Statement executed successfully.", statementOther), true, nil
	case kind == "DATABASE":
		database, schema = parts[0], "PUBLIC"
	case len(parts) == 2:
		database, schema = parts[0], parts[1]
	default:
		schema = parts[0]
	}
	previousDatabase, previousSchema := s.database, s.schema
	s.database, s.schema = database, schema
	if err := s.use(ctx); err != nil {
		s.database, s.schema = previousDatabase, previousSchema
		return nil, true, &Error{Code: "002043", SQLState: "02000",
			Message: fmt.Sprintf("SQL compilation error:\nObject does not exist, or operation cannot be performed.")}
	}
	return statusResult("Statement executed successfully.", statementOther), true, nil
}

// describeResult returns the columns of an earlier query's result, with
// each type written as Snowflake writes it, such as NUMBER(38,0) or
// VECTOR(INT, 3).
func (e *Emulator) describeResult(queryID string) (*result, error) {
	e.mu.Lock()
	q, ok := e.queries[queryID]
	e.mu.Unlock()
	if !ok {
		return nil, &Error{Code: "000709", SQLState: "02000",
			Message: fmt.Sprintf("Statement %s not found", queryID)}
	}
	<-q.done
	if q.err != nil {
		return nil, q.err
	}
	text := sfType{name: "text", length: maxTextLength}
	r := &result{statementType: statementSelect, columns: []resultColumn{
		{name: "name", typ: text}, {name: "type", typ: text}, {name: "kind", typ: text}, {name: "null?", typ: text},
	}}
	var rows [][]any
	for _, c := range q.result.columns {
		rows = append(rows, []any{c.name, c.typ.String(), "COLUMN", "Y"})
	}
	data, err := encodeChunk(r.columns, rows, false)
	if err != nil {
		return nil, err
	}
	r.chunks, r.chunkRows, r.total = [][]byte{data}, []int{len(rows)}, int64(len(rows))
	return r, nil
}

// String writes the type as Snowflake's DESCRIBE and INFORMATION_SCHEMA
// write it.
func (t sfType) String() string {
	switch t.name {
	case "fixed":
		return fmt.Sprintf("NUMBER(%d,%d)", t.precision, t.scale)
	case "real":
		return "FLOAT"
	case "text":
		return fmt.Sprintf("VARCHAR(%d)", t.length)
	case "binary":
		return fmt.Sprintf("BINARY(%d)", t.length)
	case "time":
		return fmt.Sprintf("TIME(%d)", t.scale)
	case "timestamp_ntz", "timestamp_ltz", "timestamp_tz":
		return fmt.Sprintf("%s(%d)", strings.ToUpper(t.name), t.scale)
	case "vector":
		element := "FLOAT"
		if t.vectorElement == "int" {
			element = "INT"
		}
		return fmt.Sprintf("VECTOR(%s, %d)", element, t.length)
	}
	return strings.ToUpper(t.name)
}
