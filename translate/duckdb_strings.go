package translate

import (
	"slices"
	"strconv"
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
	// split_part() is strict, so a NULL string or delimiter gives NULL
	// before field 0 raises.
	zeroField := pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{compare(clone(field), "=", 0, loc),
		isNotNull(clone(s), loc), isNotNull(clone(delimiter), loc)}, loc)
	n.Node = searchedCase(loc, funcCall("split_part", loc, s, delimiter, field),
		zeroField, raise,
		emptyDelimiter, wholeOrEmpty).Node
	return true
}

// rewriteStringToArray gives string_to_array(s, delimiter) PostgreSQL's
// results where DuckDB's differ: an empty s gives an empty array, not
// {""}, an empty delimiter gives {s}, not its characters, a null
// delimiter splits s into characters, and a null s gives NULL, not
// {NULL}. It reports whether it rewrote the call.
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
	nullArray := proto.Clone(emptyArray).(*pg.Node)
	nullArray.GetTypeCast().Arg = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	nullString := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
		Arg: clone(s), Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
	pairs := []*pg.Node{
		binaryOp("=", clone(s), emptyText(), loc), emptyArray,
		binaryOp("=", clone(delimiter), emptyText(), loc), whole,
		nullDelimiter, funcCall("string_split", loc, clone(s), emptyText()),
	}
	if !isBareString(s) {
		pairs = append([]*pg.Node{nullString, nullArray}, pairs...)
	}
	n.Node = searchedCase(loc, funcCall("string_to_array", loc, s, delimiter), pairs...).Node
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
// A constant other dimension is arrayLengthOfDimension's.
// NOTE: a dimension that is not a constant keeps DuckDB's function, which
// fails for one other than 1.
func rewriteArrayLength(n *pg.Node, fc *pg.FuncCall) bool {
	if arrayLengthOfDimension(n, fc) {
		return true
	}
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
// as t and f, and bytea, arrays, floats and intervals (pgwayText). An argument whose
// type the expression does not show becomes textByType's CASE. Floats
// whose type the expression shows are written as PostgreSQL writes them
// (floatText).
// NOTE: other types keep DuckDB's text, which differs from PostgreSQL's
// output for JSON.
func rewriteConcat(fc *pg.FuncCall, withSeparator bool) {
	rewriteTextArguments(fc, withSeparator, true)
}

// rewriteTextArguments is rewriteConcat, which writes booleans of unseen
// type as t and f only when shortBooleans is set.
func rewriteTextArguments(fc *pg.FuncCall, withSeparator, shortBooleans bool) {
	for i, arg := range fc.Args {
		if withSeparator && i == 0 || hasParam(arg) || arg.GetAConst() != nil && arg.GetAConst().GetBoolval() == nil {
			continue
		}
		if call := arg.GetFuncCall(); call != nil && textFunctions[strings.ToLower(lastName(call.Funcname))] {
			// A text already, such as a nested concat, whose rewrite
			// would otherwise repeat at each level.
			continue
		}
		if resultForm(arg) {
			// A quotient's text has its own scale, not the 20 fractional
			// digits of its DECIMAL(38,20) value.
			fc.Args[i] = funcCall(numericOutFunction, fc.Location, arg)
			continue
		}
		if showsInterval(arg, nil) || arrayCast(arg) {
			fc.Args[i] = outputTextCall(arg, fc.Location)
			continue
		}
		switch staticType(arg) {
		case typeFloat:
			fc.Args[i] = textOperand(arg, fc.Location)
			continue
		case typeInteger, typeNumeric, typeText, typeTime:
			continue
		}
		fc.Args[i] = textByType(arg, fc.Location, shortBooleans)
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
	return textByType(x, loc, true)
}

// textByType is x as text by its DuckDB type, for an expression whose
// type the statement does not show:
//
//	CASE WHEN typeof(x) = 'BOOLEAN' THEN left(x::varchar, 1)
//	     WHEN typeof(x) = 'JSON' THEN pgway_text(x::varchar, 'JSON', digits)
//	     WHEN typeof(x) IN ('BLOB', 'DOUBLE', 'FLOAT', 'INTERVAL')
//	          OR typeof(x) LIKE '%]' OR typeof(x) LIKE 'GEOMETRY%'
//	          OR typeof(x) LIKE 'STRUCT(%'
//	          THEN pgway_text(x, typeof(x), digits)
//	     ELSE x::varchar END
//
// The branch of booleans, written t and f as concat() writes them, is
// there only when shortBooleans is set. A cast to text writes true and
// false, as DuckDB does. DuckDB folds typeof to a constant. Every branch binds
// whatever the type of x: DuckDB casts every type to varchar, and
// pgway_text takes any.
func textByType(x *pg.Node, loc int32, shortBooleans bool) *pg.Node {
	x = namedRows(x)
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	typeIs := func(op, name string) *pg.Node {
		return binaryOp(op, funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode(name, loc), loc)
	}
	var whens []*pg.Node
	if shortBooleans {
		text := funcCall("left", loc, typeCast(clone(), "varchar", loc), pg.MakeAConstIntNode(1, loc))
		whens = append(whens, typeIs("=", "BOOLEAN"), text)
	}
	isOutput := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR,
		Args: []*pg.Node{typeIs("=", "BLOB"), typeIs("=", "DOUBLE"), typeIs("=", "FLOAT"), typeIs("=", "INTERVAL"), typeIs("~~", "%]"),
			typeIs("~~", "GEOMETRY%"), typeIs("~~", "STRUCT(%")}, Location: loc}}}
	whens = append(whens, typeIs("=", "JSON"), jsonbText(clone(), loc), isOutput, outputTextCall(clone(), loc))
	return searchedCase(loc, typeCast(x, "varchar", loc), whens...)
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
	x = namedRows(x)
	return funcCall("pgway_text", loc, x, funcCall(typeofFunction, loc, proto.Clone(x).(*pg.Node)))
}

