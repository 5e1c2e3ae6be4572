package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// The casts that read text as PostgreSQL does (textToInteger,
// textToDateTime) and write floats as PostgreSQL does (floatText) apply
// to expressions whose type the statement shows: a cast, a constant or a
// column of a known type. typeComputedCasts extends them to computed
// values whose type PostgreSQL's rules fix, such as trim(x), j->>'k',
// min(c) of a text column, (ARRAY['1'])[1], date_part(...) or ceil(f).
// It casts such a value to its type, which DuckDB already gives it, so
// that the rewrite of the enclosing cast or || finds the type:
//
//	split_part(s, ',', 1)::int   becomes  split_part(s, ',', 1)::text::int
//	date_part('year', t) || '-'  becomes  date_part('year', t)::float8 || '-'
//
// A computed interval there is written by intervalTextFunction.
// It runs after typeColumns, which casts the columns of known types.

// computedTextFunctions return text in PostgreSQL whatever their
// arguments.
var computedTextFunctions = map[string]bool{
	"btrim": true, "ltrim": true, "rtrim": true, "split_part": true, "upper": true, "lower": true,
	"initcap": true, "substr": true, "substring": true, "replace": true, "concat": true, "concat_ws": true,
	"lpad": true, "rpad": true, "left": true, "right": true, "reverse": true, "repeat": true,
	"translate": true, "format": true, "to_char": true, "regexp_replace": true, "string_agg": true,
	"chr": true, "md5": true, "quote_literal": true, "quote_ident": true, "quote_nullable": true,
}

// textInputTypes are the cast targets whose text input textToInteger,
// textToDateTime and textToBoolean read as PostgreSQL does.
var textInputTypes = map[string]bool{
	"int2": true, "int4": true, "int8": true, "date": true, "time": true, "timestamp": true, "timestamptz": true,
	"bool": true,
}

// typeComputedCasts casts computed text cast to a type of textInputTypes
// to text, and computed double precision values cast to text or operands
// of || to float8. It writes computed intervals there with
// intervalTextFunction.
func typeComputedCasts(stmt *pg.Node, columns map[*pg.ColumnRef]string) {
	types := computedColumnTypes(columns)
	walkNode(stmt, func(n *pg.Node) error {
		switch v := n.GetNode().(type) {
		case *pg.Node_TypeCast:
			tc := v.TypeCast
			if len(tc.TypeName.GetArrayBounds()) > 0 {
				// textToArray reads computed text as array_in does.
				if types.computedText(tc.Arg) {
					tc.Arg = typeCast(tc.Arg, "text", tc.Location)
				}
				return nil
			}
			name := lastName(tc.TypeName.GetNames())
			switch {
			case textInputTypes[name] && types.computedText(tc.Arg):
				tc.Arg = typeCast(tc.Arg, "text", tc.Location)
			case isStringType(name) && computedFloat(tc.Arg):
				tc.Arg = typeCast(tc.Arg, "float8", tc.Location)
			case isStringType(name) && types.computedInterval(tc.Arg):
				tc.Arg = funcCall(intervalTextFunction, tc.Location, tc.Arg)
			}
		case *pg.Node_AExpr:
			e := v.AExpr
			if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || lastName(e.Name) != "||" {
				return nil
			}
			if computedFloat(e.Lexpr) {
				e.Lexpr = typeCast(e.Lexpr, "float8", e.Location)
			}
			if computedFloat(e.Rexpr) {
				e.Rexpr = typeCast(e.Rexpr, "float8", e.Location)
			}
			if types.computedInterval(e.Lexpr) {
				e.Lexpr = funcCall(intervalTextFunction, e.Location, e.Lexpr)
			}
			if types.computedInterval(e.Rexpr) {
				e.Rexpr = funcCall(intervalTextFunction, e.Location, e.Rexpr)
			}
		}
		return nil
	})
}

// computedColumnTypes are the types of the statement's columns, for the
// text columns that typeColumns leaves bare, as in the select list of a
// scalar subquery.
type computedColumnTypes map[*pg.ColumnRef]string

