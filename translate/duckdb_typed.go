package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The DuckDB rewrites that depend on an operand's type see it where the
// statement shows it: a constant's or a cast's. typeColumns makes a
// column's type visible too: it casts each column reference whose type
// columnTypes resolves to that type, x to x::float8. The DuckDB provider
// gives Relations only for columns whose DuckDB type is the PostgreSQL
// type itself (DOUBLE for double precision), so the cast changes nothing
// in DuckDB, which drops a cast to the type an expression already has.

// castableColumnTypes are the column types that typeColumns casts to:
// those whose cast is the same type in DuckDB. A numeric column is cast
// only with its precision and scale, since a cast to numeric alone would
// take unconstrainedNumeric's.
var castableColumnTypes = map[string]bool{
	"float8": true, "float4": true, "int2": true, "int4": true, "int8": true,
	"text": true, "bool": true, "date": true, "time": true, "timestamp": true, "timestamptz": true, "jsonb": true,
	"interval": true,
}

// typeColumns casts the column references of stmt whose types are known
// to their types. A column that is alone is left bare, because DuckDB
// names and matches it by the column: a select-list item, a sort,
// grouping or partition key, or an argument of GROUPING().
func typeColumns(stmt *pg.Node, types map[*pg.ColumnRef]string) {
	if len(types) == 0 {
		return
	}
	bare := bareColumns(stmt)
	walkNode(stmt, func(n *pg.Node) error {
		ref := n.GetColumnRef()
		if ref == nil || bare[ref] {
			return nil
		}
		typ := types[ref]
		column := &pg.Node{Node: n.Node}
		switch precision, scale, ok := numericTypmods(typ); {
		case castableColumnTypes[typ]:
			n.Node = typeCast(column, typ, ref.Location).Node
		case ok:
			cast := typeCast(column, "numeric", ref.Location)
			cast.GetTypeCast().TypeName.Typmods = []*pg.Node{
				pg.MakeAConstIntNode(precision, ref.Location), pg.MakeAConstIntNode(scale, ref.Location)}
			n.Node = cast.Node
		}
		return nil
	})
}

// bareColumns returns the column references of stmt that are alone.
func bareColumns(stmt *pg.Node) map[*pg.ColumnRef]bool {
	bare := map[*pg.ColumnRef]bool{}
	var add func(list ...*pg.Node)
	add = func(list ...*pg.Node) {
		for _, n := range list {
			switch v := n.GetNode().(type) {
			case *pg.Node_ColumnRef:
				bare[v.ColumnRef] = true
			case *pg.Node_GroupingSet:
				add(v.GroupingSet.Content...)
			case *pg.Node_RowExpr:
				// (a, b) in GROUPING SETS, ROLLUP or CUBE groups by a and b.
				add(v.RowExpr.Args...)
			}
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.ResTarget:
			add(v.Val)
		case *pg.SortBy:
			add(v.Node)
		case *pg.SelectStmt:
			add(v.GroupClause...)
			add(v.DistinctClause...)
		case *pg.WindowDef:
			add(v.PartitionClause...)
		case *pg.GroupingFunc:
			add(v.Args...)
		}
	})
	return bare
}

// floatWidth returns 4 for an expression that is real, 8 for double
// precision, and 0 when the expression does not show a float type.
func floatWidth(n *pg.Node) int {
	switch v := n.GetNode().(type) {
	case *pg.Node_TypeCast:
		if len(v.TypeCast.TypeName.GetArrayBounds()) > 0 {
			return 0
		}
		switch lastName(v.TypeCast.TypeName.GetNames()) {
		case "float4":
			return 4
		case "float8":
			return 8
		}
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		switch name := lastName(fc.Funcname); {
		case floatFunctions[name]:
			return 8
		case len(fc.Args) != 1 || fc.AggStar:
		case name == "max" || name == "min" || name == "abs":
			return floatWidth(fc.Args[0])
		case name == "sum" && floatWidth(fc.Args[0]) == 8:
			// sum(real) is real in PostgreSQL and double precision in
			// DuckDB, so it is left alone.
			return 8
		}
	case *pg.Node_AExpr:
		if e := v.AExpr; e.Kind == pg.A_Expr_Kind_AEXPR_OP && e.Lexpr == nil && lastName(e.Name) == "-" {
			return floatWidth(e.Rexpr)
		}
	case *pg.Node_CoalesceExpr:
		return commonFloatWidth(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return commonFloatWidth(v.MinMaxExpr.Args)
	}
	return 0
}

// commonFloatWidth returns 8 when PostgreSQL resolves the operands of
// coalesce, greatest or least to double precision: one is double
// precision and each other is a float, an integer, a numeric or NULL
// that the expression shows. It returns 0 otherwise.
func commonFloatWidth(args []*pg.Node) int {
	double := false
	for _, arg := range args {
		if floatWidth(arg) == 8 {
			double = true
			continue
		}
		switch pickedClass(arg) {
		case typeFloat, typeInteger, typeNumeric, typeNull:
		default:
			return 0
		}
	}
	if double {
		return 8
	}
	return 0
}

// floatText returns the text of a float expression as PostgreSQL writes
// it, with the session's extra_float_digits, where DuckDB would write
// 100.0 for 100 and inf for Infinity.
func floatText(arg *pg.Node, width int, loc int32) *pg.Node {
	name := "pgway_float8_text"
	if width == 4 {
		name = "pgway_float4_text"
	}
	return funcCall(name, loc, arg, extraFloatDigits(loc))
}

// extraFloatDigits is the session's extra_float_digits, which the fold
// fills in, or 1, PostgreSQL's default, where it is unset.
func extraFloatDigits(loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{Args: []*pg.Node{
		typeCast(pg.MakeAConstStrNode(settingMarker("extra_float_digits"), loc), "int4", loc),
		pg.MakeAConstIntNode(1, loc)}, Location: loc}}}
}

