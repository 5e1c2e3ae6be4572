package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL 15 rejects a recursive WITH query whose self-reference sits
// where the query would not be a fixed point (parse_cte.c and
// parse_agg.c). DuckDB runs many of them with other results, and one
// with an aggregate in its recursive term never ends.

// checkRecursiveQueries raises PostgreSQL's errors for the recursive WITH
// queries of stmt. It raises 42P19 for a self-reference in the
// non-recursive term, a subquery, an outer join, INTERSECT or EXCEPT, for
// more than one self-reference, for a query that is not a UNION, and for
// an aggregate in the recursive term. It raises 0A000 for ORDER BY,
// LIMIT, OFFSET and FOR UPDATE on top of the UNION.
func checkRecursiveQueries(stmt *pg.Node) error {
	var withs []*pg.WithClause
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if w, ok := msg.(*pg.WithClause); ok && w.Recursive {
			withs = append(withs, w)
		}
	})
	for _, w := range withs {
		for _, c := range w.Ctes {
			if err := checkRecursiveQuery(c.GetCommonTableExpr()); err != nil {
				return err
			}
		}
	}
	return nil
}

// recursionWalk counts the self-references of one recursive query.
type recursionWalk struct {
	name string
	refs int
	// from is the SELECT whose FROM holds the self-reference.
	from *pg.SelectStmt
}

// recursionInvalid maps the place of a self-reference that PostgreSQL
// rejects to the end of its message. "" is a valid place.
const (
	inNonRecursiveTerm = "within its non-recursive term"
	inSubquery         = "within a subquery"
	inOuterJoin        = "within an outer join"
	inIntersect        = "within INTERSECT"
	inExcept           = "within EXCEPT"
)

func checkRecursiveQuery(cte *pg.CommonTableExpr) error {
	sel := cte.GetCtequery().GetSelectStmt()
	if cte == nil || sel == nil || !referencesRelation(sel, cte.Ctename) {
		return nil
	}
	if sel.Op != pg.SetOperation_SETOP_UNION {
		return &Error{Code: "42P19", Position: int(cte.Location) + 1, Message: fmt.Sprintf(
			"recursive query %q does not have the form non-recursive-term UNION [ALL] recursive-term", cte.Ctename)}
	}
	w := &recursionWalk{name: cte.Ctename}
	if err := w.walk(sel.Larg.ProtoReflect(), inNonRecursiveTerm, nil); err != nil {
		return err
	}
	if err := w.walk(sel.Rarg.ProtoReflect(), "", nil); err != nil {
		return err
	}
	for _, clause := range []struct {
		present bool
		name    string
	}{{len(sel.SortClause) > 0, "ORDER BY"}, {sel.LimitOffset != nil, "OFFSET"},
		{sel.LimitCount != nil, "LIMIT"}, {len(sel.LockingClause) > 0, "FOR UPDATE/SHARE"}} {
		if clause.present {
			return &Error{Code: CodeFeatureNotSupported, Position: int(cte.Location) + 1,
				Message: clause.name + " in a recursive query is not implemented"}
		}
	}
	if err := checkRecursiveAggregates(w.from); err != nil {
		return err
	}
	return checkRecursiveTypmods(cte, sel)
}

// walk visits m, where a self-reference is in the place invalid, or valid
// for "". sel is the innermost SELECT around m.
func (w *recursionWalk) walk(m protoreflect.Message, invalid string, sel *pg.SelectStmt) error {
	switch v := m.Interface().(type) {
	case *pg.RangeVar:
		if v.Schemaname != "" || v.Relname != w.name {
			return nil
		}
		if invalid != "" {
			return w.reject(invalid, v.Location)
		}
		w.refs++
		if w.refs > 1 {
			return w.reject("more than once", v.Location)
		}
		w.from = sel
		return nil
	case *pg.SelectStmt:
		return w.walkSelect(v, invalid)
	case *pg.SubLink:
		if err := w.walk(v.Subselect.ProtoReflect(), inSubquery, sel); err != nil {
			return err
		}
		if v.Testexpr != nil {
			return w.walk(v.Testexpr.ProtoReflect(), invalid, sel)
		}
		return nil
	case *pg.JoinExpr:
		left, right := invalid, invalid
		if invalid == "" {
			switch v.Jointype {
			case pg.JoinType_JOIN_LEFT:
				right = inOuterJoin
			case pg.JoinType_JOIN_RIGHT:
				left = inOuterJoin
			case pg.JoinType_JOIN_FULL:
				left, right = inOuterJoin, inOuterJoin
			}
		}
		for _, side := range []struct {
			n       *pg.Node
			invalid string
		}{{v.Larg, left}, {v.Rarg, right}, {v.Quals, invalid}} {
			if side.n != nil {
				if err := w.walk(side.n.ProtoReflect(), side.invalid, sel); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return w.walkFields(m, invalid, sel)
}

// walkFields walks the fields of m.
func (w *recursionWalk) walkFields(m protoreflect.Message, invalid string, sel *pg.SelectStmt) error {
	var err error
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len() && err == nil; i++ {
				err = w.walk(list.Get(i).Message(), invalid, sel)
			}
		} else {
			err = w.walk(v.Message(), invalid, sel)
		}
		return err == nil
	})
	return err
}

