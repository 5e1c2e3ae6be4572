package translate

import (
	"math/big"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB divides DECIMAL values in double precision, where PostgreSQL
// divides numerics exactly, with a scale that depends on the values. The
// DuckDB provider registers functions that divide as PostgreSQL does,
// chosen by the operands' types (providers/duckdb/numeric_udf.go):
//
//	a / b   pgway_div(a, b, typeof(a), typeof(b))
//	avg(x)  pgway_avg(sum(x), count(x), typeof(sum(x)))
//
// with the same DISTINCT, FILTER and OVER on sum and count. Their
// numeric quotients are DECIMAL(38,20) values for use inside other
// expressions. A result column of the outermost SELECT, and an operand
// of another division, take the _result form instead, which keeps
// PostgreSQL's scale and text. So that a / b * 100 keeps it too, +, -, *
// and % with a quotient operand become pgway_add, pgway_sub, pgway_mul
// and pgway_mod, which have the same two forms. Coalesce, CASE, greatest,
// least, nullif and abs of a quotient count as quotients too
// (duckdb_numeric_pick.go), and so does a scalar subquery of one.

const (
	divFunction    = "pgway_div"
	avgFunction    = "pgway_avg"
	resultSuffix   = "_result"
	typeofFunction = "typeof"
)

// quotientFunctions are the functions whose numeric results have a scale
// of their own, by their names in the nested form.
var quotientFunctions = map[string]bool{
	divFunction: true, avgFunction: true, "pgway_add": true, "pgway_sub": true, "pgway_mul": true,
	"pgway_mod": true, "pgway_round": true, "pgway_trunc": true, sumFunction: true, pickFunction: true,
	"pgway_sqrt": true, "pgway_exp": true, "pgway_ln": true, "pgway_log10": true, "pgway_log": true,
	"pgway_power": true, numericCastFunction: true, varianceFunction: true,
	toNumberFunction: true,
}

// arithmeticFunctions name the functions for +, -, * and % with a
// quotient operand.
var arithmeticFunctions = map[string]string{"+": "pgway_add", "-": "pgway_sub", "*": "pgway_mul", "%": "pgway_mod"}

// rewriteQuotientArithmetic turns +, -, * and % whose operand is a
// quotient into pgway_add, pgway_sub, pgway_mul and pgway_mod, a
// quotient's negation into pgway_mul(-1, quotient), and ^ of a numeric
// into pgway_power, and reports whether it did.
func rewriteQuotientArithmetic(n *pg.Node, e *pg.A_Expr, op string) bool {
	if op == "^" {
		return rewriteNumericPower(n, e)
	}
	fn, ok := arithmeticFunctions[op]
	if !ok {
		return false
	}
	left, right := e.Lexpr, e.Rexpr
	if left == nil {
		if op != "-" {
			return false
		}
		left = pg.MakeAConstIntNode(-1, e.Location)
		fn = "pgway_mul"
	}
	if !isQuotient(left) && !isQuotient(right) || isUntyped(left) || isUntyped(right) || timeArithmetic(op, left, right) {
		return false
	}
	left, right = wideDecimalOperand(left, e.Location), wideDecimalOperand(right, e.Location)
	n.Node = funcCall(fn, e.Location, left, right,
		operandType(left, e.Location), operandType(right, e.Location)).Node
	return true
}

// isQuotient reports whether n is a call of a quotient function, or a
// scalar subquery of one.
func isQuotient(n *pg.Node) bool {
	if sl := n.GetSubLink(); sl != nil {
		return scalarQuotient(sl) != nil
	}
	fc := n.GetFuncCall()
	return fc != nil && len(fc.Funcname) == 1 && quotientFunctions[lastName(fc.Funcname)]
}

// rewriteDivision turns a / b into pgway_div. Its operands are already
// rewritten; an operand that is itself a quotient takes the _result
// form, whose scale the quotient's scale depends on.
func rewriteDivision(n *pg.Node, e *pg.A_Expr) {
	if isIntegerConstant(e.Lexpr) && isIntegerConstant(e.Rexpr) {
		// DuckDB's / with integer_division and its division by zero
		// error are PostgreSQL's here.
		return
	}
	if isUntyped(e.Lexpr) || isUntyped(e.Rexpr) {
		// DuckDB gives a parameter or a string constant the type of the
		// other operand of its own /, as PostgreSQL does, but finds no
		// single overload of a function for it.
		// NOTE: so $1 / x divides a numeric x in double precision.
		return
	}
	left, right := typedConstant(e.Lexpr), typedConstant(e.Rexpr)
	left, right = wideDecimalOperand(left, e.Location), wideDecimalOperand(right, e.Location)
	n.Node = funcCall(divFunction, e.Location, left, right,
		operandType(left, e.Location), operandType(right, e.Location)).Node
}

// isUntyped reports whether n is a parameter or a string constant, whose
// type PostgreSQL takes from the other operand.
func isUntyped(n *pg.Node) bool {
	return n.GetParamRef() != nil || n.GetAConst().GetSval() != nil
}

// typedConstant casts an integer constant to int4, the type PostgreSQL
// gives it (the parser makes a larger one a numeric constant, which
// DuckDB reads as BIGINT or DECIMAL). DuckDB would take a small constant
// for a smallint, and divide a smallint by it as smallints.
func typedConstant(n *pg.Node) *pg.Node {
	if !isIntegerConstant(n) {
		return n
	}
	return typeCast(n, "int4", -1)
}

// operandType returns typeof(operand) for pgway_div. An operand that is
// itself a quotient takes the _result form, whose value carries its
// scale, and its type is not needed: ” saves evaluating it twice.
func operandType(operand *pg.Node, loc int32) *pg.Node {
	if resultForm(operand) {
		return pg.MakeAConstStrNode("", loc)
	}
	return funcCall(typeofFunction, loc, proto.Clone(operand).(*pg.Node))
}

// isIntegerConstant reports whether n is an integer constant, negated or
// not.
func isIntegerConstant(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil && e.Lexpr == nil && lastName(e.Name) == "-" {
		n = e.Rexpr
	}
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil
}

// rewriteAverage turns avg(x) into pgway_avg(sum(x), count(x),
// typeof(sum(x))), which divides as PostgreSQL's avg does: exactly, as a
// numeric, for integers and numerics.
func rewriteAverage(n *pg.Node, fc *pg.FuncCall) {
	if rewriteQuotientSum(n, fc, isQuotient) {
		return
	}
	sum := proto.Clone(fc).(*pg.FuncCall)
	sum.Funcname = stringNodes("sum")
	count := proto.Clone(fc).(*pg.FuncCall)
	count.Funcname = stringNodes("count")
	sumNode := wideAverageSum(fc, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: sum}})
	n.Node = funcCall(avgFunction, fc.Location, sumNode,
		&pg.Node{Node: &pg.Node_FuncCall{FuncCall: count}},
		funcCall(typeofFunction, fc.Location, proto.Clone(sumNode).(*pg.Node))).Node
}

