package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Rewrites of PostgreSQL's string functions whose DuckDB namesakes treat
// some arguments differently.

// rewriteSubstring gives substr(s, start[, count]) and SQL's
// substring(s FROM start FOR count) PostgreSQL's meaning for a start
// below 1, where DuckDB counts a negative start from the end. PostgreSQL
// returns the characters at positions start to start + count - 1 that
// exist. A negative count raises PostgreSQL's error instead of counting
// backward. DuckDB's function agrees when start is a constant of at least
// 1 and count a nonnegative constant, so such a call stays as it is. It
// reports whether it rewrote the call.
func rewriteSubstring(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) < 2 || len(fc.Args) > 3 {
		return false
	}
	if integerAtLeast(fc.Args[1], 1) && (len(fc.Args) == 2 || integerAtLeast(fc.Args[2], 0)) {
		return false
	}
	loc := fc.Location
	s, start := fc.Args[0], fc.Args[1]
	first := atLeast(start, 1, loc)
	if len(fc.Args) == 2 {
		n.Node = funcCall("substring", loc, s, first).Node
		return true
	}
	count := fc.Args[2]
	// start + count - max(start, 1) characters remain from the first
	// existing position.
	remaining := binaryOp("-", binaryOp("+", proto.Clone(start).(*pg.Node), count, loc), proto.Clone(first).(*pg.Node), loc)
	length := atLeast(remaining, 0, loc)
	raise := funcCall("error", loc, pg.MakeAConstStrNode("negative substring length not allowed (SQLSTATE 22011)", loc))
	n.Node = &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Args: []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: compare(proto.Clone(count).(*pg.Node), "<", 0, loc), Result: raise, Location: loc}}}},
		Defresult: funcCall("substring", loc, s, first, length),
		Location:  loc,
	}}
	return true
}

// integerAtLeast reports whether n is an integer constant of at least
// minimum.
func integerAtLeast(n *pg.Node, minimum int64) bool {
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil && int64(c.GetIval().Ival) >= minimum
}

// atLeast returns CASE WHEN x < minimum THEN minimum ELSE x END, which,
// unlike greatest(), is NULL for a NULL x.
func atLeast(x *pg.Node, minimum int64, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Args: []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: compare(x, "<", minimum, loc), Result: pg.MakeAConstIntNode(minimum, loc), Location: loc}}}},
		Defresult: proto.Clone(x).(*pg.Node),
		Location:  loc,
	}}}
}

// rewriteSplitPart gives split_part(s, delimiter, n) PostgreSQL's
// results where DuckDB's differ: an empty delimiter leaves s whole as
// field 1 (and -1) where DuckDB splits it into characters, and field 0
// raises an error where DuckDB returns ”. A call with a nonempty
// delimiter constant and a nonzero field constant stays as it is. It
// reports whether it rewrote the call.
func rewriteSplitPart(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 3 {
		return false
	}
	s, delimiter, field := fc.Args[0], fc.Args[1], fc.Args[2]
	constantDelimiter := delimiter.GetAConst().GetSval() != nil && delimiter.GetAConst().GetSval().Sval != ""
	constantField := field.GetAConst().GetIval() != nil && field.GetAConst().GetIval().Ival != 0
	if constantDelimiter && constantField {
		return false
	}
	loc := fc.Location
	clone := func(x *pg.Node) *pg.Node { return proto.Clone(x).(*pg.Node) }
	raise := funcCall("error", loc, pg.MakeAConstStrNode("field position must not be zero (SQLSTATE 22023)", loc))
	firstField := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR,
		[]*pg.Node{compare(clone(field), "=", 1, loc), compare(clone(field), "=", -1, loc)}, loc)
	bothKnown := pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR,
		[]*pg.Node{isNotNull(clone(s), loc), isNotNull(clone(field), loc)}, loc)
	wholeOrEmpty := searchedCase(loc, nil, firstField, clone(s), bothKnown, pg.MakeAConstStrNode("", loc))
	emptyDelimiter := binaryOp("=", clone(delimiter), pg.MakeAConstStrNode("", loc), loc)
	n.Node = searchedCase(loc, funcCall("split_part", loc, s, delimiter, field),
		compare(clone(field), "=", 0, loc), raise,
		emptyDelimiter, wholeOrEmpty).Node
	return true
}