// walkSelect visits a SELECT or set operation. An inner WITH query of the
// same name hides the recursive query.
func (w *recursionWalk) walkSelect(sel *pg.SelectStmt, invalid string) error {
	if wc := sel.WithClause; wc != nil {
		for _, c := range wc.Ctes {
			if c.GetCommonTableExpr().GetCtename() == w.name {
				return nil
			}
		}
	}
	if sel.Op == pg.SetOperation_SETOP_NONE || sel.Op == pg.SetOperation_SETOP_UNION {
		return w.walkFields(sel.ProtoReflect(), invalid, sel)
	}
	// As PostgreSQL does, INTERSECT ALL and EXCEPT ALL reject the
	// self-reference on both sides, and EXCEPT on its right side.
	left, right := invalid, invalid
	switch {
	case sel.Op == pg.SetOperation_SETOP_INTERSECT && sel.All:
		left, right = inIntersect, inIntersect
	case sel.Op == pg.SetOperation_SETOP_EXCEPT && sel.All:
		left, right = inExcept, inExcept
	case sel.Op == pg.SetOperation_SETOP_EXCEPT:
		right = inExcept
	}
	if err := w.walk(sel.Larg.ProtoReflect(), left, sel); err != nil {
		return err
	}
	return w.walk(sel.Rarg.ProtoReflect(), right, sel)
}

func (w *recursionWalk) reject(place string, location int32) error {
	return &Error{Code: "42P19", Position: int(location) + 1,
		Message: fmt.Sprintf("recursive reference to query %q must not appear %s", w.name, place)}
}

// checkRecursiveAggregates raises 42P19 for an aggregate of sel, the
// SELECT that reads the recursive query. Aggregates of its subqueries are
// of other queries.
func checkRecursiveAggregates(sel *pg.SelectStmt) error {
	if sel == nil {
		return nil
	}
	clauses := append(append([]*pg.Node{sel.HavingClause}, sel.TargetList...), sel.SortClause...)
	var found *pg.FuncCall
	for _, clause := range clauses {
		if clause == nil || found != nil {
			continue
		}
		_ = walkNode(clause, func(n *pg.Node) error {
			if fc := n.GetFuncCall(); fc != nil && found == nil && isAggregate(fc) && !hasOuterAggregate(clause, fc) {
				found = fc
			}
			return nil
		})
	}
	if found == nil {
		return nil
	}
	return &Error{Code: "42P19", Position: int(found.Location) + 1,
		Message: "aggregate functions are not allowed in a recursive query's recursive term"}
}

// hasOuterAggregate reports whether fc sits inside a subquery of clause,
// where it aggregates for the subquery.
func hasOuterAggregate(clause *pg.Node, fc *pg.FuncCall) bool {
	inside := false
	inspect(clause.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if sl, ok := msg.(*pg.SubLink); ok && !inside {
			inspect(sl.Subselect.ProtoReflect(), func(inner protoreflect.ProtoMessage) {
				if inner == fc {
					inside = true
				}
			})
		}
	})
	return inside
}

// referencesRelation reports whether sel names the relation name without
// a schema anywhere.
func referencesRelation(sel *pg.SelectStmt, name string) bool {
	found := false
	inspect(sel.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if rv, ok := msg.(*pg.RangeVar); ok && rv.Schemaname == "" && rv.Relname == name {
			found = true
		}
	})
	return found
}

