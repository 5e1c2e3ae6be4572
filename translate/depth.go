package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// pg_query parses and deparses in C, where a chain of thousands of
// operators, such as 1+1+...+1 or NOT (NOT (...)), overflows the thread's
// stack and ends the whole process. PostgreSQL rejects such a statement
// with 54001, at a few thousand operators on its default max_stack_depth
// of 2MB. A long statement is therefore scanned first, which takes no
// stack, and one whose operators nest deeper than maxExpressionDepth
// fails with PostgreSQL's error before it is parsed.

// maxExpressionDepth is the deepest nesting of operators that a statement
// may have. PostgreSQL 15 runs 1+1+...+1 with 4,000 terms, but the
// rewrites inspect the operands of each operator, some of them again at
// each level, so the time to translate grows with the square of the
// depth: 0.35 s at 1,000 terms and 4.5 s at 4,000. The pg_query deparser
// crashed at about 4,990 nested NOTs. DuckDB's own default limit is 1,000.
const maxExpressionDepth = 1000

// maxSetOperations is the longest chain of UNION, INTERSECT and EXCEPT
// that a statement may have. The parser nests each set operation in the
// next. pg_query_go v6.2.5 parsed and deparsed 8,000 of them and crashed
// at 9,000. DuckDB 2.0.0 ran 5,000 UNION terms, and rejected 4,000
// INTERSECT terms with its expression depth error.
const maxSetOperations = 4000

// duckDBExpressionDepth is DuckDB's max_expression_depth on pgway's
// connections. DuckDB counts a level for each parenthesis that the
// deparser writes around a nested operator, as well as for the operator,
// so 1+1+...+1 takes about two levels a term. A rewrite may also wrap an
// operand in a function or a cast. On a thread stack of 8 MB, DuckDB
// 2.0.0 (duckdb-go v2.20000.0) ran 5,000 nested operators, NOTs, casts,
// CASEs and function calls at a limit of 10,000 and crashed on 6,000
// nested NOTs, so the limit stays well below that.
const duckDBExpressionDepth = 3 * maxExpressionDepth

// minDepthBytes is the length below which a statement cannot nest
// maxExpressionDepth operators, each of which takes at least an operator
// character and an operand.
const minDepthBytes = 2 * maxExpressionDepth

// checkExpressionDepth rejects sql when its operators nest deeper than
// maxExpressionDepth. It estimates the depth within each level of
// parentheses, brackets or CASE as the run of operators, casts and NOTs
// that no comma or other keyword breaks, which the parser nests in one
// another, plus the levels around it. AND and OR break a run, because the
// parser keeps their operands as a list.
func checkExpressionDepth(sql string) error {
	if len(sql) < minDepthBytes {
		return nil
	}
	scan, err := pg.Scan(sql)
	if err != nil {
		return nil // the parser reports it
	}
	// runs holds the run of each open level, and setOps the set
	// operations of each level, which nest their left operands too.
	runs, setOps := []int{0}, []int{0}
	for i, tok := range scan.Tokens {
		level := len(runs) - 1
		switch {
		case i > 0 && scan.Tokens[i-1].Token == pg.Token_TYPECAST:
			// The type name of a cast continues the run.
		case tok.Token == pg.Token_ASCII_40 || tok.Token == pg.Token_ASCII_91 || tok.Token == pg.Token_CASE: // ( [
			runs, setOps = append(runs, 0), append(setOps, 0)
			if len(runs)-1 > maxExpressionDepth {
				return depthError()
			}
		case tok.Token == pg.Token_ASCII_41 || tok.Token == pg.Token_ASCII_93 || tok.Token == pg.Token_END_P: // ) ]
			if level > 0 {
				runs, setOps = runs[:level], setOps[:level]
			}
		case nestingTokens[tok.Token]:
			runs[level]++
			if level+runs[level] > maxExpressionDepth {
				return depthError()
			}
		case tok.Token == pg.Token_UNION || tok.Token == pg.Token_INTERSECT || tok.Token == pg.Token_EXCEPT:
			runs[level] = 0
			setOps[level]++
			if level+setOps[level] > maxSetOperations {
				return depthError()
			}
		case runConstants[tok.Token]:
			// Constants are operands, as numbers are.
		case tok.Token == pg.Token_ASCII_44 || tok.KeywordKind != pg.KeywordKind_NO_KEYWORD: // ,
			runs[level] = 0
		}
	}
	return nil
}

// runConstants are the keywords that are constants, which continue a run
// as other operands do: x IS NOT NULL IS NOT NULL nests.
var runConstants = map[pg.Token]bool{
	pg.Token_NULL_P: true, pg.Token_TRUE_P: true, pg.Token_FALSE_P: true, pg.Token_UNKNOWN: true,
}

// depthError is PostgreSQL's error for an expression that nests too
// deep, which has no position in PostgreSQL either.
func depthError() error {
	return &Error{Code: "54001", Message: "stack depth limit exceeded",
		Hint: "Split the expression, or write it with fewer nested operators."}
}

// nestingTokens are the tokens of operators that nest their operands:
// arithmetic, comparison, other operators such as ||, casts, NOT, IS
// and COLLATE.
var nestingTokens = map[pg.Token]bool{
	pg.Token_ASCII_37: true, pg.Token_ASCII_42: true, pg.Token_ASCII_43: true, pg.Token_ASCII_45: true,
	pg.Token_ASCII_47: true, pg.Token_ASCII_60: true, pg.Token_ASCII_61: true, pg.Token_ASCII_62: true,
	pg.Token_ASCII_94: true, pg.Token_Op: true, pg.Token_TYPECAST: true, pg.Token_LESS_EQUALS: true,
	pg.Token_GREATER_EQUALS: true, pg.Token_NOT_EQUALS: true, pg.Token_NOT: true, pg.Token_NOT_LA: true,
	pg.Token_IS: true, pg.Token_COLLATE: true,
}

// parse parses client text that checkExpressionDepth allows.
func parse(sql string) (*pg.ParseResult, error) {
	if err := checkExpressionDepth(sql); err != nil {
		return nil, err
	}
	tree, err := pg.Parse(sql)
	if err != nil && strings.Contains(err.Error(), "exceeded maximum recursion depth") {
		// The tree nests deeper than the protobuf decoder's default limit
		// of 10,000 messages, where PostgreSQL runs out of stack too.
		return nil, &Error{Code: "54001", Message: "stack depth limit exceeded",
			Hint: "Split the expression, or write it with fewer nested operators."}
	}
	return tree, err
}