// isAverage reports whether fc is avg of one argument.
func isAverage(name string, fc *pg.FuncCall) bool {
	return name == "avg" && len(fc.Args) == 1 && !fc.AggStar
}

// resultForm renames a quotient function at the root of n to its
// _result form and reports whether it did.
func resultForm(n *pg.Node) bool {
	if !isQuotient(n) {
		return false
	}
	if sl := n.GetSubLink(); sl != nil {
		return resultForm(scalarQuotient(sl).Val)
	}
	fc := n.GetFuncCall()
	if isPick(n) && isWindowDefault(fc.Args[0]) {
		// The call itself passes on the text of each row's value.
		n.Node = funcCall(numericResultFunction, fc.Location, windowTexts(fc.Args[0])).Node
		return true
	}
	if isPick(n) {
		pickResult(fc)
	}
	fc.Funcname = stringNodes(lastName(fc.Funcname) + resultSuffix)
	return true
}

// resultColumns gives the quotients that are result columns of the
// outermost SELECT their _result form, and those of the derived tables
// and WITH queries whose columns it passes on unchanged. A query that
// groups by a quotient keeps the DECIMAL form, since a GROUP BY
// expression and its column must be of the same type. The rows of UNION
// ALL and VALUES keep it too unless promoteRows can give all of them the
// form.
//
// types are the types of the column references that columnTypes
// resolved. They tell the scale of a typed column's rows in the
// outermost UNION ALL.
func resultColumns(stmt *pg.Node, types map[*pg.ColumnRef]string) {
	if sel := stmt.GetSelectStmt(); sel != nil {
		promoteResults(sel, func(int, string, bool) bool { return true }, types)
		promoteConstantColumns(sel, types)
	}
}