// jsonbText is pgway_text(x::varchar, 'JSON'), the text of a DuckDB JSON
// value x as jsonb's output writes it, which addTextDigits completes.
func jsonbText(x *pg.Node, loc int32) *pg.Node {
	return funcCall("pgway_text", loc, typeCast(x, "varchar", loc), pg.MakeAConstStrNode("JSON", loc))
}

// namedRows turns ROW constructors into struct_pack(f1 => ..., f2 =>
// ...), since DuckDB's rows have no field names, which a function such as
// pgway_text needs to read them: x itself, the elements of an ARRAY
// constructor, the argument of array_agg, and the result column of an
// ARRAY or scalar subquery. A row of t.*, which struct_pack cannot take,
// is left as it is (see checkRowStars).
func namedRows(x *pg.Node) *pg.Node {
	switch v := x.GetNode().(type) {
	case *pg.Node_RowExpr:
		if rowHasStar(v.RowExpr) {
			return x
		}
		args := make([]*pg.Node, len(v.RowExpr.Args))
		for i, arg := range v.RowExpr.Args {
			args[i] = &pg.Node{Node: &pg.Node_NamedArgExpr{NamedArgExpr: &pg.NamedArgExpr{
				Arg: arg, Name: "f" + strconv.Itoa(i+1), Argnumber: -1, Location: v.RowExpr.Location}}}
		}
		return funcCall("struct_pack", v.RowExpr.Location, args...)
	case *pg.Node_AArrayExpr:
		for i, element := range v.AArrayExpr.Elements {
			v.AArrayExpr.Elements[i] = namedRows(element)
		}
	case *pg.Node_FuncCall:
		if strings.EqualFold(lastName(v.FuncCall.Funcname), "array_agg") && len(v.FuncCall.Args) == 1 {
			v.FuncCall.Args[0] = namedRows(v.FuncCall.Args[0])
		}
	case *pg.Node_SubLink:
		targets := v.SubLink.Subselect.GetSelectStmt().GetTargetList()
		if len(targets) == 1 && targets[0].GetResTarget() != nil {
			rt := targets[0].GetResTarget()
			rt.Val = namedRows(rt.Val)
		}
	}
	return x
}

// rowHasStar reports whether a ROW constructor has t.* among its fields.
func rowHasStar(row *pg.RowExpr) bool {
	for _, arg := range row.Args {
		if fields := arg.GetColumnRef().GetFields(); len(fields) > 0 && fields[len(fields)-1].GetAStar() != nil {
			return true
		}
	}
	return false
}

