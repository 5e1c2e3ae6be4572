package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// maxPadLength is the largest length that PostgreSQL 15's lpad and rpad
// accept with a fill text. A character takes up to 4 bytes in UTF8, and
// 4 * length plus the 4-byte header must fit in one value's limit of
// 2^30 - 1 bytes.
const maxPadLength = (1<<30 - 1 - 4) / 4

// guardPadLength makes lpad and rpad raise PostgreSQL's 54000 for a
// length over maxPadLength, before DuckDB builds the text in memory.
// PostgreSQL does not pad with an empty fill, and a NULL argument gives
// NULL without the check. An integer constant within the limit needs no
// guard.
func guardPadLength(fc *pg.FuncCall) {
	if len(fc.Args) != 3 {
		return
	}
	loc := fc.Location
	s, length, fill := fc.Args[0], fc.Args[1], fc.Args[2]
	if c := length.GetAConst().GetIval(); c != nil && c.Ival <= maxPadLength {
		return
	}
	tooLong := pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{
		binaryOp(">", cloneNode(length), pg.MakeAConstIntNode(maxPadLength, loc), loc),
		binaryOp("<>", cloneNode(fill), pg.MakeAConstStrNode("", loc), loc),
		isNotNull(cloneNode(s), loc),
	}, loc)
	raise := funcCall("error", loc, pg.MakeAConstStrNode("requested length too large (SQLSTATE 54000)", loc))
	fc.Args[1] = searchedCase(loc, length, tooLong, raise)
}
