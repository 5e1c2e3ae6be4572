package snowflakeemu

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// keyScope is the part of the account that SHOW PRIMARY KEYS lists: a
// database, a schema of it or a table of that schema, or the whole account
// where database is empty.
type keyScope struct {
	database, schema, table string
}

func (k keyScope) contains(database, schema, table string) bool {
	return (k.database == "" || k.database == database) &&
		(k.schema == "" || k.schema == schema) &&
		(k.table == "" || k.table == table)
}

// parseKeyScope reads the IN clause of SHOW PRIMARY KEYS from the tokens
// after KEYS: IN ACCOUNT, IN DATABASE [name], IN SCHEMA [name], IN TABLE
// name or IN name. Without it the command lists the current schema.
func parseKeyScope(s *session, tokens []token) (keyScope, error) {
	current := keyScope{database: s.database, schema: s.schema}
	if len(tokens) == 0 {
		return current, nil
	}
	if !isWordToken(tokens, 0, "IN") {
		return keyScope{}, syntaxError("unexpected '" + tokens[0].text + "'")
	}
	tokens = tokens[1:]
	kind := "TABLE"
	if len(tokens) > 0 && tokens[0].kind == tokenWord {
		switch k := strings.ToUpper(tokens[0].text); k {
		case "ACCOUNT", "DATABASE", "SCHEMA", "TABLE":
			kind, tokens = k, tokens[1:]
		}
	}
	var parts []string
	for i, t := range tokens {
		switch {
		case i%2 == 0 && (t.kind == tokenWord || t.kind == tokenQuoted):
			parts = append(parts, identifierName(t))
		case i%2 == 1 && t.kind == tokenSymbol && t.text == ".":
		default:
			return keyScope{}, syntaxError("unexpected '" + t.text + "'")
		}
	}
	switch {
	case kind == "ACCOUNT" && len(parts) == 0:
		return keyScope{}, nil
	case kind == "DATABASE" && len(parts) <= 1:
		if len(parts) == 0 {
			return keyScope{database: s.database}, nil
		}
		return keyScope{database: parts[0]}, nil
	case kind == "SCHEMA" && len(parts) <= 2:
		if len(parts) == 0 {
			return current, nil
		}
		database, schema, _ := s.qualify(append(parts, ""))
		return keyScope{database: database, schema: schema}, nil
	case kind == "TABLE" && len(parts) <= 3:
		if len(parts) == 0 {
			return current, nil
		}
		database, schema, table := s.qualify(parts)
		return keyScope{database: database, schema: schema, table: table}, nil
	}
	return keyScope{}, syntaxError("invalid scope in SHOW PRIMARY KEYS")
}

// showPrimaryKeysSQL lists the primary keys that CREATE TABLE declared,
// which DuckDB keeps as constraints.
const showPrimaryKeysSQL = `
SELECT database_name, schema_name, table_name, constraint_name, constraint_column_names
FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'`

// showPrimaryKeys runs SHOW PRIMARY KEYS, whose result has one row per
// column of each key: created_on, database_name, schema_name, table_name,
// column_name, key_sequence (from 1), constraint_name, rely and comment,
// as Snowflake's JDBC driver reads them by position.
//
// NOTE: the emulator passes a PRIMARY KEY to DuckDB, which enforces it,
// where Snowflake enforces only the NOT NULL that the key implies.
func (e *Emulator) showPrimaryKeys(ctx context.Context, s *session, tokens []token) (*result, error) {
	scope, err := parseKeyScope(s, tokens)
	if err != nil {
		return nil, err
	}
	rows, err := s.conn.QueryContext(ctx, showPrimaryKeysSQL)
	if err != nil {
		return nil, convertError(err)
	}
	defer rows.Close()
	created := time.Now().UTC().Truncate(time.Millisecond)
	var out [][]any
	for rows.Next() {
		var database, schema, table, constraint string
		var columns duckdb.Composite[[]string]
		if err := rows.Scan(&database, &schema, &table, &constraint, &columns); err != nil {
			return nil, convertError(err)
		}
		database, schema, table = decodeName(database), decodeName(schema), decodeName(table)
		if database == infoCatalog || !scope.contains(database, schema, table) {
			continue
		}
		for i, column := range columns.Get() {
			out = append(out, []any{created, database, schema, table, decodeName(column), int64(i + 1),
				strings.ToUpper(constraint), "false", nil})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, convertError(err)
	}
	slices.SortFunc(out, func(a, b []any) int {
		for i := 1; i <= 3; i++ {
			if c := strings.Compare(a[i].(string), b[i].(string)); c != 0 {
				return c
			}
		}
		return int(a[5].(int64) - b[5].(int64))
	})
	return showResult(out)
}

// showResult encodes the rows of SHOW PRIMARY KEYS.
func showResult(rows [][]any) (*result, error) {
	text := sfType{name: "text", length: maxTextLength}
	r := &result{statementType: statementSelect, columns: []resultColumn{
		{name: "created_on", typ: sfType{name: "timestamp_ltz", scale: 3}},
		{name: "database_name", typ: text}, {name: "schema_name", typ: text}, {name: "table_name", typ: text},
		{name: "column_name", typ: text}, {name: "key_sequence", typ: sfType{name: "fixed", precision: 38}},
		{name: "constraint_name", typ: text}, {name: "rely", typ: text}, {name: "comment", typ: text},
	}}
	data, err := encodeChunk(r.columns, rows, false)
	if err != nil {
		return nil, err
	}
	r.chunks, r.chunkRows, r.total = [][]byte{data}, []int{len(rows)}, int64(len(rows))
	return r, nil
}