// computedText reports whether n is an expression other than a cast or
// constant whose type PostgreSQL resolves to text.
func (types computedColumnTypes) computedText(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		name := lastName(fc.Funcname)
		if computedTextFunctions[name] {
			return true
		}
		if (name == "min" || name == "max") && len(fc.Args) == 1 && !fc.AggStar {
			return types.textual(fc.Args[0])
		}
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
			return false
		}
		switch lastName(e.Name) {
		case "->>", "#>>":
			return true
		case "||":
			return types.textual(e.Lexpr) && types.textual(e.Rexpr)
		}
	case *pg.Node_CoalesceExpr:
		return types.allTextual(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return types.allTextual(v.MinMaxExpr.Args)
	case *pg.Node_CaseExpr:
		results := []*pg.Node{v.CaseExpr.Defresult}
		for _, w := range v.CaseExpr.Args {
			results = append(results, w.GetCaseWhen().GetResult())
		}
		return types.allTextual(results)
	case *pg.Node_AIndirection:
		// An element, not a slice, of an array of text.
		if len(v.AIndirection.Indirection) != 1 {
			return false
		}
		index := v.AIndirection.Indirection[0].GetAIndices()
		if index == nil || index.IsSlice {
			return false
		}
		if ref := v.AIndirection.Arg.GetColumnRef(); ref != nil {
			return types[ref] == "text[]"
		}
		array := v.AIndirection.Arg.GetAArrayExpr()
		return array != nil && types.allTextual(array.Elements)
	case *pg.Node_SubLink:
		link := v.SubLink
		sel := link.Subselect.GetSelectStmt()
		if link.SubLinkType != pg.SubLinkType_EXPR_SUBLINK || sel == nil || len(sel.TargetList) != 1 {
			return false
		}
		return types.textual(sel.TargetList[0].GetResTarget().GetVal())
	}
	return false
}

// textual reports whether n is text: a string constant, a text column, a
// cast to text or varchar, or computed text.
func (types computedColumnTypes) textual(n *pg.Node) bool {
	if c := n.GetAConst(); c != nil {
		return c.GetSval() != nil
	}
	if ref := n.GetColumnRef(); ref != nil {
		return types[ref] == "text"
	}
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 {
		name := lastName(tc.TypeName.GetNames())
		return name == "text" || name == "varchar"
	}
	return types.computedText(n)
}

// allTextual reports whether the arguments of COALESCE, GREATEST, LEAST
// or the results of CASE resolve to text: each one is text or NULL, and
// one at least is not NULL. A missing ELSE is NULL.
func (types computedColumnTypes) allTextual(args []*pg.Node) bool {
	found := false
	for _, arg := range args {
		if arg == nil || arg.GetAConst().GetIsnull() {
			continue
		}
		if !types.textual(arg) {
			return false
		}
		found = true
	}
	return found
}

// computedFloatFunctions return double precision in PostgreSQL whatever
// their arguments, and floatArgumentFunctions return double precision for
// a float argument.
var (
	computedFloatFunctions = map[string]bool{"date_part": true, "degrees": true, "radians": true}
	floatArgumentFunctions = map[string]bool{
		"ceil": true, "ceiling": true, "floor": true, "trunc": true, "round": true, "abs": true, "sign": true,
		"min": true, "max": true,
	}
	// sameTypeFunctions of floatArgumentFunctions return real for real.
	sameTypeFunctions = map[string]bool{"abs": true, "min": true, "max": true}
)

// computedFloat reports whether n is an expression other than a cast whose
// type PostgreSQL resolves to double precision.
func computedFloat(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		name := lastName(fc.Funcname)
		if computedFloatFunctions[name] && !fc.AggStar {
			return true
		}
		if len(fc.Args) != 1 || fc.AggStar || !floatArgumentFunctions[name] {
			return false
		}
		if sameTypeFunctions[name] {
			// abs(), min() and max() of real are real.
			return doubleOperand(fc.Args[0])
		}
		return float8Operand(fc.Args[0])
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP {
			return false
		}
		switch lastName(e.Name) {
		case "+", "-", "*", "/":
			if e.Lexpr == nil {
				return computedFloat(e.Rexpr)
			}
			// Arithmetic on real is left to rewriteFloatArithmetic, which
			// gives it PostgreSQL's type.
			left, right := doubleOperand(e.Lexpr), doubleOperand(e.Rexpr)
			return (left || right) && (left || numberConstant(e.Lexpr)) && (right || numberConstant(e.Rexpr))
		}
	case *pg.Node_CoalesceExpr:
		return allFloat(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return allFloat(v.MinMaxExpr.Args)
	case *pg.Node_CaseExpr:
		results := []*pg.Node{v.CaseExpr.Defresult}
		for _, w := range v.CaseExpr.Args {
			results = append(results, w.GetCaseWhen().GetResult())
		}
		return allFloat(results)
	}
	return false
}

