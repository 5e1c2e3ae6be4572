package translate

import (
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL raises 22025 for a LIKE pattern that ends with its escape
// character only when the match reaches that character with text left,
// so 'ab' LIKE 'ab\' is false and 'abc' LIKE 'ab\' fails. DuckDB fails
// for any such pattern before it reads a row.

// rewriteLikeEscapes rewrites LIKE and ILIKE of a constant pattern that
// ends with its escape character, and raises PostgreSQL's 22025 for a
// constant ESCAPE of more than one character. The match of the rest of
// the pattern q reaches the escape character exactly when x LIKE r
// holds, where r is reachedPattern(q), so x LIKE q\ becomes
//
//	CASE WHEN x LIKE r THEN error(22025) ELSE x IS NULL AND NULL END
//
// which is false, or NULL for a NULL x.
func rewriteLikeEscapes(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		e := n.GetAExpr()
		if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_LIKE && e.Kind != pg.A_Expr_Kind_AEXPR_ILIKE {
			return nil
		}
		pattern, escape := e.Rexpr.GetAConst().GetSval(), `\`
		if fc := e.Rexpr.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "like_escape" && len(fc.Args) == 2 {
			pattern = fc.Args[0].GetAConst().GetSval()
			value := fc.Args[1].GetAConst().GetSval()
			if pattern == nil || value == nil {
				return nil
			}
			if escape = value.Sval; utf8.RuneCountInString(escape) > 1 {
				return &Error{Code: "22025", Message: "invalid escape string",
					Hint: "Escape string must be empty or one character."}
			}
		}
		if pattern == nil || escape == "" {
			return nil
		}
		rest, ok := cutTrailingEscape(pattern.Sval, []rune(escape)[0])
		if !ok {
			return nil
		}
		// With ESCAPE '%' or '_' the % and _ that reachedPattern adds would
		// be escaped, so the pattern is written with \ as its escape.
		rest = backslashEscaped(rest, []rune(escape)[0])
		rewriteTrailingEscape(n, e, reachedPattern(rest), `\`)
		return nil
	})
}

// cutTrailingEscape returns pattern without its last character when
// that character is an escape character that escapes nothing.
func cutTrailingEscape(pattern string, escape rune) (rest string, ok bool) {
	runes := []rune(pattern)
	for i := 0; i < len(runes); i++ {
		switch {
		case runes[i] == escape && i == len(runes)-1:
			return string(runes[:i]), true
		case runes[i] == escape:
			i++
		}
	}
	return "", false
}

// backslashEscaped returns pattern with \ as its escape character in
// place of escape.
func backslashEscaped(pattern string, escape rune) string {
	var b strings.Builder
	runes := []rune(pattern)
	for i := 0; i < len(runes); i++ {
		switch {
		case runes[i] == escape && i+1 < len(runes):
			i++
			b.WriteRune('\\')
			b.WriteRune(runes[i])
		case runes[i] == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(runes[i])
		}
	}
	return b.String()
}

// reachedPattern returns the LIKE pattern, with the escape character \,
// that matches the values whose match against rest reaches the escape
// character after it, where PostgreSQL 15's MatchText raises 22025.
// Outside a final run of % and _, the match goes on with text left when
// rest_% matches: a % takes its first match of the literal that follows,
// and a later % can use any text after that match. In the final run,
// MatchText raises as soon as it has matched the _ after the run's first
// %, so rest% matches when there is such a _. Without one, the first %
// still needs a character, so rest_% matches. PostgreSQL 15 raised the
// error exactly where x LIKE r held for every pattern of up to five of
// a, b, % and _ and every text of up to five a and b.
func reachedPattern(rest string) string {
	runes := []rune(rest)
	runStart := 0 // where the final run of unescaped % and _ begins
	for i := 0; i < len(runes); i++ {
		switch {
		case runes[i] == '\\':
			i++
			runStart = i + 1
		case runes[i] != '%' && runes[i] != '_':
			runStart = i + 1
		}
	}
	run := string(runes[min(runStart, len(runes)):])
	if _, afterPercent, found := strings.Cut(run, "%"); found && strings.Contains(afterPercent, "_") {
		return rest + "%"
	}
	return rest + "_%"
}

// rewriteTrailingEscape replaces n, x LIKE p of a pattern p that ends
// with its escape character, with the CASE of rewriteLikeEscapes, where
// reached is the pattern that matches where PostgreSQL reaches the
// escape character.
func rewriteTrailingEscape(n *pg.Node, e *pg.A_Expr, reached, escape string) {
	loc := e.Location
	op, negated := strings.CutPrefix(lastName(e.Name), "!")
	match := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: e.Kind, Name: stringNodes(op),
		Lexpr: cloneNode(e.Lexpr), Location: loc,
		Rexpr: funcCall("like_escape", loc, pg.MakeAConstStrNode(reached, loc), pg.MakeAConstStrNode(escape, loc))}}}
	raise := funcCall("error", loc,
		pg.MakeAConstStrNode("LIKE pattern must not end with escape character (SQLSTATE 22025)", loc))
	isNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: e.Lexpr, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	// false, or NULL where x is NULL.
	result := pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{isNull, {Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}}, loc)
	if negated {
		result = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{result}, loc)
	}
	n.Node = searchedCase(loc, result, match, raise).Node
}