// textOperand writes a float operand of || or concat() as PostgreSQL's
// float output does, and a date or timestamp BC with PostgreSQL's BC. It
// leaves other operands alone.
func textOperand(n *pg.Node, loc int32) *pg.Node {
	if width := floatWidth(n); width != 0 {
		return floatText(n, width, loc)
	}
	if showsDateOrTimestamp(n) {
		// A date or timestamp BC is written as PostgreSQL writes it.
		text := typeCast(n, "text", loc)
		writeBCAsPostgreSQL(text, text.GetTypeCast(), "text")
		return text
	}
	return n
}

// rewriteFloatArithmetic gives +, - and * with a float operand and a
// float, integer or numeric one PostgreSQL's result type: real op real is
// real and the others double precision, where DuckDB keeps real for
// real * 2. The result is cast to its type, which marks it for
// guardFloatArithmetic.
func rewriteFloatArithmetic(n *pg.Node, e *pg.A_Expr, op string) bool {
	if e.Lexpr == nil || op != "+" && op != "-" && op != "*" {
		return false
	}
	left, right := floatWidth(e.Lexpr), floatWidth(e.Rexpr)
	if left == 0 && right == 0 || !numericOperand(e.Lexpr, left) || !numericOperand(e.Rexpr, right) {
		return false
	}
	typ, width := "float8", 8
	if left == 4 && right == 4 {
		typ, width = "float4", 4
	}
	if left != width {
		e.Lexpr = typeCast(e.Lexpr, typ, e.Location)
	}
	if right != width {
		e.Rexpr = typeCast(e.Rexpr, typ, e.Location)
	}
	n.Node = typeCast(&pg.Node{Node: n.Node}, typ, e.Location).Node
	return true
}

// floatOperation returns the +, - or * of a float expression that
// rewriteFloatArithmetic made, nil for another node.
func floatOperation(n *pg.Node) *pg.A_Expr {
	tc := n.GetTypeCast()
	if tc == nil || floatWidth(n) == 0 {
		return nil
	}
	e := tc.Arg.GetAExpr()
	if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil ||
		floatWidth(e.Lexpr) == 0 || floatWidth(e.Rexpr) == 0 {
		return nil
	}
	switch lastName(e.Name) {
	case "+", "-", "*":
		return e
	}
	return nil
}

