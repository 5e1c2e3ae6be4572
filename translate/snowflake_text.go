package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The Snowflake rewrite is deparsed as PostgreSQL text and then adjusted
// token by token, because the deparser writes only PostgreSQL syntax.
// Quoted names that need no quotes lose them. E'...' strings lose the E,
// since the deparser has doubled their backslashes, which is how Snowflake
// reads a backslash. $n becomes :n, LIMIT ALL becomes LIMIT NULL, and the
// calls of two marker functions become the clauses they are placeholders
// for.

// Marker functions that the rewrite leaves in the tree for the clauses
// that PostgreSQL lacks. The nonce keeps clients from writing them.
var (
	// escapeMarker(pattern, escape), the right operand of LIKE, becomes
	// (pattern) ESCAPE escape.
	escapeMarker = "pgway_escape_" + markerNonce
	// HAVING qualifyMarker(condition) becomes QUALIFY condition, and so
	// does AND qualifyMarker(condition) at the end of a HAVING clause.
	qualifyMarker = "pgway_qualify_" + markerNonce
)

// snowflakeReserved are the words that Snowflake reserves or limits
// (docs.snowflake.com, "Reserved & limited keywords"), and words that its
// grammar reads as keywords in some position. An upper-case name among
// them keeps its quotes.
var snowflakeReserved = map[string]bool{
	"ACCOUNT": true, "AT": true, "BEFORE": true, "CHANGES": true, "DATE": true, "GROUPING": true,
	"MATCH_RECOGNIZE": true, "TIME": true, "TIMESTAMP": true, "TOP": true, "VALUE": true, "ALL": true, "ALTER": true, "AND": true, "ANY": true, "AS": true,
	"ASC": true, "BETWEEN": true, "BY": true, "CASE": true, "CAST": true, "CHECK": true,
	"COLUMN": true, "CONNECT": true, "CONNECTION": true, "CONSTRAINT": true,
	"CREATE": true, "CROSS": true, "CURRENT": true, "CURRENT_DATE": true,
	"CURRENT_TIME": true, "CURRENT_TIMESTAMP": true, "CURRENT_USER": true,
	"DATABASE": true, "DEFAULT": true, "DELETE": true, "DESC": true, "DISTINCT": true,
	"DROP": true, "ELSE": true, "END": true, "EXCEPT": true, "EXCLUDE": true,
	"EXISTS": true, "FALSE": true, "FETCH": true, "FOLLOWING": true, "FOR": true,
	"FROM": true, "FULL": true, "GRANT": true, "GROUP": true, "GSCLUSTER": true,
	"HAVING": true, "ILIKE": true, "IN": true, "INCREMENT": true, "INNER": true,
	"INSERT": true, "INTERSECT": true, "INTERVAL": true, "INTO": true, "IS": true,
	"ISSUE": true, "JOIN": true, "LATERAL": true, "LEFT": true, "LIKE": true,
	"LIMIT": true, "LOCALTIME": true, "LOCALTIMESTAMP": true, "MINUS": true,
	"NATURAL": true, "NOT": true, "NULL": true, "NULLS": true, "OF": true,
	"OFFSET": true, "ON": true, "OR": true, "ORDER": true, "ORGANIZATION": true,
	"OUTER": true, "OVER": true, "PARTITION": true, "PIVOT": true, "QUALIFY": true,
	"RANGE": true, "REGEXP": true, "RETURNING": true, "REVOKE": true, "RIGHT": true,
	"RLIKE": true, "ROW": true, "ROWS": true, "SAMPLE": true, "SCHEMA": true,
	"SELECT": true, "SET": true, "SOME": true, "START": true, "TABLE": true,
	"TABLESAMPLE": true, "THEN": true, "TO": true, "TRIGGER": true, "TRUE": true,
	"TRY_CAST": true, "UNION": true, "UNIQUE": true, "UNPIVOT": true, "UPDATE": true,
	"USING": true, "VALUES": true, "VIEW": true, "WHEN": true, "WHENEVER": true,
	"WHERE": true, "WINDOW": true, "WITH": true,
}