// checkRowStars rejects ROW(t.*) cast to text or in concat(), whose fields
// DuckDB names only by position, which pgway_text cannot read.
func checkRowStars(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		var args []*pg.Node
		switch v := msg.(type) {
		case *pg.TypeCast:
			if name := lastName(v.TypeName.GetNames()); name == "text" || name == "varchar" {
				args = []*pg.Node{v.Arg}
			}
		case *pg.FuncCall:
			if name := strings.ToLower(lastName(v.Funcname)); name == "concat" || name == "concat_ws" {
				args = v.Args
			}
		}
		for _, arg := range args {
			if row := arg.GetRowExpr(); row != nil && rowHasStar(row) && err == nil {
				err = unsupportedf(row.Location, "ROW(t.*) as text is not supported on this warehouse")
			}
		}
	})
	return err
}

// addTextDigits adds extra_float_digits to a call of pgway_text that
// outputTextCasts made without it, since the other rewrites would read the
// setting's marker as a string to cast.
func addTextDigits(fc *pg.FuncCall) {
	if lastName(fc.Funcname) != "pgway_text" || len(fc.Args) != 2 {
		return
	}
	fc.Args = append(fc.Args, extraFloatDigits(fc.Location))
}

// outputTextCasts writes the arrays, bytea, rows and jsonb that the
// statement casts to text as PostgreSQL's output does (outputText). It
// runs before the other rewrites, which may hide that an expression is
// an array, as that of string_to_array().
//
// A value whose type pgway does not see (typeUnseen) is written by its
// DuckDB type (textByType), so that an array, a bytea, a float, a row or
// a jsonb is written as PostgreSQL writes it too.
func outputTextCasts(stmt *pg.Node, types map[*pg.ColumnRef]string) {
	var casts []*pg.TypeCast
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		tc, ok := msg.(*pg.TypeCast)
		if !ok || len(tc.TypeName.GetArrayBounds()) > 0 {
			return
		}
		if name := lastName(tc.TypeName.GetNames()); name == "text" || name == "varchar" {
			casts = append(casts, tc)
		}
	})
	var concats []*pg.A_Expr
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if e, ok := msg.(*pg.A_Expr); ok && e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "||" && e.Lexpr != nil {
			concats = append(concats, e)
		}
	})
	for _, e := range concats {
		switch {
		case isCtid(e.Lexpr):
			// rewriteTIDCast writes the tid's text.
			e.Lexpr = typeCast(e.Lexpr, "text", e.Location)
		case isCtid(e.Rexpr):
			e.Rexpr = typeCast(e.Rexpr, "text", e.Location)
		case byteaValue(e.Lexpr, types) && e.Rexpr.GetAConst().GetSval() != nil:
			// bytea || unknown is bytea || bytea.
			e.Rexpr = typeCast(e.Rexpr, "bytea", e.Location)
		case byteaValue(e.Rexpr, types) && e.Lexpr.GetAConst().GetSval() != nil:
			e.Lexpr = typeCast(e.Lexpr, "bytea", e.Location)
		case (byteaValue(e.Lexpr, types) || e.Lexpr.GetRowExpr() != nil || castTo(e.Lexpr, "tid")) && showsText(e.Rexpr, types):
			e.Lexpr = textOfValue(e.Lexpr, e.Location)
		case (byteaValue(e.Rexpr, types) || e.Rexpr.GetRowExpr() != nil || castTo(e.Rexpr, "tid")) && showsText(e.Lexpr, types):
			e.Rexpr = textOfValue(e.Rexpr, e.Location)
		case unseenScalar(e.Lexpr, types) && showsText(e.Rexpr, types):
			e.Lexpr = concatText(e.Lexpr, e.Location)
		case unseenScalar(e.Rexpr, types) && showsText(e.Lexpr, types):
			e.Rexpr = concatText(e.Rexpr, e.Location)
		case showsInterval(e.Lexpr, types) && showsText(e.Rexpr, types):
			e.Lexpr = outputTextCall(e.Lexpr, e.Location)
		case showsInterval(e.Rexpr, types) && showsText(e.Lexpr, types):
			e.Rexpr = outputTextCall(e.Rexpr, e.Location)
		}
	}
	// The rewrites cast to varchar again, so they come after the walk.
	for _, tc := range casts {
		switch {
		case isCtid(tc.Arg):
			// rewriteTIDCast writes the tid's text.
		case lastName(tc.Arg.GetTypeCast().GetTypeName().GetNames()) == "jsonb":
			tc.Arg = jsonbText(tc.Arg, tc.Location)
		case isArrayByteaOrRow(tc.Arg) || showsInterval(tc.Arg, types) || isArrayOrByteaColumn(tc.Arg, types) ||
			arrayValue(tc.Arg, types) || returnsGeometry(tc.Arg):
			tc.Arg = outputTextCall(tc.Arg, tc.Location)
		case typeUnseen(tc.Arg, types) || aggregateTypeUnseen(tc.Arg, types):
			tc.Arg = textByType(tc.Arg, tc.Location, false)
		}
	}
}