// guardFloatArithmetic raises PostgreSQL's errors for float arithmetic
// that leaves the range of its type, where DuckDB returns Infinity or 0.
// PostgreSQL checks each operation: a result is out of range when it is
// infinite and no operand is, or when a product is zero and neither
// factor is. An infinite intermediate result makes the whole expression
// infinite or NaN, so checking the outermost operation of each float
// expression against its operands at the leaves finds every overflow,
// with one CASE per expression instead of one per operation:
//
//	CASE WHEN NOT isfinite(r) AND isfinite(x) AND isfinite(y) THEN error(overflow) ELSE r END
//
// NOTE: an overflow in an expression that also has an infinite or NaN
// operand returns that operand's result, and an underflow is found only
// in the outermost product.
func guardFloatArithmetic(stmt *pg.Node) {
	inner := map[*pg.Node]bool{}
	walkNode(stmt, func(n *pg.Node) error {
		if e := floatOperation(n); e != nil {
			inner[e.Lexpr], inner[e.Rexpr] = true, true
		}
		return nil
	})
	// A rewrite that writes an operand more than once, as round() does,
	// shares its node, so the walk reaches a guarded operation again,
	// under the CASE that guards it. guarded keeps it from being wrapped
	// again and again.
	guarded := map[*pg.Node]bool{}
	walkNode(stmt, func(n *pg.Node) error {
		e := floatOperation(n)
		if e == nil || inner[n] || guarded[n] {
			return nil
		}
		result := &pg.Node{Node: n.Node}
		guarded[result] = true
		var finite []*pg.Node
		for _, leaf := range floatLeaves(result) {
			finite = append(finite, funcCall("isfinite", e.Location, leaf))
		}
		loc := e.Location
		overflow := boolExpr(pg.BoolExprType_AND_EXPR,
			append([]*pg.Node{pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{funcCall("isfinite", loc, result)}, loc)}, finite...), loc)
		pairs := []*pg.Node{overflow, rangeError("overflow", loc)}
		if lastName(e.Name) == "*" {
			underflow := boolExpr(pg.BoolExprType_AND_EXPR, []*pg.Node{
				compare(result, "=", 0, loc), compare(e.Lexpr, "<>", 0, loc), compare(e.Rexpr, "<>", 0, loc)}, loc)
			pairs = append(pairs, underflow, rangeError("underflow", loc))
		}
		n.Node = searchedCase(loc, result, pairs...).Node
		return nil
	})
}

// floatLeaves returns the float operands at the leaves of a float
// expression. Integer and numeric operands are always finite.
func floatLeaves(n *pg.Node) []*pg.Node {
	e := floatOperation(n)
	if e == nil {
		if class := staticType(n.GetTypeCast().GetArg()); class == typeInteger || class == typeNumeric {
			return nil // an integer or numeric operand cast to float
		}
		return []*pg.Node{n}
	}
	return append(floatLeaves(e.Lexpr), floatLeaves(e.Rexpr)...)
}

func rangeError(kind string, loc int32) *pg.Node {
	return funcCall("error", loc, pg.MakeAConstStrNode("value out of range: "+kind+" (SQLSTATE 22003)", loc))
}

// numericOperand reports whether an operand of float arithmetic is a
// float (width > 0), or an integer or numeric that PostgreSQL casts to
// double precision.
func numericOperand(n *pg.Node, width int) bool {
	if width > 0 {
		return true
	}
	class := staticType(n)
	return class == typeInteger || class == typeNumeric
}

// sumOfIntegers casts sum() of a smallint or integer to bigint, its type
// in PostgreSQL, where DuckDB sums into a HUGEINT.
func sumOfIntegers(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 1 || fc.AggStar {
		return false
	}
	switch sumArgumentType(fc.Args[0]) {
	case "int2", "int4":
		n.Node = typeCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, "int8", fc.Location).Node
		return true
	}
	return false
}

// textToInteger checks text cast to an integer type as PostgreSQL reads
// it, where DuckDB would round '1.5' to 2 or read '1e3' as 1000. A string
// constant is checked when the statement is translated
// (checkIntegerInput), text values when they are read.
func textToInteger(tc *pg.TypeCast, name string) {
	if staticType(tc.Arg) != typeText {
		return
	}
	tc.Arg = funcCall("pgway_text_"+name, tc.Location, tc.Arg)
}

// exactType returns the type of an expression where it shows it exactly,
// in the names of castTypeNames, or "".
func exactType(n *pg.Node) string {
	switch v := n.GetNode().(type) {
	case *pg.Node_TypeCast:
		if len(v.TypeCast.TypeName.GetArrayBounds()) == 0 {
			return castTypeNames[lastName(v.TypeCast.TypeName.GetNames())]
		}
	case *pg.Node_AConst:
		switch {
		case v.AConst.GetIval() != nil:
			return "int4"
		case v.AConst.GetFval() != nil:
			return "numeric"
		}
	case *pg.Node_AExpr:
		if t := integerArithmeticType(v.AExpr); t != "" {
			return t
		}
	case *pg.Node_CaseExpr:
		return caseIntegerType(caseResults(v.CaseExpr))
	}
	return exactFormType(n)
}

// caseIntegerType returns the type of a CASE whose results are integers
// or NULL: the widest integer type among them, as PostgreSQL resolves
// it, as in sum(CASE WHEN x THEN 1 ELSE 0 END). It returns "" otherwise.
func caseIntegerType(results []*pg.Node) string {
	widest := ""
	for _, result := range results {
		if result == nil || result.GetAConst().GetIsnull() {
			continue
		}
		t := exactType(result)
		if integerWidths[t] == 0 {
			return ""
		}
		if integerWidths[t] > integerWidths[widest] {
			widest = t
		}
	}
	return widest
}

