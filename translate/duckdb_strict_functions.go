package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// checkStrictCall raises PostgreSQL's errors for calls that DuckDB runs
// and PostgreSQL 15 rejects: string_agg() of one value, where DuckDB
// takes a comma as the delimiter, and trunc(x, n) of a float, which
// PostgreSQL has for numeric only. It also makes generate_series() with
// a step of zero fail as in PostgreSQL, where DuckDB returns no rows, and
// replaces scale(), which DuckDB lacks, in n.
func checkStrictCall(n *pg.Node, fc *pg.FuncCall, name string) error {
	switch name {
	case "scale":
		return rewriteScale(n, fc)
	case "string_agg":
		if len(fc.Args) != 2 && !fc.AggStar {
			return missingFunction(name, fc.Location, argumentTypes(fc.Args)...)
		}
	case "trunc":
		if len(fc.Args) == 2 && !roundTakes(fc.Args[0], fc.Args[1]) {
			return missingFunction(name, fc.Location, argumentTypes(fc.Args)...)
		}
	case "generate_series":
		guardSeriesStep(fc)
	}
	return nil
}

// guardSeriesStep makes generate_series(start, stop, step) of integers
// raise PostgreSQL's 22023 error for a step of zero:
//
//	CASE WHEN step = 0 THEN error('step size cannot equal zero') ELSE step END::int4
//
// The step is written twice, so a step that calls a function is left
// alone, since the function might be volatile.
func guardSeriesStep(fc *pg.FuncCall) {
	if len(fc.Args) != 3 {
		return
	}
	step := fc.Args[2]
	typ := windowArgumentType(step)
	if typ != "int2" && typ != "int4" && typ != "int8" {
		guardIntervalSeriesStep(fc)
		return
	}
	if callsFunction(step) {
		return
	}
	loc := fc.Location
	raise := funcCall("error", loc, pg.MakeAConstStrNode("step size cannot equal zero (SQLSTATE 22023)", loc))
	// The cast keeps the step's type visible to isInt4Series.
	fc.Args[2] = typeCast(searchedCase(loc, step, compare(step, "=", 0, loc), raise), typ, loc)
}

// callsFunction reports whether n contains a function call or a
// subquery.
func callsFunction(n *pg.Node) bool {
	found := false
	walkNode(n, func(inner *pg.Node) error {
		switch inner.Node.(type) {
		case *pg.Node_FuncCall, *pg.Node_SubLink:
			found = true
		}
		return nil
	})
	return found
}

// orderingOperators are the operators of ORDER BY ... USING that
// PostgreSQL's built-in types order by, with the direction they sort in.
var orderingOperators = map[string]pg.SortByDir{"<": pg.SortByDir_SORTBY_ASC, ">": pg.SortByDir_SORTBY_DESC}

// rewriteSortOperator turns ORDER BY x USING < into ORDER BY x ASC and
// USING > into DESC, as PostgreSQL sorts with them, nulls last and first
// respectively unless NULLS sets the order. DuckDB cannot parse USING.
// Other operators that PostgreSQL takes, such as ~<~, sort in another
// order and fail with 0A000; those that no btree family orders by, such
// as = or <=, fail with PostgreSQL's 42809.
func rewriteSortOperator(s *pg.SortBy) error {
	if s.SortbyDir != pg.SortByDir_SORTBY_USING {
		return nil
	}
	op := lastName(s.UseOp)
	if schema := schemaOf(s.UseOp); schema != "" && schema != "pg_catalog" {
		return unsupportedf(s.Location, "ORDER BY ... USING operator of schema %s is not supported on this warehouse", schema)
	}
	if dir, ok := orderingOperators[op]; ok {
		s.SortbyDir, s.UseOp = dir, nil
		return nil
	}
	if strings.Trim(op, "~<>") == "" {
		return unsupportedf(s.Location, "ORDER BY ... USING %s is not supported on this warehouse", op)
	}
	return &Error{Code: "42809", Message: fmt.Sprintf("operator %s is not a valid ordering operator", op),
		Hint:     `Ordering operators must be "<" or ">" members of btree operator families.`,
		Position: int(s.Location) + 1}
}

