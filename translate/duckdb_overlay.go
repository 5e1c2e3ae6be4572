package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL 15's overlay(s placing r from start for count) is the
// characters, or bytes of a bytea, of s before start, then r, then those
// of s from start + count on. A place before the first means the first.
// It raises 22011 for a start below 1 and 22003 where start + count
// overflows integer. DuckDB's overlay() of text reads a start below
// 1 as 1 and a negative count as 0, and DuckDB has none of BLOB, so the
// dialect writes PostgreSQL's definition:
//
//	CASE WHEN s IS NULL OR r IS NULL OR end IS NULL THEN NULL
//	WHEN start < 1 THEN error(22011)
//	WHEN end is outside integer THEN error(22003)
//	ELSE substring(s, 1, start - 1) || r || substring(s, max(end, 1)) END
//
// where end is start + count in bigint, and count is the length of r
// without FOR. The first branch keeps the call strict, as in PostgreSQL.
// A bytea is sliced in its hex text, two digits a byte, as in
// duckdb_bytea_slices.go.

// rewriteOverlay rewrites overlay() of text, or of a cast to bytea, and
// reports whether it did. The rewrite repeats the arguments, so it
// rejects those that call a volatile function.
func rewriteOverlay(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if name != "overlay" || len(fc.Args) != 3 && len(fc.Args) != 4 || fc.Over != nil {
		return false, nil
	}
	for _, arg := range fc.Args {
		if hasVolatileCall(arg) {
			return true, unsupported("overlay() with an argument that calls a volatile function",
				exprLocation(arg), "Compute the argument in a subquery first.")
		}
	}
	loc := fc.Location
	one := func() *pg.Node { return pg.MakeAConstIntNode(1, loc) }
	s, r := fc.Args[0], fc.Args[1]
	bigint := func(x *pg.Node) *pg.Node { return typeCast(cloneNode(x), "bigint", loc) }
	count := funcCall("length", loc, cloneNode(r))
	// prefix and suffix slice s before a place and from a place on.
	prefix := func(places *pg.Node) *pg.Node { return funcCall("substring", loc, s, one(), places) }
	suffix := func(from *pg.Node) *pg.Node { return funcCall("substring", loc, cloneNode(s), from) }
	middle, result := r, func(x *pg.Node) *pg.Node { return x }
	if bytea := castTo(s, "bytea") || castTo(s, "blob"); bytea {
		count = funcCall("octet_length", loc, cloneNode(r))
		two := func() *pg.Node { return pg.MakeAConstIntNode(2, loc) }
		prefix = func(places *pg.Node) *pg.Node {
			return funcCall("substring", loc, funcCall("hex", loc, s), one(), binaryOp("*", two(), places, loc))
		}
		suffix = func(from *pg.Node) *pg.Node {
			start := binaryOp("-", binaryOp("*", two(), from, loc), one(), loc)
			return funcCall("substring", loc, funcCall("hex", loc, cloneNode(s)), start)
		}
		middle = funcCall("hex", loc, r)
		result = func(x *pg.Node) *pg.Node { return funcCall("unhex", loc, x) }
	}
	if len(fc.Args) == 4 {
		count = bigint(fc.Args[3])
	}
	start := bigint(fc.Args[2])
	end := binaryOp("+", start, count, loc)
	from := searchedCase(loc, cloneNode(end), compare(cloneNode(end), "<", 1, loc), one())
	joined := result(binaryOp("||", binaryOp("||", prefix(binaryOp("-", cloneNode(start), one(), loc)), middle, loc),
		suffix(from), loc))

	isNull := func(x *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: cloneNode(x), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	}
	anyNull := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{isNull(s), isNull(r), isNull(end)}, loc)
	outside := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{
		compare(cloneNode(end), ">", 2147483647, loc), compare(cloneNode(end), "<", -2147483648, loc)}, loc)
	raise := func(message string) *pg.Node {
		return funcCall("error", loc, pg.MakeAConstStrNode(message, loc))
	}
	n.Node = searchedCase(loc, joined,
		anyNull, &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}},
		compare(cloneNode(start), "<", 1, loc), raise("negative substring length not allowed (SQLSTATE 22011)"),
		outside, raise("integer out of range (SQLSTATE 22003)")).Node
	return true, nil
}