// guardRecursiveTypes makes each result column of the recursive term of
// a recursive WITH query of stmt raise an error where its DuckDB type is
// not the type of the non-recursive term's column. DuckDB casts the
// recursive term's values to that type, so 1.5 in an integer column
// becomes 2 and 2.25 in a numeric(2,1) column 2.3. PostgreSQL raises
// 42804 where the types differ. Where both are numeric but the scales
// differ, PostgreSQL keeps each value's scale, which a DuckDB column
// cannot, so the guard raises 0A000. The guard compares DuckDB's types
// with typeof, which DuckDB folds to constants while it plans.
// NOTE: types that differ only in PostgreSQL, such as varchar(2) and
// varchar, pass the guard.
// TODO: a recursive term that returns no rows passes the guard, where
// PostgreSQL raises 42804 when it parses the statement.
func guardRecursiveTypes(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		w, ok := msg.(*pg.WithClause)
		if !ok || !w.Recursive {
			return
		}
		for _, c := range w.Ctes {
			guardRecursiveColumns(c.GetCommonTableExpr())
		}
	})
}

func guardRecursiveColumns(cte *pg.CommonTableExpr) {
	sel := cte.GetCtequery().GetSelectStmt()
	if sel == nil || sel.Op != pg.SetOperation_SETOP_UNION || sel.Rarg == nil || sel.Rarg.Op != pg.SetOperation_SETOP_NONE {
		return
	}
	// The guard names the recursive query's columns where the recursive
	// term reads it itself, in its FROM or a join there.
	self := ""
	var find func(n *pg.Node)
	find = func(n *pg.Node) {
		if j := n.GetJoinExpr(); j != nil {
			find(j.Larg)
			find(j.Rarg)
		} else if rv := n.GetRangeVar(); rv != nil && rv.Schemaname == "" && rv.Relname == cte.Ctename {
			self = rv.Relname
			if rv.Alias != nil {
				self = rv.Alias.Aliasname
			}
		}
	}
	for _, n := range sel.Rarg.FromClause {
		find(n)
	}
	columns := recursiveColumnNames(cte, sel.Larg)
	if self == "" || columns == nil {
		return
	}
	widenRecursiveConstants(sel.Larg)
	for i, t := range sel.Rarg.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil || i >= len(columns) || isStar(rt.Val) {
			continue
		}
		column := &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
			Fields: []*pg.Node{pg.MakeStrNode(self), pg.MakeStrNode(columns[i])}, Location: -1}}}
		rt.Val = recursiveTypeGuard(rt.Val, column, cte.Ctename, i+1)
	}
}

// recursiveColumnNames returns the names of the columns of a recursive
// query, from its alias list or its non-recursive term, or nil where a
// star hides them.
func recursiveColumnNames(cte *pg.CommonTableExpr, left *pg.SelectStmt) []string {
	for left != nil && left.Op != pg.SetOperation_SETOP_NONE {
		left = left.Larg
	}
	if left == nil || len(left.ValuesLists) > 0 {
		return nil
	}
	var columns []string
	for i, t := range left.TargetList {
		rt := t.GetResTarget()
		switch {
		case i < len(cte.Aliascolnames):
			columns = append(columns, cte.Aliascolnames[i].GetString_().GetSval())
		case rt == nil || rt.Val == nil || isStar(rt.Val):
			return nil
		case rt.Name != "":
			columns = append(columns, rt.Name)
		case rt.Val.GetColumnRef() != nil:
			columns = append(columns, lastName(rt.Val.GetColumnRef().Fields))
		default:
			return nil
		}
	}
	return columns
}