// columnAllowed reports whether a query's result column, at position
// (-1 when it is not known) and with name, may take the _result form. With
// unchanged, the column's readers must pass on its values as they are
// (passedOnUnchanged), since converting them back would change them.
type columnAllowed func(position int, name string, unchanged bool) bool

// promoteResults gives the quotients among sel's result columns that
// allowed accepts their _result form, then does the same in the derived
// tables and WITH queries that sel reads. types, nil there, are the
// column types of the outermost query's rows (rowScale).
func promoteResults(sel *pg.SelectStmt, allowed columnAllowed, types map[*pg.ColumnRef]string) {
	if sel == nil {
		return
	}
	if isSetOperation(sel) || len(sel.ValuesLists) > 0 {
		promoteRows(sel, allowed, types)
		return
	}
	expandGroupedPositions(sel)
	if groupsByQuotient(sel) {
		promoteGroupedQuotients(sel, allowed)
		return
	}
	columnArithmetic(sel)
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		// allowed may rewrite sel's readers to take the _result form, so
		// it is asked only about columns that can take it.
		if isQuotient(rt.Val) && allowed(i, rt.Name, false) {
			resultForm(rt.Val)
		} else if isNumericArrayMark(rt.Val) && allowed(i, rt.Name, true) {
			promoteNumericArray(rt.Val)
		} else if innerPromotable(rt.Val) && allowed(i, rt.Name, false) {
			promoteInner(rt.Val)
		}
	}
	for _, from := range sel.FromClause {
		promoteFrom(sel, from, allowed)
	}
}

// isSetOperation reports whether sel combines queries, such as with
// UNION. A SELECT that pgway builds leaves Op unset.
func isSetOperation(sel *pg.SelectStmt) bool {
	return sel.Op != pg.SetOperation_SETOP_NONE && sel.Op != pg.SetOperation_SET_OPERATION_UNDEFINED
}

// groupsByQuotient reports whether sel groups by a quotient or is
// DISTINCT on one. The expression and its result column must then be of
// the same DuckDB type.
func groupsByQuotient(sel *pg.SelectStmt) bool {
	for _, g := range append(append([]*pg.Node(nil), sel.GroupClause...), sel.DistinctClause...) {
		if g != nil && containsQuotient(g) {
			return true
		}
	}
	return false
}

// promoteFrom goes into a derived table, a WITH query read once, or the
// sides of a join in sel's FROM. Their quotient columns take the _result
// form where sel passes them on unchanged (passedOn).
func promoteFrom(sel *pg.SelectStmt, from *pg.Node, allowed columnAllowed) {
	switch v := from.Node.(type) {
	case *pg.Node_JoinExpr:
		promoteFrom(sel, v.JoinExpr.Larg, allowed)
		promoteFrom(sel, v.JoinExpr.Rarg, allowed)
	case *pg.Node_RangeSubselect:
		if v.RangeSubselect.Lateral || v.RangeSubselect.Alias == nil {
			return
		}
		alias := v.RangeSubselect.Alias
		promoteRead(sel, v.RangeSubselect.Subquery.GetSelectStmt(), alias.Aliasname, alias.Colnames, allowed)
	case *pg.Node_RangeVar:
		rv := v.RangeVar
		cte := withQuery(sel, rv)
		if cte == nil {
			return
		}
		alias := rv.Relname
		if rv.Alias != nil {
			alias = rv.Alias.Aliasname
		}
		promoteRead(sel, cte.Ctequery.GetSelectStmt(), alias, cte.Aliascolnames, allowed)
	}
}

