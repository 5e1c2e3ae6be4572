package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL picks generate_series(numeric, numeric[, numeric]) when an
// argument is numeric, and its values are the start plus multiples of
// the step, with the scale of numeric addition. DuckDB's generate_series
// takes no DECIMAL. numericSeries writes such a call, in FROM and as a
// select-list expression, as
//
//	unnest(pgway_numeric_series(start::varchar, stop::varchar, step::varchar)::numeric(38,s)[])
//
// where s is the start's scale. The provider's function returns the
// values' text (providers/duckdb/numeric_series.go). PostgreSQL's first
// value keeps the start's scale and the others have the larger of the
// start's and the step's, so a step with more fractional digits than the
// start fails with 0A000, as does an argument of unknown scale.
// NOTE: a value of more than 38 - s digits before the point fails in
// DuckDB's cast to numeric(38,s), where PostgreSQL has no such limit.

const numericSeriesFunction = "pgway_numeric_series"

// numericSeries rewrites the numeric generate_series calls of stmt.
func numericSeries(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.RangeFunction:
			err = numericSeriesInFrom(v)
		case *pg.SelectStmt:
			for _, target := range v.TargetList {
				rt := target.GetResTarget()
				if rt == nil || rt.Val == nil {
					continue
				}
				if err = numericSeriesInTarget(rt.Val, rt); err != nil {
					return
				}
			}
		}
	})
	return err
}

// numericSeriesInFrom rewrites a FROM item that is one numeric
// generate_series call into DuckDB's unnest table function, with the
// column names that PostgreSQL gives the call's columns.
func numericSeriesInFrom(rf *pg.RangeFunction) error {
	if rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0 {
		return nil
	}
	call := rf.Functions[0].GetList().GetItems()
	if len(call) == 0 {
		return nil
	}
	list, err := numericSeriesList(call[0].GetFuncCall())
	if list == nil && err == nil {
		list = zonedSeriesList(call[0].GetFuncCall())
	}
	if list == nil || err != nil {
		return err
	}
	call[0].Node = funcCall("unnest", call[0].GetFuncCall().Location, list).Node
	if rf.Alias == nil {
		rf.Alias = &pg.Alias{Aliasname: "generate_series"}
	}
	if len(rf.Alias.Colnames) == 0 {
		rf.Alias.Colnames = stringNodes(rf.Alias.Aliasname)
	}
	if rf.Ordinality && len(rf.Alias.Colnames) == 1 {
		rf.Alias.Colnames = append(rf.Alias.Colnames, pg.MakeStrNode("ordinality"))
	}
	return nil
}

