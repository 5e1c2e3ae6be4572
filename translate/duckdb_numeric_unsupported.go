package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// nestedDecimal is DuckDB's name of the type of a quotient's nested form
// of a numeric, whose 20 fractional digits are not PostgreSQL's scale.
const nestedDecimal = "DECIMAL(38,20)"

// guardQuotientPlaces makes the places where a numeric quotient would
// keep its nested DECIMAL(38,20) value, with another scale or value than
// PostgreSQL's numeric, raise 0A000 when the statement runs:
//
//   - a result column of a recursive WITH query's recursive term, which
//     DuckDB casts to the type of the non-recursive term's column, so
//     that 1.0 there rounds every quotient to DECIMAL(2,1);
//   - a result column of the outermost UNION ALL that promoteResults
//     left in the nested form, since a row's type is not known;
//   - a result column of UNION, INTERSECT or EXCEPT without ALL, and the
//     argument of sum or avg with DISTINCT, which keep the nested value,
//     since the _result form would keep equal values of different scales
//     apart;
//   - an element of an ARRAY[...] result column that promoteResults left
//     in the nested form, and the derived table columns that JOIN USING
//     or NATURAL JOIN compares;
//   - an operand of +, -, * or % that is an element of an array of
//     quotients;
//   - an operand of +, -, * or % inside a subquery that names a nested
//     quotient column of a derived table. columnArithmetic does not
//     rewrite such an outer reference.
//
// A quotient of integers or floats keeps its type, so the guard tests
// the type and raises only for the nested numeric. It runs after
// resultColumns, which decides which quotients take the _result form.
func guardQuotientPlaces(stmt *pg.Node) {
	guardedSetOperations := map[*pg.SelectStmt]bool{}
	if sel := stmt.GetSelectStmt(); sel != nil && isSetOperation(sel) && sel.All {
		guardSetOperationTree(sel, true, guardedSetOperations)
	}
	if sel := stmt.GetSelectStmt(); sel != nil && !isSetOperation(sel) {
		for _, t := range sel.TargetList {
			if array := t.GetResTarget().GetVal().GetAArrayExpr(); array != nil {
				for _, e := range array.Elements {
					guardNestedDecimal(e, arrayElementConstruct(e))
				}
			}
		}
	}
	nestedColumns := nestedQuotientColumns(stmt)
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.SubLink:
			if len(nestedColumns) > 0 {
				guardOuterArithmetic(v.Subselect, nestedColumns)
			}
		case *pg.WithClause:
			if v.Recursive {
				guardRecursiveQuotients(v)
			}
		case *pg.SelectStmt:
			if isSetOperation(v) && !guardedSetOperations[v] {
				guardSetOperationTree(v, false, guardedSetOperations)
			}
		case *pg.FuncCall:
			name := lastName(v.Funcname)
			if v.AggDistinct && len(v.Args) == 1 && name == "sum" && isQuotient(v.Args[0]) {
				// avg(DISTINCT q) is pgway_avg(sum(DISTINCT q), ...) here.
				v.Args[0] = guardedValue(v.Args[0], "sum or avg with DISTINCT of a numeric quotient")
			}
		case *pg.JoinExpr:
			if len(v.UsingClause) > 0 || v.IsNatural {
				guardJoinColumns(v)
			}
		case *pg.A_Expr:
			if _, ok := arithmeticFunctions[lastName(v.Name)]; ok && v.Kind == pg.A_Expr_Kind_AEXPR_OP {
				for _, operand := range []*pg.Node{v.Lexpr, v.Rexpr} {
					if operand != nil && isNestedArrayElement(operand) {
						guardNestedDecimal(operand, "arithmetic on an element of an array of numeric quotients")
					}
				}
			}
		}
	})
}

// guardNestedDecimal replaces n, when it is a quotient in the nested
// form, with guardedValue of it.
func guardNestedDecimal(n *pg.Node, construct string) {
	if isQuotient(n) || isNestedArrayElement(n) {
		n.Node = guardedValue(&pg.Node{Node: n.Node}, construct).Node
	}
}

// guardedValue returns
//
//	CASE WHEN typeof(v) = 'DECIMAL(38,20)' THEN error('...') ELSE v END
//
// DuckDB folds typeof to a constant, so v runs once and keeps its type.
func guardedValue(v *pg.Node, construct string) *pg.Node {
	loc := exprLocation(v)
	isNested := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP, Name: stringNodes("="),
		Lexpr: funcCall(typeofFunction, loc, cloneNode(v)), Rexpr: pg.MakeAConstStrNode(nestedDecimal, loc), Location: loc}}}
	raise := funcCall("error", loc, pg.MakeAConstStrNode(construct+" is not supported on DuckDB (SQLSTATE 0A000)", loc))
	return searchedCase(loc, v, isNested, raise)
}