// promoteRead promotes the result columns of query, which sel reads as
// alias with the column names in colnames, when sel passes them on.
func promoteRead(sel, query *pg.SelectStmt, alias string, colnames []*pg.Node, allowed columnAllowed) {
	if query == nil {
		return
	}
	if len(colnames) > 0 {
		for _, t := range query.TargetList {
			if ref := t.GetResTarget().GetVal().GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
				// The names in colnames belong to columns that * hides.
				return
			}
		}
	}
	promoteResults(query, func(position int, name string, unchanged bool) bool {
		if len(colnames) > 0 {
			if position < 0 {
				return false
			}
			if position < len(colnames) {
				name = colnames[position].GetString_().GetSval()
			}
		}
		if unchanged {
			return passedOnUnchanged(sel, alias, name, allowed)
		}
		return passedOn(sel, alias, name, allowed)
	}, nil)
}

// withQuery returns the WITH query of sel that rv reads, when sel reads
// it nowhere else and it is not recursive.
func withQuery(sel *pg.SelectStmt, rv *pg.RangeVar) *pg.CommonTableExpr {
	if rv.Schemaname != "" || sel.WithClause == nil || sel.WithClause.Recursive {
		return nil
	}
	var found *pg.CommonTableExpr
	for _, c := range sel.WithClause.Ctes {
		if cte := c.GetCommonTableExpr(); cte != nil && cte.Ctename == rv.Relname {
			found = cte
		}
	}
	if found == nil {
		return nil
	}
	reads := 0
	inspect(sel.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if r, ok := msg.(*pg.RangeVar); ok && r.Schemaname == "" && r.Relname == rv.Relname {
			reads++
		}
	})
	if reads != 1 {
		return nil
	}
	return found
}

// passedOn reports whether sel passes on column of the relation alias
// unchanged: as a result column of the same value, whose name allowed
// accepts, as a sort key, or as an operand of a quotient function. Other
// uses in sel's own expressions get pgway_nested(column), the nested form
// of the value. A use in GROUP BY, DISTINCT ON or a nested query, or by a
// reference pgway cannot tell apart from the column, keeps the column in
// the DECIMAL form.
func passedOn(sel *pg.SelectStmt, alias, column string, allowed columnAllowed) bool {
	if joinsOn(sel.FromClause, column) {
		return false
	}
	bare := map[*pg.ColumnRef]bool{}
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		ref := rt.Val.GetColumnRef()
		if ref == nil {
			continue
		}
		if star := ref.Fields[len(ref.Fields)-1].GetAStar() != nil; star {
			if (len(ref.Fields) == 1 || fieldName(ref.Fields, 2) == alias) && !allowed(-1, column, false) {
				return false
			}
			continue
		}
		// A column reference without AS keeps the column's name.
		name := rt.Name
		if name == "" {
			name = column
		}
		if refersTo(ref, alias, column) && allowed(i, name, false) {
			bare[ref] = true
		}
	}
	for _, sb := range sel.SortClause {
		if ref := sb.GetSortBy().GetNode().GetColumnRef(); ref != nil {
			bare[ref] = true
		}
	}
	// An operand of a quotient function, and its copy in typeof(), take
	// the _result form too.
	inspectScope(sel, func(msg protoreflect.ProtoMessage) {
		fc, isCall := msg.(*pg.FuncCall)
		if !isCall {
			return
		}
		if name := lastName(fc.Funcname); len(fc.Args) >= 2 && isQuotientName(name) || name == scaleFunction {
			for _, arg := range fc.Args {
				if t := arg.GetFuncCall(); t != nil && lastName(t.Funcname) == typeofFunction && len(t.Args) == 1 {
					arg = t.Args[0]
				}
				if ref := arg.GetColumnRef(); ref != nil {
					bare[ref] = true
				}
			}
		}
	})
	own, written := ownReferences(sel)
	var nested []*pg.Node
	ok := true
	inspectScope(sel, func(msg protoreflect.ProtoMessage) {
		ref, isRef := msg.(*pg.ColumnRef)
		if !isRef || !ok || bare[ref] || !refersTo(ref, alias, column) {
			return
		}
		n, found := own[ref]
		ok = found
		nested = append(nested, n)
	})
	if !ok {
		return false
	}
	for _, t := range sel.TargetList {
		// A result column keeps the column's name when its reference
		// takes pgway_nested.
		if rt := t.GetResTarget(); rt != nil && rt.Name == "" && rt.Val.GetColumnRef() != nil && slices.Contains(nested, rt.Val) {
			rt.Name = column
		}
	}
	for _, n := range nested {
		convert := nestedFunction
		if written[n.GetColumnRef()] {
			// Its text, with the scale that pgway_nested drops.
			convert = numericOutFunction
		}
		n.Node = funcCall(convert, exprLocation(n), &pg.Node{Node: n.Node}).Node
	}
	return true
}