// rewriteRegexpReplaceStart rewrites PostgreSQL 15's
// regexp_replace(source, pattern, replacement, start [, n [, flags]])
// into the provider's pgway_regexp_replace_at, and reports whether the
// call is of that form: it has five or six arguments, or four whose last
// shows an integer type. A fourth argument of another or unknown type is
// the flags, as PostgreSQL resolves a string constant there.
func rewriteRegexpReplaceStart(n *pg.Node, fc *pg.FuncCall) bool {
	switch len(fc.Args) {
	case 4:
		switch windowArgumentType(fc.Args[3]) {
		case "int2", "int4":
		default:
			return false
		}
	case 5, 6:
	default:
		return false
	}
	loc := fc.Location
	args := append([]*pg.Node(nil), fc.Args...)
	hasMatchNumber := len(args) >= 5
	if !hasMatchNumber {
		args = append(args, pg.MakeAConstIntNode(0, loc))
	}
	if len(args) == 5 {
		args = append(args, pg.MakeAConstStrNode("", loc))
	}
	args = append(args, boolConst(hasMatchNumber, loc))
	n.Node = funcCall("pgway_regexp_replace_at", loc, args...).Node
	return true
}

// rewriteScale replaces scale(x) by the scale that the statement shows x
// to have: that of a numeric constant or string constant, 0 for an
// integer, and s for a numeric(p,s), as in a cast or a column of that
// type. Other arguments, whose values may each have their own scale in
// PostgreSQL, fail with 0A000.
func rewriteScale(n *pg.Node, fc *pg.FuncCall) error {
	loc := fc.Location
	if len(fc.Args) != 1 || floatWidth(fc.Args[0]) != 0 {
		return missingFunction("scale", loc, argumentTypes(fc.Args)...)
	}
	arg := fc.Args[0]
	scale, ok := shownScale(arg)
	if !ok {
		return unsupportedf(loc, "scale() of a numeric whose scale the statement does not show is not supported on this warehouse")
	}
	null := typeCast(&pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}, "int4", loc)
	result := typeCast(pg.MakeAConstIntNode(int64(scale), loc), "int4", loc)
	switch inner := uncast(arg).GetAConst(); {
	case inner != nil && inner.Isnull:
		n.Node = null.Node
	case inner != nil:
		n.Node = result.Node
	default:
		test := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: arg, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}
		n.Node = searchedCase(loc, result, test, null).Node
	}
	return nil
}

// shownScale returns the scale of a numeric expression where the
// statement shows it.
func shownScale(n *pg.Node) (int, bool) {
	if c := n.GetAConst(); c != nil {
		switch {
		case c.Isnull || c.GetIval() != nil:
			return 0, true
		case c.GetFval() != nil:
			return constantScale(c.GetFval().Fval)
		case c.GetSval() != nil:
			return constantScale(strings.TrimSpace(c.GetSval().Sval))
		}
		return 0, false
	}
	tc := n.GetTypeCast()
	if tc == nil || len(tc.TypeName.GetArrayBounds()) > 0 {
		return 0, false
	}
	switch lastName(tc.TypeName.GetNames()) {
	case "int2", "int4", "int8":
		return 0, true
	case "numeric":
		switch len(tc.TypeName.Typmods) {
		case 0:
			return shownScale(tc.Arg)
		case 1:
			return 0, true
		}
		if scale, ok := typmodInt(tc.TypeName, 1); ok && scale >= 0 {
			return int(scale), true
		}
	}
	return 0, false
}

// constantScale returns the scale that PostgreSQL's numeric input gives
// a number written as text: the digits after the point less the
// exponent, and at least 0.
func constantScale(text string) (int, bool) {
	if !numericLiteral.MatchString(text) {
		return 0, false
	}
	mantissa, exponent, _ := strings.Cut(strings.ToLower(text), "e")
	_, fraction, _ := strings.Cut(mantissa, ".")
	shift := 0
	if exponent != "" {
		value, err := strconv.Atoi(exponent)
		if err != nil {
			return 0, false
		}
		shift = value
	}
	return max(len(fraction)-shift, 0), true
}

// uncast returns n without the casts around it.
func uncast(n *pg.Node) *pg.Node {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	return n
}
