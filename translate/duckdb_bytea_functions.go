package translate

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// DuckDB has no position(), overlay(), string_agg() or set_byte() of a
// BLOB, so the dialect computes them on the hex text of the bytes, two
// digits a byte, and turns the result back into bytes with unhex().

// byteaArgumentFunctions are those functions, with the places of their
// arguments that are bytea when one of them is.
var byteaArgumentFunctions = map[string][]int{
	"position": {0, 1}, "overlay": {0, 1}, "string_agg": {0, 1}, "set_byte": {0},
}

// castByteaArguments casts the arguments of a call of
// byteaArgumentFunctions at its bytea places to bytea when one of them is
// a bytea. A string constant is then read as bytes, and the rewrites
// find the type after the statement's column types are gone.
func castByteaArguments(fc *pg.FuncCall, name string, types map[*pg.ColumnRef]string) {
	places := byteaArgumentFunctions[name]
	if len(places) == 0 || len(fc.Args) <= places[len(places)-1] || !slices.ContainsFunc(places, func(i int) bool {
		return isBytea(fc.Args[i]) || byteaExpression(fc.Args[i], types)
	}) {
		return
	}
	for _, i := range places {
		if !isBytea(fc.Args[i]) {
			fc.Args[i] = typeCast(fc.Args[i], "bytea", fc.Location)
		}
	}
}

// isByteaCast reports whether n is a cast to bytea, before or after
// rewriteCast spells it BLOB.
func isByteaCast(n *pg.Node) bool {
	return castTo(n, "bytea") || castTo(n, "blob")
}

// rewriteByteaFunction rewrites position() and set_byte() of bytea and
// reports whether it did. The rewrites repeat the arguments, so they
// reject those that call a volatile function.
func rewriteByteaFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	switch {
	case name == "position" && len(fc.Args) == 2 && isByteaCast(fc.Args[0]) && isByteaCast(fc.Args[1]):
		n.Node = bytePosition(fc.Args[0], fc.Args[1], fc.Location).Node
		return true, nil
	case name == "set_byte" && len(fc.Args) == 3 && isByteaCast(fc.Args[0]):
		for _, arg := range fc.Args {
			if hasVolatileCall(arg) {
				return true, unsupported("set_byte() with an argument that calls a volatile function",
					exprLocation(arg), "Compute the argument in a subquery first.")
			}
		}
		n.Node = setByte(fc.Args[0], fc.Args[1], fc.Args[2], fc.Location).Node
		return true, nil
	}
	return false, nil
}

// bytePosition returns the DuckDB expression of position(sub in b), the
// place of the first byte of sub's first occurrence in b, 1 for an empty
// sub, or 0. Each byte's hex digits are followed by a comma, so that a
// match of the hex texts starts at a byte:
//
//	(strpos(digits(b), digits(sub)) + 2) / 3
//
// where digits(x) is regexp_replace(hex(x), '(..)', '\1,', 'g').
func bytePosition(b, sub *pg.Node, loc int32) *pg.Node {
	digits := func(x *pg.Node) *pg.Node {
		return funcCall("regexp_replace", loc, funcCall("hex", loc, x), pg.MakeAConstStrNode("(..)", loc),
			pg.MakeAConstStrNode(`\1,`, loc), pg.MakeAConstStrNode("g", loc))
	}
	place := funcCall("strpos", loc, digits(b), digits(sub))
	return typeCast(binaryOp("/", binaryOp("+", place, pg.MakeAConstIntNode(2, loc), loc),
		pg.MakeAConstIntNode(3, loc), loc), "int4", loc)
}

// setByte returns the DuckDB expression of set_byte(b, i, v), which
// raises PostgreSQL's 2202E for an index outside the bytes and stores
// the low 8 bits of v, as PostgreSQL does.
func setByte(b, index, value *pg.Node, loc int32) *pg.Node {
	number := func(v int64) *pg.Node { return pg.MakeAConstIntNode(v, loc) }
	outside, message := byteIndexOutside(b, index, loc)
	place := binaryOp("*", number(2), typeCast(cloneNode(index), "bigint", loc), loc)
	before := funcCall("substring", loc, funcCall("hex", loc, b), number(1), place)
	after := funcCall("substring", loc, funcCall("hex", loc, cloneNode(b)), binaryOp("+", cloneNode(place), number(3), loc))
	byteDigits := funcCall("printf", loc, pg.MakeAConstStrNode("%02X", loc), binaryOp("&", value, number(255), loc))
	replaced := funcCall("unhex", loc, binaryOp("||", binaryOp("||", before, byteDigits, loc), after, loc))
	return searchedCase(loc, replaced, outside, funcCall("error", loc, message))
}

// hexByteaStringAgg turns string_agg(b, d) of bytea into string_agg of
// their hex texts, which the rest of rewriteFunction rewrites as that of
// text, and returns the function that turns the result back into bytes
// with unhex(), or nil for another call.
func hexByteaStringAgg(fc *pg.FuncCall, name string) func(n *pg.Node) {
	if name != "string_agg" || len(fc.Args) != 2 || !isByteaCast(fc.Args[0]) || !isByteaCast(fc.Args[1]) {
		return nil
	}
	for i, arg := range fc.Args {
		fc.Args[i] = funcCall("hex", fc.Location, arg)
	}
	return func(n *pg.Node) {
		n.Node = funcCall("unhex", fc.Location, &pg.Node{Node: n.Node}).Node
	}
}