// inspectScope calls fn for every message of sel where a column
// reference may name a column of the relations in sel's FROM: in sel's
// clauses, with the queries nested in them, and in LATERAL derived
// tables. The other derived tables and the WITH queries have names of
// their own.
func inspectScope(sel *pg.SelectStmt, fn func(msg protoreflect.ProtoMessage)) {
	clauses := [][]*pg.Node{sel.TargetList, sel.DistinctClause, sel.GroupClause, sel.WindowClause, sel.SortClause,
		sel.ValuesLists, {sel.WhereClause, sel.HavingClause, sel.LimitCount, sel.LimitOffset}}
	for _, clause := range clauses {
		for _, n := range clause {
			if n != nil {
				inspect(n.ProtoReflect(), fn)
			}
		}
	}
	var from func(n *pg.Node)
	from = func(n *pg.Node) {
		switch v := n.Node.(type) {
		case *pg.Node_JoinExpr:
			from(v.JoinExpr.Larg)
			from(v.JoinExpr.Rarg)
			if v.JoinExpr.Quals != nil {
				inspect(v.JoinExpr.Quals.ProtoReflect(), fn)
			}
		case *pg.Node_RangeSubselect:
			if v.RangeSubselect.Lateral {
				inspect(n.ProtoReflect(), fn)
			}
		default:
			inspect(n.ProtoReflect(), fn)
		}
	}
	for _, n := range sel.FromClause {
		from(n)
	}
}

// joinsOn reports whether a join in from compares column by name, with
// USING or NATURAL, where no reference shows it.
func joinsOn(from []*pg.Node, column string) bool {
	for _, n := range from {
		j := n.GetJoinExpr()
		if j == nil {
			continue
		}
		if j.IsNatural || joinsOn([]*pg.Node{j.Larg, j.Rarg}, column) {
			return true
		}
		for _, name := range j.UsingClause {
			if name.GetString_().GetSval() == column {
				return true
			}
		}
	}
	return false
}

// refersTo reports whether ref may name column of the relation alias.
func refersTo(ref *pg.ColumnRef, alias, column string) bool {
	if fieldName(ref.Fields, 1) != column || ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
		return false
	}
	return len(ref.Fields) == 1 || fieldName(ref.Fields, 2) == alias
}

// nestedFunction turns a value in the _result form into the nested form.
const nestedFunction = "pgway_nested"

