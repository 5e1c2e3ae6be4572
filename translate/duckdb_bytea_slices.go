package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB has no substring() or get_byte() of a BLOB, so the dialect
// slices the hex text of the bytes: substr(b, s, l) becomes
//
//	CASE WHEN l < 0 THEN error(22011)
//	ELSE unhex(substring(hex(b), 2 * s1 - 1, 2 * l1)) END
//
// where s1 is s raised to 1 and l1 the count of bytes from s1 to s + l,
// as PostgreSQL counts them.

// byteaSliceFunctions are the functions of bytea that rewriteByteaSlice
// rewrites, by their number of arguments.
var byteaSliceFunctions = map[string][]int{"substr": {2, 3}, "substring": {2, 3}, "get_byte": {2}}

// castByteaSliceArguments casts the bytea column or expression that
// substr(), substring() or get_byte() takes to bytea, so that
// rewriteByteaSlice finds the type after the statement's column types are
// gone, and the arguments of byteaArgumentFunctions (castByteaArguments).
// types are the columns' types (resolveColumns).
func castByteaSliceArguments(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || err != nil || len(fc.Args) == 0 {
			return
		}
		name := strings.ToLower(lastName(fc.Funcname))
		castByteaArguments(fc, name, types)
		if byteaSliceFunctions[name] != nil && !isBytea(fc.Args[0]) && byteaExpression(fc.Args[0], types) {
			fc.Args[0] = typeCast(fc.Args[0], "bytea", fc.Location)
		}
	})
	return err
}

// rewriteByteaSlice rewrites substr(), substring() and get_byte() of a
// cast to bytea, and reports whether it did. The rewrite repeats the
// arguments, so they must not call volatile functions.
func rewriteByteaSlice(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	counts := byteaSliceFunctions[name]
	if counts == nil || len(fc.Args) != counts[0] && len(fc.Args) != counts[len(counts)-1] ||
		fc.Over != nil || !castTo(fc.Args[0], "bytea") && !castTo(fc.Args[0], "blob") {
		return false, nil
	}
	for _, arg := range fc.Args {
		if hasVolatileCall(arg) {
			return true, unsupported(name+"() of bytea with an argument that calls a volatile function",
				exprLocation(arg), "Compute the argument in a subquery first.")
		}
	}
	if name == "get_byte" {
		n.Node = byteAt(fc.Args[0], fc.Args[1], fc.Location).Node
		return true, nil
	}
	n.Node = byteaSubstring(fc.Args, fc.Location).Node
	return true, nil
}

// byteaSubstring returns the DuckDB expression of substr(b, s [, l]).
func byteaSubstring(args []*pg.Node, loc int32) *pg.Node {
	clone := func(x *pg.Node) *pg.Node { return cloneNode(x) }
	bigint := func(x *pg.Node) *pg.Node { return typeCast(clone(x), "bigint", loc) }
	number := func(v int64) *pg.Node { return pg.MakeAConstIntNode(v, loc) }
	// The first byte, s raised to 1. A NULL s stays NULL.
	first := searchedCase(loc, bigint(args[1]), compare(bigint(args[1]), "<", 1, loc), number(1))
	hexText := funcCall("hex", loc, args[0])
	start := binaryOp("-", binaryOp("*", number(2), first, loc), number(1), loc)
	if len(args) == 2 {
		return funcCall("unhex", loc, funcCall("substring", loc, hexText, start))
	}
	end := binaryOp("+", bigint(args[1]), bigint(args[2]), loc)
	count := binaryOp("-", end, cloneNode(first), loc)
	count = searchedCase(loc, count, compare(cloneNode(count), "<", 0, loc), number(0))
	slice := funcCall("unhex", loc, funcCall("substring", loc, hexText, start, binaryOp("*", number(2), count, loc)))
	raise := funcCall("error", loc, pg.MakeAConstStrNode("negative substring length not allowed (SQLSTATE 22011)", loc))
	return searchedCase(loc, slice, compare(clone(args[2]), "<", 0, loc), raise)
}

// byteIndexOutside returns the condition that index is outside the bytes
// of b, and PostgreSQL's 2202E message for it.
func byteIndexOutside(b, index *pg.Node, loc int32) (outside, message *pg.Node) {
	size := func() *pg.Node { return funcCall("octet_length", loc, cloneNode(b)) }
	outside = pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{
		compare(cloneNode(index), "<", 0, loc),
		binaryOp(">=", cloneNode(index), size(), loc)}, loc)
	message = funcCall("concat", loc, pg.MakeAConstStrNode("index ", loc), cloneNode(index),
		pg.MakeAConstStrNode(" out of valid range, 0..", loc), binaryOp("-", size(), pg.MakeAConstIntNode(1, loc), loc),
		pg.MakeAConstStrNode(" (SQLSTATE 2202E)", loc))
	return outside, message
}

// byteAt returns the DuckDB expression of get_byte(b, i), which raises
// PostgreSQL's 2202E for an index outside the bytes.
func byteAt(b, index *pg.Node, loc int32) *pg.Node {
	number := func(v int64) *pg.Node { return pg.MakeAConstIntNode(v, loc) }
	outside, message := byteIndexOutside(b, index, loc)
	// The two hex digits of the byte, each read by its place in digits.
	digits := pg.MakeAConstStrNode("0123456789ABCDEF", loc)
	pair := funcCall("substring", loc, funcCall("hex", loc, b),
		binaryOp("+", binaryOp("*", number(2), typeCast(cloneNode(index), "bigint", loc), loc), number(1), loc), number(2))
	digit := func(place int64) *pg.Node {
		one := funcCall("substring", loc, cloneNode(pair), number(place), number(1))
		return binaryOp("-", funcCall("strpos", loc, cloneNode(digits), one), number(1), loc)
	}
	value := binaryOp("+", binaryOp("*", digit(1), number(16), loc), digit(2), loc)
	return searchedCase(loc, typeCast(value, "integer", loc), outside, funcCall("error", loc, message))
}