// integerWidths orders the integer types.
var integerWidths = map[string]int{"int2": 2, "int4": 4, "int8": 8}

// integerArithmeticType returns the type of +, -, * or % on two
// integers: the wider operand's, as in PostgreSQL.
func integerArithmeticType(e *pg.A_Expr) string {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || !strings.Contains("+-*%", lastName(e.Name)) {
		return ""
	}
	left, right := exactType(e.Lexpr), exactType(e.Rexpr)
	if integerWidths[left] == 0 || integerWidths[right] == 0 {
		return ""
	}
	if integerWidths[left] > integerWidths[right] {
		return left
	}
	return right
}

// widenIntegerConstant casts an integer constant operand of arithmetic
// with a smallint to integer, its type in PostgreSQL, so that smallint +
// 1 is an integer as in PostgreSQL. DuckDB would give the constant the
// smallint's type, and raise an overflow at 32767 + 1.
func widenIntegerConstant(e *pg.A_Expr) {
	if e.Lexpr == nil {
		return
	}
	if exactType(e.Lexpr) == "int2" && e.Rexpr.GetAConst().GetIval() != nil {
		e.Rexpr = typeCast(e.Rexpr, "int4", e.Location)
	}
	if exactType(e.Rexpr) == "int2" && e.Lexpr.GetAConst().GetIval() != nil {
		e.Lexpr = typeCast(e.Lexpr, "int4", e.Location)
	}
}

// typeAssignedStrings casts the string constants that INSERT ... VALUES
// and UPDATE ... SET assign to a column of a known type to that type, so
// that they are read as PostgreSQL reads them. '\x0102' into a bytea
// column is then two bytes; DuckDB's conversion of the string keeps the
// characters 0 and 2. '2.5' into an integer column fails with 22P02,
// where DuckDB rounds it.
func typeAssignedStrings(stmt *pg.Node, r *Relations) {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		target := v.InsertStmt.Relation
		rel := r.lookup(target.GetSchemaname(), target.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		for _, row := range v.InsertStmt.SelectStmt.GetSelectStmt().GetValuesLists() {
			for i := range row.GetList().GetItems() {
				var name string
				switch {
				case len(v.InsertStmt.Cols) > 0 && i < len(v.InsertStmt.Cols):
					name = v.InsertStmt.Cols[i].GetResTarget().GetName()
				case len(v.InsertStmt.Cols) == 0 && i < len(rel.columns):
					name = rel.columns[i].name
				}
				castAssigned(row.GetList().Items, i, rel, name)
			}
		}
	case *pg.Node_UpdateStmt:
		target := v.UpdateStmt.Relation
		rel := r.lookup(target.GetSchemaname(), target.GetRelname())
		if rel == nil || rel.opaque {
			return
		}
		for _, t := range v.UpdateStmt.TargetList {
			if rt := t.GetResTarget(); rt != nil && len(rt.Indirection) == 0 {
				values := []*pg.Node{rt.Val}
				castAssigned(values, 0, rel, rt.Name)
				rt.Val = values[0]
			}
		}
	}
}

// castAssigned casts values[i], if it is a string constant, to the type
// of rel's column name, when the type is one whose input DuckDB reads
// differently, arrays among them.
func castAssigned(values []*pg.Node, i int, rel *relationType, name string) {
	c := values[i].GetAConst()
	if c == nil || c.GetSval() == nil || name == "" {
		return
	}
	typ, element := "", ""
	for _, column := range rel.columns {
		if column.name == strings.ToLower(name) {
			typ, element = column.typ, column.element
		}
	}
	precision, scale, isNumeric := numericTypmods(typ)
	switch {
	case element != "" && element != "bytea" && !strings.HasPrefix(element, "numeric"):
		// '{1,2}' into an int[] column: DuckDB reads only its own list
		// syntax from a string, rewriteArrayLiteralCast PostgreSQL's.
		cast := typeCast(values[i], element, c.Location)
		cast.GetTypeCast().TypeName.ArrayBounds = []*pg.Node{pg.MakeIntNode(-1)}
		values[i] = cast
	case isNumeric:
		cast := typeCast(values[i], "numeric", c.Location)
		cast.GetTypeCast().TypeName.Typmods = []*pg.Node{
			pg.MakeAConstIntNode(precision, c.Location), pg.MakeAConstIntNode(scale, c.Location)}
		values[i] = cast
	case typ == "bytea" || typ != "text" && castableColumnTypes[typ]:
		values[i] = typeCast(values[i], typ, c.Location)
	}
}