// ownReferences returns the column references in sel's own expressions,
// outside GROUP BY, DISTINCT ON and nested queries, with the nodes that
// hold them, and the references that a cast to a string type writes.
func ownReferences(sel *pg.SelectStmt) (own map[*pg.ColumnRef]*pg.Node, written map[*pg.ColumnRef]bool) {
	own, written = map[*pg.ColumnRef]*pg.Node{}, map[*pg.ColumnRef]bool{}
	clauses := [][]*pg.Node{sel.TargetList, sel.FromClause, sel.SortClause, sel.WindowClause, {sel.WhereClause, sel.HavingClause}}
	for _, clause := range clauses {
		for _, n := range clause {
			if n == nil {
				continue
			}
			walkOwnExpressions(n.ProtoReflect(), func(n *pg.Node) {
				if ref := n.GetColumnRef(); ref != nil {
					own[ref] = n
				}
				if tc := n.GetTypeCast(); tc != nil && isStringType(lastName(tc.TypeName.GetNames())) {
					if ref := tc.Arg.GetColumnRef(); ref != nil {
						written[ref] = true
					}
				}
			})
		}
	}
	return own, written
}

// fieldName returns the string of the n-th field of a column reference
// from its end, or "".
func fieldName(fields []*pg.Node, n int) string {
	if len(fields) < n {
		return ""
	}
	return fields[len(fields)-n].GetString_().GetSval()
}

// containsQuotient reports whether n calls a quotient function.
func containsQuotient(n *pg.Node) bool {
	found := false
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if fc, ok := msg.(*pg.FuncCall); ok {
			found = found || quotientFunctions[lastName(fc.Funcname)]
		}
	})
	return found
}

// rewriteExtract makes extract return PostgreSQL's numeric: seconds
// since the epoch with 6 fractional digits (none for a date), seconds and
// milliseconds with the microseconds as fractional digits, and every
// other field as a numeric integer. DuckDB returns BIGINT, and truncates
// seconds and milliseconds to whole units.
func rewriteExtract(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Args[0].GetAConst().GetSval() == nil {
		return
	}
	field := strings.ToLower(fc.Args[0].GetAConst().GetSval().Sval)
	loc, source := fc.Location, fc.Args[1]
	microseconds := func() *pg.Node {
		part := funcCall("date_part", loc, pg.MakeAConstStrNode("microseconds", loc), source)
		return decimalCast(part, extractPrecision, 0, loc)
	}
	switch field {
	case "epoch":
		n.Node = funcCall("pgway_epoch", loc, source).Node
	case "second", "seconds":
		n.Node = binaryOp("*", microseconds(), floatConst("0.000001", loc), loc).Node
	case "millisecond", "milliseconds":
		n.Node = binaryOp("*", microseconds(), floatConst("0.001", loc), loc).Node
	case "microsecond", "microseconds":
		n.Node = microseconds().Node
	case "julian":
	default:
		n.Node = decimalCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, extractPrecision, 0, loc).Node
	}
}

// decimalCast casts arg to DECIMAL(precision, scale).
func decimalCast(arg *pg.Node, precision, scale int32, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg: arg,
		TypeName: &pg.TypeName{Names: stringNodes("pg_catalog", "numeric"), Typemod: -1, Location: loc,
			Typmods: []*pg.Node{pg.MakeAConstIntNode(int64(precision), loc), pg.MakeAConstIntNode(int64(scale), loc)}},
		Location: loc,
	}}}
}

// isQuotientName reports whether name is a quotient function, in either
// form.
func isQuotientName(name string) bool {
	return quotientFunctions[strings.TrimSuffix(name, resultSuffix)]
}

// quotientText makes a cast of a quotient to a string type cast its
// text, as PostgreSQL's numeric_out writes it with the quotient's scale,
// instead of its DECIMAL(38,20) value.
func quotientText(tc *pg.TypeCast, typeName string) {
	if isStringType(typeName) && resultForm(tc.Arg) {
		tc.Arg = funcCall(numericOutFunction, tc.Location, tc.Arg)
	}
}

