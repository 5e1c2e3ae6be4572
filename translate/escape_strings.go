package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The parser is PostgreSQL 17's, which reads \v in an escape string
// constant (E'...') as a vertical tab. PostgreSQL 15 has no \v escape and
// reads a backslash before any other letter as that letter, so E'\v' is
// "v". readVerticalTabs gives such constants PostgreSQL 15's value.

// readVerticalTabs replaces the value of each escape string constant of
// tree whose text in sql has \v by the value PostgreSQL 15 reads.
func readVerticalTabs(tree *pg.ParseResult, sql string) {
	if !strings.Contains(sql, `\v`) {
		return
	}
	for _, raw := range tree.Stmts {
		walkNode(raw.Stmt, func(n *pg.Node) error {
			c := n.GetAConst()
			if c == nil || c.GetSval() == nil || c.Location < 0 || int(c.Location) >= len(sql) {
				return nil
			}
			if value, ok := postgres15EscapeString(sql[c.Location:]); ok {
				c.GetSval().Sval = value
			}
			return nil
		})
	}
}

// postgres15EscapeString reads the escape string constant at the start
// of text, with \v written as \166, the octal escape of "v". It reports
// false where text starts with no such constant or the constant has no
// \v.
func postgres15EscapeString(text string) (string, bool) {
	if len(text) < 2 || text[0] != 'e' && text[0] != 'E' || text[1] != '\'' {
		return "", false
	}
	scan, err := pg.Scan(text)
	if err != nil || len(scan.Tokens) == 0 || scan.Tokens[0].Token != pg.Token_SCONST {
		return "", false
	}
	literal := text[:scan.Tokens[0].End]

	var b strings.Builder
	found := false
	for i := 0; i < len(literal); i++ {
		if literal[i] != '\\' || i+1 == len(literal) {
			b.WriteByte(literal[i])
			continue
		}
		// A backslash escapes the byte after it, so the pair is copied
		// whole, except \v.
		if literal[i+1] == 'v' {
			b.WriteString(`\166`)
			found = true
		} else {
			b.WriteString(literal[i : i+2])
		}
		i++
	}
	if !found {
		return "", false
	}

	tree, err := pg.Parse("SELECT " + b.String())
	if err != nil || len(tree.Stmts) != 1 {
		return "", false
	}
	targets := tree.Stmts[0].Stmt.GetSelectStmt().GetTargetList()
	if len(targets) != 1 {
		return "", false
	}
	value := targets[0].GetResTarget().GetVal().GetAConst().GetSval()
	if value == nil {
		return "", false
	}
	return value.Sval, true
}