// rewriteStringToArray gives string_to_array(s, delimiter) PostgreSQL's
// results where DuckDB's differ: an empty s gives an empty array, not
// {""}, an empty delimiter gives {s}, not its characters, and a null
// delimiter splits s into characters. It reports whether it rewrote the
// call.
func rewriteStringToArray(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 2 {
		return false
	}
	s, delimiter := fc.Args[0], fc.Args[1]
	loc := fc.Location
	clone := func(x *pg.Node) *pg.Node { return proto.Clone(x).(*pg.Node) }
	emptyText := func() *pg.Node { return pg.MakeAConstStrNode("", loc) }
	emptyArray := &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg: &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Location: loc}}},
		TypeName: &pg.TypeName{Names: stringNodes("varchar"), Typemod: -1,
			ArrayBounds: []*pg.Node{{Node: &pg.Node_Integer{Integer: &pg.Integer{Ival: -1}}}}, Location: loc},
		Location: loc,
	}}}
	whole := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{
		Elements: []*pg.Node{clone(s)}, Location: loc}}}
	nullDelimiter := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: clone(delimiter), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	n.Node = searchedCase(loc, funcCall("string_to_array", loc, s, delimiter),
		binaryOp("=", clone(s), emptyText(), loc), emptyArray,
		binaryOp("=", clone(delimiter), emptyText(), loc), whole,
		nullDelimiter, funcCall("string_split", loc, clone(s), emptyText())).Node
	return true
}

// searchedCase returns CASE WHEN c1 THEN r1 WHEN c2 THEN r2 ... ELSE
// otherwise END from pairs of conditions and results; a nil otherwise
// leaves out ELSE.
func searchedCase(loc int32, otherwise *pg.Node, pairs ...*pg.Node) *pg.Node {
	var whens []*pg.Node
	for i := 0; i+1 < len(pairs); i += 2 {
		whens = append(whens, &pg.Node{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: pairs[i], Result: pairs[i+1], Location: loc}}})
	}
	return &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{Args: whens, Defresult: otherwise, Location: loc}}}
}

func isNotNull(x *pg.Node, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: x, Nulltesttype: pg.NullTestType_IS_NOT_NULL, Location: loc}}}
}

// rewriteArrayLength turns array_length(a, 1) into
//
//	CASE WHEN len(a) = 0 THEN NULL ELSE len(a)::int4 END
//
// because PostgreSQL returns NULL for an empty array, and integer, where
// DuckDB returns 0 and BIGINT. It reports whether it rewrote the call.
// NOTE: another dimension than the constant 1 keeps DuckDB's function,
// which fails for it.
func rewriteArrayLength(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 2 || !integerAtLeast(fc.Args[1], 1) || fc.Args[1].GetAConst().GetIval().Ival != 1 {
		return false
	}
	loc := fc.Location
	length := func() *pg.Node { return funcCall("len", loc, proto.Clone(fc.Args[0]).(*pg.Node)) }
	n.Node = searchedCase(loc, typeCast(length(), "int4", loc),
		compare(length(), "=", 0, loc), &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}).Node
	return true
}

// rewriteConcat writes the arguments of concat and concat_ws as
// PostgreSQL's output functions do where DuckDB's text differs: booleans
// as t and f, and bytea and arrays (pgwayText). An argument whose type the
// expression does not show becomes
//
//	CASE WHEN typeof(x) = 'BOOLEAN' THEN left(x::varchar, 1)
//	     WHEN typeof(x) = 'BLOB' OR typeof(x) LIKE '%]' THEN pgway_text(x, typeof(x), digits)
//	     ELSE x::varchar END
//
// and DuckDB folds typeof to a constant. Every branch binds whatever the
// type of x: DuckDB casts every type to varchar, and pgway_text takes any.
// Floats whose type the expression shows are written as PostgreSQL writes
// them (floatText).
// NOTE: other types keep DuckDB's text, which differs from PostgreSQL's
// output for JSON and floats whose type the expression does not show
// (1000.0 where PostgreSQL writes 1000).
func rewriteConcat(fc *pg.FuncCall, withSeparator bool) {
	for i, arg := range fc.Args {
		if withSeparator && i == 0 || hasParam(arg) || arg.GetAConst() != nil && arg.GetAConst().GetBoolval() == nil {
			continue
		}
		if call := arg.GetFuncCall(); call != nil && textFunctions[strings.ToLower(lastName(call.Funcname))] {
			// A text already, such as a nested concat, whose rewrite
			// would otherwise repeat at each level.
			continue
		}
		switch staticType(arg) {
		case typeFloat:
			fc.Args[i] = textOperand(arg, fc.Location)
			continue
		case typeInteger, typeNumeric, typeText, typeTime:
			continue
		}
		fc.Args[i] = booleanText(arg, fc.Location)
	}
}