// numericOutFunction writes a quotient in its _result form, or an
// integer, as numeric_out does.
const numericOutFunction = "pgway_numeric_out"

// isStringType reports whether a cast to typeName writes a number's text.
func isStringType(typeName string) bool {
	return typeName == "text" || typeName == "varchar" || typeName == "bpchar"
}

// DuckDBQuotientTextField is the STRUCT field of a quotient's _result
// form that contains its text, which the DuckDB provider fills.
const DuckDBQuotientTextField = "pgway_numeric_text"

// DuckDBQuotientKeyField is the STRUCT field of the _result form that
// contains the order key, equal for equal values of any scale.
const DuckDBQuotientKeyField = "pgway_numeric_key"

// rewriteDatePart makes date_part return PostgreSQL's double precision:
// extract's numeric as a double. DuckDB returns BIGINT, without the
// fraction of a second.
func rewriteDatePart(n *pg.Node, fc *pg.FuncCall) {
	before := n.Node
	rewriteExtract(n, fc)
	if epoch := n.GetFuncCall(); epoch != nil && lastName(epoch.Funcname) == "pgway_epoch" {
		// PostgreSQL computes an interval's epoch for date_part in
		// double precision, not as extract's numeric.
		epoch.Funcname = stringNodes("pgway_epoch_float8")
	}
	// date_part() is double precision whatever the unit, while DuckDB's
	// type depends on the unit, which a parameter gives only at Bind.
	if n.Node != before || len(fc.Args) == 2 && fc.Args[0].GetAConst() == nil {
		n.Node = typeCast(&pg.Node{Node: n.Node}, "float8", fc.Location).Node
	}
}

// rewriteExponentLiteral turns a numeric constant written with an
// exponent, such as 1.5e3, into a DECIMAL of the value and scale that
// PostgreSQL gives it (1500, scale 0), since DuckDB reads it as a DOUBLE.
// A value of more than 38 digits stays a DOUBLE.
func rewriteExponentLiteral(n *pg.Node, c *pg.A_Const) {
	f := c.GetFval()
	if f == nil || !strings.ContainsAny(f.Fval, "eE") {
		return
	}
	text, precision, scale, ok := exponentDecimal(f.Fval)
	if !ok || precision > 38 {
		return
	}
	n.Node = decimalCast(pg.MakeAConstStrNode(text, c.Location), int32(precision), int32(scale), c.Location).Node
}

// exponentDecimal writes a constant such as 2.5e-3 without its exponent,
// with the scale PostgreSQL's numeric input gives it: the digits after
// the point less the exponent, and at least 0.
func exponentDecimal(s string) (text string, precision, scale int, ok bool) {
	i := strings.IndexAny(s, "eE")
	mantissa, exponent := s[:i], s[i+1:]
	exp, err := strconv.Atoi(exponent)
	if err != nil || exp > 1000 || exp < -1000 {
		return "", 0, 0, false
	}
	sign := ""
	if rest, negative := strings.CutPrefix(mantissa, "-"); negative {
		// The parser folds a minus into the constant, as in -1e-3.
		sign, mantissa = "-", rest
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	digits, ok := new(big.Int).SetString(whole+frac, 10)
	if !ok || digits.Sign() < 0 {
		return "", 0, 0, false
	}
	scale = len(frac) - exp
	if scale < 0 {
		digits.Mul(digits, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-scale)), nil))
		scale = 0
	}
	text = digits.String()
	if len(text) <= scale {
		text = strings.Repeat("0", scale-len(text)+1) + text
	}
	if scale > 0 {
		text = text[:len(text)-scale] + "." + text[len(text)-scale:]
	}
	text = sign + text
	return text, max(len(strings.TrimLeft(digits.String(), "0")), scale+1), scale, true
}
