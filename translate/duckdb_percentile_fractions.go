package translate

import (
	"fmt"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// DuckDB's quantile_cont and quantile_disc take one fraction or a list of
// them, as percentile_cont and percentile_disc do, but only as a constant,
// where PostgreSQL evaluates the fraction once per group.

// checkConstantFraction fails with 0A000 for percentile_cont or
// percentile_disc (name) whose fraction DuckDB would not fold to a
// constant, such as a grouped column, where DuckDB raises a binder error.
func checkConstantFraction(fc *pg.FuncCall, name string) error {
	if len(fc.Args) != 1 || isFoldableFraction(fc.Args[0]) {
		return nil
	}
	return unsupportedf(exprLocation(fc.Args[0]),
		"%s() with a fraction that is not a constant is not supported on DuckDB, which requires a constant fraction", name)
}

// isFoldableFraction reports whether n is built only of constants,
// parameters, casts, operators and ARRAY[...], which DuckDB folds.
func isFoldableFraction(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst, *pg.Node_ParamRef:
		return true
	case *pg.Node_TypeCast:
		return isFoldableFraction(v.TypeCast.Arg)
	case *pg.Node_AExpr:
		e := v.AExpr
		return e.Kind == pg.A_Expr_Kind_AEXPR_OP && (e.Lexpr == nil || isFoldableFraction(e.Lexpr)) && isFoldableFraction(e.Rexpr)
	case *pg.Node_AArrayExpr:
		for _, element := range v.AArrayExpr.Elements {
			if !isFoldableFraction(element) {
				return false
			}
		}
		return true
	}
	return false
}

// rewriteIntervalPercentiles rewrites percentile_cont(ARRAY[f1, ...]) of
// an interval, which DuckDB does not interpolate, into an array of the
// provider's percentile for each fraction, and reports whether it did:
//
//	CASE WHEN count(x) > 0 THEN ARRAY[pgway_interval_percentile_cont(
//	  array_agg(x) FILTER (WHERE x IS NOT NULL), f1), ...] END
//
// PostgreSQL returns NULL, not an array of NULLs, for a group without
// values, and a NULL element for a NULL fraction.
func rewriteIntervalPercentiles(n *pg.Node, fc *pg.FuncCall) bool {
	fractions := arrayOfFractions(fc.Args[0])
	if fractions == nil || len(fc.AggOrder) != 1 || fc.Over != nil {
		return false
	}
	for _, fraction := range fractions.Elements {
		if !isConstant(fraction) {
			return false
		}
	}
	loc := fc.Location
	value := fc.AggOrder[0].GetSortBy().GetNode()
	filter := isNotNull(proto.Clone(value).(*pg.Node), loc)
	if fc.AggFilter != nil {
		filter = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{filter, proto.Clone(fc.AggFilter).(*pg.Node)}, loc)
	}
	values := &pg.FuncCall{Funcname: stringNodes("array_agg"), Args: []*pg.Node{value}, AggFilter: filter, Location: loc}
	var percentiles []*pg.Node
	for _, fraction := range fractions.Elements {
		percentiles = append(percentiles, funcCall("pgway_interval_percentile_cont", loc,
			&pg.Node{Node: &pg.Node_FuncCall{FuncCall: proto.Clone(values).(*pg.FuncCall)}}, typeCast(fraction, "float8", loc)))
	}
	count := &pg.FuncCall{Funcname: stringNodes("count"), Args: []*pg.Node{proto.Clone(value).(*pg.Node)},
		AggFilter: fc.AggFilter, Location: loc}
	groupHasValues := binaryOp(">", &pg.Node{Node: &pg.Node_FuncCall{FuncCall: count}}, pg.MakeAConstIntNode(0, loc), loc)
	array := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: percentiles, Location: loc}}}
	n.Node = searchedCase(loc, nil, groupHasValues, array).Node
	return true
}

// arrayOfFractions returns the ARRAY[...] of fractions that n is, under
// casts to an array type such as typeArrayConstants writes, or nil.
func arrayOfFractions(n *pg.Node) *pg.A_ArrayExpr {
	for cast := n.GetTypeCast(); cast != nil && len(cast.TypeName.GetArrayBounds()) > 0; cast = n.GetTypeCast() {
		n = cast.Arg
	}
	return n.GetAArrayExpr()
}

// checkFractionArray raises PostgreSQL's 22003 error for an ARRAY[...] of
// fractions with a constant outside [0, 1], where DuckDB raises a binder
// error, and fails with 0A000 for one with a NULL, which DuckDB rejects
// and for which PostgreSQL returns a NULL element. PostgreSQL checks the
// fractions only for a group with values, so the call becomes
//
//	CASE WHEN count(x) > 0 THEN error('percentile value ...') ELSE percentile_cont(ARRAY[0, ...]) ... END
//
// which keeps the aggregate's type.
func checkFractionArray(n *pg.Node, fc *pg.FuncCall, name string) error {
	fractions := arrayOfFractions(fc.Args[0])
	if fractions == nil || len(fc.AggOrder) != 1 {
		return nil
	}
	for i, element := range fractions.Elements {
		if isNullFraction(element) {
			return unsupportedf(exprLocation(element),
				"%s() with NULL in an array of fractions is not supported on DuckDB", name)
		}
		fraction, ok := constantFraction(element)
		if !ok || fraction >= 0 && fraction <= 1 {
			continue
		}
		loc := fc.Location
		message := fmt.Sprintf("percentile value %.6g is not between 0 and 1 (SQLSTATE 22003)", fraction)
		raise := funcCall("error", loc, pg.MakeAConstStrNode(message, loc))
		fractions.Elements[i] = pg.MakeAConstIntNode(0, loc)
		valid := proto.Clone(fc).(*pg.FuncCall)
		value := fc.AggOrder[0].GetSortBy().GetNode()
		count := &pg.FuncCall{Funcname: stringNodes("count"), Args: []*pg.Node{proto.Clone(value).(*pg.Node)},
			AggFilter: fc.AggFilter, Location: loc}
		groupHasValues := binaryOp(">", &pg.Node{Node: &pg.Node_FuncCall{FuncCall: count}}, pg.MakeAConstIntNode(0, loc), loc)
		n.Node = searchedCase(loc, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: valid}}, groupHasValues, raise).Node
		return nil
	}
	return nil
}

// constantFraction returns the value of a number constant, negated or
// cast to a number type.
func constantFraction(n *pg.Node) (float64, bool) {
	sign := 1.0
	for {
		if cast := n.GetTypeCast(); cast != nil && numberTypes[lastName(cast.TypeName.GetNames())] && len(cast.TypeName.GetArrayBounds()) == 0 {
			n = cast.Arg
			continue
		}
		if e := n.GetAExpr(); e != nil && e.Lexpr == nil && lastName(e.Name) == "-" {
			sign, n = -sign, e.Rexpr
			continue
		}
		break
	}
	c := n.GetAConst()
	switch {
	case c.GetIval() != nil:
		return sign * float64(c.GetIval().Ival), true
	case c.GetFval() != nil:
		f, err := strconv.ParseFloat(c.GetFval().Fval, 64)
		return sign * f, err == nil
	}
	return 0, false
}