// textFunctions return text whatever their arguments.
var textFunctions = map[string]bool{
	"concat": true, "concat_ws": true, "upper": true, "lower": true, "initcap": true,
	"substr": true, "substring": true, "replace": true, "translate": true, "trim": true,
	"btrim": true, "ltrim": true, "rtrim": true, "lpad": true, "rpad": true, "left": true,
	"right": true, "repeat": true, "reverse": true, "md5": true, "to_char": true,
	"split_part": true, "string_agg": true,
}

func booleanText(x *pg.Node, loc int32) *pg.Node {
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	typeIs := func(op, name string) *pg.Node {
		return binaryOp(op, funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode(name, loc), loc)
	}
	text := funcCall("left", loc, typeCast(clone(), "varchar", loc), pg.MakeAConstIntNode(1, loc))
	isOutput := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR,
		Args: []*pg.Node{typeIs("=", "BLOB"), typeIs("~~", "%]")}, Location: loc}}}
	return searchedCase(loc, typeCast(x, "varchar", loc), typeIs("=", "BOOLEAN"), text, isOutput, outputText(clone(), loc))
}

// outputText is pgway_text(x, typeof(x), extra_float_digits), PostgreSQL's
// text of a bytea or an array x.
func outputText(x *pg.Node, loc int32) *pg.Node {
	call := outputTextCall(x, loc)
	addTextDigits(call.GetFuncCall())
	return call
}

// outputTextCall is pgway_text(x, typeof(x)), which addTextDigits
// completes.
func outputTextCall(x *pg.Node, loc int32) *pg.Node {
	return funcCall("pgway_text", loc, x, funcCall(typeofFunction, loc, proto.Clone(x).(*pg.Node)))
}

// addTextDigits adds extra_float_digits to a call of pgway_text that
// arrayTextCasts made without it, since the other rewrites would read the
// setting's marker as a string to cast.
func addTextDigits(fc *pg.FuncCall) {
	if lastName(fc.Funcname) != "pgway_text" || len(fc.Args) != 2 {
		return
	}
	fc.Args = append(fc.Args, extraFloatDigits(fc.Location))
}

// arrayTextCasts writes the arrays and bytea that the statement casts to
// text as PostgreSQL's output does (outputText). It runs before the other
// rewrites, which may hide that an expression is an array, as that of
// string_to_array().
func arrayTextCasts(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		tc, ok := msg.(*pg.TypeCast)
		if !ok || len(tc.TypeName.GetArrayBounds()) > 0 || !isArrayOrBytea(tc.Arg) {
			return
		}
		if name := lastName(tc.TypeName.GetNames()); name == "text" || name == "varchar" {
			tc.Arg = outputTextCall(tc.Arg, tc.Location)
		}
	})
}

// isArrayOrBytea reports whether the expression shows that n is an array
// or a bytea: an ARRAY constructor or subquery, a cast to an array type or
// to bytea, or a function that returns an array.
func isArrayOrBytea(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_AArrayExpr:
		return true
	case *pg.Node_SubLink:
		if v.SubLink.SubLinkType == pg.SubLinkType_EXPR_SUBLINK {
			targets := v.SubLink.Subselect.GetSelectStmt().GetTargetList()
			return len(targets) == 1 && isArrayOrBytea(targets[0].GetResTarget().GetVal())
		}
		return v.SubLink.SubLinkType == pg.SubLinkType_ARRAY_SUBLINK
	case *pg.Node_TypeCast:
		name := lastName(v.TypeCast.TypeName.GetNames())
		return len(v.TypeCast.TypeName.GetArrayBounds()) > 0 || name == "bytea" || name == "blob"
	case *pg.Node_FuncCall:
		return arrayFunctions[strings.ToLower(lastName(v.FuncCall.Funcname))]
	}
	return false
}

// arrayFunctions return an array whatever their arguments.
var arrayFunctions = map[string]bool{
	"array_agg": true, "array_append": true, "array_prepend": true, "array_cat": true,
	"string_to_array": true, "regexp_split_to_array": true, "array_remove": true, "array_replace": true,
}
