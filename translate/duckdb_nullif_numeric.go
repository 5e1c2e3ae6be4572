package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL returns nullif(a, b) promoted to the type of its = operator,
// the common type of a and b, so nullif(7, x) of a numeric x is the
// numeric 7, of a double precision x the double 7, and 3 / nullif(7, x)
// does not divide integers. DuckDB keeps a's type.

// nullifTypesReason is the error of nullif(a, b) where the statement does
// not show the type of one operand, and that type turns out to be a
// number type that PostgreSQL would promote the result to, or from.
const nullifTypesReason = "nullif() of operands of different number types, one of which the statement does not show, " +
	"is not supported on DuckDB; cast both operands to one type (SQLSTATE 0A000)"

// nullifRanks order integers, numeric and floats as PostgreSQL promotes
// them: to the type of higher rank.
var nullifRanks = map[staticTypeClass]int{typeInteger: 1, typeNumeric: 2, typeFloat: 3}

// duckDBTypePatterns are regular expressions of the DuckDB types of each
// rank of nullifRanks.
var duckDBTypePatterns = map[int]string{
	1: "TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT",
	2: "DECIMAL.*",
	3: "FLOAT|DOUBLE",
}

// promoteNullifOperands gives nullif(a, b) PostgreSQL's result type. Where
// the statement shows that b's type ranks above a's, a is cast to it.
// Where it shows only one operand's type, nullif raises 0A000 when the
// other's DuckDB type makes the types differ in that way. With neither
// type shown, nullif stays DuckDB's.
func promoteNullifOperands(stmt *pg.Node) {
	guards := map[*pg.CaseExpr]bool{}
	_ = walkNode(stmt, func(n *pg.Node) error {
		e := n.GetAExpr()
		if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_NULLIF || e.Lexpr == nil || e.Rexpr == nil {
			return nil
		}
		left, right := nullifRanks[pickedClass(e.Lexpr)], nullifRanks[pickedClass(e.Rexpr)]
		switch {
		case left > 0 && right > left:
			e.Lexpr = promotedOperand(e.Lexpr, e.Rexpr, e.Location)
		case left > 0 && right == 0 && pickedClass(e.Rexpr) == typeUnknown && !hasParam(e.Rexpr):
			n.Node = nullifTypeGuard(&pg.Node{Node: n.Node}, typeSource(e.Rexpr, guards), left+1, 3, e.Location).Node
			guards[n.GetCaseExpr()] = true
		case right > 1 && left == 0 && pickedClass(e.Lexpr) == typeUnknown && !hasParam(e.Lexpr):
			n.Node = nullifTypeGuard(&pg.Node{Node: n.Node}, typeSource(e.Lexpr, guards), 1, right-1, e.Location).Node
			guards[n.GetCaseExpr()] = true
		}
		return nil
	})
}

// typeSource returns the expression whose DuckDB type n has: DuckDB's
// nullif has the type of its first operand, and a guard that of its
// nullif. The guard tests the type of that expression, so nested nullif
// calls do not repeat each other's text.
func typeSource(n *pg.Node, guards map[*pg.CaseExpr]bool) *pg.Node {
	for {
		if c := n.GetCaseExpr(); c != nil && guards[c] {
			n = c.Defresult
			continue
		}
		if e := n.GetAExpr(); e != nil && e.Kind == pg.A_Expr_Kind_AEXPR_NULLIF && e.Lexpr != nil {
			n = e.Lexpr
			continue
		}
		return n
	}
}

// promotedOperand casts a to the type of b, whose rank is higher.
func promotedOperand(a, b *pg.Node, loc int32) *pg.Node {
	if pickedClass(b) == typeFloat {
		// PostgreSQL compares an integer or numeric with a real as
		// double precision too.
		return typeCast(a, "float8", loc)
	}
	digits := integerDigits[exactType(a)]
	if digits == 0 {
		// Such as sum(bigint), DuckDB's HUGEINT.
		digits = maxDuckDBPrecision
	}
	return decimalCast(a, int32(digits), 0, loc)
}

// nullifTypeGuard returns nullif in a check that raises 0A000 when the
// DuckDB type of operand has a rank from low to high.
func nullifTypeGuard(nullif, operand *pg.Node, low, high int, loc int32) *pg.Node {
	var patterns []string
	for rank := low; rank <= high; rank++ {
		patterns = append(patterns, duckDBTypePatterns[rank])
	}
	// One test of typeof(operand), so the operand is written once more.
	match := funcCall("regexp_full_match", loc, funcCall("typeof", loc, operand),
		pg.MakeAConstStrNode(strings.Join(patterns, "|"), loc))
	raise := funcCall("error", loc, pg.MakeAConstStrNode(nullifTypesReason, loc))
	when := pg.MakeCaseWhenNode(match, raise, loc)
	guard := pg.MakeCaseExprNode(nil, []*pg.Node{when}, loc)
	guard.GetCaseExpr().Defresult = nullif
	return guard
}
