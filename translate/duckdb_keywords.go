package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// duckDBOnlyKeywords are words that DuckDB v2.0.0 reserves, or allows only in
// some positions (duckdb_keywords()), while PostgreSQL lets them name a
// column or table unquoted, so the deparser leaves them bare.
var duckDBOnlyKeywords = map[string]bool{
	"describe": true, "lambda": true, "pivot": true, "pivot_longer": true,
	"pivot_wider": true, "qualify": true, "show": true, "summarize": true,
	"unpivot": true, "anti": true, "asof": true, "at": true, "by": true,
	"glob": true, "map": true, "positional": true, "semi": true, "struct": true,
	"try_cast": true, "tuple": true, "unpack": true, "columns": true,
	"generated": true, "grouping_id": true,
}

// quoteDuckDBKeywords quotes the identifiers in deparsed SQL that DuckDB
// reads as keywords. The deparser writes keywords in upper case and
// identifiers that need no quotes in lower case, so a lower-case token
// from the list is an identifier.
func quoteDuckDBKeywords(sql string) (string, error) {
	scan, err := pg.Scan(sql)
	if err != nil {
		return "", &Error{Code: CodeInternalError, Message: "scan rewritten statement: " + err.Error()}
	}
	var b strings.Builder
	last := 0
	for _, tok := range scan.Tokens {
		word := sql[tok.Start:tok.End]
		if !duckDBOnlyKeywords[word] {
			continue
		}
		b.WriteString(sql[last:tok.Start])
		b.WriteString(`"` + word + `"`)
		last = int(tok.End)
	}
	b.WriteString(sql[last:])
	return b.String(), nil
}