// snowflakeText adjusts deparsed text to Snowflake's syntax.
func snowflakeText(sql string) (string, error) {
	scan, err := pg.Scan(sql)
	if err != nil {
		return "", &Error{Code: CodeInternalError, Message: "scan rewritten statement: " + err.Error()}
	}
	tokens := scan.Tokens
	replace := map[int]string{}
	for i, tok := range tokens {
		text := sql[tok.Start:tok.End]
		switch tok.Token {
		case pg.Token_IDENT:
			switch text {
			case escapeMarker, qualifyMarker:
				if err := replaceMarker(sql, tokens, i, replace); err != nil {
					return "", err
				}
			default:
				if unquoted, ok := unquoteSnowflakeName(text); ok {
					replace[i] = unquoted
				}
			}
		case pg.Token_SCONST:
			if text[0] == 'E' || text[0] == 'e' {
				replace[i] = text[1:]
			}
		case pg.Token_PARAM:
			replace[i] = ":" + text[1:]
		case pg.Token_ALL:
			if i > 0 && tokens[i-1].Token == pg.Token_LIMIT {
				replace[i] = "NULL"
			}
		}
	}
	var b strings.Builder
	last := 0
	for i, tok := range tokens {
		text, ok := replace[i]
		if !ok {
			continue
		}
		b.WriteString(sql[last:tok.Start])
		b.WriteString(text)
		last = int(tok.End)
	}
	b.WriteString(sql[last:])
	return b.String(), nil
}

// unquoteSnowflakeName returns a quoted name without its quotes when
// Snowflake reads it the same way unquoted. The rewrite upper-cases every
// client name without upper-case letters, so a quoted name in lower case
// is a function or type name that the deparser quoted as a PostgreSQL
// keyword, such as "left".
func unquoteSnowflakeName(text string) (string, bool) {
	if len(text) < 3 || text[0] != '"' {
		return "", false
	}
	name := text[1 : len(text)-1]
	if !isPlainName(name) {
		return "", false
	}
	upper := strings.ToUpper(name)
	switch {
	case name != upper && name != strings.ToLower(name):
		return "", false
	case name == upper && snowflakeReserved[upper]:
		return "", false
	}
	return name, true
}

// isPlainName reports whether name is a valid unquoted name in both
// PostgreSQL and Snowflake: an ASCII letter or underscore, then letters,
// digits, underscores or dollar signs.
func isPlainName(name string) bool {
	if name == "" || !(isLetter(name[0]) || name[0] == '_') {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !(isLetter(c) || isDigit(c) || c == '_' || c == '$') {
			return false
		}
	}
	return true
}

// replaceMarker records the replacements that turn the marker call at
// tokens[i] into its clause.
func replaceMarker(sql string, tokens []*pg.ScanToken, i int, replace map[int]string) error {
	internal := &Error{Code: CodeInternalError, Message: "malformed marker in rewritten statement"}
	if i+1 >= len(tokens) || tokens[i+1].Token != pg.Token_ASCII_40 {
		return internal
	}
	comma, closing := -1, -1
	depth := 0
	for j := i + 1; j < len(tokens) && closing < 0; j++ {
		switch tokens[j].Token {
		case pg.Token_ASCII_40:
			depth++
		case pg.Token_ASCII_41:
			depth--
			if depth == 0 {
				closing = j
			}
		case pg.Token_ASCII_44:
			if depth == 1 && comma < 0 {
				comma = j
			}
		}
	}
	if closing < 0 {
		return internal
	}
	if sql[tokens[i].Start:tokens[i].End] == escapeMarker {
		if comma < 0 {
			return internal
		}
		replace[i], replace[i+1], replace[comma], replace[closing] = "", "(", ") ESCAPE", ""
		return nil
	}
	if i == 0 || (tokens[i-1].Token != pg.Token_HAVING && tokens[i-1].Token != pg.Token_AND) {
		return internal
	}
	replace[i-1], replace[i], replace[i+1], replace[closing] = "QUALIFY", "", "", ""
	return nil
}