// isArrayOrByteaColumn reports whether n is a column of an array or bytea
// type that types has, whose text DuckDB writes in its own form, [1, 2]
// for {1,2}.
func isArrayOrByteaColumn(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	ref := n.GetColumnRef()
	return ref != nil && (strings.HasSuffix(types[ref], "]") || types[ref] == "bytea")
}

// showsInterval reports whether n is an interval cast or column, whose
// text DuckDB writes otherwise than PostgreSQL: -1 day 02:00:00 for -1
// days +02:00:00.
func showsInterval(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if ref := n.GetColumnRef(); ref != nil {
		return types[ref] == "interval"
	}
	tc := n.GetTypeCast()
	return tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 && lastName(tc.TypeName.GetNames()) == "interval"
}

// typeUnseen reports whether n is a value whose type neither the
// statement nor pgway's column types show: a column not in types, a
// whole-row reference, a field of a row, a scalar subquery, unnest(), ->
// or #> of json, or abs(), +, -, * or % of such values. Division, whose
// quotient has a rewrite of its own (duckdb_numeric.go), is left out.
func typeUnseen(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_ColumnRef:
		fields := v.ColumnRef.Fields
		return types[v.ColumnRef] == "" && fields[len(fields)-1].GetAStar() == nil
	case *pg.Node_AIndirection:
		return true
	case *pg.Node_SubLink:
		return v.SubLink.SubLinkType == pg.SubLinkType_EXPR_SUBLINK
	case *pg.Node_FuncCall:
		// unnest's elements, and abs of a value, have the value's type.
		switch name := strings.ToLower(lastName(v.FuncCall.Funcname)); {
		case len(v.FuncCall.Args) != 1 || v.FuncCall.Over != nil:
		case name == "unnest":
			return true
		case name == "abs":
			return typeUnseen(v.FuncCall.Args[0], types)
		}
		return false
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind == pg.A_Expr_Kind_AEXPR_OP && (lastName(e.Name) == "->" || lastName(e.Name) == "#>") {
			// A json or jsonb value.
			return true
		}
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || !slices.Contains([]string{"+", "-", "*", "%"}, lastName(e.Name)) {
			return false
		}
		// One operand's type is unseen, and the other's is unseen too or
		// shown, as a constant's.
		unseen := false
		for _, operand := range []*pg.Node{e.Lexpr, e.Rexpr} {
			switch {
			case operand == nil:
			case typeUnseen(operand, types):
				unseen = true
			case staticType(operand) == typeUnknown:
				return false
			}
		}
		return unseen
	}
	return false
}

// unseenScalar reports whether n is a value whose type pgway does not
// see, other than a json value that -> or #> takes out.
func unseenScalar(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if e := n.GetAExpr(); e != nil && (lastName(e.Name) == "->" || lastName(e.Name) == "#>") {
		return false
	}
	return typeUnseen(n, types)
}

// showsText reports whether n is a string constant or shows that it is
// text: a cast to text or varchar, a column of one of them, or || of
// such a value and another that is no array.
func showsText(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst:
		return v.AConst.GetSval() != nil
	case *pg.Node_TypeCast:
		name := lastName(v.TypeCast.TypeName.GetNames())
		return len(v.TypeCast.TypeName.GetArrayBounds()) == 0 && (name == "text" || name == "varchar")
	case *pg.Node_ColumnRef:
		typ := types[v.ColumnRef]
		return typ == "text" || strings.HasPrefix(typ, "character varying")
	case *pg.Node_AExpr:
		e := v.AExpr
		return e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "||" && e.Lexpr != nil &&
			(showsText(e.Lexpr, types) && !showsArray(e.Rexpr) || showsText(e.Rexpr, types) && !showsArray(e.Lexpr))
	}
	return false
}

