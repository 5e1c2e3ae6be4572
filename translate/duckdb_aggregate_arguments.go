package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// isNullFraction reports whether n is NULL, alone or cast to a number
// type, which percentile_cont and percentile_disc take as fraction.
func isNullFraction(n *pg.Node) bool {
	for n.GetTypeCast() != nil {
		cast := n.GetTypeCast()
		if !numberTypes[lastName(cast.TypeName.GetNames())] || len(cast.TypeName.GetArrayBounds()) > 0 {
			return false
		}
		n = cast.Arg
	}
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// nullPercentile rewrites percentile_cont or percentile_disc (name) with
// a NULL fraction, whose result PostgreSQL returns as NULL and DuckDB
// rejects. The call with fraction 0 stays in a branch that never runs,
// so the statement still aggregates and the result keeps the call's type:
//
//	CASE WHEN count(*) < 0 THEN percentile_cont(0) WITHIN GROUP (...) END
//
// PostgreSQL finds a NULL of unknown type ambiguous beside an input that
// is not a number, between the forms for one fraction and for an array
// of them. So such a call fails with 42725, and with 0A000 where the
// input's type is not shown.
func nullPercentile(n *pg.Node, fc *pg.FuncCall, name string) error {
	loc := fc.Location
	if fc.Args[0].GetTypeCast() == nil && len(fc.AggOrder) == 1 {
		input := exactType(fc.AggOrder[0].GetSortBy().GetNode())
		switch {
		case input == "":
			return unsupportedf(loc, "%s(NULL) of an input whose type is not shown is not supported on DuckDB", name)
		case !numberTypes[input]:
			return &Error{Code: "42725", Position: int(loc) + 1,
				Message: fmt.Sprintf("function %s(unknown, %s) is not unique", name, postgresTypeName(fc.AggOrder[0].GetSortBy().GetNode())),
				Hint:    "Could not choose a best candidate function. You might need to add explicit type casts."}
		}
	}
	valid := proto.Clone(fc).(*pg.FuncCall)
	valid.Args[0] = pg.MakeAConstIntNode(0, loc)
	count := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: &pg.FuncCall{Funcname: stringNodes("count"), AggStar: true, Location: loc}}}
	never := binaryOp("<", count, pg.MakeAConstIntNode(0, loc), loc)
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	n.Node = searchedCase(loc, null, never, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: valid}}).Node
	return nil
}

// rewriteRowDelimiters rewrites string_agg(x, d) whose delimiter d is
// not a constant. PostgreSQL writes each value after the first behind
// its own row's delimiter, and skips the rows whose value is NULL:
//
//	pgway_string_agg_join(array_agg(ARRAY[coalesce(d, ''), x] ORDER BY ...) FILTER (WHERE x IS NOT NULL))
//
// DISTINCT and OVER keep 0A000.
func rewriteRowDelimiters(n *pg.Node, fc *pg.FuncCall) error {
	if fc.AggDistinct || fc.Over != nil {
		return unsupportedf(fc.Location,
			"string_agg() with DISTINCT or OVER and a delimiter that is not a constant is not supported on DuckDB")
	}
	loc := fc.Location
	value, delimiter := fc.Args[0], fc.Args[1]
	noDelimiter := &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{
		Args: []*pg.Node{delimiter, pg.MakeAConstStrNode("", loc)}, Location: loc}}}
	pair := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{
		Elements: []*pg.Node{noDelimiter, value}, Location: loc}}}
	filter := isNotNull(proto.Clone(value).(*pg.Node), loc)
	if fc.AggFilter != nil {
		filter = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{filter, fc.AggFilter}, loc)
	}
	pairs := &pg.FuncCall{Funcname: stringNodes("array_agg"), Args: []*pg.Node{pair},
		AggOrder: fc.AggOrder, AggFilter: filter, Location: loc}
	n.Node = funcCall("pgway_string_agg_join", loc, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: pairs}}).Node
	return nil
}

// rewriteIntervalPercentile rewrites percentile_cont of an interval,
// which DuckDB does not interpolate, into the provider's function that
// sorts and interpolates the values as PostgreSQL does:
//
//	pgway_interval_percentile_cont(array_agg(x) FILTER (WHERE x IS NOT NULL), fraction)
//
// A fraction that is not a constant number stays as it is, and ARRAY[...]
// of constant fractions becomes rewriteIntervalPercentiles's form.
// NOTE: an interval input whose type pgway does not see, such as
// i * interval '1 day', is still cast to double precision
// (continuousPercentileInput) and fails with DuckDB's 22P02.
func rewriteIntervalPercentile(n *pg.Node, fc *pg.FuncCall) {
	if rewriteIntervalPercentiles(n, fc) {
		return
	}
	fraction := fc.Args[0]
	if !isConstant(fraction) || isNullFraction(fraction) || len(fc.AggOrder) != 1 || fc.Over != nil {
		return
	}
	for inner := fraction; inner != nil; inner = inner.GetTypeCast().GetArg() {
		if cast := inner.GetTypeCast(); cast != nil && len(cast.TypeName.GetArrayBounds()) > 0 {
			return
		}
	}
	loc := fc.Location
	value := fc.AggOrder[0].GetSortBy().GetNode()
	filter := isNotNull(proto.Clone(value).(*pg.Node), loc)
	if fc.AggFilter != nil {
		filter = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{filter, fc.AggFilter}, loc)
	}
	values := &pg.FuncCall{Funcname: stringNodes("array_agg"), Args: []*pg.Node{value}, AggFilter: filter, Location: loc}
	n.Node = funcCall("pgway_interval_percentile_cont", loc,
		&pg.Node{Node: &pg.Node_FuncCall{FuncCall: values}}, typeCast(fraction, "float8", loc)).Node
}