// recursiveTypeGuard returns
//
//	CASE WHEN typeof(v) = typeof(c) OR <either is NULL> THEN v
//	     WHEN <both DECIMAL of one scale> THEN v
//	     WHEN <both DECIMAL> THEN error('... (SQLSTATE 0A000)')
//	     ELSE error('... (SQLSTATE 42804)') END
//
// for the value v of the recursive term's column c.
func recursiveTypeGuard(v, column *pg.Node, name string, position int) *pg.Node {
	loc := exprLocation(v)
	str := func(s string) *pg.Node { return pg.MakeAConstStrNode(s, loc) }
	valueType := func() *pg.Node { return funcCall(typeofFunction, loc, cloneNode(v)) }
	columnType := func() *pg.Node { return funcCall(typeofFunction, loc, cloneNode(column)) }
	or := func(args ...*pg.Node) *pg.Node { return pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, args, loc) }
	and := func(args ...*pg.Node) *pg.Node { return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, args, loc) }
	scale := func(t *pg.Node) *pg.Node {
		return funcCall("split_part", loc, t, str(","), pg.MakeAConstIntNode(2, loc))
	}
	same := or(binaryOp("=", valueType(), columnType(), loc),
		binaryOp("=", valueType(), str("NULL"), loc), binaryOp("=", columnType(), str("NULL"), loc))
	decimals := and(binaryOp("~~", valueType(), str("DECIMAL(%"), loc), binaryOp("~~", columnType(), str("DECIMAL(%"), loc))
	sameScale := and(cloneNode(decimals), binaryOp("=", scale(valueType()), scale(columnType()), loc))
	otherScale := funcCall("error", loc, str(fmt.Sprintf(
		"a numeric column of recursive query %q whose recursive term changes its scale is not supported on DuckDB (SQLSTATE 0A000)", name)))
	message := fmt.Sprintf("recursive query %q column %d has type ", name, position)
	text := binaryOp("||", binaryOp("||", binaryOp("||", binaryOp("||", str(message), columnType(), loc),
		str(" in non-recursive term but type "), loc), valueType(), loc), str(" overall (SQLSTATE 42804)"), loc)
	mismatch := funcCall("error", loc, text)
	return searchedCase(loc, mismatch, same, v, sameScale, cloneNode(v), decimals, otherScale)
}

// typmodNames are PostgreSQL's names of the types whose modifiers the
// recursive term must repeat, by the names a cast may use.
var typmodNames = map[string]string{"numeric": "numeric", "decimal": "numeric",
	"varchar": "character varying"}

// checkRecursiveTypmods raises PostgreSQL's 42804 where the non-recursive
// term casts a column to numeric(p,s) or varchar(n) and the recursive
// term computes it without the same cast. The union of both is then of
// the type without a modifier, which PostgreSQL rejects. A column
// reference or NULL in the recursive term may have the modifier, so it
// passes.
func checkRecursiveTypmods(cte *pg.CommonTableExpr, sel *pg.SelectStmt) error {
	left := sel.Larg
	for left != nil && left.Op != pg.SetOperation_SETOP_NONE {
		left = left.Larg
	}
	right := sel.Rarg
	if left == nil || right == nil || right.Op != pg.SetOperation_SETOP_NONE {
		return nil
	}
	for i, t := range left.TargetList {
		cast := t.GetResTarget().GetVal().GetTypeCast()
		if cast == nil || len(cast.TypeName.GetTypmods()) == 0 || i >= len(right.TargetList) {
			continue
		}
		name, ok := typmodNames[lastName(cast.TypeName.Names)]
		if !ok {
			continue
		}
		value := right.TargetList[i].GetResTarget().GetVal()
		if value == nil || value.GetColumnRef() != nil || value.GetAConst().GetIsnull() {
			continue
		}
		if other := value.GetTypeCast(); other != nil && typmodNames[lastName(other.TypeName.Names)] == name &&
			deparseTypmods(other.TypeName) == deparseTypmods(cast.TypeName) {
			continue
		}
		return &Error{Code: "42804", Position: int(exprLocation(t.GetResTarget().GetVal())) + 1,
			Message: fmt.Sprintf("recursive query %q column %d has type %s(%s) in non-recursive term but type %s overall",
				cte.Ctename, i+1, name, deparseTypmods(cast.TypeName), name),
			Hint: "Cast the output of the non-recursive term to the correct type."}
	}
	return nil
}

// deparseTypmods returns the integer modifiers of a type name as
// PostgreSQL writes them, "3,1", or "?" where one is not an integer.
func deparseTypmods(tn *pg.TypeName) string {
	text := ""
	for i, m := range tn.Typmods {
		if i > 0 {
			text += ","
		}
		c := m.GetAConst()
		if c == nil || c.GetIval() == nil {
			return "?"
		}
		text += fmt.Sprint(c.GetIval().Ival)
	}
	return text
}
