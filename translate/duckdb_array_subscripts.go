package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// PostgreSQL's arrays that pgway builds start at subscript 1, and a
// subscript outside the array's bounds gives NULL: (ARRAY[10, 20])[-1]
// is NULL, and a slice keeps only the part of its bounds that overlaps
// the array, so a[-1:1] is {a[1]} and a[-2:-1] is {}. DuckDB counts a
// negative subscript or slice bound from the end of the list, so the
// dialect moves every subscript below 1 to where DuckDB finds nothing
// or starts at the first element:
//
//	a[i]      a[greatest(i, 0)]
//	a[i:j]    a[CASE WHEN i < 1 THEN 1 ELSE i END : CASE WHEN j < 0 THEN 0 ELSE j END]
//
// DuckDB's a[0] is NULL, a[1:0] is empty, and a NULL subscript or bound
// gives NULL, as in PostgreSQL. greatest() passes over NULL, which makes
// a[NULL] a[0], NULL too, but a NULL slice bound must stay NULL, so a
// bound that is not a constant is written twice in a CASE.

// clampArraySubscripts rewrites the subscripts of stmt as above. A
// subscript of jsonb, which counts from the end in PostgreSQL too, and a
// string subscript stay as they are. Where the expression does not show
// that it is an array, as for a column whose type pgway does not see, an
// index keeps its value on DuckDB's JSON, whose subscripts are jsonb's:
//
//	a[CASE WHEN typeof(a) = 'JSON' THEN i ELSE greatest(i, 0) END]
//
// DuckDB folds typeof() to a constant. It returns the subscripts that
// guardDimensions must check once the statement is rewritten, with their
// numbers of indexes.
func clampArraySubscripts(stmt *pg.Node, types map[*pg.ColumnRef]string) (map[*pg.A_Indirection]int, error) {
	guards := map[*pg.A_Indirection]int{}
	err := walkNode(stmt, func(n *pg.Node) error {
		ind := n.GetAIndirection()
		if ind == nil {
			return nil
		}
		indexes, err := rewriteArraySubscripts(ind, types)
		if err != nil || indexes != len(ind.Indirection) || constructorDepth(ind.Arg) > 0 || oneDimension(ind.Arg, types) {
			// A field step, as in (r).f[1], subscripts what the field
			// holds, whose type typeof(r) does not show.
			return err
		}
		guards[ind] = indexes
		return nil
	})
	return guards, err
}

// guardDimensions makes each subscript of guards in stmt, with the given
// number of index subscripts, fail with 0A000 where the array has more
// dimensions than that. PostgreSQL returns NULL there, and DuckDB the
// inner list:
//
//	CASE WHEN typeof(a) LIKE '%[][]' THEN error(...) ELSE a[i] END
//
// for one index. DuckDB folds the condition to a constant. It runs after
// the rewrite, so that typeof() reads the array as rewritten and other
// rewrites meet the subscript itself.
func guardDimensions(stmt *pg.Node, guards map[*pg.A_Indirection]int) {
	if len(guards) == 0 {
		return
	}
	_ = walkNode(stmt, func(n *pg.Node) error {
		ind := n.GetAIndirection()
		if indexes, ok := guards[ind]; ok {
			delete(guards, ind)
			guardDimension(n, ind, indexes)
		}
		return nil
	})
}

// guardDimension writes the CASE of guardDimensions around n.
func guardDimension(n *pg.Node, ind *pg.A_Indirection, indexes int) {
	loc := exprLocation(ind.Arg)
	deeper := pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_LIKE, stringNodes("~~"), funcCall("typeof", loc, proto.Clone(ind.Arg).(*pg.Node)),
		pg.MakeAConstStrNode("%"+strings.Repeat("[]", indexes+1), loc), loc)
	raise := funcCall("error", loc, pg.MakeAConstStrNode("a subscript of an array with fewer indexes than dimensions "+
		"is not supported on this warehouse (SQLSTATE 0A000)", loc))
	subscripted := &pg.Node{Node: n.Node}
	n.Node = searchedCase(loc, subscripted, deeper, raise).Node
}

// oneDimension reports whether n is an array of one dimension on DuckDB:
// a column of a known array type or a cast to an array type, which
// DuckDB's types of one list level hold.
func oneDimension(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if ref := n.GetColumnRef(); ref != nil {
		return strings.HasSuffix(types[ref], "[]")
	}
	tc := n.GetTypeCast()
	return tc != nil && len(tc.TypeName.GetArrayBounds()) == 1
}

