package translate

import (
	"math/big"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// arithmeticOperators pass on a scale that depends on their operands'.
var arithmeticOperators = map[string]bool{"+": true, "-": true, "*": true, "%": true}

// approximateFunctions give results of at least 16 significant digits in
// PostgreSQL, more than their arguments' scales when these are below 16,
// and so does /.
// NOTE: a result of 10^(16-s) or more, for arguments of scale s, takes
// the largest scale of the column in every row, where PostgreSQL takes
// each row's.
var approximateFunctions = map[string]bool{"avg": true, "sqrt": true, "ln": true, "log": true, "log10": true, "exp": true,
	"power": true, "pow": true, "stddev": true, "stddev_samp": true, "stddev_pop": true, "variance": true,
	"var_samp": true, "var_pop": true}

// maxApproximateScale is the largest scale for which approximateFunctions
// and / show no scale of their arguments.
const maxApproximateScale = 15

// scaleFreeOperators compare values without showing their scales.
var scaleFreeOperators = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true,
	">=": true, "@>": true, "<@": true, "&&": true}

// scaleFreeFunctions return results whose scale does not depend on their
// argument's: counts, bucket numbers, fractions read as double precision,
// text in a given format, or a fixed or computed number of places.
var scaleFreeFunctions = map[string]bool{"count": true, "round": true, "trunc": true, "floor": true,
	"ceil": true, "ceiling": true, "sign": true, "cardinality": true, "array_length": true, "array_ndims": true,
	"array_lower": true, "array_upper": true, "array_position": true, "array_positions": true,
	"width_bucket": true, "percentile_cont": true, "percentile_disc": true, "to_char": true}

// passingFunctions pass on one of their arguments' values, or, for sum,
// a value of their largest scale, which PostgreSQL shows too where every
// row is summed.
var passingFunctions = map[string]bool{"max": true, "min": true, "abs": true, "sum": true}

// scaleFreeCasts are the types whose values a cast from numeric gives
// without a scale of their own.
var scaleFreeCasts = map[string]bool{"int2": true, "int4": true, "int8": true, "float4": true, "float8": true,
	"bool": true, "money": true}

// classify adds a use of sources where the value at the end of path shows
// their scale: as a result column of the outermost query, or on the way
// up, such as in a cast to text. A result column of a derived table or
// subquery passes the sources on to its readers.
func (a *selectAnalysis) classify(sources []*pg.Node, whole bool, path []pathStep, position int, location int32) {
	for j := len(path) - 1; j >= 0; j-- {
		step := path[j]
		what, passes := a.stepUse(step, sources, whole)
		switch {
		case passes:
			continue
		case what == "":
			return
		case what == "result" && j == 0 && position >= 0:
			a.out = appendSources(a.out, position, sources)
			return
		case what == "result":
			what = "a result column"
		}
		a.check.uses = append(a.check.uses, mixedScaleUse{sources: sources, location: location, what: what})
		return
	}
}

// stepUse returns how the parent in step uses a value of mixed scales.
// passes is set when the parent passes on a value whose scale depends on
// it. Otherwise what is "" when the scale does not show, "result" for a
// result column, and else a description of the use.
func (a *selectAnalysis) stepUse(step pathStep, sources []*pg.Node, whole bool) (what string, passes bool) {
	switch p := step.msg.(type) {
	case *pg.A_Expr:
		op := lastName(p.Name)
		switch p.Kind {
		case pg.A_Expr_Kind_AEXPR_OP:
			if uniformSum(p, step.field, sources) {
				return "", false
			}
			if arithmeticOperators[op] {
				return "", true
			}
			if scaleFreeOperators[op] || op == "/" && largestScale(sources) <= maxApproximateScale {
				return "", false
			}
			return "the operator " + op, false
		case pg.A_Expr_Kind_AEXPR_NULLIF:
			return "", true
		case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE, pg.A_Expr_Kind_AEXPR_SIMILAR:
			return "the operator " + op, false
		}
		// ANY, ALL, IN, BETWEEN and IS DISTINCT FROM compare.
		return "", false
	case *pg.TypeCast:
		name := lastName(p.TypeName.GetNames())
		switch {
		case scaleFreeCasts[name] || name == "numeric" && len(p.TypeName.GetTypmods()) > 0:
			return "", false
		case name == "numeric":
			return "", true
		}
		return "a cast to " + name, false
	case *pg.FuncCall:
		name := strings.ToLower(lastName(p.Funcname))
		switch {
		case step.field != "args" || scaleFreeFunctions[name]:
			// FILTER, OVER and the ORDER BY of an aggregate.
			return "", false
		case approximateFunctions[name] && largestScale(sources) <= maxApproximateScale:
			return "", false
		case (name == "max" || name == "min") && whole && a.sumsAllRows(p) && extremeHasLargestScale(sources, name == "max"):
			// The value it returns has the scale of DuckDB's DECIMAL.
			return "", false
		case name == "sum" && whole && a.sumsAllRows(p):
			// Its scale is the largest of all rows', as DuckDB's DECIMAL.
			return "", false
		case passingFunctions[name]:
			return "", true
		}
		return name + "()", false
	case *pg.CoalesceExpr, *pg.MinMaxExpr, *pg.List:
		return "", true
	case *pg.CaseExpr:
		return "", step.field != "arg"
	case *pg.CaseWhen:
		return "", step.field == "result"
	case *pg.SubLink, *pg.NullTest, *pg.BooleanTest, *pg.BoolExpr, *pg.SortBy, *pg.WindowDef, *pg.GroupingSet,
		*pg.JoinExpr:
		return "", false
	case *pg.ResTarget:
		return "result", false
	case *pg.A_Indirection:
		return "a subscript", false
	case *pg.A_ArrayExpr:
		return "ARRAY[...]", false
	}
	return "this use", false
}

// largestScale returns the largest scale of the number constants in
// sources.
func largestScale(sources []*pg.Node) int {
	largest := 0
	for _, n := range sources {
		text, _ := constantText(n)
		_, fraction, _ := strings.Cut(text, ".")
		largest = max(largest, len(fraction))
	}
	return largest
}

// extremeHasLargestScale reports whether the largest number constant in
// sources, or the smallest unless largest is set, has the largest scale
// of them all, and so does every other constant of the same value.
func extremeHasLargestScale(sources []*pg.Node, largest bool) bool {
	var extreme *big.Rat
	var scales []int
	for _, n := range sources {
		text, _ := constantText(n)
		value, ok := new(big.Rat).SetString(text)
		if !ok {
			return false
		}
		_, fraction, _ := strings.Cut(text, ".")
		cmp := 0
		if extreme != nil {
			cmp = value.Cmp(extreme)
		}
		switch {
		case extreme == nil || cmp > 0 && largest || cmp < 0 && !largest:
			extreme, scales = value, []int{len(fraction)}
		case cmp == 0:
			scales = append(scales, len(fraction))
		}
	}
	top := largestScale(sources)
	for _, scale := range scales {
		if scale != top {
			return false
		}
	}
	return extreme != nil
}

// uniformSum reports whether e adds or subtracts a number whose scale is
// at least the largest of sources to the operand in field. Every row of
// the result then has that number's scale, in PostgreSQL as in DuckDB.
func uniformSum(e *pg.A_Expr, field string, sources []*pg.Node) bool {
	op := lastName(e.Name)
	if op != "+" && op != "-" || e.Lexpr == nil {
		return false
	}
	other := e.Rexpr
	if field == "rexpr" {
		other = e.Lexpr
	}
	scale, ok := shownScale(other)
	return ok && scale >= largestScale(sources)
}