// float8Operand reports whether n is double precision or real, which
// PostgreSQL's functions of double precision take.
func float8Operand(n *pg.Node) bool {
	return floatWidth(n) != 0 || computedFloat(n)
}

// doubleOperand reports whether n is double precision.
func doubleOperand(n *pg.Node) bool {
	return floatWidth(n) == 8 || computedFloat(n)
}

// numberConstant reports whether n is an integer or numeric constant,
// which PostgreSQL casts to double precision beside one.
func numberConstant(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && (c.GetIval() != nil || c.GetFval() != nil)
}

// allFloat reports whether arguments of COALESCE, GREATEST, LEAST or the
// results of CASE resolve to double precision: one at least is double
// precision and the others are double precision, number constants or
// NULL.
func allFloat(args []*pg.Node) bool {
	found := false
	for _, arg := range args {
		switch {
		case arg == nil || arg.GetAConst().GetIsnull() || numberConstant(arg):
		case floatWidth(arg) == 8 || computedFloat(arg):
			found = true
		default:
			return false
		}
	}
	return found
}

// intervalTextFunction is the DuckDB provider's function that writes an
// interval as PostgreSQL's output does under IntervalStyle postgres,
// where DuckDB writes "2 months" and "-1 day" for "2 mons" and "-1 days".
const intervalTextFunction = "pgway_interval_text"

// computedIntervalFunctions return interval in PostgreSQL.
var computedIntervalFunctions = map[string]bool{
	"age": true, "justify_days": true, "justify_hours": true, "justify_interval": true, "make_interval": true,
}

// computedInterval reports whether n is an interval other than a cast or
// a column: a function of computedIntervalFunctions, the difference of
// two timestamps, or arithmetic on an interval. An interval column is
// written by textByType already.
func (types computedColumnTypes) computedInterval(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_FuncCall:
		return computedIntervalFunctions[lastName(v.FuncCall.Funcname)] && !v.FuncCall.AggStar
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP {
			return false
		}
		switch lastName(e.Name) {
		case "-":
			if e.Lexpr == nil {
				return types.intervalValue(e.Rexpr)
			}
			if timestampValue(e.Lexpr) && timestampValue(e.Rexpr) {
				return true
			}
			return types.intervalValue(e.Lexpr) && types.intervalValue(e.Rexpr)
		case "+":
			return types.intervalValue(e.Lexpr) && types.intervalValue(e.Rexpr)
		case "*":
			// An interval times any number is an interval.
			return types.intervalValue(e.Lexpr) || types.intervalValue(e.Rexpr)
		case "/":
			return types.intervalValue(e.Lexpr)
		}
	}
	return false
}

// intervalValue reports whether n is an interval: a cast to interval or a
// computed interval.
func (types computedColumnTypes) intervalValue(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 {
		return lastName(tc.TypeName.GetNames()) == "interval"
	}
	return types.computedInterval(n)
}

// timestampValue reports whether n is a cast to timestamp or timestamptz,
// or such a value plus or minus an interval constant. The difference of
// two dates is an integer, so dates do not count.
func timestampValue(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 {
		name := lastName(tc.TypeName.GetNames())
		return name == "timestamp" || name == "timestamptz"
	}
	e := n.GetAExpr()
	if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
		return false
	}
	op := lastName(e.Name)
	tc := e.Rexpr.GetTypeCast()
	return (op == "+" || op == "-") && timestampValue(e.Lexpr) && tc != nil && lastName(tc.TypeName.GetNames()) == "interval"
}