// numericSeriesInTarget rewrites the numeric generate_series calls of the
// select-list expression n outside CASE, COALESCE, aggregates and
// subqueries, where PostgreSQL rejects them and unnestSeries raises its
// error. A result column that is the call, or a cast of it, keeps the
// name generate_series that PostgreSQL gives it.
func numericSeriesInTarget(n *pg.Node, rt *pg.ResTarget) error {
	switch v := n.GetNode().(type) {
	case *pg.Node_CaseExpr, *pg.Node_CoalesceExpr, *pg.Node_SubLink:
		return nil
	case *pg.Node_TypeCast:
		return numericSeriesInTarget(v.TypeCast.Arg, rt)
	case *pg.Node_AExpr:
		for _, operand := range []*pg.Node{v.AExpr.Lexpr, v.AExpr.Rexpr} {
			if operand == nil {
				continue
			}
			if err := numericSeriesInTarget(operand, nil); err != nil {
				return err
			}
		}
		return nil
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		if aggregateFunctions[lastName(fc.Funcname)] || fc.Over != nil {
			return nil
		}
		list, err := numericSeriesList(fc)
		if list == nil && err == nil {
			list = zonedSeriesList(fc)
		}
		if err != nil {
			return err
		}
		if list != nil {
			if rt != nil && rt.Name == "" {
				rt.Name = "generate_series"
			}
			n.Node = funcCall("unnest", fc.Location, list).Node
			return nil
		}
		for _, arg := range fc.Args {
			if err := numericSeriesInTarget(arg, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// numericSeriesList returns the list of values of fc when it is a
// generate_series call of numerics, nil when it is not, and 0A000 when
// pgway cannot tell the values' scale.
func numericSeriesList(fc *pg.FuncCall) (*pg.Node, error) {
	if fc == nil || lastName(fc.Funcname) != "generate_series" || schemaOf(fc.Funcname) != "" && schemaOf(fc.Funcname) != "pg_catalog" ||
		len(fc.Args) < 2 || len(fc.Args) > 3 || fc.AggStar || fc.AggDistinct || fc.Over != nil {
		return nil, nil
	}
	scales := make([]int, len(fc.Args))
	anyNumeric, allKnown := false, true
	for i, arg := range fc.Args {
		scale, numeric, known := seriesArgumentScale(arg)
		scales[i] = scale
		anyNumeric = anyNumeric || numeric
		allKnown = allKnown && known
	}
	if !anyNumeric {
		return nil, nil
	}

	if !allKnown {
		return nil, unsupported("generate_series of numeric arguments whose scale the statement does not show", fc.Location,
			"Cast the arguments to numeric(p,s).")
	}
	step := pg.MakeAConstStrNode("1", fc.Location)
	if len(fc.Args) == 3 {
		step = seriesArgumentText(fc.Args[2], fc.Location)
		if scales[2] > scales[0] {
			return nil, unsupported("generate_series whose step has more fractional digits than its start", fc.Location,
				"Cast the start to numeric(p,s) with the step's scale.")
		}
	}

	values := funcCall(numericSeriesFunction, fc.Location,
		seriesArgumentText(fc.Args[0], fc.Location), seriesArgumentText(fc.Args[1], fc.Location), step)
	list := decimalCast(values, maxDuckDBPrecision, int32(scales[0]), fc.Location)
	list.GetTypeCast().TypeName.ArrayBounds = []*pg.Node{pg.MakeAConstIntNode(-1, -1)}
	return list, nil
}

// seriesArgumentText returns the text of a generate_series argument: a
// constant's own text, which keeps a numeric constant's scale, and a cast
// to varchar otherwise, which DuckDB writes with the DECIMAL's scale.
func seriesArgumentText(arg *pg.Node, loc int32) *pg.Node {
	if c := arg.GetAConst(); c != nil {
		if c.GetIval() != nil {
			return pg.MakeAConstStrNode(strconv.Itoa(int(c.GetIval().Ival)), loc)
		}
		if c.GetFval() != nil {
			return pg.MakeAConstStrNode(c.GetFval().Fval, loc)
		}
	}
	return typeCast(arg, "varchar", loc)
}

// seriesArgumentScale returns the scale of a generate_series argument
// (shownScale), whether it is numeric rather than an integer, and whether
// the statement shows its scale. The statement shows it for a constant,
// a cast to an integer type or to numeric(p,s), and a sum, difference,
// product or negation of these. typeColumns casts a column of a known
// type so.
func seriesArgumentScale(arg *pg.Node) (scale int, numeric, known bool) {
	if e := arg.GetAExpr(); e != nil && e.Kind == pg.A_Expr_Kind_AEXPR_OP && strings.Contains("+-*/%", lastName(e.Name)) {
		op := lastName(e.Name)
		if e.Lexpr == nil {
			return seriesArgumentScale(e.Rexpr)
		}
		leftScale, leftNumeric, leftKnown := seriesArgumentScale(e.Lexpr)
		rightScale, rightNumeric, rightKnown := seriesArgumentScale(e.Rexpr)
		numeric, known = leftNumeric || rightNumeric, leftKnown && rightKnown
		switch op {
		case "+", "-":
			// Numeric addition and subtraction keep the larger scale.
			return max(leftScale, rightScale), numeric, known
		case "*":
			// Numeric multiplication adds the scales.
			return leftScale + rightScale, numeric, known
		}
		// The scale of a numeric quotient or remainder depends on the
		// values.
		return 0, numeric, !numeric && known
	}
	scale, known = shownScale(arg)
	if c := arg.GetAConst(); c != nil && c.GetFval() != nil {
		// The parser makes an integer constant beyond integer's range a
		// Float too, which PostgreSQL reads as a bigint where it fits.
		_, err := strconv.ParseInt(c.GetFval().Fval, 10, 64)
		return scale, err != nil, known
	}
	tc := arg.GetTypeCast()
	numeric = tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 && lastName(tc.TypeName.GetNames()) == "numeric"
	return scale, numeric, known
}
