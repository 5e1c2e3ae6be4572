package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// pg_query parses in C, where a chain of tens of thousands of operators,
// such as 1+1+...+1, overflows the thread's stack and ends the whole
// process. PostgreSQL rejects such a statement with 54001, at a few
// thousand operators on its default max_stack_depth of 2MB. A long
// statement is therefore scanned first, which takes no stack, and one
// whose operators nest deeper than maxExpressionDepth fails with
// PostgreSQL's error before it is parsed.

// maxExpressionDepth is the deepest nesting of operators that a statement
// may have. PostgreSQL 15 ran 1+1+...+1 with 4,000 terms and rejected it
// with 5,000.
const maxExpressionDepth = 5000

// minDepthBytes is the length below which a statement cannot nest
// maxExpressionDepth operators, each of which takes at least an operator
// character and an operand.
const minDepthBytes = 2 * maxExpressionDepth

// checkExpressionDepth rejects sql when its operators nest deeper than
// maxExpressionDepth. It estimates the depth within each parenthesis
// level as the run of operators, casts and NOTs that no comma or other
// keyword breaks, which the parser nests in one another, plus the
// parentheses around it. AND and OR break a run, because the parser
// keeps their operands as a list.
func checkExpressionDepth(sql string) error {
	if len(sql) < minDepthBytes {
		return nil
	}
	scan, err := pg.Scan(sql)
	if err != nil {
		return nil // the parser reports it
	}
	runs := []int{0}
	for i, tok := range scan.Tokens {
		level := len(runs) - 1
		switch {
		case i > 0 && scan.Tokens[i-1].Token == pg.Token_TYPECAST:
			// The type name of a cast continues the run.
		case tok.Token == pg.Token_ASCII_40 || tok.Token == pg.Token_ASCII_91: // ( [
			runs = append(runs, 0)
		case tok.Token == pg.Token_ASCII_41 || tok.Token == pg.Token_ASCII_93: // ) ]
			if level > 0 {
				runs = runs[:level]
			}
		case nestingTokens[tok.Token]:
			runs[level]++
			if level+runs[level] > maxExpressionDepth {
				return &Error{Code: "54001", Message: "stack depth limit exceeded",
					Hint:     "Split the expression, or write it with fewer nested operators.",
					Position: int(tok.Start) + 1}
			}
		case tok.Token == pg.Token_ASCII_44 || tok.KeywordKind != pg.KeywordKind_NO_KEYWORD: // ,
			runs[level] = 0
		}
	}
	return nil
}

// nestingTokens are the tokens of operators that nest their operands:
// arithmetic, comparison, other operators such as ||, casts and NOT.
var nestingTokens = map[pg.Token]bool{
	pg.Token_ASCII_37: true, pg.Token_ASCII_42: true, pg.Token_ASCII_43: true, pg.Token_ASCII_45: true,
	pg.Token_ASCII_47: true, pg.Token_ASCII_60: true, pg.Token_ASCII_61: true, pg.Token_ASCII_62: true,
	pg.Token_ASCII_94: true, pg.Token_Op: true, pg.Token_TYPECAST: true, pg.Token_LESS_EQUALS: true,
	pg.Token_GREATER_EQUALS: true, pg.Token_NOT_EQUALS: true, pg.Token_NOT: true, pg.Token_NOT_LA: true,
}

// parse parses client text that checkExpressionDepth allows.
func parse(sql string) (*pg.ParseResult, error) {
	if err := checkExpressionDepth(sql); err != nil {
		return nil, err
	}
	return pg.Parse(sql)
}