// isNestedArrayElement reports whether n is a subscript of
// pgway_nested(a), an element of an array of quotients as a nested value.
func isNestedArrayElement(n *pg.Node) bool {
	fc := n.GetAIndirection().GetArg().GetFuncCall()
	return fc != nil && lastName(fc.Funcname) == nestedFunction
}

// guardRecursiveQuotients guards the quotients among the result columns
// of the recursive term of each recursive WITH query of w.
func guardRecursiveQuotients(w *pg.WithClause) {
	for _, c := range w.Ctes {
		cte := c.GetCommonTableExpr()
		sel := cte.GetCtequery().GetSelectStmt()
		if sel == nil || !isSetOperation(sel) || sel.Rarg == nil {
			continue
		}
		for _, t := range sel.Rarg.TargetList {
			if rt := t.GetResTarget(); rt != nil && rt.Val != nil {
				guardNestedDecimal(rt.Val, "a numeric quotient as a column of the recursive term of WITH RECURSIVE "+cte.Ctename)
			}
		}
	}
}

// guardJoinColumns guards the quotients among the columns of the derived
// tables that the JOIN USING or NATURAL JOIN j compares. For NATURAL
// JOIN, every column of a derived table is guarded.
func guardJoinColumns(j *pg.JoinExpr) {
	using := map[string]bool{}
	for _, name := range j.UsingClause {
		using[name.GetString_().GetSval()] = true
	}
	for _, side := range []*pg.Node{j.Larg, j.Rarg} {
		sub := side.GetRangeSubselect().GetSubquery().GetSelectStmt()
		if sub == nil || isSetOperation(sub) {
			continue
		}
		for _, t := range sub.TargetList {
			rt := t.GetResTarget()
			if rt == nil || rt.Val == nil || !j.IsNatural && !using[rt.Name] {
				continue
			}
			guardNestedDecimal(rt.Val, "a numeric quotient as a column that JOIN USING or NATURAL JOIN compares")
		}
	}
}

// checkUntypedOperand rejects with 0A000 a parameter or string constant
// of unknown type beside a quotient in +, -, * or %, and beside an operand
// of a type that the statement does not show in /. DuckDB would run its
// own operator on them, in double precision or with a text result.
// PostgreSQL gives the untyped operand the other operand's type, which is
// numeric for a quotient of numerics.
func checkUntypedOperand(e *pg.A_Expr, op string) error {
	if e.Lexpr == nil {
		return nil
	}
	for _, pair := range [][2]*pg.Node{{e.Lexpr, e.Rexpr}, {e.Rexpr, e.Lexpr}} {
		untyped, other := pair[0], pair[1]
		if !isUntyped(untyped) {
			continue
		}
		_, arithmetic := arithmeticFunctions[op]
		beside := ""
		switch {
		case arithmetic && isQuotient(other):
			beside = "a quotient"
		case op == "/" && exactType(other) == "" && !isIntegerConstant(other):
			beside = "a value whose type the statement does not show"
		default:
			continue
		}
		return unsupported("a parameter or string constant of unknown type as an operand of "+op+" beside "+beside,
			exprLocation(untyped), "Cast the parameter or string constant to the type it is meant to have, such as $1::numeric.")
	}
	return nil
}

// nestedQuotientColumns returns the names of the columns of derived
// tables that are quotients in the nested form.
func nestedQuotientColumns(stmt *pg.Node) map[string]bool {
	names := map[string]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		r, ok := msg.(*pg.RangeSubselect)
		if !ok {
			return
		}
		sub := r.GetSubquery().GetSelectStmt()
		if sub == nil || isSetOperation(sub) {
			return
		}
		for i, t := range sub.TargetList {
			rt := t.GetResTarget()
			if rt == nil || rt.Val == nil || !isQuotient(rt.Val) {
				continue
			}
			names[rt.Name] = true
			if alias := r.GetAlias(); alias != nil && i < len(alias.Colnames) {
				names[alias.Colnames[i].GetString_().GetSval()] = true
			}
		}
	})
	return names
}

// guardOuterArithmetic guards the operands of +, -, * and % in the
// subquery that are column references named in columns. The guard raises
// only for a nested numeric quotient's DECIMAL(38,20) value.
func guardOuterArithmetic(subquery *pg.Node, columns map[string]bool) {
	inspect(subquery.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || e.Kind != pg.A_Expr_Kind_AEXPR_OP {
			return
		}
		if _, arithmetic := arithmeticFunctions[lastName(e.Name)]; !arithmetic {
			return
		}
		for _, operand := range []*pg.Node{e.Lexpr, e.Rexpr} {
			if ref := operand.GetColumnRef(); ref != nil && columns[lastName(ref.Fields)] {
				operand.Node = guardedValue(&pg.Node{Node: operand.Node}, "arithmetic in a subquery on a numeric quotient column of an outer query").Node
			}
		}
	})
}