// rewriteArraySubscripts rewrites the subscripts of ind, a subscripted
// expression, as clampArraySubscripts describes, and returns the number
// of its indexes, or 0 for a slice or a subscript that it leaves alone.
func rewriteArraySubscripts(ind *pg.A_Indirection, types map[*pg.ColumnRef]string) (int, error) {
	if showsJSON(ind.Arg) || showsJSONB(ind.Arg) {
		return 0, nil
	}
	if ref := ind.Arg.GetColumnRef(); ref != nil && (types[ref] == "jsonb" || types[ref] == "json") {
		return 0, nil
	}
	var subscripts []*pg.A_Indices
	slice := false
	for _, step := range ind.Indirection {
		if indices := step.GetAIndices(); indices != nil {
			subscripts = append(subscripts, indices)
			slice = slice || indices.IsSlice
		}
	}
	if len(subscripts) == 0 {
		return 0, nil
	}
	if slice && len(subscripts) > 1 {
		// PostgreSQL reads every subscript as a slice of its own
		// dimension once one of them is a slice, where DuckDB slices or
		// indexes the list that the previous subscript returned.
		return 0, unsupported("more than one array subscript with a slice among them", exprLocation(ind.Arg),
			"Write a single slice, or index the elements one subscript at a time.")
	}
	if depth := constructorDepth(ind.Arg); depth > 1 && !slice && len(subscripts) != depth {
		// PostgreSQL returns NULL for fewer or more indexes than the
		// array's dimensions. A single slice slices the first dimension
		// in both.
		return 0, unsupported("a subscript of an array of more than one dimension", exprLocation(ind.Arg),
			"Subscript each dimension with a single index.")
	}
	for _, s := range subscripts {
		if !s.IsSlice {
			if isStringConstant(s.Uidx) {
				return 0, nil
			}
			clamped := clampIndex(s.Uidx)
			if clamped != s.Uidx && !shownArray(ind.Arg, types) {
				loc := exprLocation(s.Uidx)
				json := binaryOp("=", funcCall("typeof", loc, proto.Clone(ind.Arg).(*pg.Node)), pg.MakeAConstStrNode("JSON", loc), loc)
				clamped = searchedCase(loc, clamped, json, proto.Clone(s.Uidx).(*pg.Node))
			}
			s.Uidx = clamped
			continue
		}
		var err error
		if s.Lidx, err = clampBound(s.Lidx, 1); err != nil {
			return 0, err
		}
		if s.Uidx, err = clampBound(s.Uidx, 0); err != nil {
			return 0, err
		}
	}
	if slice {
		return 0, nil
	}
	return len(subscripts), nil
}

// clampIndex returns an array index that DuckDB reads as PostgreSQL reads
// x: below 1 it is 0, where DuckDB's list has no element.
func clampIndex(x *pg.Node) *pg.Node {
	if c := x.GetAConst(); c != nil {
		if c.GetIval() != nil && c.GetIval().Ival < 1 {
			return pg.MakeAConstIntNode(0, c.Location)
		}
		return x
	}
	loc := exprLocation(x)
	return funcCall("greatest", loc, x, pg.MakeAConstIntNode(0, loc))
}

// clampBound returns a slice bound that is minimum where x is smaller,
// and NULL where x is NULL. A missing bound stays missing, since DuckDB
// then takes the list's first or last element, as PostgreSQL takes the
// array's. A bound that calls a volatile function fails with 0A000,
// because the CASE would evaluate it twice.
func clampBound(x *pg.Node, minimum int64) (*pg.Node, error) {
	if x == nil {
		return nil, nil
	}
	loc := exprLocation(x)
	if c := x.GetAConst(); c != nil {
		if c.GetIval() != nil && int64(c.GetIval().Ival) < minimum {
			return pg.MakeAConstIntNode(minimum, c.Location), nil
		}
		return x, nil
	}
	if hasVolatileCall(x) {
		return nil, unsupported("an array slice bound that calls a volatile function", loc,
			"Compute the bound in a subquery or CTE first.")
	}
	below := compare(proto.Clone(x).(*pg.Node), "<", minimum, loc)
	return searchedCase(loc, x, below, pg.MakeAConstIntNode(minimum, loc)), nil
}

// constructorDepth returns the number of dimensions of an ARRAY
// constructor whose elements are ARRAY constructors, as in
// ARRAY[[1, 2], [3, 4]], and 0 for any other expression.
func constructorDepth(n *pg.Node) int {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	array := n.GetAArrayExpr()
	if array == nil {
		return 0
	}
	depth := 0
	for _, element := range array.Elements {
		depth = max(depth, constructorDepth(element))
	}
	return depth + 1
}

// shownArray reports whether n shows that it is an array: showsArray's
// expressions, and a column of a known array type.
func shownArray(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if ref := n.GetColumnRef(); ref != nil {
		return strings.HasSuffix(types[ref], "[]")
	}
	return showsArray(n)
}