// concatText is x, whose type pgway does not see, as || beside text
// writes it: by its DuckDB type, as textByType does. Beside a string
// constant, PostgreSQL's || of an array, a bytea or a jsonb joins values
// of that type, and beside text it fails, so these fail with 0A000.
func concatText(x *pg.Node, loc int32) *pg.Node {
	x = namedRows(x)
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	typeIs := func(op, name string) *pg.Node {
		return binaryOp(op, funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode(name, loc), loc)
	}
	anyOf := func(args ...*pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_OR_EXPR, Args: args, Location: loc}}}
	}
	raise := funcCall("error", loc, pg.MakeAConstStrNode(
		"|| of an array, bytea or jsonb value whose type pgway does not see is not supported on this warehouse (SQLSTATE 0A000)", loc))
	return searchedCase(loc, typeCast(x, "varchar", loc),
		anyOf(typeIs("~~", "%]"), typeIs("=", "BLOB"), typeIs("=", "JSON")), raise,
		anyOf(typeIs("=", "DOUBLE"), typeIs("=", "FLOAT"), typeIs("=", "INTERVAL"), typeIs("~~", "STRUCT(%")), outputTextCall(clone(), loc))
}

// isArrayByteaOrRow reports whether the expression shows that n is an
// array, a bytea or a row: an ARRAY or ROW constructor, an ARRAY
// subquery, a cast to an array type or to bytea, or a function that
// returns an array.
func isArrayByteaOrRow(n *pg.Node) bool {
	if showsArray(n) {
		return true
	}
	switch v := n.GetNode().(type) {
	case *pg.Node_RowExpr:
		return true
	case *pg.Node_SubLink:
		targets := v.SubLink.Subselect.GetSelectStmt().GetTargetList()
		return v.SubLink.SubLinkType == pg.SubLinkType_EXPR_SUBLINK && len(targets) == 1 &&
			isArrayByteaOrRow(targets[0].GetResTarget().GetVal())
	case *pg.Node_TypeCast:
		name := lastName(v.TypeCast.TypeName.GetNames())
		return name == "bytea" || name == "blob"
	}
	return false
}

// arrayFunctions return an array whatever their arguments.
var arrayFunctions = map[string]bool{
	"array_agg": true, "array_append": true, "array_prepend": true, "array_cat": true,
	"string_to_array": true, "regexp_split_to_array": true, "array_remove": true, "array_replace": true,
}

// checkConcatOperands raises PostgreSQL's error for || of two values
// that show their types, neither of them text: PostgreSQL's || takes a
// text operand, where DuckDB's joins the text of any two values.
func checkConcatOperands(e *pg.A_Expr) error {
	left, right := exactType(e.Lexpr), exactType(e.Rexpr)
	if left == "" || right == "" || left == "text" || right == "text" {
		return nil
	}
	return &Error{Code: CodeUndefinedFunction, Hint: noOperatorHint, Position: int(e.Location) + 1,
		Message: "operator does not exist: " + postgresTypeNames[left] + " || " + postgresTypeNames[right]}
}

// isBytea reports whether n is a cast to bytea.
func isBytea(n *pg.Node) bool {
	return castTo(n, "bytea")
}

// castTo reports whether n is a cast to the type name, not to an array
// of it.
func castTo(n *pg.Node, name string) bool {
	tc := n.GetTypeCast()
	return tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 && lastName(tc.TypeName.GetNames()) == name
}

// textOfValue returns the text of a bytea, row or tid beside text in ||,
// as PostgreSQL's anynonarray || text writes it with the value's output
// function: \x0102 for a bytea, (1,a) for a row.
func textOfValue(n *pg.Node, loc int32) *pg.Node {
	if castTo(n, "tid") {
		// rewriteTIDCast writes the tid's text.
		return typeCast(n, "text", loc)
	}
	return outputTextCall(namedRows(n), loc)
}
