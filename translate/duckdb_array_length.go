package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// arrayLengthOfDimension rewrites array_length(a, d) for a constant d
// other than 1, for which DuckDB's function fails. An array of more than
// one dimension is a list of lists on DuckDB, of as many levels as its
// type shows: typeof() ends in d pairs of brackets. Its lists are
// rectangular, as PostgreSQL's arrays are, so the length of dimension d
// is that of the list under the first element of each level above it:
//
//	CASE WHEN typeof(a) ~~ '%[][]' AND json_array_length(to_json(a), '$[0]') > 0
//	THEN json_array_length(to_json(a), '$[0]')::int4 END
//
// for d = 2. A dimension below 1, above the array's, or NULL is NULL, as
// is the length of an empty array, as in PostgreSQL. An array that
// array_agg() makes is left to its own check (checkNestedArrayAggs),
// since DuckDB's list of lists does not show whether PostgreSQL would
// reject arrays of different lengths. It reports whether it rewrote the
// call.
func arrayLengthOfDimension(n *pg.Node, fc *pg.FuncCall) bool {
	if len(fc.Args) != 2 || callsArrayAgg(fc.Args[0]) {
		return false
	}

	loc := fc.Location
	nullLength := typeCast(&pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}, "int4", loc)
	c := fc.Args[1].GetAConst()
	switch {
	case c == nil:
		return false
	case c.GetIsnull():
		n.Node = nullLength.Node
		return true
	case c.GetIval() == nil:
		return false
	}

	d := int(c.GetIval().Ival)
	switch {
	case d == 1:
		return false
	case d < 1 || d > 32:
		// PostgreSQL's arrays have at most 6 dimensions, so a larger d
		// is NULL for every array.
		n.Node = nullLength.Node
		return true
	}

	array := func() *pg.Node { return proto.Clone(fc.Args[0]).(*pg.Node) }
	length := func() *pg.Node {
		return funcCall("json_array_length", loc, funcCall("to_json", loc, array()),
			pg.MakeAConstStrNode("$"+strings.Repeat("[0]", d-1), loc))
	}
	deep := binaryOp("~~", funcCall("typeof", loc, array()), pg.MakeAConstStrNode("%"+strings.Repeat("[]", d), loc), loc)
	cond := &pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_AND_EXPR,
		Args: []*pg.Node{deep, compare(length(), ">", 0, loc)}, Location: loc}}}
	n.Node = searchedCase(loc, nil, cond, typeCast(length(), "int4", loc)).Node
	return true
}

// callsArrayAgg reports whether n calls array_agg().
func callsArrayAgg(n *pg.Node) bool {
	found := false
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if fc, ok := msg.(*pg.FuncCall); ok && strings.EqualFold(lastName(fc.Funcname), "array_agg") {
			found = true
		}
	})
	return found
}
